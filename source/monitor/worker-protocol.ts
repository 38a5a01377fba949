import type {Check} from '../config/types.js';
import type {MonitorOptions} from './monitor.js';
import {freezeSnapshot} from './snapshot.js';
import type {CheckView, Marker, MonitorCommand, MonitorEvent, Snapshot, StateCounts} from './types.js';

/** What the worker needs to start: plain data only (it crosses a structured clone). */
export type WorkerInit = {
	readonly checks: readonly Check[];
	readonly options: {
		readonly concurrency?: number;
		readonly publishIntervalMs?: number;
		readonly historyCapacity?: number;
		readonly initialMarkers?: readonly Marker[];
		readonly initialHistory?: MonitorOptions['initialHistory'];
		readonly releaseWindowMs?: number;
	};
	/** URL of a module exporting `probeCheck(check, signal)`; default the built-in probes. */
	readonly probeModule?: string;
};

/**
 * A snapshot as sent across the thread boundary: only the rows whose view changed since the last one, so a
 * quiet fleet costs a few bytes a tick and unchanged rows keep their identity (React skips them).
 */
export type SnapshotDelta = {
	readonly at: number;
	readonly sequence: number;
	readonly isPaused: boolean;
	readonly counts: StateCounts;
	readonly order: readonly string[];
	readonly changed: readonly CheckView[];
	readonly markers?: readonly Marker[];
};

export type ToWorker = {readonly type: 'command'; readonly command: MonitorCommand} | {readonly type: 'stop'};

export type FromWorker =
	| {readonly type: 'snapshot'; readonly delta: SnapshotDelta}
	| {readonly type: 'events'; readonly events: readonly MonitorEvent[]}
	| {readonly type: 'stopped'};

export function createDeltaEncoder(): (snapshot: Snapshot) => SnapshotDelta {
	let sent = new Map<string, CheckView>();
	let sentMarkers: readonly Marker[] | undefined;
	return snapshot => {
		const next = new Map<string, CheckView>();
		const changed: CheckView[] = [];
		for (const row of snapshot.rows) {
			next.set(row.id, row);
			if (sent.get(row.id) !== row) changed.push(row);
		}

		sent = next;
		const markers = snapshot.markers === sentMarkers ? undefined : snapshot.markers;
		sentMarkers = snapshot.markers;
		return {at: snapshot.at, sequence: snapshot.sequence, isPaused: snapshot.isPaused, counts: snapshot.counts, order: snapshot.rows.map(row => row.id), changed, markers};
	};
}

export function createDeltaDecoder(initial: Snapshot): (delta: SnapshotDelta) => Snapshot {
	let views = new Map(initial.rows.map(row => [row.id, row]));
	let markers = initial.markers;
	return delta => {
		for (const view of delta.changed) views.set(view.id, freezeView(view));
		if (delta.markers !== undefined) markers = Object.freeze(delta.markers.map(marker => Object.freeze(marker)));
		const rows: CheckView[] = [];
		const kept = new Map<string, CheckView>();
		for (const id of delta.order) {
			const view = views.get(id);
			if (view === undefined) continue;
			rows.push(view);
			kept.set(id, view);
		}

		views = kept;
		return freezeSnapshot({at: delta.at, rows: Object.freeze(rows), isPaused: delta.isPaused, markers, sequence: delta.sequence});
	};
}

function freezeView(view: CheckView): CheckView {
	for (const list of [view.recentLatencyMs, view.recentStates, view.history, view.transitions]) Object.freeze(list);
	for (const item of [...view.history, ...view.transitions]) Object.freeze(item);
	return Object.freeze(view);
}
