import {describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {makeCheck, up, wait} from './fixtures.js';

describe('monitor scheduling', () => {
	it('spreads first runs over [0, min(interval, 1 s, fleet size / 320 per second)) so the screen fills fast', async () => {
		const clock = createFakeClock();
		const firstAt = new Map<string, number>();
		const checks = Array.from({length: 100}, (_, i) => makeCheck(`c${i}`, {intervalMs: i % 2 === 0 ? 10_000 : 200}));
		const monitor = createMonitor({checks, clock, concurrency: 1000, probe: async check => {
			if (!firstAt.has(check.id)) firstAt.set(check.id, clock.monotonic());
			return up();
		}});
		monitor.start();
		await clock.advance(312.5);
		expect(firstAt.size).toBe(100);
		// 100 checks at no more than 320 first runs a second: within 312.5 ms, and the 200 ms ones within 200 ms.
		for (const check of checks) expect(firstAt.get(check.id)).toBeLessThan(Math.min(check.intervalMs, 312.5));
		expect(new Set(firstAt.values()).size).toBeGreaterThan(50);
		await monitor.stop();
	});

	it('spreads a large fleet\'s first runs over a second, and a small one\'s over a fraction of it', async () => {
		const firstRuns = async (count: number) => {
			const clock = createFakeClock();
			const times: number[] = [];
			const checks = Array.from({length: count}, (_, i) => makeCheck(`c${i}`, {intervalMs: 10_000}));
			const monitor = createMonitor({checks, clock, concurrency: 10_000, probe: async () => {
				times.push(clock.monotonic());
				return up();
			}});
			const startedAt = clock.monotonic();
			monitor.start();
			await clock.advance(1000);
			await monitor.stop();
			return times.map(at => at - startedAt);
		};

		const large = await firstRuns(2000);
		expect(large).toHaveLength(2000);
		expect(Math.max(...large)).toBeGreaterThan(900);
		// At most ~320 a second in every tenth of it.
		for (let tenth = 0; tenth < 10; tenth++) expect(large.filter(at => at >= tenth * 100 && at < (tenth + 1) * 100).length).toBeLessThan(260);
		const small = await firstRuns(10);
		expect(small).toHaveLength(10);
		expect(Math.max(...small)).toBeLessThan(31.25);
	});

	it('starts no probe before the jittered first run is due', async () => {
		const clock = createFakeClock();
		let calls = 0;
		// 320 checks: spread over the whole second, each due at its middle.
		const checks = Array.from({length: 320}, (_, i) => makeCheck(`c${i}`));
		const monitor = createMonitor({checks, clock, concurrency: 1000, random: () => 0.5, probe: async () => {
			calls++;
			return up();
		}});
		monitor.start();
		await clock.advance(499);
		expect(calls).toBe(0);
		await clock.advance(1);
		expect(calls).toBe(320);
		await monitor.stop();
	});

	it('probes again one interval after the previous result', async () => {
		const clock = createFakeClock();
		let calls = 0;
		const monitor = createMonitor({checks: [makeCheck('a', {intervalMs: 5000})], clock, random: () => 0, probe: async (_check, signal) => {
			calls++;
			return wait(clock, 300, signal, up(300));
		}});
		monitor.start();
		await clock.advance(0);
		expect(calls).toBe(1);
		await clock.advance(300 + 4999);
		expect(calls).toBe(1);
		await clock.advance(1);
		expect(calls).toBe(2);
		await clock.advance(5299);
		expect(calls).toBe(2);
		await clock.advance(1);
		expect(calls).toBe(3);
		await monitor.stop();
	});

	it('never overlaps a check with itself when a probe outlasts the interval', async () => {
		const clock = createFakeClock();
		const startedAt: number[] = [];
		let running = 0;
		let maxRunning = 0;
		const check = makeCheck('slow', {intervalMs: 1000, timeoutMs: 10_000});
		const monitor = createMonitor({checks: [check], clock, random: () => 0, probe: async (_check, signal) => {
			startedAt.push(clock.monotonic());
			running++;
			maxRunning = Math.max(maxRunning, running);
			const result = await wait(clock, 3000, signal, up(3000));
			running--;
			return result;
		}});
		monitor.start();
		await clock.advance(0);
		monitor.send({type: 'recheck', id: 'slow'});
		await clock.advance(12_000);
		expect(maxRunning).toBe(1);
		expect(startedAt).toEqual([0, 4000, 8000, 12_000]);
		await monitor.stop();
	});

	it('keeps probes in flight at or under the concurrency cap and runs queued checks first come, first served', async () => {
		const clock = createFakeClock();
		let running = 0;
		let maxRunning = 0;
		const order: string[] = [];
		const checks = Array.from({length: 40}, (_, i) => makeCheck(`c${String(i).padStart(2, '0')}`, {intervalMs: 1000}));
		let tick = 0;
		const monitor = createMonitor({checks, clock, concurrency: 4, random: () => (tick++ % 40) / 40, probe: async (check, signal) => {
			order.push(check.id);
			running++;
			maxRunning = Math.max(maxRunning, running);
			const result = await wait(clock, 150, signal, up(150));
			running--;
			return result;
		}});
		monitor.start();
		await clock.advance(5000);
		expect(maxRunning).toBe(4);
		expect(monitor.stats().maxInFlight).toBe(4);
		// Due every 25 ms but served 4 per 150 ms: they queue, in due order.
		expect(order.slice(0, 40)).toEqual(checks.map(check => check.id));
		expect(monitor.stats().maxSlipMs).toBeGreaterThan(0);
		expect(new Set(order).size).toBe(40);
		await monitor.stop();
	});

	it('reports when each check will run next and whether it is running', async () => {
		const clock = createFakeClock();
		const monitor = createMonitor({checks: [makeCheck('a', {intervalMs: 5000})], clock, random: () => 0, probe: async (_check, signal) => wait(clock, 200, signal, up(200))});
		monitor.start();
		await clock.advance(100);
		expect(monitor.getSnapshot().rows[0]).toMatchObject({isRunning: true, nextAt: undefined});
		await clock.advance(100);
		expect(monitor.getSnapshot().rows[0]).toMatchObject({isRunning: false, nextAt: clock.now() + 5000, state: 'up'});
		await monitor.stop();
	});
});
