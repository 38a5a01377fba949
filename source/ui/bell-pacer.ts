import type {Clock} from '../monitor/types.js';

export type BellPacer = {
	/** A check turned failing: rings, unless another turned failing less than the quiet time ago. */
	failing(): void;
};

/**
 * Rings the bell for the first check of a burst turning failing, and again only once no check has turned failing
 * for `quietMs`: a server behind 328 checks going down rang 328 bells in two seconds, each one a beep or a flash,
 * and the first says all the others do. Each failure extends the quiet time, since the checks behind one server
 * find it down spread over their interval (300 checks at 30 s: one every 100 ms), and counted from the ring alone
 * that rang 30 times. Failures within the quiet time ring nothing later either: the screen shows them.
 */
export function createBellPacer(ring: () => void, quietMs: number, clock: Pick<Clock, 'monotonic'>): BellPacer {
	let lastFailingAt = Number.NEGATIVE_INFINITY;
	return {
		failing() {
			const now = clock.monotonic();
			const isQuiet = now - lastFailingAt >= quietMs;
			lastFailingAt = now;
			if (isQuiet) ring();
		},
	};
}
