import {describe, expect, it} from 'vitest';
import {applyResult, createRow, detailSize, resumeRow, seedTransitions, viewRow} from '../../source/monitor/check-row.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {makeCheck} from './fixtures.js';

const check = makeCheck('flaky api');
const result = (outcome: 'up' | 'failing', at: number): ProbeResult => ({outcome, latencyMs: 2, startedAt: at, summary: outcome === 'up' ? '200 OK' : '500'});
const extras = {checkId: check.id, check, isRunning: false};

describe('a row\'s bounded list of state changes', () => {
	it('says when older state changes were dropped, and not before', () => {
		const row = createRow(check.id, 0, 100);
		// pending → up, then alternating: detailSize changes in all, none dropped yet.
		for (let index = 0; index < detailSize; index++) applyResult(row, check, result(index % 2 === 0 ? 'up' : 'failing', index * 1000), index * 1000);
		expect(row.transitions).toHaveLength(detailSize);
		expect(viewRow(row, extras, detailSize * 1000).transitionsCut).toBeUndefined();
		applyResult(row, check, result(detailSize % 2 === 0 ? 'up' : 'failing', detailSize * 1000), detailSize * 1000);
		expect(row.transitions).toHaveLength(detailSize);
		expect(viewRow(row, extras, detailSize * 1000).transitionsCut).toBe(true);
	});

	it('says so for state changes kept from an earlier run that did not all fit', () => {
		const changes = Array.from({length: detailSize + 1}, (_, index) => ({at: index, from: index % 2 === 0 ? 'up' as const : 'failing' as const, to: index % 2 === 0 ? 'failing' as const : 'up' as const}));
		const cut = createRow(check.id, 0, 100);
		seedTransitions(cut, check, changes);
		expect(viewRow(cut, extras, 100).transitionsCut).toBe(true);
		const whole = createRow(check.id, 0, 100);
		seedTransitions(whole, check, changes.slice(1));
		expect(viewRow(whole, extras, 100).transitionsCut).toBeUndefined();
	});
});

describe('state changes kept from an earlier run', () => {
	it('say how long the state they left had held, as they did in the run that saw them', () => {
		// pending → failing at 0, failing → up at 94 s, up → failing at 200 s: the file keeps no "since".
		const row = createRow(check.id, 0, 100);
		seedTransitions(row, check, [
			{at: 0, from: 'pending', to: 'failing'},
			{at: 94_000, from: 'failing', to: 'up'},
			{at: 200_000, from: 'up', to: 'failing'},
		]);
		expect(row.transitions.map(transition => transition.fromSince)).toEqual([94_000, 0, undefined]);
	});

	it('say how much of the state they left went unwatched, as the run that saw them said', () => {
		// failing from 40 s; uptop stopped at 50 s and started again at 111 s, finding it up: 61 s unwatched.
		const row = createRow(check.id, 0, 100);
		seedTransitions(row, check, [
			{at: 40_000, from: 'up', to: 'failing'},
			{at: 111_000, from: 'failing', to: 'up', unwatchedMs: 61_000},
		]);
		expect(row.transitions[0]).toMatchObject({from: 'failing', to: 'up', fromSince: 40_000, unwatchedMs: 61_000});
		expect(row.transitions[1]!.unwatchedMs).toBeUndefined();
	});

	it('say nothing of it for the oldest change kept, whose state began before the list', () => {
		const row = createRow(check.id, 0, 100);
		const changes = Array.from({length: detailSize + 2}, (_, index) => ({at: index * 1000, from: index % 2 === 0 ? 'up' as const : 'failing' as const, to: index % 2 === 0 ? 'failing' as const : 'up' as const}));
		seedTransitions(row, check, changes);
		// The oldest kept (at 2 s) began at 1 s, a change the list dropped but the file had.
		expect(row.transitions.at(-1)).toMatchObject({at: 2000, fromSince: 1000});
		const alone = createRow(check.id, 0, 100);
		seedTransitions(alone, check, [{at: 5000, from: 'failing', to: 'up'}]);
		expect(alone.transitions[0]!.fromSince).toBeUndefined();
	});
});

