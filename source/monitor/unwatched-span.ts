import type {CheckRow} from './check-row.js';

/**
 * A timer of a check that fired later than this (and later than the check's interval) found the engine's thread not
 * running meanwhile: the process stopped (kill -STOP, ctrl-z, a VM paused whose monotonic clock went on). Shorter
 * lateness is a busy thread, a fleet's timers firing together; it holds no round the check was due in.
 */
export const stallFloorMs = 5000;

/** The lateness of a check's timer that says the process was stopped rather than busy (see stallFloorMs). */
export function isStall(lateMs: number, intervalMs: number): boolean {
	return lateMs > Math.max(stallFloorMs, intervalMs);
}

/**
 * Time uptop watched nothing in this run (the machine asleep, the process stopped), ending now: a state the row held
 * across it held unwatched, as across a restart (CheckRow.unwatchedMs), and a later change says so. A row still
 * pending has no state to count it in, unless a reload added it back (its state goes on); one seeded from before a
 * restart counts this run's gap by itself.
 */
export function addUnwatched(row: CheckRow, spanMs: number, at: number, mono: number): void {
	if (spanMs <= 0) return;
	// Added back by a reload and not probed since: its state goes on at the next result, with what went unwatched in it.
	const {restored} = row;
	if (row.state === 'pending' && restored?.isReAdded === true) {
		const heldMs = restored.mono === undefined ? at - restored.since : mono - restored.mono.since;
		row.restored = {...restored, unwatchedMs: (restored.unwatchedMs ?? 0) + Math.min(spanMs, Math.max(0, heldMs))};
		return;
	}

	if (row.state === 'pending') return;
	const heldMs = row.sinceMono === undefined ? at - row.since : mono - row.sinceMono;
	const counted = Math.min(spanMs, Math.max(0, heldMs));
	if (counted <= 0) return;
	row.unwatchedMs = (row.unwatchedMs ?? 0) + counted;
	row.view = undefined;
}
