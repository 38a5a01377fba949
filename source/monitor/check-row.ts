import type {Check} from '../config/types.js';
import type {ProbeResult} from '../probes/types.js';
import {isLocalLimit} from '../probes/local-limits.js';
import {classifyState} from './classify-state.js';
import {extendCutRun} from './flap-run.js';
import {localAddressGraceMs} from './lasting-local-limit.js';
import {LatencyHistory, percentileWindow} from './latency-history.js';
import type {CheckView, Continued, CutRun, HistoryEntry, IgnoredVersion, ReleaseView, State, Transition} from './types.js';

/** Samples in the sparkline window of a view. */
export const recentSize = 60;
/** Entries kept for the detail pane's history and transitions lists. */
export const detailSize = 20;
const hourMs = 3_600_000;

type RowStats = Pick<
	CheckView,
	'recentLatencyMs' | 'recentStates' | 'recentAt' | 'p50Ms' | 'p95Ms' | 'uptime' | 'uptime1h' | 'uptime24h' | 'keptFrom' | 'samples' | 'retried' | 'history' | 'transitions'
>;

/** One row of the table: a check, or one series of a fanned-out check. Mutable, engine-private. */
export type CheckRow = {
	readonly id: string;
	readonly seriesLabel?: string;
	readonly history: LatencyHistory;
	state: State;
	since: number;
	/**
	 * `since` on the engine's monotonic clock, which a wall-clock step (NTP, a VM resumed) does not move: how long
	 * the state has held is measured on it. For a state carried over a restart, this run's part is measured on it
	 * and the part before on the wall clock (the history file keeps no other). Absent where no monotonic time was given.
	 */
	sinceMono?: number;
	last?: ProbeResult;
	/**
	 * When a result last came from the target (any but a local limit's: local-limits.ts), or the row was made: wall
	 * ms, and monotonic ms where known. How long since tells a lasting missing local address from a shortage.
	 */
	reachedAt: number;
	reachedMono?: number;
	/** Newest first, at most detailSize. */
	entries: HistoryEntry[];
	/** Newest first, at most detailSize. */
	transitions: Transition[];
	/** Older state changes were dropped from `transitions`. */
	transitionsCut?: true;
	/** How many (CheckView.transitionsDropped). */
	transitionsDropped?: number;
	/** The newest run of those dropped (CheckView.cutRun). */
	cutRun?: CutRun;
	/** The change from pending, once dropped (CheckView.firstChange). */
	firstChange?: Transition;
	/** How many changes were dropped before it (CheckView.droppedBeforeFirstChange). */
	droppedBeforeFirstChange?: number;
	/** Derived figures, dropped when a result arrives. */
	stats?: RowStats;
	/** Before/after the latest marker that applies to this row (release-tracker.ts). */
	release?: ReleaseView;
	/** The published view, dropped when anything about the row changes. */
	view?: CheckView;
	/** Last computed [p50, p95] and how many samples arrived since. */
	quantiles?: Array<number | undefined>;
	samplesSinceQuantiles: number;
	/**
	 * From the history file: the state of the last result before this run, and since when it held; recorded by
	 * another uptop still running (MonitorOptions.isHistoryRecordedByAnother), not left at a restart.
	 */
	restored?: {
		readonly state: State;
		readonly at: number;
		readonly since: number;
		readonly isRecordedByAnother?: true;
		readonly isReAdded?: true;
		/** For a row of this run (resumeRow): `at` and `since` on the rows' monotonic clock, which a wall-clock step does not move. */
		readonly mono?: {readonly at: number; readonly since: number};
		/**
		 * How much of the state it held went unwatched before `at`: across an earlier restart of this run's (a row of
		 * this run, CheckRow.unwatchedMs), or the gaps between the uptops that recorded it (restored-run.ts).
		 */
		readonly unwatchedMs?: number;
		/** The state runs back to the oldest result kept: it may have begun before it, when a state change recorded says (restored-run.ts). */
		readonly isFromOldestKept?: true;
		/** When the earlier run's results last came from the target, if its last one did not (wall ms). */
		readonly reachedAt?: number;
	};
	/** This run's first result found the state the earlier run left: when, and which state (CheckView.continued). */
	continued?: Continued;
	/** Of the time the state has held (since `since`), how long uptop was not running: the gap a restart continued over. */
	unwatchedMs?: number;
};

/**
 * How long after the last result of an earlier run a fresh result may come and still continue it: an SSH
 * drop and a restart take minutes. After a longer gap uptop cannot tell whether the state changed meanwhile.
 */
