import type {Check} from '../config/types.js';
import type {CheckView, State} from '../monitor/types.js';
import {fit} from '../ui/text.js';
import {rowOwner, seriesRowName} from '../monitor/row-owner.js';

/** "48 ms", "1.32 s"; a dash when there is nothing to show. */
export function formatLatency(latencyMs: number | undefined): string {
	if (latencyMs === undefined || !Number.isFinite(latencyMs)) {
		return '-';
	}

	if (latencyMs < 10) {
		return `${latencyMs.toFixed(1)} ms`;
	}

	if (latencyMs < 1000) {
		return `${Math.round(latencyMs)} ms`;
	}

	return `${(latencyMs / 1000).toFixed(2)} s`;
}

/** What the row says about its latest result: the reason when it did not pass, else the summary. */
export function describeResult(row: CheckView): string {
	if (row.last === undefined) {
		return 'no result yet';
	}

	return row.last.reason?.message ?? row.last.summary;
}

export function rowName(row: CheckView): string {
	return seriesRowName(row.check.name, row.seriesLabel);
}

export type RowIdentity = {readonly check?: Check; readonly series?: string};

/** The check and series label of an engine row id (`checkId`, or `checkId/label` for a series; events carry only the id). */
export function splitRowId(id: string, checksById: ReadonlyMap<string, Check>): RowIdentity {
	return rowOwner(id, checksById) ?? {};
}

/** What an event's row is called: as `rowName` calls it in a snapshot; the raw id for a check no longer configured. */
export function eventRowName(id: string, identity: RowIdentity): string {
	return identity.check === undefined ? id : seriesRowName(identity.check.name, identity.series);
}

// Unknown and pending both end --once with 3 (UNKNOWN); a failing check still makes it 2.
const severity: Record<State, number> = {up: 0, slow: 1, warn: 2, pending: 3, unknown: 3.5, failing: 4};

export function worstState(states: Iterable<State>): State | undefined {
	let worst: State | undefined;
	for (const state of states) {
		if (worst === undefined || severity[state] > severity[worst]) {
			worst = state;
		}
	}

	return worst;
}

/** Nagios plugin semantics: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
export function exitCodeForStates(states: readonly State[]): 0 | 1 | 2 | 3 {
	if (states.length === 0) {
		return 3;
	}

	const worst = worstState(states);
	switch (worst) {
		case 'up': {
			return 0;
		}

		case 'slow':
		case 'warn': {
			return 1;
		}

		case 'failing': {
			return 2;
		}

		default: {
			return 3;
		}
	}
}

/** Exactly `width` terminal cells: cut with `…` or padded with spaces, wide characters (CJK, emoji) counted as two. */
export function padEnd(text: string, width: number): string {
	return fit(text, width);
}
