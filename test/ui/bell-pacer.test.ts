import {describe, expect, it} from 'vitest';
import {createBellPacer} from '../../source/ui/bell-pacer.js';
import {createFakeClock} from '../helpers/fake-clock.js';

describe('createBellPacer', () => {
	it('rings for the first failure of a burst and not again until a second has passed without one', async () => {
		const clock = createFakeClock();
		let rings = 0;
		const bell = createBellPacer(() => rings++, 1000, clock);
		// A server behind 328 checks goes down: their failures come within a couple of seconds.
		for (let check = 0; check < 328; check++) bell.failing();
		expect(rings).toBe(1);
		await clock.advance(999);
		bell.failing();
		expect(rings).toBe(1);
		await clock.advance(1000);
		bell.failing();
		bell.failing();
		expect(rings).toBe(2);
		expect(clock.pendingTimers()).toBe(0);
	});

	it('rings once for a burst spread over the checks\' interval, then for a failure after a quiet second', async () => {
		const clock = createFakeClock();
		let rings = 0;
		const bell = createBellPacer(() => rings++, 1000, clock);
		// 300 checks at 30 s behind one server: each finds it down at its own moment in the interval.
		for (let elapsed = 0; elapsed < 30_000; elapsed += 100) {
			bell.failing();
			// eslint-disable-next-line no-await-in-loop
			await clock.advance(100);
		}

		expect(rings).toBe(1);
		await clock.advance(1400);
		bell.failing();
		expect(rings).toBe(2);
	});
});