export function continuityMs(check: Check): number {
	return Math.max(3 * check.intervalMs, 5 * 60_000);
}

/** `at` is wall-clock epoch ms; `mono` the engine's monotonic ms at the same moment (Clock). */
export function createRow(id: string, at: number, capacity: number, seriesLabel?: string, mono?: number): CheckRow {
	return {id, seriesLabel, history: new LatencyHistory(capacity), state: 'pending', since: at, sinceMono: mono, reachedAt: at, reachedMono: mono, entries: [], transitions: [], samplesSinceQuantiles: 0};
}

/**
 * Records a non-cancelled result that came in at `at` (wall) and `mono` (monotonic); returns the transition when the
 * state changed. `isAfterReload`: the result is the first since a reload changed the check (Transition.afterReload).
 */
export function applyResult(row: CheckRow, check: Check, result: ProbeResult, at: number, mono?: number, isAfterReload = false): Transition | undefined {
	// An earlier run that ended without reaching the target, a restart ago, had counted that long as "not reached";
	// this run counts on from its first result. The time uptop was stopped is not counted: a shortage of local ports
	// at a restart (the old process's connections in TIME_WAIT) must get its minute before it reads failing.
	if (row.restored?.reachedAt !== undefined && at - row.restored.at <= continuityMs(check)) {
		const countedMs = Math.max(0, row.restored.at - row.restored.reachedAt);
		row.reachedAt = at - countedMs;
		row.reachedMono = mono === undefined ? undefined : mono - countedMs;
	}

	const unreachedMs = mono !== undefined && row.reachedMono !== undefined ? mono - row.reachedMono : at - row.reachedAt;
	const state = classifyState(result, check, row.state, unreachedMs >= localAddressGraceMs(check));
	if (!isLocalLimit(result.reason)) {
		row.reachedAt = at;
		row.reachedMono = mono;
	}

	// A pass that needed retries is a pass (uptime says so), but that the tries before it failed is kept beside it.
	const attempts = (result.attempt ?? 0) + 1;
	row.history.push(at, result.latencyMs, state, attempts > 1);
	row.last = result;
	row.samplesSinceQuantiles++;
	pushBounded(row.entries, Object.freeze({at, state, latencyMs: result.latencyMs, summary: result.summary, reason: result.reason, ...(mono === undefined ? {} : {mono}), ...(attempts > 1 ? {attempts} : {})}));
	row.stats = undefined;
	row.view = undefined;
	const {restored} = row;
	row.restored = undefined;
	if (state === row.state) return undefined;
	// The first fresh result after a restart finds the state the earlier run left: it has held since then
	// ("failing for 28m", not "for 5s" because uptop was restarted after an SSH drop), and nothing changed.
	// Recording "pending → failing" would list every check again at each restart (the events view, the
	// history, the release report), ring the bell and tell --json readers of a change that did not happen.
	// Measured on the monotonic clock where both ends have it (a check re-added in this run).
	const onMono = restored?.mono !== undefined && mono !== undefined ? {at: mono, since: restored.mono.since, lastAt: restored.mono.at} : undefined;
	const gapMs = restored === undefined ? 0 : onMono === undefined ? at - restored.at : onMono.at - onMono.lastAt;
	const restoredHeldMs = restored === undefined ? 0 : onMono === undefined ? at - restored.since : onMono.at - onMono.since;
	const isRestored = row.state === 'pending' && restored !== undefined && gapMs <= continuityMs(check);
	// The gap between the earlier run's last result and this one: a state that held across it held unwatched,
	// unless another uptop, still running, recorded that result and has been watching since. Gaps between the
	// uptops that recorded the state before that (restored-run.ts) were unwatched too.
	// A check a reload removed and added back was not probed meanwhile, but uptop was running: not the gap of a
	// restart, though what went unwatched across an earlier one still belongs to the state.
	const unwatchedMs = !isRestored ? 0
		: restored.isReAdded || restored.isRecordedByAnother ? restored.unwatchedMs ?? 0
		: (restored.unwatchedMs ?? 0) + Math.max(0, at - restored.at);
	if (isRestored && restored.state === state) {
		row.state = state;
		row.since = restored.since;
		// The time before this result is the earlier run's, on the wall clock (or this run's, for a re-added check);
		// from here on it is measured on this run's.
		row.sinceMono = mono === undefined ? undefined : mono - Math.max(0, restoredHeldMs);
		row.unwatchedMs = unwatchedMs;
		row.continued = Object.freeze({at, state, ...(result.reason === undefined ? {} : {reason: result.reason}), ...(restored.isRecordedByAnother ? {isRecordedByAnother: true as const} : {}), ...(restored.isReAdded ? {isReAdded: true as const} : {})});
		return undefined;
	}

	// A state that did change across the restart changed from the one the earlier run left ("failing → up").
	const from = isRestored ? restored.state : row.state;
	// How long the state it leaves had held is what a log reader asks of a recovery ("failing for 1m 34s").
	const fromSince = from === 'pending' ? undefined : isRestored ? restored.since : row.since;
	// An outage that began before a restart was not all seen: "after 1m 11s" with how much of it no one watched.
	const fromUnwatchedMs = fromSince === undefined ? 0 : isRestored ? unwatchedMs : row.unwatchedMs ?? 0;
	// On the monotonic clock where this run saw the state begin (or continue): a wall-clock step in between would
	// make an 11 s outage "after 2h", or "after 0s".
	const fromHeldMs = fromSince === undefined ? undefined
		: isRestored ? restoredHeldMs
		: mono !== undefined && row.sinceMono !== undefined ? mono - row.sinceMono
		: at - fromSince;
	const transition: Transition = Object.freeze({at, from, to: state, reason: result.reason, ...(fromSince === undefined ? {} : {fromSince, fromHeldMs: Math.max(0, fromHeldMs!)}), ...(fromUnwatchedMs > 0 ? {unwatchedMs: fromUnwatchedMs} : {}), ...(isAfterReload && from !== 'pending' ? {afterReload: true as const} : {})});
	if (row.transitions.length >= detailSize) {
		const dropped = row.transitions.at(-1)!;
		row.transitionsCut = true;
		row.transitionsDropped = (row.transitionsDropped ?? 0) + 1;
		row.cutRun = extendCutRun(row.cutRun, dropped, check);
		if (dropped.from === 'pending') {
			row.firstChange = dropped;
			row.droppedBeforeFirstChange = row.transitionsDropped - 1;
		}
	}

	pushBounded(row.transitions, transition);
	row.state = state;
	row.since = at;
	row.sinceMono = mono;
	row.unwatchedMs = undefined;
	return transition;
}

