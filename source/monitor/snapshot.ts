import type {Check} from '../config/types.js';
import {displayCheck} from './display-check.js';
import type {CheckView, GoneRow, Marker, Snapshot, State, StateCounts} from './types.js';

export function countStates(rows: readonly CheckView[]): StateCounts {
	const counts: Record<State, number> = {pending: 0, up: 0, slow: 0, warn: 0, failing: 0, unknown: 0};
	for (const row of rows) counts[row.state]++;
	return Object.freeze(counts);
}

export type SnapshotParts = {
	readonly at: number;
	readonly rows: readonly CheckView[];
	readonly isPaused: boolean;
	readonly markers: readonly Marker[];
	readonly gone?: readonly GoneRow[];
	readonly sequence: number;
};

export function freezeSnapshot(parts: SnapshotParts): Snapshot {
	const rows = Object.isFrozen(parts.rows) ? parts.rows : Object.freeze([...parts.rows]);
	return Object.freeze({at: parts.at, rows, counts: countStates(rows), isPaused: parts.isPaused, markers: parts.markers, ...(parts.gone === undefined || parts.gone.length === 0 ? {} : {gone: parts.gone}), sequence: parts.sequence});
}

/** Every check pending: what a screen shows before the first result (and before a worker reports). */
export function pendingView(check: Check, at: number): CheckView {
	return Object.freeze({
		id: check.id,
		checkId: check.id,
		check: displayCheck(check),
		state: 'pending',
		recentLatencyMs: Object.freeze([]),
		recentStates: Object.freeze([]),
		samples: 0,
		history: Object.freeze([]),
		transitions: Object.freeze([]),
		since: at,
		isRunning: false,
	});
}

export function initialSnapshot(checks: readonly Check[], at: number): Snapshot {
	return freezeSnapshot({at, rows: checks.map(check => pendingView(check, at)), isPaused: false, markers: Object.freeze([]), sequence: 0});
}
