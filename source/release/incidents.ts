import type {State} from '../monitor/types.js';
import type {Reason} from '../probes/types.js';
import type {HistoryResult, HistoryTransition} from './history-load.js';

/** A failing period of one check. */
export type Incident = {
	readonly start: number;
	/** Absent while the check is still failing at the end of the window ("ongoing"). */
	readonly end?: number;
	readonly durationMs: number;
	/** The check was already failing when the window began; `start` is then the window's start. */
	readonly startedBefore: boolean;
	/**
	 * When such a failure began, where the history holds it (a change into failing before the window); absent when it
	 * is older than the history kept (the history's first results were already failing).
	 */
	readonly beganAt?: number;
	readonly reason?: Reason;
	/** It began unrecorded (Change.unrecordedAfter): after this time, and by `start`. */
	readonly unrecordedAfter?: number;
};

/**
 * `isFirstSeen`: the state of the history's first result, which began before the history does. `unrecordedAfter`: a
 * change the results show after a recorded one but no record says (its batch lost to a full disk): it came after
 * this time, the check's latest record before it, and by `at`, its first result in the new state.
 */
export type Change = {
	readonly at: number;
	readonly to: State;
	readonly from?: State;
	readonly reason?: Reason;
	readonly isFirstSeen?: true;
	readonly unrecordedAfter?: number;
};

/**
 * State changes from recorded transitions, and from consecutive results before the first of them (all of them for
 * a history without any): compaction (7 days, 20 MB) drops the oldest lines, a check's change into failing with
 * them, and the results after it still say it was failing. After the first, a result in another state than the
 * latest change left the check in, the first after one of `gaps` (stretches its writer could not write: a full disk),
 * is a change whose record was lost with them: a result holds the check's state after it. Only across a gap: two
 * uptops on one file have their results read from one and their changes from both, a moment apart.
 */
export function changesFor(id: string, transitions: readonly HistoryTransition[], results: readonly HistoryResult[], gaps: readonly HistoryGapSpan[] = []): Change[] {
	const recorded = transitions.filter(transition => transition.id === id);
	const changes: Change[] = [];
	let state: State | undefined;
	let latestAt: number | undefined;
	let next = 0;
	const takeRecorded = (until: number) => {
		while (next < recorded.length && recorded[next]!.at <= until) {
			const {at, from, to, reason} = recorded[next++]!;
			changes.push({at, from, to, ...(reason ? {reason} : {})});
			state = to;
			latestAt = at;
		}
	};

	for (const result of results) {
		if (result.id !== id) continue;
		takeRecorded(result.at);
		if (result.state !== state) {
			// With changes recorded after it, the first result's state began before the history: its change was dropped.
			const isFirstSeen = state === undefined && recorded.length > 0;
			const isAfterGap = next > 0 && gaps.some(gap => gap.from <= result.at && (gap.until ?? Number.POSITIVE_INFINITY) >= latestAt!);
			if (next === 0 || isAfterGap) {
				const unrecorded = isAfterGap ? {from: state!, unrecordedAfter: latestAt!} : {};
				changes.push({at: result.at, to: result.state, ...unrecorded, ...(result.reason ? {reason: result.reason} : {}), ...(isFirstSeen ? {isFirstSeen: true as const} : {})});
				state = result.state;
			}
		}

		latestAt = result.at;
	}

	takeRecorded(Number.POSITIVE_INFINITY);
	return changes;
}

/** A stretch the history's writer could not write (ReportInput.historyGaps); `until` absent: to the end of the run. */
export type HistoryGapSpan = {readonly from: number; readonly until?: number};

/** The records of one check and the history's gaps, which explain a change the records do not hold. */
type CheckHistory = {readonly transitions: readonly HistoryTransition[]; readonly results: readonly HistoryResult[]; readonly gaps?: readonly HistoryGapSpan[]};

/** Failing periods of check `id` that overlap [since, until], oldest first. Inputs sorted by `at`. */
export function incidentsFor(
	id: string,
	history: CheckHistory,
	since: number,
	until: number,
): Incident[] {
	const incidents: Incident[] = [];
	let open: {start: number; startedBefore: boolean; beganAt?: number; reason?: Reason; unrecordedAfter?: number} | undefined;
	let isAfterFirst = false;
	for (const change of changesFor(id, history.transitions, history.results, history.gaps)) {
		// The history's first change is its first result's state, which may have begun before it; a later one, or a
		// recorded one (it says what it left), began when it says.
		const isKnownStart = !change.isFirstSeen && (isAfterFirst || change.from !== undefined);
		isAfterFirst = true;
		if (change.at > until) {
			break;
		}

		if (change.to === 'failing') {
			open ??= change.at < since || change.isFirstSeen
				? {start: Math.max(since, change.at), startedBefore: true, ...(change.at < since && isKnownStart ? {beganAt: change.at} : {}), ...(change.reason ? {reason: change.reason} : {})}
				: {start: change.at, startedBefore: false, ...(change.reason ? {reason: change.reason} : {}), ...(change.unrecordedAfter === undefined ? {} : {unrecordedAfter: change.unrecordedAfter})};
		} else if (open) {
			if (change.at >= since) {
				incidents.push({...open, end: change.at, durationMs: change.at - open.start});
			}

			open = undefined;
		}
	}

	if (open) {
		incidents.push({...open, durationMs: until - open.start});
	}

	return incidents;
}

/** How many times the check changed state inside [since, until]. */
export function stateChangeCount(id: string, transitions: readonly HistoryTransition[], since: number, until: number): number {
	return transitions.filter(transition => transition.id === id && transition.at >= since && transition.at <= until).length;
}

/** The change that began the check's state at `until` (recorded, or shown by its results only); none known: undefined. */
export function currentChange(id: string, history: CheckHistory, state: State, until: number): Change | undefined {
	return changesFor(id, history.transitions, history.results, history.gaps).findLast(change => change.to === state && change.at <= until);
}
