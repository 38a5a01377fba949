/** The floor of the cap on probes in flight: a small fleet still gets room for a burst of rechecks. */
export const minimumConcurrency = 32;

/**
 * Slots per slot the fleet is measured to hold: room for bursts and for targets slowing down between two runs, but
 * little more, because when probing is CPU-bound the runs it measures are long because the cap is high.
 */
const headroom = 1.5;

/**
 * The default cap on probes in flight, sized from what the fleet holds (Little's law): a check whose runs take
 * d ms every interval + d holds d ÷ (interval + d) of a slot, with d at most `parkAfterMs` (a run waiting longer
 * gives its slot back). The cap is 1.5 times the total, and at least 32.
 *
 * Why not a fixed cap: 32 throttled a large fleet as soon as its targets were not on loopback (2,000 checks at 1 s
 * against answers taking 50 ms ran 556 probes a second of the 1,891 planned, every check ~2.5 s late). Why not a
 * cap sized for the worst case: when probing is CPU-bound, probes started together wait for each other inside
 * their timed span, so the latency shown grows, and they end together, so they are due together again: the
 * bursts persist. A waiting line keeps that wait out of the measurement and spreads the runs. For the same
 * reason nothing is assumed before the first answers: the first round starts with 32 in flight, and a check that
 * has not run yet is taken to be like those that have.
 */
export type FleetConcurrency = {
	/** A check's share from its run time (followRunTime); `runMs` undefined while it has none. */
	set(id: string, intervalMs: number, runMs?: number): void;
	delete(id: string): void;
	/** The cap the fleet's run times ask for. */
	readonly concurrency: number;
	/**
	 * The cap to use at monotonic time `nowMs`, given the one in use: down to `concurrency` at once, up towards it by
	 * at most doubling per second. A cold process runs its first probes slowly; taken at once, those runs would
	 * open the first round to hundreds of probes that then slow each other down, and end, and recur, together.
	 */
	capAt(nowMs: number, currentCap: number): number;
};

/**
 * A check's run time as the cap sees it: the first run and any shorter one count at once, a longer one a quarter of
 * the way. When probing is CPU-bound, a burst of probes makes each other's runs longer; counting those runs in full
 * would raise the cap, let more probes in at once and make the runs longer still. A target that really slows down
 * is followed within ten runs, and parking covers the slowest meanwhile.
 */
export function followRunTime(previousMs: number | undefined, runMs: number): number {
	return previousMs === undefined || runMs <= previousMs ? runMs : previousMs + (runMs - previousMs) / 4;
}

export function createFleetConcurrency(parkAfterMs: number, startMs: number): FleetConcurrency {
	/** The cap the growth started from, and when. */
	let growthFrom = minimumConcurrency;
	let growthSinceMs = startMs;
	/** id → its share of a slot, or undefined while it has not run. */
	const shares = new Map<string, number | undefined>();
	let measured = 0;
	let total = 0;
	const forget = (id: string): void => {
		const share = shares.get(id);
		if (share !== undefined) {
			total -= share;
			measured--;
		}

		shares.delete(id);
		// No measured check left: the running sum restarts, and its rounding error with it.
		if (measured === 0) total = 0;
	};

	return {
		set(id, intervalMs, runMs) {
			forget(id);
			if (runMs === undefined) {
				shares.set(id, undefined);
				return;
			}

			const heldMs = Math.min(Math.max(0, runMs), parkAfterMs);
			const share = heldMs / (intervalMs + heldMs);
			shares.set(id, share);
			total += share;
			measured++;
		},
		delete: forget,
		capAt(nowMs, currentCap) {
			const wanted = this.concurrency;
			if (wanted <= currentCap) {
				growthFrom = wanted;
				growthSinceMs = nowMs;
				return wanted;
			}

			const allowed = Math.floor(growthFrom * 2 ** (Math.max(0, nowMs - growthSinceMs) / 1000));
			return Math.min(wanted, Math.max(currentCap, allowed));
		},
		get concurrency() {
			// Checks that have not run yet are taken to be like the ones that have.
			const estimate = measured === 0 ? 0 : total * shares.size / measured;
			// The running sum carries rounding error: 300 × (1 ÷ 6) must give 50, not 51.
			return Math.max(minimumConcurrency, Math.ceil(headroom * estimate - 1e-6));
		},
	};
}
