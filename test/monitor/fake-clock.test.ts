import {describe, expect, it} from 'vitest';
import {createFakeClock} from '../helpers/fake-clock.js';

describe('fake clock', () => {
	it('runs due timers in time order, then creation order, and moves both clocks', async () => {
		const clock = createFakeClock(1_000_000);
		const fired: string[] = [];
		clock.setTimeout(() => fired.push('b@20'), 20);
		clock.setTimeout(() => fired.push('a@10'), 10);
		clock.setTimeout(() => fired.push('c@20'), 20);
		await clock.advance(19);
		expect(fired).toEqual(['a@10']);
		expect(clock.monotonic()).toBe(19);
		expect(clock.now()).toBe(1_000_019);
		await clock.advance(1);
		expect(fired).toEqual(['a@10', 'b@20', 'c@20']);
	});

	it('settles promises between timers, so work started by one timer is done at its own time', async () => {
		const clock = createFakeClock();
		const seen: number[] = [];
		clock.setTimeout(() => {
			void Promise.resolve().then(() => Promise.resolve()).then(() => {
				seen.push(clock.monotonic());
				clock.setTimeout(() => seen.push(clock.monotonic()), 5);
			});
		}, 10);
		await clock.advance(100);
		expect(seen).toEqual([10, 15]);
	});

	it('counts pending timers and forgets cleared ones', async () => {
		const clock = createFakeClock();
		let fired = 0;
		const handle = clock.setTimeout(() => fired++, 10);
		clock.setTimeout(() => fired++, 10);
		expect(clock.pendingTimers()).toBe(2);
		clock.clearTimeout(handle);
		expect(clock.pendingTimers()).toBe(1);
		await clock.advance(10);
		expect(fired).toBe(1);
		expect(clock.pendingTimers()).toBe(0);
	});
});
