import type {Check} from '../config/types.js';
import {earlierMarkersFor, latestMarkerFor} from '../monitor/release-tracker.js';
import type {IgnoredVersion, Marker} from '../monitor/types.js';
import {versionSource} from '../monitor/version-noise.js';
import {compareRelease, type CompareOptions, type WindowSample} from './compare.js';
import type {CheckWatch, HistoryResult, HistoryTransition, WriterStart} from './history-load.js';
import type {ReportInput} from './report.js';
import {formatTime} from './report-format.js';
import {readIsoTime} from '../text/iso-time.js';
import {defaultMergeSpanMs, deployAnchor, isMarkThenVersion, windowsAroundMarker} from './windows.js';
import {rowOwner} from '../monitor/row-owner.js';
import {groupById} from '../monitor/group-by-id.js';

export type PrepareOptions = {
	readonly configFile: string;
	readonly checks: readonly Check[];
	readonly history: {
		readonly results: readonly HistoryResult[];
		readonly transitions: readonly HistoryTransition[];
		readonly markers: readonly Marker[];
		/** Checks whose version was judged no version (monitor/version-noise.ts), each with the latest judgment. */
		readonly ignoredVersions?: ReadonlyArray<{readonly id: string; readonly ignored: IgnoredVersion}>;
		/** Lines of the file that could not be read (history-load.ts): the report says how many. */
		readonly skippedLines?: number;
		/** Stretches a writer could not write, as the file records them once it wrote again (history-load.ts). */
		readonly historyGaps?: ReadonlyArray<{readonly from: number; readonly until: number; readonly reason: string}>;
		/** Where an uptop began recording after another's records (history-load.ts): the report's not-watched spans. */
		readonly writerStarts?: readonly WriterStart[];
		/** Who recorded each check (history-load.ts): the spans an uptop ran without it (`--only` other checks). */
		readonly checkWatch?: readonly CheckWatch[];
	};
	/** `--since`: a marker label (case-insensitive: the latest that is exactly it, else the latest that contains it) or an ISO 8601 time. */
	readonly since?: string;
	/** Epoch ms: the end of the window. */
	readonly now: number;
	/** Each side of the before/after comparison. Default 30 minutes. */
	readonly windowMs?: number;
	readonly compare?: CompareOptions;
	/** Stretches of the run the history could not be written (the running uptop knows; the file does not say). */
	readonly historyGaps?: ReportInput['historyGaps'];
};

/**
 * By check id, its results by row: the check's own id, or one per series of a fanned-out check, each row in the
 * order its first result came. One pass, each record id's check looked up once: a pass over every result for each
 * check took over a minute for 2,000 checks.
 */
function resultsByCheckRow(results: readonly HistoryResult[], checksById: ReadonlyMap<string, Check>): Map<string, Map<string, HistoryResult[]>> {
	const byCheck = new Map<string, Map<string, HistoryResult[]>>();
	const rowOf = new Map<string, HistoryResult[] | undefined>();
	for (const result of results) {
		let row = rowOf.get(result.id);
		if (row === undefined && !rowOf.has(result.id)) {
			const checkId = rowOwner(result.id, checksById)?.check.id;
			if (checkId !== undefined) {
				let rows = byCheck.get(checkId);
				if (rows === undefined) {
					// The check's own id first, as its row when it has results under it.
					rows = new Map([[checkId, []]]);
					byCheck.set(checkId, rows);
				}

				row = rows.get(result.id) ?? [];
				rows.set(result.id, row);
			}

			rowOf.set(result.id, row);
		}

		row?.push(result);
	}

	return byCheck;
}

/** Check `id`'s results by row (resultsByCheckRow); a check with none has its own row, empty. */
function resultsByRow(byCheck: ReadonlyMap<string, ReadonlyMap<string, HistoryResult[]>>, id: string): Map<string, HistoryResult[]> {
	const rows = new Map(byCheck.get(id) ?? [[id, []]]);
	// A fanned-out check has no results under its own id: no row of that name.
	if (rows.size > 1 && rows.get(id)!.length === 0) rows.delete(id);
	return rows;
}

/**
 * The markers from `windowStart` on, and before it each mark (`m`, `uptop mark`) that a version change in the window
 * is taken with as one deploy (isMarkThenVersion): the window starts at the previous deploy's version change, where
 * the before side stops, and its `uptop mark` 5 s earlier, which the live screen counts as the same deploy ("too
 * close to tell apart"), must not be missing from the list.
 */
