import {describe, expect, it} from 'vitest';
import {createFleetConcurrency, followRunTime, minimumConcurrency} from '../../source/monitor/fleet-concurrency.js';

function fleet(parkAfterMs: number, checks: Array<[count: number, intervalMs: number, runMs?: number]>) {
	const tracker = createFleetConcurrency(parkAfterMs, 0);
	let id = 0;
	for (const [count, intervalMs, runMs] of checks) {
		for (let i = 0; i < count; i++) {
			const checkId = `c${id++}`;
			tracker.set(checkId, intervalMs);
			if (runMs !== undefined) tracker.noteRun(checkId, runMs);
		}
	}

	return tracker;
}

describe('the fleet concurrency', () => {
	it('gives a fleet not run yet, or a fast one, the floor of 32 slots', () => {
		expect(fleet(1000, []).concurrency).toBe(minimumConcurrency);
		expect(fleet(1000, [[2000, 1000]]).concurrency).toBe(32);
		// 2,000 checks at 1 s on loopback (3.5 ms a run): ~7 slots held.
		expect(fleet(1000, [[2000, 1000, 3.5]]).concurrency).toBe(32);
	});

	it('is 1.5 times the slots the fleet holds: run ÷ (interval + run) for each check', () => {
		// Answers in 50 ms: 2,000 × 50 ÷ 1,050 ≈ 95.2 slots held.
		expect(fleet(1000, [[2000, 1000, 50]]).concurrency).toBe(143);
		expect(fleet(1000, [[2000, 1000, 200]]).concurrency).toBe(500);
		expect(fleet(1000, [[100, 1000, 1000], [300, 5000, 1000]]).concurrency).toBe(1.5 * (50 + 50));
	});

	it('asks for enough slots to start the runs waiting for one within a second, at the fleet\'s mean run time', () => {
		// 2,000 checks every minute answering in 100 ms hold ~3.3 slots: the floor of 32 in the steady state.
		const tracker = fleet(1000, [[2000, 60_000, 100]]);
		expect(tracker.concurrency).toBe(32);
		// All of them due at once (a recheck of every check): 2,000 × 100 ms in a second is 200 slots.
		expect(tracker.forBacklog(2000)).toBe(200);
		expect(tracker.forBacklog(0)).toBe(0);
		// On loopback (4 ms a run) the same backlog asks for 8: below the floor, the cap stays at 32.
		expect(fleet(1000, [[2000, 60_000, 4]]).forBacklog(2000)).toBe(8);
		// Runs held at most parkAfterMs: a hanging fleet does not ask for a slot per waiting run and second.
		expect(fleet(1000, [[100, 60_000, 30_000]]).forBacklog(100)).toBe(100);
		// Nothing measured yet: nothing asked for.
		expect(fleet(1000, [[100, 60_000]]).forBacklog(100)).toBe(0);
	});

	it('grows the cap for a backlog as for the steady state: at most doubling per second, and not while behind', () => {
		const tracker = fleet(1000, [[2000, 60_000, 100]]);
		expect(tracker.capAt(0, 32, 2000)).toBe(32);
		expect(tracker.capAt(1000, 32, 2000)).toBe(64);
		expect(tracker.capAt(2000, 64, 1600)).toBe(128);
		expect(tracker.capAt(3000, 128, 1500)).toBe(150);
		// The backlog gone, the cap falls back to the steady state's at once.
		expect(tracker.capAt(3100, 150, 0)).toBe(32);
		const behind = fleet(1000, [[2000, 60_000, 100]]);
		for (let i = 0; i < 500; i++) behind.noteTimerLateness(50);
		expect(behind.capAt(5000, 32, 2000)).toBe(32);
	});

	it('counts a check slower than parkAfterMs as holding its slot until it is parked', () => {
		expect(fleet(1000, [[2000, 1000, 5000]]).concurrency).toBe(1500);
		expect(fleet(250, [[2000, 1000, 5000]]).concurrency).toBe(600);
	});

	it('takes checks that have not run yet to be like those that have, so the first round grows fast', () => {
		// 100 of 2,000 have answered, in 200 ms: the other 1,900 are assumed to hold a sixth of a slot too.
		expect(fleet(1000, [[100, 1000, 200], [1900, 1000]]).concurrency).toBe(500);
	});

	it('follows each check to its latest run, and forgets removed checks', () => {
		const tracker = fleet(1000, [[400, 1000, 1000]]);
		expect(tracker.concurrency).toBe(300);
		for (let i = 0; i < 400; i++) tracker.noteRun(`c${i}`, 200);
		expect(tracker.concurrency).toBe(100);
		for (let i = 0; i < 200; i++) tracker.delete(`c${i}`);
		expect(tracker.concurrency).toBe(50);
		for (let i = 200; i < 400; i++) tracker.delete(`c${i}`);
		expect(tracker.concurrency).toBe(32);
	});

	it('takes a first or shorter run at once and a longer one a quarter of the way', () => {
		expect(followRunTime(undefined, 180)).toBe(180);
		expect(followRunTime(180, 4)).toBe(4);
		expect(followRunTime(4, 84)).toBe(24);
		// A target that went from 4 to 200 ms is followed to within 10 % in nine runs.
		let estimate = 4;
		for (let run = 0; run < 9; run++) estimate = followRunTime(estimate, 200);
		expect(estimate).toBeGreaterThan(180);
	});

	it('lets the cap in use fall at once but grow by at most doubling per second', () => {
		const tracker = fleet(1000, [[400, 1000]]);
		expect(tracker.capAt(0, 32)).toBe(32);
		for (let i = 0; i < 400; i++) tracker.noteRun(`c${i}`, 1000);
		expect(tracker.concurrency).toBe(300);
		expect(tracker.capAt(0, 32)).toBe(32);
		expect(tracker.capAt(1000, 32)).toBe(64);
		expect(tracker.capAt(2000, 64)).toBe(128);
		expect(tracker.capAt(2500, 128)).toBe(181);
		expect(tracker.capAt(3500, 181)).toBe(300);
		for (let i = 0; i < 400; i++) tracker.noteRun(`c${i}`, 4);
		expect(tracker.capAt(4100, 300)).toBe(32);
		// Growth starts again from where the cap fell to, and from then.
		for (let i = 0; i < 400; i++) tracker.noteRun(`c${i}`, 1000);
		expect(tracker.capAt(4600, 32)).toBe(45);
	});


	it('does not grow the cap while timers fire late: a thread that is behind measures its own waiting', () => {
		const tracker = fleet(1000, [[2000, 1000, 200]]);
		expect(tracker.concurrency).toBe(500);
		expect(tracker.capAt(1000, 32)).toBe(64);
		// Most timers 10 ms late: the cap holds.
		for (let i = 0; i < 200; i++) tracker.noteTimerLateness(10);
		expect(tracker.capAt(3000, 64)).toBe(64);
		// One long stall among timers on time does not count for long; growth restarts from where it held.
		for (let i = 0; i < 400; i++) tracker.noteTimerLateness(i === 0 ? 5000 : 0.5);
		expect(tracker.timerLatenessMs).toBeLessThan(5);
		expect(tracker.capAt(4000, 64)).toBe(128);
		expect(tracker.concurrency).toBe(500);
	});

	it('keeps a check\'s run time when its interval changes (a reload)', () => {
		const tracker = fleet(1000, [[2000, 1000, 200]]);
		expect(tracker.concurrency).toBe(500);
		for (let i = 0; i < 2000; i++) tracker.set(`c${i}`, 5000);
		expect(tracker.concurrency).toBe(Math.ceil(1.5 * 2000 * 200 / 5200));
	});
});
