import type {Check} from '../config/types.js';
import type {ProbeResult, SeriesResult} from '../probes/types.js';
import {applyResult, continuityMs, createRow, seedRow, seedTransitions, type CheckRow} from './check-row.js';
import {settleRestoredRun, type WatchStart} from './restored-run.js';
import {settledSuffix} from './settled-label.js';
import {displayCheck} from './display-check.js';
import type {ProbeRun} from './probe-run.js';
import type {IgnoredVersion, Marker, State, TimerHandle, Transition} from './types.js';
import {noiseWindowMs, noteVersionRead, versionSource} from './version-noise.js';

/** What the history file kept for one series row of a fanned-out check, until that series reports again. */
export type RestoredSeries = {
	readonly samples: ReadonlyArray<{at: number; latencyMs: number; state: State; reason?: Transition['reason']}>;
	readonly transitions: ReadonlyArray<{at: number; from: State; to: State; reason?: Transition['reason']}>;
	readonly starts: readonly WatchStart[];
	readonly isRecordedByAnother: boolean;
};

/** The engine's mutable record of one configured check: its schedule, its run, its rows. */
export type CheckEntry = {
	check: Check;
	/** One row, or one per series of a fanned-out check, in label order. */
	rows: Map<string, CheckRow>;
	timer?: TimerHandle;
	/** The last attempt was not judged because its deadline fell in a stop (probe-run.ts): the next one is. */
	wasStalled?: boolean;
	/** Monotonic ms the scheduled run is due (to measure slip); undefined when not scheduled. */
	dueMono?: number;
	/** Epoch ms of the scheduled run, for the view. */
	nextAt?: number;
	/** Epoch ms since the entry has waited for a free slot (its due time, or the recheck's); undefined when not waiting. */
	waitingSince?: number;
	run?: ProbeRun;
	/** Parks the run (gives its slot back) if it is still going after parkAfterMs. */
	parkTimer?: TimerHandle;
	/** Monotonic ms the current run took its slot (its retries keep it). */
	runStartedMono?: number;
	/** Latest non-empty version seen. */
	version?: string;
	/** The latest version change (marked or not), to tell a rollout's back-and-forth from a deploy. */
	lastVersionChange?: VersionChange;
	/** The version the check's latest marker (of this run) names as the new one: what its latest deploy reads as. */
	markedVersion?: string;
	/** The version the latest deploy (a marked change that is no change back) left: where a settled rollout came from. */
	deployedFrom?: string;
	/**
	 * When the first result since the latest one that read a version came, while every result since has failed
	 * without reading one (the old instance gone, the new one not answering yet): where a version change that
	 * follows it soon enough is marked (deployStart).
	 */
	downSinceVersionRead?: number;
	/** Each version read within the noise window and when last (version-noise.ts). */
	versionsSeen?: Map<string, number>;
	/** Set once the version is judged not to be one: no markers from it until the check's `version:` changes. */
	versionIgnored?: IgnoredVersion;
	/**
	 * A fanned-out check's series rows from the history file, by row id: their rows exist only once a result
	 * names them, so each takes its history (sparkline, baseline, "failing for") when its first one comes.
	 */
	restoredSeries?: Map<string, RestoredSeries>;
	/** A reload changed the check's settings and no run has started since: the next run's result is marked (Transition.afterReload). */
	isChangedByReload?: boolean;
	/** The run going on started after such a reload. A run in flight at the reload was judged by the settings before it. */
	isRunAfterReload?: boolean;
	isRemoved: boolean;
	/**
	 * A check a reload added whose history is still being read (MonitorOptions.loadHistory): a run before its seed
	 * would start a new state where the file has an outage going on, so a recheck asked meanwhile waits for it
	 * (`'asked'`), and the seed, once there, schedules or runs the check.
	 */
	awaitingSeed?: 'waiting' | 'asked';
	/** When a reload removed it (monotonic ms): its rows are kept for a return only so long (monitor.ts forgetLongRemoved). */
	removedMono?: number;
};

/** A change of a check's version: from, to, when, and whether it undid the change before it. */
export type VersionChange = {readonly from: string; readonly to: string; readonly at: number; readonly isFlipBack: boolean};

/**
 * How soon a change back to the version before counts as the same rollout: a load balancer in front of old
 * and new instances answers from either, so the version can change at every probe until the rollout ends.
 */
export const versionFlipWindowMs = 60_000;

/**
 * Whether a version change is a deploy marker. The deploy is, and so is the first change back within a
 * minute (it may be a rollback); a change back after a change back is the rollout's mix of old and new
 * instances: marking each would bury the markers list and reset the before/after window at every probe.
 */
