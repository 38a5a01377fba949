import type {Clock} from '../monitor/types.js';

export type BellPacer = {
	/** A check turned failing: rings, unless the bell rang less than the quiet time ago. */
	failing(): void;
};

/**
 * Rings the bell for the first check of a burst turning failing, then keeps quiet for `quietMs`: a server behind
 * 328 checks going down rang 328 bells in two seconds, each one a beep or a flash, and the first says all the
 * others do. Failures within the quiet time ring nothing later either: the screen shows them.
 */
export function createBellPacer(ring: () => void, quietMs: number, clock: Pick<Clock, 'monotonic'>): BellPacer {
	let lastAt = Number.NEGATIVE_INFINITY;
	return {
		failing() {
			const now = clock.monotonic();
			if (now - lastAt < quietMs) return;
			lastAt = now;
			ring();
		},
	};
}
