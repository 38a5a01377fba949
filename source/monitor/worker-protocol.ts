import type {Check} from '../config/types.js';
import type {MonitorOptions} from './monitor.js';
import {freezeSnapshot} from './snapshot.js';
import {stateCodes, statesByCode} from './state-codes.js';
import type {CheckView, GoneRow, HistoryEntry, Marker, MonitorCommand, MonitorEvent, Snapshot, StateCounts, Transition} from './types.js';

/** What the worker needs to start: plain data only (it crosses a structured clone). */
export type WorkerInit = {
	readonly checks: readonly Check[];
	readonly options: {
		readonly concurrency?: number;
		readonly publishIntervalMs?: number;
		readonly historyCapacity?: number;
		readonly initialMarkers?: readonly Marker[];
		readonly initialHistory?: MonitorOptions['initialHistory'];
		readonly initialTransitions?: MonitorOptions['initialTransitions'];
		readonly initialVersions?: MonitorOptions['initialVersions'];
		readonly releaseWindowMs?: number;
	};
	/** URL of a module exporting `probeCheck(check, signal)`; default the built-in probes. */
	readonly probeModule?: string;
	/**
	 * The history file to seed the engine from, read here rather than by the render thread: a full one
	 * (20 MB) takes ~400 ms to parse, which held the live screen's first frame until it was read.
	 */
	readonly historyFile?: string;
	/** Where the past is read from at start instead, when another name of the config has the later history. */
	readonly pastHistoryFile?: string;
	/** The histories of the config's other names: their markers are read beside the past's. */
	readonly pastMarkerFiles?: readonly string[];
};

/**
 * A row as it crosses the thread boundary. Cloning whole views cost the worker 6–17 ms a second for 200
 * changing rows (every probe answer arriving meanwhile was timed that much late): so the check is sent only
 * when it changed, the detail lists only their new entries, and the sparkline series as typed arrays.
 */
export type WireView = Omit<CheckView, 'check' | 'history' | 'transitions' | 'recentLatencyMs' | 'recentStates' | 'recentAt'> & {
	/** Absent when the receiver's previous view of the row has the same check. */
	readonly check?: Check;
	/** New entries, newest first, to put in front of the receiver's list; the whole list when `isFull`. */
	readonly history: ListUpdate<HistoryEntry>;
	readonly transitions: ListUpdate<Transition>;
	readonly recentLatencyMs: Float64Array;
	/** State codes (state-codes.ts). */
	readonly recentStates: Uint8Array;
	readonly recentAt?: Float64Array;
};

export type ListUpdate<T> = {readonly items: readonly T[]; readonly isFull: boolean; readonly length: number};

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
	readonly changed: readonly WireView[];
	readonly markers?: readonly Marker[];
	/**
	 * Absent when the same as the last snapshot's. Rows that go are added at its end and the oldest dropped from its
	 * head (gone-rows.ts): a release replacing many pods adds one at a time, and the whole list (up to a hundred
	 * views) each time was a clone that grew with every pod. `items` go after the receiver's list, cut to `length`
	 * from the end; the whole list when `isFull` (a reload took a row out of its middle).
	 */
	readonly gone?: ListUpdate<GoneRow>;
};

export type ToWorker =
	| {readonly type: 'command'; readonly command: MonitorCommand}
	/** Post the events held for the next batch now, then `drained`: what came before it is all on its way. */
	| {readonly type: 'drain'}
	| {readonly type: 'stop'};

export type FromWorker =
	/** Changed rows of the snapshot that follows, sent ahead in slices (see `sliceDelta`). */
	| {readonly type: 'rows'; readonly rows: readonly WireView[]}
	| {readonly type: 'snapshot'; readonly delta: SnapshotDelta}
	| {readonly type: 'events'; readonly events: readonly MonitorEvent[]}
	/** Something to tell the user that is not an error of the engine (the history file could not be read). */
	| {readonly type: 'notice'; readonly text: string}
	/** The answer to `drain`: every event the engine had emitted when the worker read it was posted before this. */
	| {readonly type: 'drained'}
	| {readonly type: 'stopped'};


/** The entries of `list` newer than `sentHead` (lists are newest first and only grow at the front). */
function listUpdate<T>(list: readonly T[], sentHead: T | undefined): ListUpdate<T> {
	const index = sentHead === undefined ? -1 : list.indexOf(sentHead);
	return index === -1 ? {items: list, isFull: true, length: list.length} : {items: list.slice(0, index), isFull: false, length: list.length};
}

function applyListUpdate<T>(update: ListUpdate<T>, previous: readonly T[]): T[] {
	return update.isFull ? [...update.items] : [...update.items, ...previous].slice(0, update.length);
}

/** The entries of `list` after those of `sent` it still holds (lists that grow at the end and drop from the head). */
function tailUpdate<T>(list: readonly T[], sent: readonly T[]): ListUpdate<T> {
	const dropped = list.length === 0 ? -1 : sent.indexOf(list[0]!);
	const keptCount = dropped === -1 ? 0 : sent.length - dropped;
	const isTail = (sent.length === 0 || dropped !== -1) && keptCount <= list.length && list.slice(0, keptCount).every((item, index) => item === sent[dropped + index]);
	return isTail ? {items: list.slice(keptCount), isFull: false, length: list.length} : {items: list, isFull: true, length: list.length};
}

function applyTailUpdate<T>(update: ListUpdate<T>, previous: readonly T[]): T[] {
	if (update.isFull) return [...update.items];
	const joined = [...previous, ...update.items];
	return joined.slice(joined.length - update.length);
}