export type RowExtras = {readonly checkId: string; readonly check: Check; readonly version?: string; readonly versionIgnored?: IgnoredVersion; readonly nextAt?: number; readonly waitingSince?: number; readonly isRunning: boolean};

/**
 * The frozen, structured-clone-safe view of a row; reuses the cached figures when no result came in. `clockOffset`:
 * wall minus monotonic time as of the snapshot (see onWallClock); without it, times are the wall times recorded.
 */
export function viewRow(row: CheckRow, extras: RowExtras, now: number, clockOffset?: number): CheckView {
	row.stats ??= computeStats(row, now);
	const view: CheckView = {
		id: row.id,
		checkId: extras.checkId,
		check: extras.check,
		seriesLabel: row.seriesLabel,
		state: row.state,
		last: row.last,
		...row.stats,
		version: extras.version,
		...(extras.versionIgnored === undefined ? {} : {versionIgnored: extras.versionIgnored}),
		since: row.sinceMono === undefined || clockOffset === undefined ? row.since : onWallClock(row.sinceMono, clockOffset),
		nextAt: extras.nextAt,
		...(extras.waitingSince === undefined ? {} : {waitingSince: extras.waitingSince}),
		isRunning: extras.isRunning,
		release: row.release,
		...(row.transitionsCut ? {transitionsCut: true} : {}),
		...(row.transitionsDropped === undefined ? {} : {transitionsDropped: row.transitionsDropped}),
		...(row.cutRun ? {cutRun: row.cutRun} : {}),
		...(row.firstChange ? {firstChange: row.firstChange} : {}),
		...(row.droppedBeforeFirstChange ? {droppedBeforeFirstChange: row.droppedBeforeFirstChange} : {}),
		...(row.continued ? {continued: row.continued} : {}),
	};
	return Object.freeze(view);
}

/**
 * A monotonic time as the wall clock reads now (`clockOffset` is wall minus monotonic), so ages measured from it
 * against the snapshot's time are monotonic differences: after a wall-clock step the engine rebuilds its views
 * with the new offset (monitor.ts), and "failing for" neither jumps by the step nor stands still.
 */
export function onWallClock(mono: number, clockOffset: number): number {
	return Math.round(mono + clockOffset);
}

