import type {CheckView} from '../../monitor/types.js';

/**
 * A check due longer ago than this, and not running, is waiting for a free slot (`concurrency:` set too low, or
 * the engine behind): its last result is older than its interval says. The margin covers a timer that fires a
 * little late and the time until the next snapshot shows the run.
 */
export const overdueMs = 1000;

/**
 * The engine says how long it waits (CheckView.waitingSince), or a view without that word is long past its time.
 * A wait counts from a second on as well: in a big fleet checks wait a few milliseconds for a slot every round,
 * and the header's count would flicker with them.
 */
export function isOverdue(view: CheckView, now: number): boolean {
	if (view.isRunning) return false;
	if (view.waitingSince !== undefined) return now - view.waitingSince >= overdueMs;
	return view.nextAt !== undefined && view.nextAt < now - overdueMs;
}

export function countOverdue(rows: readonly CheckView[], now: number): number {
	let count = 0;
	for (const row of rows) if (isOverdue(row, now)) count++;
	return count;
}
