import {describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import type {Check} from '../../source/config/types.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {failing, makeCheck, up, wait} from './fixtures.js';

/**
 * A probe that answers after 5 s for `/slow` (a timeout at 8 s would not come first) and at once otherwise, failing
 * for `/bad`; each call noted with the URL it probed and when it started and ended.
 */
function setup(checks: Check[]) {
	const clock = createFakeClock();
	const calls: Array<{url: string; startedAt: number; endedAt?: number; aborted?: string}> = [];
	const monitor = createMonitor({checks, clock, random: () => 0.5, async probe(check, signal) {
		const url = (check as {url: string}).url;
		const call: (typeof calls)[number] = {url, startedAt: clock.monotonic()};
		calls.push(call);
		signal.addEventListener('abort', () => {
			call.aborted = (signal.reason as {name: string}).name;
		});
		const result = url.endsWith('/slow') ? await wait(clock, 5000, signal, up(5000)) : url.endsWith('/bad') ? failing() : up();
		call.endedAt = clock.monotonic();
		return result;
	}});
	const row = (id: string) => monitor.flush().rows.find(view => view.id === id)!;
	return {clock, monitor, calls, row};
}

describe('a reload that changes what a check probes', () => {
	it('drops the run in flight for the old definition and probes the new one soon, not at the next interval', async () => {
		const slow = makeCheck('job', {url: 'http://127.0.0.1:1/slow', intervalMs: 10_000, timeoutMs: 8000});
		const {clock, monitor, calls, row} = setup([slow]);
		monitor.start();
		await clock.advance(1500);
		expect(calls).toHaveLength(1);
		monitor.send({type: 'setChecks', checks: [{...slow, url: 'http://127.0.0.1:1/fast'}]});
		await clock.advance(2000);
		// The old run was cancelled (not a timeout), and its answer recorded nowhere.
		expect(calls[0]!.aborted).toBe('AbortError');
		expect(calls.map(call => call.url)).toEqual(['http://127.0.0.1:1/slow', 'http://127.0.0.1:1/fast']);
		// Within the spread new checks get (at most a second), not 10 s later.
		expect(calls[1]!.startedAt - 1500).toBeLessThanOrEqual(1000);
		const view = row('job');
		expect(view.samples).toBe(1);
		expect(view.state).toBe('up');
		expect(view.last?.latencyMs).toBe(20);
		await monitor.stop();
	});

	it('while paused, runs the operator\'s recheck again of the new definition rather than drop it', async () => {
		const slow = makeCheck('job', {url: 'http://127.0.0.1:1/slow', intervalMs: 10_000, timeoutMs: 8000});
		const {clock, monitor, calls, row} = setup([slow]);
		monitor.start();
		await clock.advance(6000);
		monitor.send({type: 'pause'});
		monitor.send({type: 'recheck', id: 'job'});
		await clock.advance(1000);
		expect(calls).toHaveLength(2);
		monitor.send({type: 'setChecks', checks: [{...slow, url: 'http://127.0.0.1:1/fast'}]});
		await clock.advance(500);
		expect(calls[1]!.aborted).toBe('AbortError');
		expect(calls.map(call => call.url)).toEqual(['http://127.0.0.1:1/slow', 'http://127.0.0.1:1/slow', 'http://127.0.0.1:1/fast']);
		expect(row('job').last?.latencyMs).toBe(20);
		// Still paused: nothing more runs by itself.
		await clock.advance(30_000);
		expect(calls).toHaveLength(3);
		await monitor.stop();
	});

	it('probes a changed check that was waiting for its next run soon after the reload', async () => {
		const bad = makeCheck('plugin', {url: 'http://127.0.0.1:1/bad', intervalMs: 60_000});
		const {clock, monitor, calls, row} = setup([bad]);
		monitor.start();
		await clock.advance(2000);
		expect(row('plugin').state).toBe('failing');
		monitor.send({type: 'setChecks', checks: [{...bad, url: 'http://127.0.0.1:1/good'}]});
		await clock.advance(1000);
		expect(calls.map(call => call.url)).toEqual(['http://127.0.0.1:1/bad', 'http://127.0.0.1:1/good']);
		expect(row('plugin').state).toBe('up');
		await monitor.stop();
	});

	it('leaves a run and the schedule alone when only what the screen shows changed', async () => {
		const slow = makeCheck('job', {url: 'http://127.0.0.1:1/slow', intervalMs: 10_000, timeoutMs: 8000});
		const {clock, monitor, calls, row} = setup([slow]);
		monitor.start();
		await clock.advance(1500);
		monitor.send({type: 'setChecks', checks: [{...slow, name: 'nightly job', owner: 'ops', runbook: 'https://wiki/job'}]});
		await clock.advance(5000);
		expect(calls).toHaveLength(1);
		expect(calls[0]!.aborted).toBeUndefined();
		expect(row('job').samples).toBe(1);
		await monitor.stop();
	});

	it('spreads the new runs of many changed checks, as it does new checks\' first runs', async () => {
		const fleet = Array.from({length: 320}, (_, index) => makeCheck(`c${index}`, {url: `http://127.0.0.1:1/bad${index}`, intervalMs: 60_000}));
		const clock = createFakeClock();
		let draw = 0;
		const starts: number[] = [];
		const monitor = createMonitor({checks: fleet, clock, random: () => ((draw++ * 0.618_034) % 1), async probe(check) {
			if ((check as {url: string}).url.endsWith('/ok')) starts.push(clock.monotonic());
			return up();
		}});
		monitor.start();
		await clock.advance(2000);
		const reloadedAt = clock.monotonic();
		monitor.send({type: 'setChecks', checks: fleet.map(check => ({...check, url: `${check.url}/ok`}))});
		await clock.advance(2000);
		expect(starts).toHaveLength(320);
		const offsets = starts.map(at => at - reloadedAt);
		expect(Math.max(...offsets)).toBeLessThanOrEqual(1000);
		// Not all in one burst: spread over most of the second.
		expect(Math.max(...offsets) - Math.min(...offsets)).toBeGreaterThan(500);
		await monitor.stop();
	});
});