/**
 * The wall clock was stepped: this run's recent results get their ages from the monotonic clock (ageFrom), their
 * time of day stays as the clock read it then. The list is replaced, not changed, so it is sent whole once.
 */
export function rebaseEntries(row: CheckRow, clockOffset: number): void {
	row.entries = row.entries.map(entry => entry.mono === undefined ? entry : Object.freeze({...entry, ageFrom: onWallClock(entry.mono, clockOffset)}));
	row.stats = undefined;
	row.view = undefined;
}

function computeStats(row: CheckRow, now: number): RowStats {
	const {history} = row;
	// Over a 1,000-sample window one new sample moves a quantile by at most one rank, so recomputing after
	// every 1 % of the window keeps the figure within a 1 % rank of exact at a tenth of the cost.
	if (row.quantiles === undefined || row.samplesSinceQuantiles >= Math.ceil(Math.min(history.count, percentileWindow) / 100)) {
		row.quantiles = history.percentiles([0.5, 0.95]);
		row.samplesSinceQuantiles = 0;
	}

	const [p50Ms, p95Ms] = row.quantiles;
	return {
		recentLatencyMs: Object.freeze(history.recentLatencies(recentSize)),
		recentStates: Object.freeze(history.recentStates(recentSize)),
		recentAt: Object.freeze(history.recentTimes(recentSize)),
		p50Ms,
		p95Ms,
		uptime: history.uptime(),
		uptime1h: history.uptimeWithin(hourMs, now),
		uptime24h: history.uptimeWithin(24 * hourMs, now),
		keptFrom: history.atOf(history.count - 1),
		samples: history.count,
		retried: history.retried,
		history: Object.freeze([...row.entries]),
		transitions: Object.freeze([...row.transitions]),
	};
}

/**
 * Fills a row's history with results kept from an earlier run (the history file), so the sparkline, p95,
 * uptime and the before/after baseline survive a restart. The state stays `pending` until a fresh result:
 * an old state must not pass for a current one.
 */
export function seedRow(row: CheckRow, samples: ReadonlyArray<{at: number; latencyMs: number; state: State; reason?: HistoryEntry['reason']}>, maxGapMs = Number.POSITIVE_INFINITY, isRecordedByAnother = false): void {
	const isUsable = (sample: typeof samples[number]) => sample.state !== 'pending' && Number.isFinite(sample.latencyMs);
	for (const sample of samples) {
		if (isUsable(sample)) row.history.push(sample.at, sample.latencyMs, sample.state);
	}

	// The detail pane's recent results go on from the earlier run's, newest first. The file keeps no summary
	// line (a line per probe, under a 20 MB cap): a failure shows its reason, a pass says where it came from.
	const entries: HistoryEntry[] = [];
	for (let index = samples.length - 1; index >= 0 && entries.length < detailSize; index--) {
		const sample = samples[index]!;
		if (isUsable(sample)) entries.push(Object.freeze({at: sample.at, state: sample.state, latencyMs: sample.latencyMs, summary: sample.reason?.message ?? '', reason: sample.reason, isFromEarlierRun: true, ...(isRecordedByAnother ? {isRecordedByAnother: true as const} : {})}));
	}

	row.entries = entries;
	const restored = lastRun(samples, isUsable, maxGapMs);
	const reachedAt = restored === undefined ? undefined : lastReached(samples, isUsable, maxGapMs);
	row.restored = restored && {...restored, ...(isRecordedByAnother ? {isRecordedByAnother: true as const} : {}), ...(reachedAt === undefined ? {} : {reachedAt})};

	row.stats = undefined;
	row.quantiles = undefined;
	row.view = undefined;
}

/**
 * A row whose check a reload removed and then added back in this run: as a row seeded at a start, it waits for a
 * fresh result, which continues the state it was left in (the same outage, no "pending → failing") or changes from
 * it. Its samples, recent results and state changes stay.
 */
export function resumeRow(row: CheckRow, at: number, mono?: number): void {
	// Entries are newest first; a row removed before its first result keeps what a start seeded it with.
	const last = row.entries[0];
	if (row.state !== 'pending' && last !== undefined) {
		const onMono = last.mono !== undefined && row.sinceMono !== undefined ? {mono: {at: last.mono, since: row.sinceMono}} : {};
		row.restored = {state: row.state, at: last.at, since: row.since, isReAdded: true, ...onMono, ...(row.unwatchedMs === undefined ? {} : {unwatchedMs: row.unwatchedMs})};
	}

	row.state = 'pending';
	row.since = at;
	row.sinceMono = mono;
	row.continued = undefined;
	row.unwatchedMs = undefined;
	row.stats = undefined;
	row.view = undefined;
}

