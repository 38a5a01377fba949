import type {Check} from '../config/types.js';
import type {CheckRow} from './check-row.js';
import type {State} from './types.js';

/** One uptop's first record of a row after another's (the history file's CheckWatch starts): nobody recorded it from `after` to `at`. */
export type WatchStart = {readonly at: number; readonly after: number};

/**
 * Where the state an earlier run left began, and how much of it no uptop watched, from the file's state changes and
 * its uptops' starts: seedRow found it in the results kept, which are the newest 5,000 of a row (history-load.ts).
 * When the state runs back to the oldest of them, the change into it recorded before them is its start: a state held
 * 21 h read "failing for 13h" after a restart. The file records no change where a restart continued a state
 * (applyResult), so the last change recorded is the state's start even with restarts after it; those restarts are
 * the time nobody watched, a start's gap counted when longer than the check's interval (shorter is the spacing its
 * results have anyway, and a second uptop started beside a running one leaves no longer gap), as the report counts it.
 */
export function settleRestoredRun(row: CheckRow, check: Check, changes: ReadonlyArray<{readonly at: number; readonly to: State}>, starts: readonly WatchStart[]): void {
	const {restored} = row;
	if (restored === undefined || restored.isReAdded) return;
	const last = changes.at(-1);
	const since = restored.isFromOldestKept && last !== undefined && last.to === restored.state && last.at < restored.since ? last.at : restored.since;
	let unwatchedMs = 0;
	for (const start of starts) {
		if (start.at - start.after <= check.intervalMs) continue;
		unwatchedMs += Math.max(0, Math.min(restored.at, start.at) - Math.max(since, start.after));
	}

	const {isFromOldestKept: _isFromOldestKept, ...rest} = restored;
	row.restored = {...rest, since, ...(unwatchedMs > 0 ? {unwatchedMs} : {})};
}
