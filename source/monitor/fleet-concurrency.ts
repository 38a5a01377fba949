/** A run still going after this long gives its slot back (the engine's default `parkAfterMs`). */
export const defaultParkAfterMs = 1000;

/** The floor of the cap on probes in flight: a small fleet still gets room for a burst of rechecks. */
export const minimumConcurrency = 32;

/** Slots per slot the fleet holds: room for bursts, and for targets slowing down between two runs. */
const headroom = 1.5;

/** Timers firing later than this on average: the engine is behind, and measured runs are its own waiting. */
const keepsTimeMs = 5;

/**
 * The default cap on probes in flight, sized from what the fleet holds (Little's law): a check whose runs take
 * d ms every interval + d holds d ÷ (interval + d) of a slot, with d at most `parkAfterMs` (a run waiting longer
 * gives its slot back). The cap is 1.5 times the total, and at least 32; checks not run yet are taken to be like
 * those that have.
 *
 * Why not a fixed cap: 32 throttled a large fleet as soon as its targets were not on loopback (2,000 checks at 1 s
 * against answers taking 100 ms ran 294–297 probes a second of the 1,805 planned, every check ~5.7 s late). Why
 * not a larger one: when probing is CPU-bound, probes started together wait for each other inside their timed
 * span, so the latencies shown grow, and they end together, so they are due together again. A waiting line keeps
 * that wait out of the measurement and spreads the runs (2,000 checks at 1 s on loopback, 2026-11-30: a cap of 143
 * ran 32 ms a probe and slip p99 686 ms against 4.2 and 31 ms with 32). So measured runs raise the cap only while
 * the engine keeps time (its timers fire, on average, less than 5 ms late): a thread that is behind measures its
 * own waiting, and more probes at once would only add to it. (Falling back to 32 then instead of holding made
 * the cap collapse at every passing stall: 925 of 1,799 planned probes a second against answers in 100 ms.)
 */
export type FleetConcurrency = {
	/** A check added, or its interval changed: its run time so far is kept. */
	set(id: string, intervalMs: number): void;
	/** A check's run ended after holding its slot `runMs` (retries included); counted as followRunTime says. */
	noteRun(id: string, runMs: number): void;
	delete(id: string): void;
	/** How late a check's timer fired: how far behind the engine's thread is. */
	noteTimerLateness(lateMs: number): void;
	/** The moving average of those. */
	readonly timerLatenessMs: number;
	/** The cap the fleet's run times ask for. */
	readonly concurrency: number;
	/**
	 * The cap to use at monotonic time `nowMs`, given the one in use and how many runs wait for a slot: down to
	 * what is wanted at once, up by at most doubling per second and not while the thread is behind, so that a
	 * burst of slow runs (a cold process, a stalled machine) does not open the gate to hundreds of probes that
	 * slow each other down. What is wanted is `concurrency`, or enough slots to start the waiting runs within
	 * a second at the fleet's mean run time, if more (`forBacklog`).
	 */
	capAt(nowMs: number, currentCap: number, waiting?: number): number;
	/**
	 * Slots that start `waiting` runs within a second at the fleet's mean run time. The steady state asks for
	 * few when the intervals are long (2,000 checks every minute answering in 100 ms: 5), but a first round, or
	 * a recheck of every check, has them all due at once: at 32 slots that took 7.5 s.
	 */
	forBacklog(waiting: number): number;
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

type CheckRuns = {intervalMs: number; runMs?: number; share: number};

export function createFleetConcurrency(parkAfterMs: number, startMs: number): FleetConcurrency {
	/** The cap the growth started from, and when. */
	let growthFrom = minimumConcurrency;
	let growthSinceMs = startMs;
	/** id → its interval, its run time as counted (undefined while it has not run) and the share of a slot that makes. */
	const checks = new Map<string, CheckRuns>();
	let measuredCount = 0;
	let measuredTotal = 0;
	/** The sum of the measured checks' run times as held (at most parkAfterMs), for their mean. */
	let measuredHeldMs = 0;
	/** A moving average of how late timers fire, each capped at 100 ms so one long stall does not linger. */
	let timerLatenessMs = 0;
	const heldFor = (runMs: number | undefined): number => Math.min(Math.max(0, runMs ?? 0), parkAfterMs);
	const count = (check: CheckRuns, sign: 1 | -1): void => {
		if (check.runMs === undefined) return;
		measuredTotal += sign * check.share;
		measuredHeldMs += sign * heldFor(check.runMs);
		measuredCount += sign;
		// The running sums restart when nothing is left in them, and their rounding error with them.
		if (measuredCount === 0) {
			measuredTotal = 0;
			measuredHeldMs = 0;
		}
	};

	// Updated in place: it runs for every result.
	const update = (id: string, intervalMs: number, runMs: number | undefined): void => {
		let check = checks.get(id);
		if (check === undefined) {
			check = {intervalMs, share: 0};
			checks.set(id, check);
		} else {
			count(check, -1);
		}

		const heldMs = heldFor(runMs);
		check.intervalMs = intervalMs;
		check.runMs = runMs;
		check.share = heldMs / (intervalMs + heldMs);
		count(check, 1);
	};

	// The running sums carry rounding error: 300 × (1 ÷ 6) must give 50, not 51.
	const slotsFor = (held: number): number => Math.ceil(headroom * held - 1e-6);

	return {
		set(id, intervalMs) {
			update(id, intervalMs, checks.get(id)?.runMs);
		},
		noteRun(id, runMs) {
			const check = checks.get(id);
			if (check !== undefined) update(id, check.intervalMs, followRunTime(check.runMs, runMs));
		},
		delete(id) {
			const check = checks.get(id);
			if (check === undefined) return;
			count(check, -1);
			checks.delete(id);
		},
		noteTimerLateness(lateMs) {
			timerLatenessMs += (Math.min(Math.max(0, lateMs), 100) - timerLatenessMs) / 64;
		},
		get timerLatenessMs() {
			return timerLatenessMs;
		},
		forBacklog(waiting) {
			if (waiting <= 0 || measuredCount === 0) return 0;
			return Math.ceil((waiting * (measuredHeldMs / measuredCount) / 1000) - 1e-6);
		},
		capAt(nowMs, currentCap, waiting = 0) {
			const wanted = Math.max(this.concurrency, this.forBacklog(waiting));
			if (wanted <= currentCap) {
				growthFrom = wanted;
				growthSinceMs = nowMs;
				return wanted;
			}

			if (timerLatenessMs > keepsTimeMs) {
				// Behind: the cap holds where it is, and any growth starts again from here once the thread keeps time.
				growthFrom = currentCap;
				growthSinceMs = nowMs;
				return currentCap;
			}

			const allowed = Math.floor(growthFrom * 2 ** (Math.max(0, nowMs - growthSinceMs) / 1000));
			return Math.min(wanted, Math.max(currentCap, allowed));
		},
		get concurrency() {
			// Checks that have not run yet are taken to be like the ones that have.
			const measured = measuredCount === 0 ? 0 : measuredTotal * checks.size / measuredCount;
			return Math.max(minimumConcurrency, slotsFor(measured));
		},
	};
}
