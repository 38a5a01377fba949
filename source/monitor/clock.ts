import {performance} from 'node:perf_hooks';
import type {Clock, TimerHandle} from './types.js';

/**
 * The real clock. Timers are deliberately not `unref`ed, the publish timer included: a running monitor is
 * a reason for the process (or worker) to stay alive, and `stop()` clears every timer, so a leaked timer
 * shows up as a process that does not exit instead of hiding. The publish timer is armed only while
 * something changed, so it never keeps an idle process busy.
 */
export const systemClock: Clock = {
	now: () => Date.now(),
	monotonic: () => performance.now(),
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout(handle: TimerHandle) {
		clearTimeout(handle as ReturnType<typeof setTimeout>);
	},
};