export function createDeltaEncoder(): (snapshot: Snapshot) => SnapshotDelta {
	let sent = new Map<string, CheckView>();
	let sentMarkers: readonly Marker[] | undefined;
	let sentGone: readonly GoneRow[] | undefined;
	return snapshot => {
		const next = new Map<string, CheckView>();
		const changed: WireView[] = [];
		for (const row of snapshot.rows) {
			const previous = sent.get(row.id);
			next.set(row.id, row);
			if (previous === row) continue;
			const {check, history, transitions, recentLatencyMs, recentStates, recentAt, ...rest} = row;
			changed.push({
				...rest,
				...(previous?.check === check ? {} : {check}),
				history: listUpdate(history, previous?.history[0]),
				transitions: listUpdate(transitions, previous?.transitions[0]),
				recentLatencyMs: Float64Array.from(recentLatencyMs),
				recentStates: Uint8Array.from(recentStates, state => stateCodes[state]),
				...(recentAt === undefined ? {} : {recentAt: Float64Array.from(recentAt)}),
			});
		}

		sent = next;
		const markers = snapshot.markers === sentMarkers ? undefined : snapshot.markers;
		sentMarkers = snapshot.markers;
		const gone = snapshot.gone === sentGone ? undefined : tailUpdate(snapshot.gone ?? [], sentGone ?? []);
		sentGone = snapshot.gone;
		return {at: snapshot.at, sequence: snapshot.sequence, isPaused: snapshot.isPaused, counts: snapshot.counts, order: snapshot.rows.map(row => row.id), changed, markers, ...(gone === undefined ? {} : {gone})};
	};
}

export function createDeltaDecoder(initial: Snapshot): (delta: SnapshotDelta) => Snapshot {
	let views = new Map(initial.rows.map(row => [row.id, row]));
	let markers = initial.markers;
	let gone = initial.gone;
	return delta => {
		for (const wire of delta.changed) views.set(wire.id, fromWire(wire, views.get(wire.id)));
		if (delta.markers !== undefined) markers = Object.freeze(delta.markers.map(marker => Object.freeze(marker)));
		if (delta.gone !== undefined) {
			const added = {...delta.gone, items: delta.gone.items.map(row => Object.freeze({...row, view: freezeView(row.view)}))};
			gone = Object.freeze(applyTailUpdate(added, gone ?? []));
		}
		const rows: CheckView[] = [];
		const kept = new Map<string, CheckView>();
		for (const id of delta.order) {
			const view = views.get(id);
			if (view === undefined) continue;
			rows.push(view);
			kept.set(id, view);
		}

		views = kept;
		return freezeSnapshot({at: delta.at, rows: Object.freeze(rows), isPaused: delta.isPaused, markers, gone, sequence: delta.sequence});
	};
}

function fromWire(wire: WireView, previous: CheckView | undefined): CheckView {
	const {check, history, transitions, recentLatencyMs, recentStates, recentAt, ...rest} = wire;
	const resolvedCheck = check ?? previous?.check;
	if (resolvedCheck === undefined) {
		throw new Error(`uptop: snapshot delta for ${wire.id} has no check and no earlier view`);
	}

	const view: CheckView = {
		...rest,
		check: resolvedCheck,
		history: applyListUpdate(history, previous?.history ?? []),
		transitions: applyListUpdate(transitions, previous?.transitions ?? []),
		recentLatencyMs: Array.from(recentLatencyMs),
		recentStates: Array.from(recentStates, code => statesByCode[code] ?? 'pending'),
		...(recentAt === undefined ? {} : {recentAt: Array.from(recentAt)}),
	};
	return freezeView(view);
}

function freezeView(view: CheckView): CheckView {
	for (const list of [view.recentLatencyMs, view.recentStates, view.history, view.transitions, view.recentAt]) {
		if (list !== undefined) Object.freeze(list);
	}

	for (const item of [...view.history, ...view.transitions]) Object.freeze(item);
	if (view.continued !== undefined) Object.freeze(view.continued);
	if (view.cutRun !== undefined) Object.freeze(view.cutRun);
	if (view.firstChange !== undefined) Object.freeze(view.firstChange);
	return Object.freeze(view);
}

/** Rows a message carries at most: serializing one slice holds the worker well under a millisecond. */
export const rowsPerSlice = 25;

/**
 * A delta as messages to post one macrotask apart: its changed rows in slices, then the snapshot itself.
 * Serializing 200 changed rows in one postMessage held the worker ~5 ms, and a probe answer that arrived
 * meanwhile was timed that much late; between slices the worker reads its sockets.
 */
export function sliceDelta(delta: SnapshotDelta, size = rowsPerSlice): FromWorker[] {
	const messages: FromWorker[] = [];
	let start = 0;
	while (delta.changed.length - start > size) {
		messages.push({type: 'rows', rows: delta.changed.slice(start, start + size)});
		start += size;
	}

	messages.push({type: 'snapshot', delta: start === 0 ? delta : {...delta, changed: delta.changed.slice(start)}});
	return messages;
}

/** The receiving side of `sliceDelta`: collects rows until their snapshot arrives, then hands over the whole delta. */
export function createDeltaAssembler(): (message: FromWorker) => SnapshotDelta | undefined {
	let rows: WireView[] = [];
	return message => {
		if (message.type === 'rows') {
			rows.push(...message.rows);
			return undefined;
		}

		if (message.type !== 'snapshot') {
			return undefined;
		}

		const delta = rows.length === 0 ? message.delta : {...message.delta, changed: [...rows, ...message.delta.changed]};
		rows = [];
		return delta;
	};
}