function withDeployMarks(markers: readonly Marker[], windowStart: number): Marker[] {
	const listed = markers.filter(marker => marker.at >= windowStart);
	const marks = new Set<Marker>();
	for (const change of listed) {
		if (change.source !== 'version' || change.checkId === undefined) continue;
		const before = earlierMarkersFor(markers, change.checkId, change.checkId, change)[0];
		if (before !== undefined && before.at < windowStart && change.at - before.at <= defaultMergeSpanMs && isMarkThenVersion(change, before)) marks.add(before);
	}

	return [...marks, ...listed].sort((a, b) => a.at - b.at);
}

/** The first result of any reported check (results are sorted by time). */
function firstResultAt(options: PrepareOptions): number | undefined {
	const checksById = new Map(options.checks.map(check => [check.id, check] as const));
	return options.history.results.find(result => rowOwner(result.id, checksById) !== undefined)?.at;
}

/**
 * Decides the window and the markers to compare around, then runs the comparison for every check.
 * Without `since`: each check around the latest marker that concerns it (one for every check, or its own
 * version change, `M` or `uptop mark --check`), as the live screen compares it; the window starts where the
 * earliest before window does (30 min before its marker, or at the previous marker of that check). With a label: every check around the latest marker whose label is
 * it, or else the latest that contains it. With a time: the window starts there; every check is compared around the latest marker after it.
 * Either way it starts no earlier than the first result recorded.
 * Returns a message instead when `since` matches nothing.
 */
/**
 * Where the history ends, when uptop no longer records (nothing for two intervals, a minute at least): the window
 * ends there, or at its start if that is later. `uptop report` made a day after uptop stopped would otherwise count a failure
 * open at the stop as a day-long outage, where the --report file written at exit said seconds.
 */
function historyEnd(options: PrepareOptions, now: number): number | undefined {
	// Results and state changes only: `uptop mark` writes a marker with no uptop running.
	const {results, transitions} = options.history;
	const last = Math.max(results.at(-1)?.at ?? 0, transitions.at(-1)?.at ?? 0);
	const quiet = Math.max(60_000, 2 * Math.max(0, ...options.checks.map(check => check.intervalMs)));
	return last > 0 && now - last > quiet ? last : undefined;
}

/**
 * The stretches of [since, until] no uptop recorded anything in: from the latest record before an uptop started to its
 * first, when longer than the shortest interval of the checks reported (shorter is the spacing their results have
 * anyway). A restart after a kill -9, or a second instance started after the first stopped; never a second
 * instance beside a running one, whose records go on meanwhile.
 */
function unwatchedSpans(options: PrepareOptions, since: number, until: number): Array<{from: number; until: number}> {
	const shortest = Math.min(...options.checks.map(check => check.intervalMs));
	const longerThan = Number.isFinite(shortest) ? shortest : 60_000;
	return (options.history.writerStarts ?? []).flatMap(start => {
		const from = Math.max(since, start.after);
		const to = Math.min(until, start.at);
		return start.at - start.after > longerThan && to > from ? [{from, until: to}] : [];
	});
}

type Span = {readonly from: number; readonly until: number};

/** `spans` without what `cut` covers (both oldest first, `cut` disjoint), the pieces longer than `longerThan`. */
function spansOutside(spans: readonly Span[], cut: readonly Span[], longerThan: number): Span[] {
	const pieces: Span[] = [];
	for (const span of spans) {
		let from = span.from;
		for (const other of cut) {
			if (other.until <= from || other.from >= span.until) continue;
			if (other.from > from) pieces.push({from, until: other.from});
			from = Math.max(from, other.until);
		}

		if (span.until > from) pieces.push({from, until: span.until});
	}

	return pieces.filter(piece => piece.until - piece.from > longerThan);
}

/** The time both `a` and `b` cover (each oldest first, disjoint). */
function spansInBoth(a: readonly Span[], b: readonly Span[]): Span[] {
	return a.flatMap(one => b.flatMap(other => {
		const from = Math.max(one.from, other.from);
		const until = Math.min(one.until, other.until);
		return until > from ? [{from, until}] : [];
	}));
}

/**
 * The stretches of [since, until] an uptop ran without `check` (`--only` or `--group` other checks, a config without
 * it), outside the ones no uptop ran at all (`stopped`): from its latest record before an uptop that had not recorded
 * it began, longer than a round of it (the spacing its results may have anyway); or from its latest record to the end,
 * when the uptop recording last never recorded it and nothing of it came for two rounds, a minute at least: an uptop
 * beside that one, still watching it, may have its next result still to write. Each piece longer than a round of it.
 * An id that more than one entry maps to (a check once stored under its hashed id) is unwatched only where all of
 * them say so.
 */
