import {describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {makeCheck, up, wait} from './fixtures.js';

/** 400 checks at 1 s whose targets answer in 200 ms: ~67 probes in flight at any moment, more than 32. */
const slowFleet = (prefix: string) => Array.from({length: 400}, (_, i) => makeCheck(`${prefix}-${i}`, {intervalMs: 1000, timeoutMs: 900}));

describe('the default cap on probes in flight', () => {
	it('keeps a large fleet of slow targets on its schedule: one run per interval + answer time, no queueing', async () => {
		const clock = createFakeClock();
		const runs = new Map<string, number>();
		const checks = slowFleet('slow');
		const monitor = createMonitor({checks, clock, async probe(check, signal) {
			runs.set(check.id, (runs.get(check.id) ?? 0) + 1);
			return wait(clock, 200, signal, up(200));
		}});
		monitor.start();
		await clock.advance(60_000);
		const stats = monitor.stats();
		await monitor.stop();
		// The fleet holds ~67 slots (400 × 200 ÷ 1,200), and the cap is 1.5 times that; a cap of 32 would have run
		// 160 probes a second of the 333 planned.
		expect(stats.concurrency).toBe(100);
		expect(stats.maxInFlight).toBeGreaterThan(32);
		expect(stats.queued).toBe(0);
		const expected = 60_000 / 1200;
		for (const check of checks) {
			const count = runs.get(check.id) ?? 0;
			expect(count, check.id).toBeGreaterThanOrEqual(Math.floor(expected * 0.95));
			expect(count, check.id).toBeLessThanOrEqual(Math.ceil(expected * 1.05));
		}
	});

	it('grows with the fleet on a reload, and an explicit concurrency stays as given', async () => {
		const clock = createFakeClock();
		const runs = new Map<string, number>();
		const probe = async (check: {id: string}, signal: AbortSignal) => {
			runs.set(check.id, (runs.get(check.id) ?? 0) + 1);
			return wait(clock, 200, signal, up(200));
		};
		const monitor = createMonitor({checks: [makeCheck('first', {intervalMs: 1000})], clock, probe});
		const fixed = createMonitor({checks: [makeCheck('first', {intervalMs: 1000})], clock, concurrency: 8, probe});
		monitor.start();
		fixed.start();
		expect(monitor.stats().concurrency).toBe(32);
		const checks = slowFleet('added');
		monitor.send({type: 'setChecks', checks});
		fixed.send({type: 'setChecks', checks: slowFleet('fixed')});
		// Not run yet: the new checks count for nothing until their answers come back.
		expect(monitor.stats().concurrency).toBe(32);
		expect(fixed.stats().concurrency).toBe(8);
		runs.clear();
		await clock.advance(60_000);
		expect(monitor.stats().concurrency).toBe(100);
		expect(fixed.stats().maxInFlight).toBe(8);
		await Promise.all([monitor.stop(), fixed.stop()]);
		const expected = 60_000 / 1200;
		for (const check of checks) expect(runs.get(check.id) ?? 0, check.id).toBeGreaterThanOrEqual(Math.floor(expected * 0.95));
		// 8 slots at 200 ms a probe: 40 probes a second for 400 checks, each about every 10 s.
		const fixedRuns = [...runs].filter(([id]) => id.startsWith('fixed')).reduce((sum, [, count]) => sum + count, 0);
		expect(fixedRuns).toBeLessThanOrEqual(40 * 60 + 8);
	});

	it('takes a cap given later (a reloaded `concurrency:`) at once, and sizes it again when it is taken away', async () => {
		const clock = createFakeClock();
		const monitor = createMonitor({checks: slowFleet('set'), clock, probe: async (_check, signal) => wait(clock, 200, signal, up(200))});
		monitor.start();
		await clock.advance(30_000);
		expect(monitor.stats().concurrency).toBe(100);
		monitor.send({type: 'setConcurrency', concurrency: 4});
		expect(monitor.stats().concurrency).toBe(4);
		const before = monitor.stats().attempts;
		await clock.advance(10_000);
		// 4 slots at 200 ms a probe: 20 probes a second at most, and the ones already in flight finish first.
		expect(monitor.stats().attempts - before).toBeLessThanOrEqual(20 * 10 + 4);
		expect(monitor.stats().inFlight).toBeLessThanOrEqual(4);
		monitor.send({type: 'setConcurrency'});
		await clock.advance(10_000);
		expect(monitor.stats().concurrency).toBe(100);
		await monitor.stop();
	});

	it('runs a long-interval fleet\'s first round, and a recheck of every check, faster than 32 slots allow', async () => {
		const clock = createFakeClock();
		// Every minute, answers in 100 ms: the steady state holds ~3.3 slots, the floor of 32 would do.
		const checks = Array.from({length: 2000}, (_, i) => makeCheck(`long-${i}`, {intervalMs: 60_000, timeoutMs: 5000}));
		const monitor = createMonitor({checks, clock, probe: async (_check, signal) => wait(clock, 100, signal, up(100))});
		const everyStateBy = async (limitMs: number): Promise<number> => {
			const began = clock.monotonic();
			while (monitor.flush().counts.pending > 0 && clock.monotonic() - began < limitMs) await clock.advance(100);
			return clock.monotonic() - began;
		};

		monitor.start();
		// 2,000 × 100 ms through 32 slots takes 6.25 s; growing for the waiting line, about half of that.
		const firstRoundMs = await everyStateBy(10_000);
		expect(monitor.flush().counts.pending).toBe(0);
		expect(firstRoundMs).toBeLessThan(4500);
		expect(monitor.stats().maxInFlight).toBeGreaterThan(32);
		await clock.advance(5000);
		expect(monitor.stats().concurrency).toBe(32);
		monitor.send({type: 'recheck'});
		const began = clock.monotonic();
		while (monitor.flush().rows.some(row => row.samples < 2) && clock.monotonic() - began < 10_000) await clock.advance(100);
		expect(clock.monotonic() - began).toBeLessThan(4500);
		await monitor.stop();
	});
});
