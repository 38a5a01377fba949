import type {PacerClock} from '../../source/ui/commit-pacer.js';

/** A pacer clock that moves only when the test says so: timers fire in `advance`, in time order. */
export function handClock() {
	let now = 0;
	let nextId = 1;
	const timers = new Map<number, {readonly at: number; readonly run: () => void}>();
	const clock: PacerClock = {
		now: () => now,
		setTimeout(run, ms) {
			const id = nextId++;
			timers.set(id, {at: now + ms, run});
			return id;
		},
		clearTimeout(handle) {
			timers.delete(handle as number);
		},
	};
	return {
		clock,
		advance(ms: number): void {
			const until = now + ms;
			for (;;) {
				const due = [...timers].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
				if (due === undefined) break;
				timers.delete(due[0]);
				now = due[1].at;
				due[1].run();
			}

			now = until;
		},
		pendingTimers: () => timers.size,
	};
}