export function isMarkedVersionChange(change: VersionChange, previous: VersionChange | undefined): boolean {
	return !(change.isFlipBack && previous?.isFlipBack === true);
}

/**
 * The marker of a rollout that settled: `version` has held for the flip window since the latest change, and the
 * check's latest marker names another (a rolling update behind a load balancer ended on 4.0.0 after its marked
 * `3.0.0 → 4.0.0` and `4.0.0 → 3.0.0`, its later flips unmarked). Without it the deploy that finished read as
 * "since 4.0.0 → 3.0.0", a rollback, for as long as no other marker came. At the change that began the hold.
 */
function settledMarker(entry: CheckEntry, version: string, at: number): Marker | undefined {
	const change = entry.lastVersionChange;
	if (change === undefined || entry.markedVersion === undefined || entry.markedVersion === version || change.to !== version) return undefined;
	if (at - change.at < versionFlipWindowMs) return undefined;
	const checkName = displayCheck(entry.check).name;
	const from = entry.deployedFrom !== undefined && entry.deployedFrom !== version ? entry.deployedFrom : entry.markedVersion;
	return {at: change.at, label: `${checkName} ${from} → ${version}${settledSuffix}`, checkId: entry.check.id, checkName, source: 'version', isSettled: true};
}

/**
 * Where the deploy whose new version was first read at `at` began: at the first result after the old version's
 * last answer when every result between them failed (a single instance restarted: killed, then started seconds
 * later) and that first one is at most restartGapMs before `at`, else at `at`. Marked at the new version's first
 * answer, the restart's outage would fall in the window before the marker, and the deploy that caused it would
 * read as "better". What the service did while no answer said its version is the deploy's doing; results that
 * still read the old version stay before the marker. A longer outage is not a restart: a hotfix that ended hours
 * of failing did not cause them, and moved back to their start its marker would count them against the fix.
 */
export function deployStart(entry: Pick<CheckEntry, 'downSinceVersionRead' | 'check'>, at: number): number {
	const downSince = entry.downSinceVersionRead;
	if (downSince === undefined || downSince >= at || at - downSince > restartGapMs(entry.check.intervalMs)) return at;
	return downSince;
}

/**
 * How long a run of failing results before a new version may last and still be the deploy's restart: the flip
 * window (a minute, as long as uptop takes a version's back-and-forth for one rollout; a restart takes seconds),
 * or two intervals for a check probed less often than every 30 s, whose restart shows as one or two failed
 * probes (the kill just after one probe, the start just before the next but one).
 */
export function restartGapMs(intervalMs: number): number {
	return Math.max(versionFlipWindowMs, 2 * intervalMs);
}

/** `at`: wall-clock epoch ms; `mono`: the engine's monotonic ms at the same moment. */
export function createEntry(check: Check, at: number, mono: number, capacity: number): CheckEntry {
	return {check, rows: new Map([[check.id, createRow(check.id, at, capacity, undefined, mono)]]), isRemoved: false};
}

export type RecordHooks = {
	readonly capacity: number;
	/** `isContinued`: the first result after a restart found the state the earlier run left (no transition). */
	readonly onRow: (row: CheckRow, result: ProbeResult, transition: Transition | undefined, isContinued: boolean) => void;
	readonly onMarker: (marker: Marker) => void;
	/** The check's version was just judged not to be one. */
	readonly onVersionIgnored: (entry: CheckEntry, ignored: IgnoredVersion) => void;
	/**
	 * A row left the check (its series left the query's answer, or the check's own row once it fans out): its state
	 * ends, the change to pending says why. `isFannedOut`: the latter.
	 */
	readonly onRowGone?: (row: CheckRow, transition: Transition, entry: CheckEntry, isFannedOut: boolean) => void;
};

/**
 * Applies a non-cancelled result that came in at `at` (wall-clock epoch ms) and `mono` (the engine's monotonic ms):
 * version marker, series fan-out, each row's history and state.
 */
