import {fileLines} from './file-lines.js';
import type {IgnoredVersion, Marker, State} from '../monitor/types.js';
import type {Reason} from '../probes/types.js';
import {markerFromRecord, noteVersion, parseHistoryLine, type LatestVersion} from './history-records.js';
import {withoutRepeatedVersionChanges} from '../monitor/version-markers.js';
import {withoutConcurrentResults, type WrittenResult} from './concurrent-results.js';

export type HistoryResult = {
	readonly at: number;
	readonly id: string;
	readonly state: State;
	readonly latencyMs: number;
	readonly reason?: Reason;
};

export type HistoryTransition = {
	readonly at: number;
	readonly id: string;
	readonly from: State;
	readonly to: State;
	readonly reason?: Reason;
	/** Made by the first result after a reload changed the check (Transition.afterReload). */
	readonly afterReload?: true;
	/** Of the time the state it left had held, how long no uptop ran (StateRecord.unwatchedMs); absent when none or not recorded. */
	readonly unwatchedMs?: number;
};

/**
 * A writer's first result or state change, when another writer's came before it: an uptop started (a restart, or a
 * second instance beside a running one). `after` is the latest such record before it, of any writer: from then to
 * `at` nobody recorded anything, which the report calls not watched when it is longer than the checks' interval.
 */
export type WriterStart = {readonly at: number; readonly after: number};

/**
 * Who recorded one check, for the stretches an uptop ran without it (`--only`, `--group` other checks): the time no
 * uptop at all ran is in `writerStarts`. `id` is a record's id, or what a series row's id (`checkId/label`) begins
 * with up to one of its `/`: the report reads the one that is a check's id, so a fanned-out check counts as watched
 * while any of its series is recorded.
 */
export type CheckWatch = {
	readonly id: string;
	/** Each writer's first record of it after another writer's record of it (WriterStart, of this check alone). */
	readonly starts: readonly WriterStart[];
	/**
	 * Its latest record, when the file's latest result or state change is by a writer that never recorded it: the
	 * uptop running at the end watches other checks only, and nobody watched this one from then on.
	 */
	readonly leftAt?: number;
};

export type LoadedHistory = {
	/** Oldest first, at most maxResultsPerCheck per check id. */
	readonly results: readonly HistoryResult[];
	/** Oldest first, at most maxTransitionsPerCheck per check id. */
	readonly transitions: readonly HistoryTransition[];
	/** Oldest first, at most maxMarkers. */
	readonly markers: readonly Marker[];
	/**
	 * Each check's latest deployed version as results last read it (`v`), so a deploy while uptop was down is still
	 * marked; with the latest judgment that it is no version, when there is one (IgnoredVersionRecord).
	 */
	readonly versions: ReadonlyArray<{readonly id: string; readonly version: string; readonly ignored?: IgnoredVersion}>;
	/** Each check's latest judgment that its version is no version, for the report; absent when there is none. */
	readonly ignoredVersions?: ReadonlyArray<{readonly id: string; readonly ignored: IgnoredVersion}>;
	/** Stretches a writer could not write (GapRecord), oldest first; absent when there is none. */
	readonly historyGaps?: ReadonlyArray<{readonly from: number; readonly until: number; readonly reason: string}>;
	/** Each uptop's start after another's records, oldest first (WriterStart); absent when there is none. */
	readonly writerStarts?: readonly WriterStart[];
	/** Of each check, when uptops that recorded it started and whether the last one left it (CheckWatch); absent when the file has none. */
	readonly checkWatch?: readonly CheckWatch[];
	/** Lines that were torn (crash mid-write) or not valid records; skipped, never fatal. */
	readonly skippedLines: number;
	/** There was no file: nothing has been recorded for this config (in this state directory) yet. */
	readonly isMissing?: true;
	/**
	 * Another uptop was recording to the file when it was read (a screen beside `uptop >> uptop.log`): its latest
	 * results are not an earlier run's, and the time since them is not time nobody watched (past-history.ts).
	 */
	readonly isRecordedByAnother?: true;
	/**
	 * The key beside the file (history-key.ts) could not be read, so the records of checks named from the environment
	 * keep their hashed ids and match no check (real-ids.ts); absent when it was read or not needed.
	 */
	readonly unreadableKey?: {readonly file: string; readonly error: unknown};
};

export type LoadOptions = {
	readonly maxResultsPerCheck?: number;
	readonly maxTransitionsPerCheck?: number;
	readonly maxMarkers?: number;
};

function keepLast<T extends {id: string}>(items: T[], perId: number): T[] {
	const counts = new Map<string, number>();
	const kept: T[] = [];
	for (let index = items.length - 1; index >= 0; index--) {
		const item = items[index]!;
		const count = counts.get(item.id) ?? 0;
		if (count < perId) {
			counts.set(item.id, count + 1);
			kept.push(item);
		}
	}

	return kept.reverse();
}