describe('the changes a row\'s bounded list dropped', () => {
	const flip = (index: number) => (index % 2 === 0 ? 'failing' as const : 'up' as const);

	it('are counted, so the events view can tell whether its lines account for them all', () => {
		const row = createRow(check.id, 0, 100);
		applyResult(row, check, result('up', 0), 0);
		for (let index = 0; index < detailSize - 1; index++) applyResult(row, check, result(flip(index), 1000 + (index * 1000)), 1000 + (index * 1000));
		expect(viewRow(row, extras, 100_000).transitionsDropped).toBeUndefined();
		for (let index = detailSize - 1; index < detailSize + 6; index++) applyResult(row, check, result(flip(index), 1000 + (index * 1000)), 1000 + (index * 1000));
		expect(viewRow(row, extras, 100_000).transitionsDropped).toBe(7);
		const seeded = createRow(check.id, 0, 100);
		seedTransitions(seeded, check, Array.from({length: detailSize + 3}, (_, index) => ({at: index, from: flip(index + 1), to: flip(index)})));
		expect(viewRow(seeded, extras, 100_000).transitionsDropped).toBe(3);
	});

	it('are counted as the run they were, from its first change, and a gap or a first result starts another', () => {
		const row = createRow(check.id, 0, 100);
		// Up at 0 (from pending), then a change every 5 s: 45 changes from 60 s on.
		applyResult(row, check, result('up', 0), 0);
		for (let index = 0; index < 45; index++) applyResult(row, check, result(flip(index), 60_000 + (index * 5000)), 60_000 + (index * 5000));
		// 46 changes, 20 kept: pending → up and the first 25 of the flap dropped; the first result is in no run.
		expect(viewRow(row, extras, 300_000).cutRun).toEqual({count: 25, since: 60_000, lastAt: 60_000 + (24 * 5000)});
		// Its coming up is kept aside, for the round it came up in.
		expect(viewRow(row, extras, 300_000).firstChange).toMatchObject({at: 0, from: 'pending', to: 'up'});
		// Quiet for an hour, then another flap of 25: the first's 20 kept changes are dropped too, then 5 of the second.
		const later = 4_000_000;
		for (let index = 0; index < 25; index++) applyResult(row, check, result(flip(index + 1), later + (index * 5000)), later + (index * 5000));
		expect(viewRow(row, extras, later + 200_000).cutRun).toEqual({count: 5, since: later, lastAt: later + (4 * 5000)});
	});

	it('are counted alike from an earlier run\'s changes that did not all fit', () => {
		const changes = Array.from({length: detailSize + 6}, (_, index) => ({at: 1000 + (index * 5000), from: index === 0 ? 'pending' as const : flip(index + 1), to: flip(index)}));
		const row = createRow(check.id, 0, 100);
		seedTransitions(row, check, changes);
		expect(viewRow(row, extras, 200_000).cutRun).toEqual({count: 5, since: 6000, lastAt: 26_000});
		expect(viewRow(row, extras, 200_000).firstChange).toMatchObject({at: 1000, from: 'pending', to: 'failing'});
	});

	it('say how many came before the first result kept aside, when an earlier run\'s changes were dropped before it', () => {
		// The history file's run: pending → up, failing and back. Then this run's pending → up and 20 changes.
		const row = createRow(check.id, 0, 100);
		seedTransitions(row, check, [{at: 0, from: 'pending', to: 'up'}, {at: 600_000, from: 'up', to: 'failing'}, {at: 660_000, from: 'failing', to: 'up'}]);
		applyResult(row, check, result('up', 3_600_000), 3_600_000);
		for (let index = 0; index < detailSize; index++) applyResult(row, check, result(flip(index), 4_000_000 + (index * 5000)), 4_000_000 + (index * 5000));
		const view = viewRow(row, extras, 4_200_000);
		expect(view.firstChange).toMatchObject({at: 3_600_000, from: 'pending'});
		expect([view.transitionsDropped, view.droppedBeforeFirstChange]).toEqual([4, 3]);
		// Alike from the file alone; and none came before a run's own first result.
		const seeded = createRow(check.id, 0, 100);
		seedTransitions(seeded, check, [
			{at: 0, from: 'pending', to: 'up'}, {at: 600_000, from: 'up', to: 'failing'}, {at: 3_600_000, from: 'pending', to: 'up'},
			...Array.from({length: detailSize}, (_, index) => ({at: 4_000_000 + (index * 5000), from: flip(index + 1), to: flip(index)})),
		]);
		expect(viewRow(seeded, extras, 4_200_000).droppedBeforeFirstChange).toBe(2);
		const fresh = createRow(check.id, 0, 100);
		applyResult(fresh, check, result('up', 0), 0);
		for (let index = 0; index < detailSize + 3; index++) applyResult(fresh, check, result(flip(index), 1000 + (index * 1000)), 1000 + (index * 1000));
		expect(viewRow(fresh, extras, 100_000)).toMatchObject({transitionsDropped: 4, firstChange: {at: 0}});
		expect(viewRow(fresh, extras, 100_000).droppedBeforeFirstChange).toBeUndefined();
	});
});