function checkUnwatchedSpans(entries: readonly CheckWatch[], check: Check, stopped: readonly Span[], since: number, until: number): Array<Span & {checkId: string}> {
	if (entries.length === 0) return [];
	// Results of a check whose target hangs come a round apart, not an interval: its interval and every attempt's
	// timeout. So may the first one after a start. Closer than that (and a few seconds more), it was watched.
	const spacingMs = check.intervalMs + (check.timeoutMs * (check.retries + 1)) + 5000;
	const spansOf = (entry: CheckWatch): Span[] => [
		...entry.starts.filter(start => start.at - start.after > spacingMs).map(start => ({from: start.after, until: start.at})),
		...(entry.leftAt === undefined || until - entry.leftAt <= Math.max(60_000, 2 * spacingMs) ? [] : [{from: entry.leftAt, until}]),
	].flatMap(span => {
		const from = Math.max(since, span.from);
		const to = Math.min(until, span.until);
		return to > from ? [{from, until: to}] : [];
	});
	const spans = entries.slice(1).reduce((both, entry) => spansInBoth(both, spansOf(entry)), spansOf(entries[0]!));
	return spansOutside(spans, stopped, spacingMs).map(span => ({...span, checkId: check.id}));
}

/**
 * What the history misses: the stretches the running uptop knows it could not write (`historyGaps`, for the --report at
 * exit) and those the file records (a writer that wrote again), each once, the file's only when they touch the window:
 * `uptop report` made later says what --report said.
 */
function gapsOf(options: PrepareOptions, since: number, until: number): NonNullable<ReportInput['historyGaps']> {
	const known = options.historyGaps ?? [];
	const recorded = (options.history.historyGaps ?? []).filter(gap => gap.until >= since && gap.from <= until
		&& !known.some(other => other.from === gap.from && other.until === gap.until));
	return [...known, ...recorded].sort((a, b) => a.from - b.from);
}

/**
 * How far the history may run past this machine's clock before the report says so: another process (`uptop mark`,
 * a second uptop) may write its record a moment after the report read the clock.
 */
const clockMarginMs = 5000;

/** The latest time the history holds (every record is sorted by time, history-load.ts); 0 when it is empty. */
function latestRecordAt(history: PrepareOptions['history']): number {
	return Math.max(history.results.at(-1)?.at ?? 0, history.transitions.at(-1)?.at ?? 0, history.markers.at(-1)?.at ?? 0);
}

