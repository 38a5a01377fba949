import type {Check} from '../config/types.js';
import type {ProbeResult, SeriesResult} from '../probes/types.js';
import {applyResult, createRow, type CheckRow} from './check-row.js';
import type {ProbeRun} from './probe-run.js';
import type {Marker, TimerHandle, Transition} from './types.js';

/** The engine's mutable record of one configured check: its schedule, its run, its rows. */
export type CheckEntry = {
	check: Check;
	/** One row, or one per series of a fanned-out check, in label order. */
	rows: Map<string, CheckRow>;
	timer?: TimerHandle;
	/** Monotonic ms the scheduled run is due (to measure slip); undefined when not scheduled. */
	dueMono?: number;
	/** Epoch ms of the scheduled run, for the view. */
	nextAt?: number;
	run?: ProbeRun;
	/** Parks the run (gives its slot back) if it is still going after parkAfterMs. */
	parkTimer?: TimerHandle;
	/** Monotonic ms the current run took its slot (its retries keep it). */
	runStartedMono?: number;
	/** Latest non-empty version seen. */
	version?: string;
	isRemoved: boolean;
};

export function createEntry(check: Check, at: number, capacity: number): CheckEntry {
	return {check, rows: new Map([[check.id, createRow(check.id, at, capacity)]]), isRemoved: false};
}

export type RecordHooks = {
	readonly capacity: number;
	readonly onRow: (row: CheckRow, result: ProbeResult, transition: Transition | undefined) => void;
	readonly onMarker: (marker: Marker) => void;
};

/** Applies a non-cancelled result: version marker, series fan-out, each row's history and state. */
export function recordResult(entry: CheckEntry, result: ProbeResult, at: number, hooks: RecordHooks): void {
	const {check} = entry;
	if (result.version) {
		if (entry.version && entry.version !== result.version) {
			hooks.onMarker({at, label: `${check.name} ${entry.version} → ${result.version}`, checkId: check.id, source: 'version'});
		}

		entry.version = result.version;
	}

	const apply = (row: CheckRow, rowResult: ProbeResult) => hooks.onRow(row, rowResult, applyResult(row, check, rowResult, at));
	const series = result.series ?? [];
	if (series.length === 0) {
		// A result without series (the query failed) applies to every series row the check already has.
		for (const row of entry.rows.values()) apply(row, result);
		return;
	}

	const {series: _series, ...shared} = result;
	const rows = new Map<string, CheckRow>();
	for (const item of [...series].sort(byLabel)) {
		const id = `${check.id}/${item.label}`;
		const row = entry.rows.get(id) ?? createRow(id, at, hooks.capacity, item.label);
		rows.set(id, row);
		apply(row, {...shared, outcome: item.outcome, reason: item.reason, summary: item.summary, value: item.value});
	}

	// Rows of series that are gone (and the check's own row, once it fans out) are dropped.
	entry.rows = rows;
}

const byLabel = (a: SeriesResult, b: SeriesResult) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
