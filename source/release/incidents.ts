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
	readonly reason?: Reason;
};

/** `isFirstSeen`: the state of the history's first result, which began before the history does. */
type Change = {readonly at: number; readonly to: State; readonly reason?: Reason; readonly isFirstSeen?: true};

/**
 * State changes from recorded transitions, and from consecutive results before the first of them (all of them for
 * a history without any): compaction (7 days, 20 MB) drops the oldest lines, a check's change into failing with
 * them, and the results after it still say it was failing.
 */
function changesFor(id: string, transitions: readonly HistoryTransition[], results: readonly HistoryResult[]): Change[] {
	const recorded = transitions.filter(transition => transition.id === id);
	const firstRecordedAt = recorded[0]?.at ?? Number.POSITIVE_INFINITY;
	const changes: Change[] = [];
	let previous: State | undefined;
	for (const result of results) {
		if (result.at >= firstRecordedAt) break;
		if (result.id === id && result.state !== previous) {
			// With changes recorded after it, the first result's state began before the history: its change was dropped.
			const isFirstSeen = previous === undefined && recorded.length > 0;
			changes.push({at: result.at, to: result.state, ...(result.reason ? {reason: result.reason} : {}), ...(isFirstSeen ? {isFirstSeen: true as const} : {})});
			previous = result.state;
		}
	}

	return [...changes, ...recorded.map(({at, to, reason}) => ({at, to, ...(reason ? {reason} : {})}))];
}

/** Failing periods of check `id` that overlap [since, until], oldest first. Inputs sorted by `at`. */
export function incidentsFor(
	id: string,
	history: {readonly transitions: readonly HistoryTransition[]; readonly results: readonly HistoryResult[]},
	since: number,
	until: number,
): Incident[] {
	const incidents: Incident[] = [];
	let open: {start: number; startedBefore: boolean; reason?: Reason} | undefined;
	for (const change of changesFor(id, history.transitions, history.results)) {
		if (change.at > until) {
			break;
		}

		if (change.to === 'failing') {
			open ??= change.at < since || change.isFirstSeen
				? {start: Math.max(since, change.at), startedBefore: true, ...(change.reason ? {reason: change.reason} : {})}
				: {start: change.at, startedBefore: false, ...(change.reason ? {reason: change.reason} : {})};
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