describe('a state change', () => {
	it('says since when the state it leaves had held, and nothing after pending', () => {
		const row = createRow(check.id, 0, 100);
		expect(applyResult(row, check, result('up', 1000), 1000)?.fromSince).toBeUndefined();
		applyResult(row, check, result('up', 4000), 4000);
		expect(applyResult(row, check, result('failing', 7000), 7000)).toMatchObject({from: 'up', to: 'failing', fromSince: 1000});
		expect(applyResult(row, check, result('up', 101_000), 101_000)).toMatchObject({from: 'failing', to: 'up', fromSince: 7000});
	});

	it('counts back to the earlier run\'s state after a restart', () => {
		const row = createRow(check.id, 100_000, 100);
		row.restored = {state: 'failing', at: 99_000, since: 40_000};
		expect(applyResult(row, check, result('up', 101_000), 101_000)).toMatchObject({from: 'failing', to: 'up', fromSince: 40_000});
	});

	it('says how much of the state it leaves went unwatched while uptop was not running, across a restart', () => {
		// Failing from 40 s, the earlier run's last result at 50 s, uptop started again at 110 s and found it up:
		// "failing → up after 1m 11s" counts 1 minute no one watched.
		const changed = createRow(check.id, 110_000, 100);
		changed.restored = {state: 'failing', at: 50_000, since: 40_000};
		expect(applyResult(changed, check, result('up', 111_000), 111_000)).toMatchObject({from: 'failing', to: 'up', fromSince: 40_000, unwatchedMs: 61_000});
		// Found still failing: the gap stays in the outage that the next change ends, and no later one.
		const carried = createRow(check.id, 110_000, 100);
		carried.restored = {state: 'failing', at: 50_000, since: 40_000};
		expect(applyResult(carried, check, result('failing', 111_000), 111_000)).toBeUndefined();
		applyResult(carried, check, result('failing', 121_000), 121_000);
		expect(applyResult(carried, check, result('up', 131_000), 131_000)).toMatchObject({from: 'failing', to: 'up', fromSince: 40_000, unwatchedMs: 61_000});
		expect(applyResult(carried, check, result('failing', 141_000), 141_000)?.unwatchedMs).toBeUndefined();
		const watched = createRow(check.id, 0, 100);
		applyResult(watched, check, result('up', 1000), 1000);
		expect(applyResult(watched, check, result('failing', 2000), 2000)?.unwatchedMs).toBeUndefined();
	});

	it('counts nothing unwatched when another uptop, still running, recorded the state it found', () => {
		const changed = createRow(check.id, 110_000, 100);
		changed.restored = {state: 'failing', at: 50_000, since: 40_000, isRecordedByAnother: true};
		const transition = applyResult(changed, check, result('up', 111_000), 111_000);
		expect(transition).toMatchObject({from: 'failing', to: 'up', fromSince: 40_000});
		expect(transition?.unwatchedMs).toBeUndefined();
		const carried = createRow(check.id, 110_000, 100);
		carried.restored = {state: 'failing', at: 50_000, since: 40_000, isRecordedByAnother: true};
		expect(applyResult(carried, check, result('failing', 111_000), 111_000)).toBeUndefined();
		expect(carried.continued).toMatchObject({state: 'failing', isRecordedByAnother: true});
		expect(applyResult(carried, check, result('up', 131_000), 131_000)?.unwatchedMs).toBeUndefined();
	});

	it('keeps what went unwatched across a restart when the check is removed by a reload and added back', () => {
		// Failing since 40 s, found still failing after a restart (a minute unwatched), commented out at 121 s and
		// back at 125 s: the outage the recovery ends still had that minute no one watched, and no more.
		const row = createRow(check.id, 110_000, 100, undefined, 110_000);
		row.restored = {state: 'failing', at: 50_000, since: 40_000};
		applyResult(row, check, result('failing', 111_000), 111_000, 111_000);
		applyResult(row, check, result('failing', 121_000), 121_000, 121_000);
		resumeRow(row, 125_000, 125_000);
		expect(applyResult(row, check, result('failing', 126_000), 126_000, 126_000)).toBeUndefined();
		expect(applyResult(row, check, result('up', 131_000), 131_000, 131_000)).toMatchObject({from: 'failing', to: 'up', fromSince: 40_000, unwatchedMs: 61_000});
	});
});

describe('how far back a row\'s samples reach', () => {
	it('is unknown before its first result, not the epoch, and its oldest sample after', () => {
		const row = createRow(check.id, 0, 100);
		expect(viewRow(row, extras, 1000).keptFrom).toBeUndefined();
		applyResult(row, check, result('up', 2000), 2000);
		applyResult(row, check, result('up', 3000), 3000);
		expect(viewRow(row, extras, 3000).keptFrom).toBe(2000);
	});
});