const byTime = (a: {at: number}, b: {at: number}) => a.at - b.at;

/** The markers a history load keeps, the latest ones, unless told otherwise (LoadOptions.maxMarkers). */
export const defaultMaxMarkers = 1000;

/** When each writer last recorded something of each check (a result or a state change): check id → writer → at. */
type LastRecorded = Map<string, Map<string, number>>;

function noteRecorded(last: LastRecorded, id: string, writer: string, at: number): void {
	let writers = last.get(id);
	if (writers === undefined) {
		writers = new Map();
		last.set(id, writers);
	}

	if ((writers.get(writer) ?? Number.NEGATIVE_INFINITY) < at) writers.set(writer, at);
}

/**
 * Transitions (in time order) without those another instance recorded too. One run never changes a check
 * from X to Y twice in a row (it is in Y after the first), so the same change right after a change from X to Y
 * by another writer is that writer's record of the same moment: two instances on one file each record every
 * change they see. A change from pending starts a run: a restart's is its own, but one made while the writer of
 * the change before it still recorded the check (two instances started within a second, or a third beside them)
 * says only that the check is in the state it was already in, and the earlier change holds since when.
 */
function withoutEchoedTransitions(transitions: readonly HistoryTransition[], writers: WeakMap<HistoryTransition, string>, lastRecorded: LastRecorded): HistoryTransition[] {
	const previous = new Map<string, HistoryTransition>();
	const kept: HistoryTransition[] = [];
	for (const transition of transitions) {
		const last = previous.get(transition.id);
		const writer = writers.get(transition) ?? '';
		const lastWriter = last === undefined ? undefined : writers.get(last) ?? '';
		if (last !== undefined && lastWriter !== writer && last.to === transition.to) {
			const isEcho = transition.from === 'pending'
				? (lastRecorded.get(transition.id)?.get(lastWriter!) ?? Number.NEGATIVE_INFINITY) >= transition.at
				: last.from === transition.from;
			if (isEcho) continue;
		}

		previous.set(transition.id, transition);
		kept.push(transition);
	}

	return kept;
}

/** The ids a record of `id` counts for (CheckWatch.id): its own, and each a `/` in it ends, so a series row's check is one. */
function watchIdsOf(id: string): string[] {
	const ids = [id];
	for (let slash = id.lastIndexOf('/'); slash > 0; slash = id.lastIndexOf('/', slash - 1)) ids.push(id.slice(0, slash));
	return ids;
}

/** One check's record of who recorded it, while the records are read in time order. */
type WatchState = {readonly writers: Set<string>; readonly starts: WriterStart[]; latest?: number};

/**
 * Where each writer's records begin after another writer's, from results and state changes in time order (both
 * sorted): markers are left out, as `uptop mark` writes one with no uptop running. The same of each check on its
 * own (CheckWatch), in the same pass. Read before the per-check bounds and the twin filters, which keep one
 * writer's records where two wrote them.
 */
function startsOfWriters(results: readonly WrittenResult[], transitions: readonly HistoryTransition[], writers: WeakMap<HistoryTransition, string>): {starts: WriterStart[]; checkWatch: CheckWatch[]} {
	const seen = new Set<string>();
	const starts: WriterStart[] = [];
	const byCheck = new Map<string, WatchState>();
	// Each record id's states, found once: a 20 MB file holds a few ids in 200,000 records.
	const statesOf = new Map<string, WatchState[]>();
	const watchStates = (id: string): WatchState[] => {
		let states = statesOf.get(id);
		if (states === undefined) {
			states = watchIdsOf(id).map(watchId => {
				let state = byCheck.get(watchId);
				if (state === undefined) {
					state = {writers: new Set(), starts: []};
					byCheck.set(watchId, state);
				}

				return state;
			});
			statesOf.set(id, states);
		}

		return states;
	};

	let latest: number | undefined;
	let latestWriter = '';
	const note = (at: number, writer: string, id: string) => {
		if (!seen.has(writer)) {
			seen.add(writer);
			if (latest !== undefined) starts.push({at, after: latest});
		}

		latest = at;
		latestWriter = writer;
		for (const state of watchStates(id)) {
			if (!state.writers.has(writer)) {
				state.writers.add(writer);
				if (state.latest !== undefined) state.starts.push({at, after: state.latest});
			}

			state.latest = at;
		}
	};

	let next = 0;
	for (const {result, writer} of results) {
		while (next < transitions.length && transitions[next]!.at <= result.at) {
			const transition = transitions[next++]!;
			note(transition.at, writers.get(transition) ?? '', transition.id);
		}

		note(result.at, writer, result.id);
	}

	for (const transition of transitions.slice(next)) note(transition.at, writers.get(transition) ?? '', transition.id);
	const checkWatch = [...byCheck].map(([id, state]) => ({
		id,
		starts: state.starts,
		...(state.writers.has(latestWriter) || state.latest === undefined ? {} : {leftAt: state.latest}),
	}));
	return {starts, checkWatch};
}