/**
 * The last usable sample's state and since when it had held, walking back over that state's run only, and
 * only while uptop was watching: a gap longer than `maxGapMs` (uptop off overnight) ends the run, since the
 * state may have changed in it. Two minutes failing last night and two minutes failing now are not "failing
 * for 9h".
 */
function lastRun<T extends {at: number; state: State}>(samples: readonly T[], isUsable: (sample: T) => boolean, maxGapMs: number): CheckRow['restored'] {
	let last: T | undefined;
	let since = 0;
	let isFromOldestKept = true;
	for (let index = samples.length - 1; index >= 0; index--) {
		const sample = samples[index]!;
		if (!isUsable(sample)) continue;
		last ??= sample;
		if (sample.state !== last.state || since - sample.at > maxGapMs) {
			isFromOldestKept = false;
			break;
		}

		since = sample.at;
	}

	return last === undefined ? undefined : {state: last.state, at: last.at, since, ...(isFromOldestKept ? {isFromOldestKept: true as const} : {})};
}

/**
 * When the earlier run's results last came from the target, when its last one did not for want of a local address:
 * the newest sample with another reason, or the oldest of the samples without one that runs back without a gap
 * longer than `maxGapMs` (uptop was watching all along). Undefined when the last one came from the target.
 */
function lastReached<T extends {at: number; reason?: HistoryEntry['reason']}>(samples: readonly T[], isUsable: (sample: T) => boolean, maxGapMs: number): number | undefined {
	let reachedAt: number | undefined;
	for (let index = samples.length - 1; index >= 0; index--) {
		const sample = samples[index]!;
		if (!isUsable(sample)) continue;
		if (reachedAt !== undefined && reachedAt - sample.at > maxGapMs) break;
		if (!isLocalLimit(sample.reason)) return reachedAt === undefined ? undefined : sample.at;
		reachedAt = sample.at;
	}

	return reachedAt;
}

/**
 * State changes kept from an earlier run (oldest first), for the detail pane's list: newest first, at most
 * detailSize; of those dropped, the newest run is counted (CheckView.cutRun) and the newest change from pending
 * kept (CheckView.firstChange), as if they had come in this run.
 */
export function seedTransitions(row: CheckRow, check: Check, changes: ReadonlyArray<{at: number; from: State; to: State; reason?: Transition['reason']; unwatchedMs?: number; afterReload?: true}>): void {
	const dropped = Math.max(0, changes.length - detailSize);
	row.transitions = changes.slice(dropped).reverse().map((change, index) => {
		const fromSince = heldSince(changes, changes.length - 1 - index);
		return Object.freeze({at: change.at, from: change.from, to: change.to, reason: change.reason, ...(fromSince === undefined ? {} : {fromSince, fromHeldMs: change.at - fromSince}), ...(change.unwatchedMs === undefined ? {} : {unwatchedMs: change.unwatchedMs}), ...(change.afterReload ? {afterReload: true as const} : {})});
	});
	if (changes.length > detailSize) {
		row.transitionsCut = true;
		row.transitionsDropped = changes.length - detailSize;
	}

	row.cutRun = undefined;
	row.firstChange = undefined;
	row.droppedBeforeFirstChange = undefined;
	for (const [index, change] of changes.slice(0, -detailSize).entries()) {
		row.cutRun = extendCutRun(row.cutRun, change, check);
		if (change.from === 'pending') {
			row.firstChange = Object.freeze({at: change.at, from: change.from, to: change.to, reason: change.reason});
			row.droppedBeforeFirstChange = index;
		}
	}
	row.stats = undefined;
	row.view = undefined;
}

/**
 * Since when the state `changes[index]` left had held: the file keeps no such time, but the change before it
 * into that state says it, so "failing → up after 1m 34s" reads after a restart as it did in the run that saw it.
 * A gap in which uptop was off too long to tell ends a state with a change from pending (applyResult), so a
 * change into the same state is always its start. The oldest change kept has none before it: unknown.
 */
function heldSince(changes: ReadonlyArray<{at: number; from: State; to: State}>, index: number): number | undefined {
	const change = changes[index]!;
	const before = changes[index - 1];
	if (change.from === 'pending' || before === undefined || before.to !== change.from || before.at > change.at) return undefined;
	return before.at;
}

function pushBounded<T>(list: T[], item: T): void {
	list.unshift(item);
	if (list.length > detailSize) list.pop();
}