export function recordResult(entry: CheckEntry, result: ProbeResult, at: number, mono: number, hooks: RecordHooks, isAfterReload = false): void {
	const {check} = entry;
	if (result.version) {
		// Judged before the change is marked: the read that shows the version is no version makes no marker.
		if (entry.versionIgnored === undefined) {
			const values = noteVersionRead(entry.versionsSeen ??= new Map(), result.version, at, noiseWindowMs(check.intervalMs));
			if (values !== undefined) {
				entry.versionIgnored = Object.freeze({at, values: values.map(([value]) => value), spanMs: at - values[0]![1], source: versionSource(check)});
				entry.versionsSeen = undefined;
				hooks.onVersionIgnored(entry, entry.versionIgnored);
			}
		}

		if (entry.version && entry.version !== result.version && entry.versionIgnored === undefined) {
			const previous = entry.lastVersionChange;
			const isFlipBack = previous !== undefined && previous.to === entry.version && previous.from === result.version && at - previous.at < versionFlipWindowMs;
			const change = {from: entry.version, to: result.version, at, isFlipBack};
			if (isMarkedVersionChange(change, previous)) {
				// The name as every output shows it (`••••` for a part from `${NAME}`): the label is printed as it is.
				const checkName = displayCheck(check).name;
				const startAt = deployStart(entry, at);
				hooks.onMarker({at: startAt, label: `${checkName} ${entry.version} → ${result.version}`, checkId: check.id, checkName, source: 'version', ...(startAt < at ? {answeredAt: at} : {})});
				entry.markedVersion = result.version;
				if (!isFlipBack) entry.deployedFrom = entry.version;
			}

			entry.lastVersionChange = change;
		} else if (entry.version === result.version && entry.versionIgnored === undefined) {
			const settled = settledMarker(entry, result.version, at);
			if (settled !== undefined) {
				hooks.onMarker(settled);
				entry.markedVersion = result.version;
			}
		}

		entry.version = result.version;
		entry.downSinceVersionRead = undefined;
	} else if (result.outcome === 'failing') {
		entry.downSinceVersionRead ??= at;
	} else {
		// Up, warn or unknown (a plugin that could not tell) says nothing of an instance gone: the run of failures ends.
		entry.downSinceVersionRead = undefined;
	}

	const apply = (row: CheckRow, rowResult: ProbeResult) => {
		// A restored row that is still pending either changes state now or continues the earlier run's.
		const isRestoring = row.state === 'pending' && row.restored !== undefined;
		const transition = applyResult(row, check, rowResult, at, mono, isAfterReload);
		hooks.onRow(row, rowResult, transition, isRestoring && transition === undefined);
	};
	const series = result.series ?? [];
	if (series.length === 0) {
		// A result without series (the query failed) applies to every series row the check already has.
		for (const row of entry.rows.values()) apply(row, result);
		return;
	}

	// Rows of series that are gone (and the check's own row, once it fans out) are dropped below; a state they were
	// in ends first, or the stream, the history and the report would hold it open for ever ("failing now").
	const ids = new Set(series.map(item => `${check.id}/${item.label}`));
	for (const [id, row] of entry.rows) {
		if (ids.has(id) || row.state === 'pending') continue;
		const why = id === check.id ? `now a row per ${check.kind === 'prometheus' ? check.each ?? 'series' : 'series'}: the query's answer has series` : 'no longer in the query\'s answer';
		hooks.onRowGone?.(row, goneTransition(row, at, mono, why), entry, id === check.id);
	}

	const {series: _series, ...shared} = result;
	const rows = new Map<string, CheckRow>();
	for (const item of [...series].sort(byLabel)) {
		const id = `${check.id}/${item.label}`;
		const row = entry.rows.get(id) ?? restoredRow(entry, id, item.label, at, mono, hooks.capacity);
		rows.set(id, row);
		apply(row, {...shared, outcome: item.outcome, reason: item.reason, summary: item.summary, value: item.value});
	}

	entry.rows = rows;
}

/** The change to pending of a row that left its check: how long its state held, measured as applyResult measures it. */
function goneTransition(row: CheckRow, at: number, mono: number, message: string): Transition {
	const fromHeldMs = row.sinceMono === undefined ? at - row.since : mono - row.sinceMono;
	return Object.freeze({
		at,
		from: row.state,
		to: 'pending',
		reason: {code: 'no_data' as const, message},
		fromSince: row.since,
		fromHeldMs: Math.max(0, fromHeldMs),
		...(row.unwatchedMs === undefined || row.unwatchedMs <= 0 ? {} : {unwatchedMs: row.unwatchedMs}),
	});
}

function restoredRow(entry: CheckEntry, id: string, label: string, at: number, mono: number, capacity: number): CheckRow {
	const row = createRow(id, at, capacity, label, mono);
	const restored = entry.restoredSeries?.get(id);
	if (restored === undefined) return row;
	entry.restoredSeries!.delete(id);
	if (restored.samples.length > 0) seedRow(row, restored.samples.slice(-capacity), continuityMs(entry.check), restored.isRecordedByAnother);
	if (restored.transitions.length > 0) seedTransitions(row, entry.check, restored.transitions);
	settleRestoredRun(row, entry.check, restored.transitions, restored.starts);
	return row;
}

const byLabel = (a: SeriesResult, b: SeriesResult) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
