import {describe, expect, it} from 'vitest';
import {createBellPacer} from '../../source/ui/bell-pacer.js';
import {createFakeClock} from '../helpers/fake-clock.js';

describe('createBellPacer', () => {
	it('rings for the first failure of a burst and not again until a second has passed', async () => {
		const clock = createFakeClock();
		let rings = 0;
		const bell = createBellPacer(() => rings++, 1000, clock);
		// A server behind 328 checks goes down: their failures come within a couple of seconds.
		for (let check = 0; check < 328; check++) bell.failing();
		expect(rings).toBe(1);
		await clock.advance(999);
		bell.failing();
		expect(rings).toBe(1);
		await clock.advance(1);
		bell.failing();
		bell.failing();
		expect(rings).toBe(2);
		expect(clock.pendingTimers()).toBe(0);
	});
});