/**
 * Reads a history file. A missing file is an empty history; torn or invalid lines are counted and skipped.
 * Instances flush in batches, so lines are only roughly in time order: everything is sorted by `at`.
 */
export function loadHistory(file: string, options: LoadOptions = {}): LoadedHistory {
	let lines: Iterable<string>;
	try {
		lines = fileLines(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return {results: [], transitions: [], markers: [], versions: [], skippedLines: 0, isMissing: true};
		}

		throw error;
	}

	const results: WrittenResult[] = [];
	const transitions: HistoryTransition[] = [];
	const writers = new WeakMap<HistoryTransition, string>();
	const lastRecorded: LastRecorded = new Map();
	const markerWriters = new Map<Marker, string>();
	const markers: Marker[] = [];
	const versions = new Map<string, LatestVersion>();
	const ignored = new Map<string, IgnoredVersion>();
	const gaps: Array<{from: number; until: number; reason: string}> = [];
	let skippedLines = 0;
	// Unreadable lines since the last record read: those right before a gap record may be the torn ones it names.
	let unreadableRun = 0;
	for (const line of lines) {
		if (line.length === 0) {
			continue;
		}

		const record = parseHistoryLine(line);
		if (!record) {
			skippedLines++;
			unreadableRun++;
			continue;
		}

		const tornRun = unreadableRun;
		unreadableRun = 0;

		switch (record.t) {
			case 'r': {
				const {at, id, state, latencyMs, reason} = record;
				results.push({result: {at, id, state, latencyMs, ...(reason ? {reason} : {})}, writer: record.w ?? ''});
				noteRecorded(lastRecorded, id, record.w ?? '', at);
				noteVersion(versions, record);
				break;
			}

			case 's': {
				const {at, id, from, to, reason, unwatchedMs} = record;
				const isUnwatched = typeof unwatchedMs === 'number' && Number.isFinite(unwatchedMs) && unwatchedMs > 0;
				const transition = {at, id, from, to, ...(reason ? {reason} : {}), ...(record.afterReload === true ? {afterReload: true as const} : {}), ...(isUnwatched ? {unwatchedMs} : {})};
				transitions.push(transition);
				if (record.w !== undefined) writers.set(transition, record.w);
				noteRecorded(lastRecorded, id, record.w ?? '', at);
				break;
			}

			case 'm': {
				const marker = markerFromRecord(record);
				markers.push(marker);
				if (record.w !== undefined) markerWriters.set(marker, record.w);
				break;
			}

			case 'v': {
				noteVersion(versions, record);
				break;
			}

			case 'g': {
				gaps.push({from: record.from, until: record.at, reason: record.why});
				// uptop's own batch cut off where the disk filled: part of the gap it records, not a line of unknown origin.
				skippedLines -= Math.min(record.torn ?? 0, tornRun);
				break;
			}

			case 'n': {
				const {at, id, values, spanMs, source} = record;
				if ((ignored.get(id)?.at ?? Number.NEGATIVE_INFINITY) <= at) ignored.set(id, {at, values, spanMs, source});
				break;
			}
		}
	}

	results.sort((a, b) => a.result.at - b.result.at);
	transitions.sort(byTime);
	const {starts: writerStarts, checkWatch} = startsOfWriters(results, transitions, writers);
	markers.sort(byTime);
	const maxMarkers = options.maxMarkers ?? defaultMaxMarkers;
	// Two instances on one file each record a version change they both saw: it is one deploy.
	const unique = withoutRepeatedVersionChanges(markers, markerWriters);
	return {
		results: keepLast(withoutConcurrentResults(results), options.maxResultsPerCheck ?? 5000),
		transitions: keepLast(withoutEchoedTransitions(transitions, writers, lastRecorded), options.maxTransitionsPerCheck ?? 1000),
		markers: unique.slice(Math.max(0, unique.length - maxMarkers)),
		versions: [...versions].map(([id, {version}]) => ({id, version, ...(ignored.has(id) ? {ignored: ignored.get(id)!} : {})})),
		...(ignored.size === 0 ? {} : {ignoredVersions: [...ignored].map(([id, judgment]) => ({id, ignored: judgment}))}),
		...(writerStarts.length === 0 ? {} : {writerStarts}),
		...(checkWatch.length === 0 ? {} : {checkWatch}),
		...(gaps.length === 0 ? {} : {historyGaps: gaps.sort((a, b) => a.from - b.from)}),
		skippedLines,
	};
}
