import {describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import type {MonitorEvent} from '../../source/monitor/types.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {failing, makeCheck, up, wait} from './fixtures.js';

const results = (events: MonitorEvent[]) => events.flatMap(event => (event.type === 'result' ? [event] : []));

describe('monitor deadlines and retries', () => {
	it('aborts a probe at its timeout with a TimeoutError reason', async () => {
		const clock = createFakeClock();
		const reasons: unknown[] = [];
		const monitor = createMonitor({checks: [makeCheck('a', {timeoutMs: 2000})], clock, random: () => 0, probe: async (_check, signal) => {
			signal.addEventListener('abort', () => reasons.push(signal.reason));
			return wait(clock, 60_000, signal, up());
		}});
		monitor.start();
		await clock.advance(1999);
		expect(reasons).toEqual([]);
		await clock.advance(1);
		expect(reasons).toHaveLength(1);
		expect(reasons[0]).toBeInstanceOf(DOMException);
		expect((reasons[0] as DOMException).name).toBe('TimeoutError');
		expect(monitor.getSnapshot().rows[0]?.state).toBe('failing');
		await monitor.stop();
	});

	it('does not judge a probe whose deadline came while the process was stopped, and runs it again', async () => {
		// kill -STOP for 8 s with a 1.5 s answer in flight: at kill -CONT the overdue deadline fired before the answer
		// waiting in the socket was read, and the check turned failing, "timeout after 1s" beside a latency of 8.6 s.
		const clock = createFakeClock();
		const events: MonitorEvent[] = [];
		let calls = 0;
		const monitor = createMonitor({checks: [makeCheck('a', {timeoutMs: 1000, intervalMs: 2000})], clock, random: () => 0, probe: async (_check, signal) => {
			calls++;
			// The second answer is in the socket when the process resumes; the overdue deadline runs first (timers
			// before I/O) and the probe, aborted, says it timed out.
			return calls === 2 ? wait(clock, 60_000, signal, up()) : up(5);
		}});
		monitor.onEvent(event => events.push(event));
		monitor.start();
		await clock.advance(2100);
		expect(results(events).map(event => event.state)).toEqual(['up']);
		expect(calls).toBe(2);
		clock.stop(8000);
		await clock.advance(0);
		expect(results(events).map(event => event.state)).toEqual(['up']);
		expect(monitor.getSnapshot().rows[0]?.state).toBe('up');
		await clock.advance(2000);
		expect(calls).toBe(3);
		expect(results(events).map(event => event.state)).toEqual(['up', 'up']);
		await monitor.stop();
	});

	it('judges the next attempt after one it dropped, so an event loop that is always late cannot hide a hanging target', async () => {
		const clock = createFakeClock();
		const events: MonitorEvent[] = [];
		const monitor = createMonitor({checks: [makeCheck('a', {timeoutMs: 1000, intervalMs: 2000})], clock, random: () => 0, probe: async (_check, signal) => wait(clock, 60_000, signal, up())});
		monitor.onEvent(event => events.push(event));
		monitor.start();
		await clock.advance(100);
		clock.stop(3000);
		await clock.advance(0);
		expect(results(events)).toEqual([]);
		await clock.advance(2000);
		clock.stop(3000);
		await clock.advance(0);
		expect(results(events).map(event => event.state)).toEqual(['failing']);
		await monitor.stop();
	});

	it('records timeout:total one second after the deadline when a probe ignores its signal, and frees the slot', async () => {
		const clock = createFakeClock();
		const events: MonitorEvent[] = [];
		const calls: string[] = [];
		const checks = [makeCheck('hang', {timeoutMs: 2000, intervalMs: 60_000}), makeCheck('ok', {intervalMs: 60_000})];
		// Parking would free the slot after 1 s; this test is about the abandoned run freeing it.
		const monitor = createMonitor({checks, clock, concurrency: 1, parkAfterMs: 60_000, random: () => 0, probe: async check => {
			calls.push(check.id);
			return check.id === 'hang' ? new Promise<ProbeResult>(() => {}) : up();
		}});
		monitor.onEvent(event => events.push(event));
		monitor.start();
		await clock.advance(2999);
		expect(calls).toEqual(['hang']);
		expect(results(events)).toEqual([]);
		await clock.advance(1);
		const [hung, ok] = results(events);
		expect(hung).toMatchObject({id: 'hang', at: clock.now(), state: 'failing'});
		expect(hung?.result.reason?.code).toBe('timeout:total');
		expect(hung?.result.reason?.message).toContain('timeout after 2s');
		expect(hung?.result.latencyMs).toBe(3000);
		expect(calls).toEqual(['hang', 'ok']);
		expect(ok).toMatchObject({id: 'ok', state: 'up'});
		await monitor.stop();
	});

	it('ignores the late result of a probe it gave up on', async () => {
		const clock = createFakeClock();
		let release: (result: ProbeResult) => void = () => {};
		let calls = 0;
		const monitor = createMonitor({checks: [makeCheck('a', {timeoutMs: 1000, intervalMs: 60_000})], clock, random: () => 0, probe: async () => {
			calls++;
			return calls === 1 ? new Promise<ProbeResult>(resolve => {
				release = resolve;
			}) : up();
		}});
		monitor.start();
		await clock.advance(2000);
		release(up(5));
		await clock.flush();
		const row = monitor.getSnapshot().rows[0];
		expect(row?.state).toBe('failing');
		expect(row?.samples).toBe(1);
		await monitor.stop();
	});

	it('turns a probe that throws into an internal failure instead of stalling', async () => {
		const clock = createFakeClock();
		const monitor = createMonitor({checks: [makeCheck('a', {secrets: ['hunter2']})], clock, random: () => 0, probe: async () => {
			throw new Error('boom \u001B[2J token=hunter2');
		}});
		monitor.start();
		await clock.advance(0);
		const last = monitor.getSnapshot().rows[0]?.last;
		expect(last?.reason?.code).toBe('internal');
		expect(last?.reason?.message).not.toContain('\u001B');
		expect(last?.reason?.message).not.toContain('hunter2');
		await monitor.stop();
	});

	it('retries a failing probe right away and counts only the final attempt', async () => {
		const clock = createFakeClock();
		const script = [failing(), failing(), up(30)];
		const events: MonitorEvent[] = [];
		const monitor = createMonitor({checks: [makeCheck('a', {retries: 2})], clock, random: () => 0, probe: async () => script.shift() ?? up()});
		monitor.onEvent(event => events.push(event));
		monitor.start();
		await clock.advance(0);
		expect(script).toEqual([]);
		expect(results(events)).toHaveLength(1);
		expect(results(events)[0]?.result).toMatchObject({outcome: 'up', attempt: 2});
		expect(monitor.stats().attempts).toBe(3);
		await monitor.stop();
	});

	it('counts a result as failing once every retry has failed', async () => {
		const clock = createFakeClock();
		let calls = 0;
		const monitor = createMonitor({checks: [makeCheck('a', {retries: 1})], clock, random: () => 0, probe: async () => {
			calls++;
			return failing();
		}});
		monitor.start();
		await clock.advance(0);
		expect(calls).toBe(2);
		const row = monitor.getSnapshot().rows[0];
		expect(row).toMatchObject({state: 'failing', samples: 1});
		expect(row?.last?.attempt).toBe(1);
		await monitor.stop();
	});

	it('leaves attempt unset when no retries are configured', async () => {
		const clock = createFakeClock();
		const monitor = createMonitor({checks: [makeCheck('a')], clock, random: () => 0, probe: async () => failing()});
		monitor.start();
		await clock.advance(0);
		expect(monitor.getSnapshot().rows[0]?.last?.attempt).toBeUndefined();
		await monitor.stop();
	});
});
