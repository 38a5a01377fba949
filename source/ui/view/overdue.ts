import type {CheckView} from '../../monitor/types.js';

/**
 * A check due longer ago than this, and not running, is waiting for a free slot (`concurrency:` set too low, or
 * the engine behind): its last result is older than its interval says. The margin covers a timer that fires a
 * little late and the time until the next snapshot shows the run.
 */
export const overdueMs = 1000;

/** The engine says it waits (CheckView.waitingSince), or a view without that word is long past its time. */
export function isOverdue(view: CheckView, now: number): boolean {
	return !view.isRunning && (view.waitingSince !== undefined || (view.nextAt !== undefined && view.nextAt < now - overdueMs));
}

export function countOverdue(rows: readonly CheckView[], now: number): number {
	let count = 0;
	for (const row of rows) if (isOverdue(row, now)) count++;
	return count;
}
