import {describe, expect, it} from 'vitest';
import {applyResult, createRow, detailSize, seedTransitions, viewRow} from '../../source/monitor/check-row.js';
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
		seedTransitions(cut, changes);
		expect(viewRow(cut, extras, 100).transitionsCut).toBe(true);
		const whole = createRow(check.id, 0, 100);
		seedTransitions(whole, changes.slice(1));
		expect(viewRow(whole, extras, 100).transitionsCut).toBeUndefined();
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
});