export function prepareReport(options: PrepareOptions): ReportInput | {error: string} {
	const windowMs = options.windowMs ?? 30 * 60_000;
	// Records later than this machine's clock were written before it was stepped back (NTP, a bad hardware clock set
	// right) or by a machine whose clock was ahead. Cut at the clock, the report lost the marker and every change
	// after it and read "nothing happened" for a check failing now: it ends at the latest record instead, and says so.
	const latestAt = latestRecordAt(options.history);
	const now = Math.max(options.now, latestAt);
	const clockBehind = latestAt - options.now > clockMarginMs ? {latestAt, madeAt: options.now} : undefined;
	const checksById = new Map(options.checks.map(check => [check.id, check] as const));
	// Said for the checks reported, when still read from where it was judged (a config that reads it elsewhere now fixed it).
	const noise = (options.history.ignoredVersions ?? []).flatMap(({id, ignored}) => {
		const check = checksById.get(id);
		return check !== undefined && versionSource(check) === ignored.source ? [{check, ignored, markersLeftOut: 0}] : [];
	});
	// The markers that value made before it was judged (from the first of its values on) are no deploys either:
	// neither listed nor compared around.
	const isNoise = (marker: Marker) => marker.source === 'version' && noise.some(item => {
		const isItem = item.check.id === marker.checkId && marker.at >= item.ignored.at - item.ignored.spanMs && marker.at <= item.ignored.at;
		if (isItem) item.markersLeftOut++;
		return isItem;
	});
	const markers = options.history.markers.filter(marker => !isNoise(marker));
	let anchor: Marker | undefined;
	let since: number | undefined;
	let isSinceTime = false;
	const query = options.since?.trim();
	if (query) {
		const needle = query.toLowerCase();
		// A label given in full names that marker, even when a later one contains it: `--since "deploy 1.4"` after
		// "deploy 1.4" and then "deploy 1.4.1" means the first, not the latest match.
		anchor = markers.findLast(marker => marker.label.toLowerCase() === needle)
			?? markers.findLast(marker => marker.label.toLowerCase().includes(needle));
		if (!anchor) {
			// ISO 8601, or the report's own `2026-11-25 14:30:00 UTC`; no zone is UTC, the zone the report prints in.
			const at = readIsoTime(query)?.ms;
			if (at === undefined) {
				const known = markers.slice(-5).reverse().map(marker => `"${marker.label}"`).join(', ');
				return {error: `no marker matches "${query}" and it is not a time such as 2026-11-25T14:30Z or 2026-11-25 14:30 UTC${known ? `; latest markers, newest first: ${known}` : '; no markers recorded yet'}`};
			}

			// A window that starts after it ends would be an empty report that reads as "nothing went wrong".
			if (at > now) {
				return {error: `--since ${query} is after now (${formatTime(now)}): give a time in the past, or a marker's label`};
			}

			since = at;
			isSinceTime = true;
			anchor = markers.findLast(marker => marker.at >= at);
		}
	} else {
		anchor = markers.at(-1);
	}

	// Without `since`, each check's own latest marker; with it, the one marker it picked for every check.
	const anchors = new Map<string, Marker>();
	const byCheckRow = resultsByCheckRow(options.history.results, checksById);
	for (const check of options.checks) {
		const marker = query ? anchor : latestMarker(check.id);
		if (marker) anchors.set(check.id, marker);
	}

	/** The check's latest marker, or the version change of the deploy whose outage it was made in, as the screen takes it. */
	function latestMarker(id: string): Marker | undefined {
		const latest = latestMarkerFor(markers, id, id);
		if (latest === undefined || latest.source === 'version') return latest;
		const samples = [...resultsByRow(byCheckRow, id).values()].flat();
		return deployAnchor(latest, earlierMarkersFor(markers, id, id, latest), (fromAt, toAt) => samples.filter(sample => sample.at >= fromAt && sample.at < toAt));
	}

	// One comparison per row, as on screen: each series of a fanned-out check (`id/label`) on its own. Each
	// before window starts windowMs before its marker, or at the previous one, and may end at an earlier one
	// that was part of the same deploy (windows.ts).
	const comparisons = new Map<string, {before: WindowSample; after: WindowSample}>();
	const beforeStarts: number[] = [];
	for (const [id, marker] of anchors) {
		const earlier = earlierMarkersFor(markers, id, id, marker);
		for (const [rowId, samples] of resultsByRow(byCheckRow, id)) {
			const {before, after, beforeStart} = windowsAroundMarker(samples, marker, {windowMs, earlier});
			comparisons.set(rowId, {before, after});
			beforeStarts.push(beforeStart);
		}
	}

	if (since === undefined) {
		const oldest = Math.min(options.history.results[0]?.at ?? now, options.history.transitions[0]?.at ?? now);
		since = beforeStarts.length > 0 ? Math.min(...beforeStarts) : Math.max(oldest, now - 24 * 60 * 60_000);
	}

	// A ticket must not claim more than was observed: nothing before the first result, nor (with a marker
	// after it) before the earliest marker compared around, which the report must still list.
	const earliestAnchor = anchors.size > 0 ? Math.min(...[...anchors.values()].map(marker => marker.at)) : now;
	since = Math.max(since, Math.min(firstResultAt(options) ?? now, earliestAnchor));

	const windowStart = since;
	const ended = historyEnd(options, now);
	const windowEnd = Math.max(windowStart, ended ?? now);
	const stopped = unwatchedSpans(options, windowStart, windowEnd);
	const watchOf = groupById(options.history.checkWatch ?? []);
	const unwatched = [...stopped, ...options.checks.flatMap(check => checkUnwatchedSpans(watchOf.get(check.id) ?? [], check, stopped, windowStart, windowEnd))]
		.sort((a, b) => a.from - b.from);
	const historyGaps = gapsOf(options, windowStart, windowEnd);
	return {
		configFile: options.configFile,
		checks: options.checks,
		since: windowStart,
		...(isSinceTime ? {isSinceTime: true as const} : {}),
		// Never before its start: "18:41:47 → 17:41:59 (0s)" reads as a report of nothing.
		until: windowEnd,
		...(unwatched.length === 0 ? {} : {unwatched}),
		...(ended === undefined ? {} : {historyEnd: {at: ended, madeAt: options.now}}),
		...(clockBehind === undefined ? {} : {clockBehind}),
		...(historyGaps.length === 0 ? {} : {historyGaps}),
		...(options.history.skippedLines ? {skippedLines: options.history.skippedLines} : {}),
		// A marker of one check only is listed when the report covers that check (--only, --group): listed without
		// its check it would read as one for every check.
		markers: withDeployMarks(markers, windowStart).filter(marker => marker.checkId === undefined || rowOwner(marker.checkId, checksById) !== undefined),
		anchors,
		results: options.history.results,
		transitions: options.history.transitions,
		comparisons: compareRelease(comparisons, options.compare),
		ignoredVersions: noise,
	};
}
