import {describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import type {Check} from '../../source/config/types.js';
import type {State} from '../../source/monitor/types.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {failing, makeCheck, up} from './fixtures.js';
import {rowAfterRestart} from './after-restart.js';

const minute = 60_000;

/** An earlier run's results for check `a`, every 10 s: `up` until `failingFrom`, then `failing` until `lastAt`. */
function earlierRun(failingFrom: number, lastAt: number): Array<{id: string; at: number; latencyMs: number; state: State}> {
	const samples = [];
	for (let at = failingFrom - (10 * minute); at <= lastAt; at += 10_000) {
		samples.push({id: 'a', at, latencyMs: 20, state: (at >= failingFrom ? 'failing' : 'up') as State});
	}

	return samples;
}

async function firstRow(initialHistory: ReturnType<typeof earlierRun>, probe: typeof failing) {
	const clock = createFakeClock();
	const monitor = createMonitor({checks: [makeCheck('a', {intervalMs: 10_000})], clock, random: () => 0, initialHistory: initialHistory.map(sample => ({...sample, at: clock.now() + sample.at})), async probe() {
		return probe();
	}});
	const startedAt = clock.now();
	const stateEvents: string[] = [];
	monitor.onEvent(event => {
		if (event.type === 'state') stateEvents.push(`${event.from}→${event.to}`);
	});
	monitor.start();
	await clock.advance(1000);
	const row = monitor.flush().rows[0]!;
	await monitor.stop();
	return {row, startedAt, stateEvents};
}

describe('a restart (an SSH drop) with the history file', () => {
	it('keeps "failing for 20m" when the first fresh result finds the state the earlier run left', async () => {
		const {row, startedAt, stateEvents} = await firstRow(earlierRun(-20 * minute, -2 * minute), () => failing());
		expect(row.state).toBe('failing');
		expect(row.since).toBe(startedAt - (20 * minute));
		// Nothing changed at the restart: no "pending → failing" in the list (the events view, the history file
		// and the release report would show one per check and restart), and no state event (--json, --bell).
		expect(row.transitions).toEqual([]);
		expect(stateEvents).toEqual([]);
	});

	it('starts the clock anew when the state changed, or when the earlier run ended too long ago to tell', async () => {
		const recovered = await firstRow(earlierRun(-20 * minute, -2 * minute), () => up());
		expect(recovered.row.state).toBe('up');
		expect(recovered.row.since).toBeGreaterThanOrEqual(recovered.startedAt);
		// It changed from the state the earlier run left, a minute or two before.
		expect(recovered.stateEvents).toEqual(['failing→up']);
		expect(recovered.row.transitions[0]).toMatchObject({from: 'failing', to: 'up'});

		const longAgo = await firstRow(earlierRun(-80 * minute, -60 * minute), () => failing());
		expect(longAgo.row.state).toBe('failing');
		expect(longAgo.row.since).toBeGreaterThanOrEqual(longAgo.startedAt);
		expect(longAgo.stateEvents).toEqual(['pending→failing']);
	});

	it('says when and in which state a row carried on the earlier run, and nothing for one that changed or started anew', async () => {
		// The events view lists "failing, as before the restart" from this; without it a check still failing
		// after the restart had no line of this run at all.
		const carried = await firstRow(earlierRun(-20 * minute, -2 * minute), () => failing());
		// With what that result said: the events view's line keeps its reason after the recent results move on.
		expect(carried.row.continued).toEqual({at: expect.any(Number) as number, state: 'failing', reason: {code: 'refused', message: 'connection refused'}});
		expect(carried.row.continued!.at).toBeGreaterThanOrEqual(carried.startedAt);
		expect(carried.row.continued!.at).toBeLessThanOrEqual(carried.startedAt + 1000);
		expect((await firstRow(earlierRun(-20 * minute, -2 * minute), () => up())).row.continued).toBeUndefined();
		expect((await firstRow(earlierRun(-80 * minute, -60 * minute), () => failing())).row.continued).toBeUndefined();
	});

	it('counts a failing run back only while uptop was watching: an earlier run hours before does not join it', async () => {
		// Failing for a minute three hours ago (uptop then off), and for a minute just before this restart.
		const lastNight = earlierRun(-181 * minute, -180 * minute).filter(sample => sample.state === 'failing');
		const justNow = earlierRun(-3 * minute, -2 * minute).filter(sample => sample.state === 'failing');
		const {row, startedAt} = await firstRow([...lastNight, ...justNow], () => failing());
		expect(row.state).toBe('failing');
		expect(row.since).toBe(startedAt - (3 * minute));
	});

	it('takes the recorded change into the state as its start only when the state runs back to the oldest result kept', async () => {
		const clock = createFakeClock();
		const start = clock.now();
		const rowWith = async (initialHistory: Array<{id: string; at: number; latencyMs: number; state: State}>, initialTransitions: Array<{id: string; at: number; from: State; to: State}>) => {
			const monitor = createMonitor({checks: [makeCheck('a', {intervalMs: 10_000})], clock, random: () => 0, initialHistory, initialTransitions, async probe() {
				return failing();
			}});
			monitor.start();
			await clock.advance(1000);
			const row = monitor.flush().rows[0]!;
			await monitor.stop();
			return row;
		};

		const kept = earlierRun(-20 * minute, -2 * minute).filter(sample => sample.state === 'failing').map(sample => ({...sample, at: start + sample.at}));
		// The results before those kept were dropped (the file keeps 5,000 a check): the change says when it began.
		const long = await rowWith(kept, [{id: 'a', at: start - (300 * minute), from: 'up', to: 'failing'}]);
		expect(long.since).toBe(start - (300 * minute));
		// A gap in the results kept ends the run there: the change before it is another outage's.
		const lastNight = earlierRun(-181 * minute, -180 * minute).filter(sample => sample.state === 'failing').map(sample => ({...sample, at: start + sample.at}));
		const justNow = kept.filter(sample => sample.at >= start - (3 * minute));
		const split = await rowWith([...lastNight, ...justNow], [{id: 'a', at: start - (181 * minute), from: 'up', to: 'failing'}]);
		expect(split.since).toBe(start - (3 * minute));
		// A change into another state says nothing of this one.
		const other = await rowWith(kept, [{id: 'a', at: start - (300 * minute), from: 'failing', to: 'up'}]);
		expect(other.since).toBe(start - (20 * minute));
	});

	it('gives a fanned-out check\'s series rows their own history back when their first result comes', async () => {
		const clock = createFakeClock();
		const start = clock.now();
		const check = {...makeCheck('prom up', {intervalMs: 10_000}), kind: 'prometheus', query: 'up', each: 'job', headers: {}} as unknown as Check;
		const initialHistory: Array<{id: string; at: number; latencyMs: number; state: State}> = [];
		for (let at = start - (10 * minute); at < start - 30_000; at += 10_000) {
			initialHistory.push({id: 'prom up/api', at, latencyMs: 3, state: 'up'}, {id: 'prom up/ghost', at, latencyMs: 3, state: 'failing'});
		}

		// A series the check no longer reports: kept aside, never shown.
		initialHistory.push({id: 'prom up/api-2', at: start - 40_000, latencyMs: 3, state: 'up'});
		const initialTransitions = [{id: 'prom up/ghost', at: start - (10 * minute), from: 'up' as State, to: 'failing' as State}];
		const series = [{label: 'api', outcome: 'up' as const, value: 1, summary: 'api=1'}, {label: 'ghost', outcome: 'failing' as const, value: 0, summary: 'ghost=0'}];
		const monitor = createMonitor({checks: [check], clock, random: () => 0, initialHistory, initialTransitions, async probe() {
			return up(3, {series});
		}});
		monitor.start();
		await clock.advance(1000);
		const rows = monitor.flush().rows;
		expect(rows.map(row => row.id)).toEqual(['prom up/api', 'prom up/ghost']);
		const ghost = rows[1]!;
		// "failing for 10m", not "for 1s": the series' own earlier run goes on.
		expect(ghost.state).toBe('failing');
		expect(ghost.since).toBe(start - (10 * minute));
		expect(ghost.history.length).toBeGreaterThanOrEqual(20);
		expect(ghost.transitions.map(change => `${change.from}→${change.to}`)).toEqual(['up→failing']);
		expect(rows[0]!.history.length).toBe(ghost.history.length);
		await monitor.stop();
	});

	it('lists the earlier run\'s state changes, with their reasons, under the one at the restart', async () => {
		const clock = createFakeClock();
		const start = clock.now();
		const initialTransitions = [
			{id: 'a', at: start - (40 * minute), from: 'pending' as State, to: 'up' as State},
			{id: 'a', at: start - (20 * minute), from: 'up' as State, to: 'failing' as State, reason: {code: 'expect:status' as const, message: 'status 500, expected 200'}},
			{id: 'b', at: start - (10 * minute), from: 'up' as State, to: 'slow' as State},
		];
		const monitor = createMonitor({checks: [makeCheck('a', {intervalMs: 10_000})], clock, random: () => 0, initialTransitions, async probe() {
			return failing();
		}});
		monitor.start();
		await clock.advance(1000);
		const after = monitor.flush().rows[0]!;
		// Newest first: the change at the restart, then the earlier run's (check b's are not a's).
		expect(after.transitions.map(change => `${change.from}→${change.to}`)).toEqual(['pending→failing', 'up→failing', 'pending→up']);
		expect(after.transitions[1]?.reason?.message).toBe('status 500, expected 200');
		await monitor.stop();
	});

	it('goes on with the earlier run\'s recent results in the detail pane, reasons included', async () => {
		const {row: {history}, start} = await rowAfterRestart(failing(4, {summary: 'connection refused (db:5432) now'}));
		expect(history.map(entry => [entry.state, entry.summary])).toEqual([
			['failing', 'connection refused (db:5432) now'],
			['failing', 'connection refused (db:5432)'],
			['up', ''],
		]);
		expect(history[1]?.at).toBe(start - 20_000);
	});
});

describe('a history another running uptop records', () => {
	/** Check `a` with the history given, read while another uptop records it (isHistoryRecordedByAnother). */
	async function sharedRow(lastAt: number, retries = 0) {
		const clock = createFakeClock();
		const samples = earlierRun(-20 * minute, lastAt).map(sample => ({...sample, at: clock.now() + sample.at}));
		const monitor = createMonitor({checks: [makeCheck('a', {intervalMs: 10_000, timeoutMs: 5000, retries})], clock, random: () => 0, initialHistory: samples, isHistoryRecordedByAnother: true, async probe() {
			return up();
		}});
		const changes: Array<{unwatchedMs?: number}> = [];
		monitor.onEvent(event => {
			if (event.type === 'state') changes.push({...(event.unwatchedMs === undefined ? {} : {unwatchedMs: event.unwatchedMs})});
		});
		monitor.start();
		await clock.advance(1000);
		await monitor.stop();
		return changes;
	}

	it('counts no time unwatched for a check whose latest result it recorded a round ago', async () => {
		expect(await sharedRow(-8000)).toEqual([{}]);
	});

	it('allows a failing check with retries its longer round: interval and every attempt\'s timeout', async () => {
		// 10 s and four attempts of 5 s: a round of 30 s, so a result 50 s old (the samples fall every 10 s) is the other uptop's latest but one.
		expect(await sharedRow(-45_000, 3)).toEqual([{}]);
		expect(await sharedRow(-45_000, 0)).toEqual([{unwatchedMs: 50_000}]);
	});

	it('counts the gap for a check it has not recorded for longer (it watches other checks, or is paused)', async () => {
		// Two intervals and a timeout (25 s) past: the other uptop is not watching this check.
		expect(await sharedRow(-2 * minute)).toEqual([{unwatchedMs: 2 * minute}]);
	});
});
