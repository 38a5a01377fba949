import {describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {makeCheck, up, wait} from './fixtures.js';

describe('an incident where many targets hang', () => {
	it('keeps 150 healthy checks on their 1 s schedule (±10 %) while 50 others hang until their 5 s timeout', async () => {
		const clock = createFakeClock();
		const runs = new Map<string, number>();
		let inFlight = 0;
		let maxInFlight = 0;
		const hanging = Array.from({length: 50}, (_, i) => makeCheck(`hung-${i}`, {intervalMs: 10_000, timeoutMs: 5000}));
		const healthy = Array.from({length: 150}, (_, i) => makeCheck(`ok-${i}`, {intervalMs: 1000, timeoutMs: 500}));
		// Default concurrency: the cap must leave room for the healthy checks when a whole service hangs.
		const monitor = createMonitor({checks: [...hanging, ...healthy], clock, async probe(check, signal) {
			runs.set(check.id, (runs.get(check.id) ?? 0) + 1);
			inFlight++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			try {
				return check.id.startsWith('hung') ? await wait(clock, 60_000, signal, up()) : await wait(clock, 20, signal, up(20));
			} finally {
				inFlight--;
			}
		}});
		monitor.start();
		await clock.advance(60_000);
		const {concurrency} = monitor.stats();
		await monitor.stop();
		// One run per (interval + 20 ms) over a minute, after a jittered start within the first second.
		const expected = 60_000 / 1020;
		for (const check of healthy) {
			const count = runs.get(check.id) ?? 0;
			expect(count, check.id).toBeGreaterThanOrEqual(Math.floor(expected * 0.9));
			expect(count, check.id).toBeLessThanOrEqual(Math.ceil(expected * 1.1));
		}

		// The fleet holds ~7 slots (150 × 20 ÷ 1,020 + 50 × 1,000 ÷ 11,000), so the cap stays at its floor: 32 probing
		// at once at most, plus the hung ones that gave their slots back.
		expect(concurrency).toBe(32);
		expect(maxInFlight).toBeLessThanOrEqual(32 + 50);
		expect(monitor.getSnapshot().rows.filter(row => row.id.startsWith('hung')).every(row => row.state === 'failing')).toBe(true);
	});

	it('parks a probe that waits longer than parkAfterMs: its slot goes to the next check, it still finishes', async () => {
		const clock = createFakeClock();
		const started: Array<[string, number]> = [];
		const checks = [makeCheck('slow', {intervalMs: 60_000, timeoutMs: 5000}), makeCheck('next', {intervalMs: 60_000})];
		const monitor = createMonitor({checks, clock, concurrency: 1, parkAfterMs: 1000, random: () => 0, async probe(check, signal) {
			started.push([check.id, clock.monotonic()]);
			return check.id === 'slow' ? wait(clock, 3000, signal, up(3000)) : up(5);
		}});
		monitor.start();
		await clock.advance(999);
		expect(started.map(([id]) => id)).toEqual(['slow']);
		expect(monitor.stats().parked).toBe(0);
		await clock.advance(1);
		expect(started.map(([id]) => id)).toEqual(['slow', 'next']);
		expect(monitor.stats()).toMatchObject({parked: 1});
		await clock.advance(2000);
		expect(monitor.stats()).toMatchObject({parked: 0, inFlight: 0});
		expect(monitor.getSnapshot().rows.map(row => row.state)).toEqual(['slow', 'up']);
		await monitor.stop();
	});
});
