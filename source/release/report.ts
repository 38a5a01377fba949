import type {Check} from '../config/types.js';
import {noteSteps} from '../config/note-steps.js';
import type {IgnoredVersion, Marker, State} from '../monitor/types.js';
import {labelBeforeSource} from '../monitor/settled-label.js';
import {describeIgnoredVersion} from '../monitor/version-noise.js';
import {redact} from '../text/redact.js';
import type {Verdict, WindowComparison} from './compare.js';
import type {HistoryResult, HistoryTransition} from './history-load.js';
import {changesFor, currentChange, incidentsFor, stateChangeCount, type Incident} from './incidents.js';
import {escapedSecretForms, formatMs, formatPercent, formatSignedPercent, formatUptimePercent, formatTime, inline, literal, literalUpTo} from './report-format.js';
import {noRecords, recordsByRow, rowIdsByCheck, type RowRecords} from './records-by-row.js';
// The one duration form of uptop's own text ("1m 14s"): a report pasted beside the log lines reads as they do.
import {formatHeldFor, heldForText} from '../config/held-for.js';
import {everySecret} from '../config/shared-secrets.js';

export type ReportInput = {
	readonly configFile: string;
	readonly checks: readonly Check[];
	/** The report's window, epoch ms. */
	readonly since: number;
	/** `--since` named no marker and was read as a time (modes/zoneless-since.ts). */
	readonly isSinceTime?: true;
	readonly until: number;
	/** Where the history ends, and when the report was made, when uptop no longer records (prepare-report.ts). */
	readonly historyEnd?: {readonly at: number; readonly madeAt: number};
	/**
	 * The history holds records later than this machine's clock when the report was made (a clock stepped back since,
	 * or records from a machine whose clock was ahead): the window ends at the latest of them (prepare-report.ts).
	 */
	readonly clockBehind?: {readonly latestAt: number; readonly madeAt: number};
	/**
	 * Stretches of the run whose records uptop could not write (a full disk, a state directory it cannot use): the
	 * report is made from the file, which holds nothing of them. `until` absent: to the end of the run.
	 */
	readonly historyGaps?: ReadonlyArray<{readonly from: number; readonly until?: number; readonly reason: string}>;
	/**
	 * The run never wrote its history (a state directory it could never use, HOME=/nonexistent): why, in words. The
	 * report has no record of the run, which is not a gap in a history, nor checks nobody watched.
	 */
	readonly historyNotKept?: string;
	/**
	 * Stretches of the window no uptop was running (prepare-report.ts unwatchedSpans), and with `checkId` those an
	 * uptop ran without that check (`--only` other checks), oldest first: nothing is known of them, and uptime counts
	 * the results of the rest.
	 */
	readonly unwatched?: ReadonlyArray<{readonly from: number; readonly until: number; readonly checkId?: string}>;
	/** Lines of the history file that could not be read and were skipped (torn by a crash, or not uptop's). */
	readonly skippedLines?: number;
	/** Markers to list (those inside the window). */
	readonly markers: readonly Marker[];
	/** By check id: the marker that check's comparison is centred on (none: nothing to compare yet). */
	readonly anchors: ReadonlyMap<string, Marker>;
	readonly results: readonly HistoryResult[];
	readonly transitions: readonly HistoryTransition[];
	/** By row id: the check's, or `checkId/label` for each series of a fanned-out check, as on screen. */
	readonly comparisons: ReadonlyMap<string, WindowComparison>;
	/** Checks whose version is judged no version: no markers come from it (monitor/version-noise.ts). */
	readonly ignoredVersions?: ReadonlyArray<{readonly check: Check; readonly ignored: IgnoredVersion; readonly markersLeftOut: number}>;
	/**
	 * The history's key could not be read (a broken history-key): the records of `checkIds`, named from the environment,
	 * are kept under it and match none of them, for the reason in `words` (history-key.ts describeKeyProblem).
	 */
	readonly unreadableKey?: {readonly checkIds: ReadonlySet<string>; readonly words: string};
};

const sourceText: Record<Marker['source'], string> = {version: 'version change', key: 'marked in uptop', command: 'uptop mark'};

/**
 * Whether the marker's label names its check already: a version change's begins with the name as every output
 * shows it (`orders api 1.3.0 → 1.4.0`), so `on orders api` or `: orders api` after it would say it twice. Only a
 * version change's: a note typed for one check (`mark --check search "search rollback"`, M) may begin with the
 * name too, and without `on search` it would read as a marker of every check (the plain lines and the events
 * view leave the scope out for version changes alone as well).
 */
function isNamedInLabel(marker: Marker, check: Check): boolean {
	return marker.source === 'version' && marker.checkId === check.id && marker.label.startsWith(`${redact(check.name, check.secrets)} `);
}

function markerLine(marker: Marker, checksById: ReadonlyMap<string, Check>): string {
	const check = marker.checkId === undefined ? undefined : checksById.get(marker.checkId);
	const scope = check && !isNamedInLabel(marker, check) ? ` on ${inline(check.name)}` : '';
	const {label, sourceNote} = labelBeforeSource(marker);
	return `- ${formatTime(marker.at)} — ${literal(label)}${scope} (${sourceText[marker.source]}${sourceNote})`;
}

function latencyCell(comparison: WindowComparison | undefined, key: 'p50' | 'p95'): string {
	const value = comparison?.[key];
	if (!value || (value.before === undefined && value.after === undefined)) {
		return '–';
	}

	const delta = formatSignedPercent(value.deltaPct);
	return `${formatMs(value.before)} → ${formatMs(value.after)}${delta ? ` (${delta})` : ''}`;
}

function errorCell(comparison: WindowComparison | undefined): string {
	const rate = comparison?.errorRate;
	if (!rate || (rate.before === undefined && rate.after === undefined)) {
		return '–';
	}

	const points = rate.delta === undefined ? '' : ` (${rate.delta >= 0 ? '+' : '−'}${(Math.abs(rate.delta) * 100).toFixed(1)} pts)`;
	return `${formatPercent(rate.before)} → ${formatPercent(rate.after)}${points}`;
}

function verdictCell(comparison: WindowComparison | undefined, hasAnchor: boolean): string {
	if (!comparison) {
		return hasAnchor ? 'too early' : 'no marker';
	}

	// A too-early verdict says which side is short, and whether an earlier marker keeps it so.
	const why = comparison.reasons.length > 0 ? ` (${comparison.reasons.map(literal).join(', ')})` : '';
	return comparison.verdict === 'worse' ? `**worse**${why}` : `${comparison.verdict}${why}`;
}

/**
 * One line of the table and one section each: a check, or each series of a fanned-out check, as on screen; with
 * the records of its id.
 */
type ReportRow = {readonly check: Check; readonly id: string; readonly records: RowRecords; readonly unwatched: readonly UnwatchedSpan[]};

type UnwatchedSpan = NonNullable<ReportInput['unwatched']>[number];

/**
 * By check id, the stretches of `spans` that concern it, in their order: those no uptop ran and its own. Found in one
 * pass, not searched for at each failing period and state change of each row.
 */
function unwatchedByCheck(spans: readonly UnwatchedSpan[]): (checkId: string) => UnwatchedSpan[] {
	const stopped: Array<{span: UnwatchedSpan; index: number}> = [];
	const own = new Map<string, Array<{span: UnwatchedSpan; index: number}>>();
	for (const [index, span] of spans.entries()) {
		if (span.checkId === undefined) stopped.push({span, index});
		else if (own.has(span.checkId)) own.get(span.checkId)!.push({span, index});
		else own.set(span.checkId, [{span, index}]);
	}

	return checkId => [...stopped, ...own.get(checkId) ?? []].sort((a, b) => a.index - b.index).map(({span}) => span);
}

/** Each check's rows: itself, or one per series of a fanned-out check, by the row ids its records were seen under. */
function reportRows(input: ReportInput, byRow: ReadonlyMap<string, RowRecords>, checksById: ReadonlyMap<string, Check>): ReportRow[] {
	const idsByCheck = rowIdsByCheck(byRow.keys(), checksById);
	const unwatchedOf = unwatchedByCheck(input.unwatched ?? []);
	return input.checks.flatMap(check => {
		const unwatched = unwatchedOf(check.id);
		return (idsByCheck.get(check.id)?.toSorted() ?? [check.id]).map(id => ({check, id, records: byRow.get(id) ?? noRecords, unwatched}));
	});
}

function rowName(row: ReportRow): string {
	return row.id === row.check.id ? inline(row.check.name) : `${inline(row.check.name)} / ${literal(row.id.slice(row.check.id.length + 1))}`;
}

/** The row's latest result up to the end of the window. */
function latestResult(row: ReportRow, input: ReportInput): HistoryResult | undefined {
	return row.records.results.findLast(result => result.at <= input.until);
}

/**
 * Whether the row left its check after its latest result: a series gone from the query's answer, or the check's
 * own row once it fanned out, ends in a change to pending (monitor/check-entry.ts). It is in no state now.
 */
function hasLeft(row: ReportRow, input: ReportInput, latest: HistoryResult | undefined): boolean {
	const change = row.records.transitions.findLast(transition => transition.at <= input.until);
	return latest !== undefined && change?.to === 'pending' && change.from !== 'pending' && change.at >= latest.at;
}

/** As the screen counts it: unknown results (a plugin that could not tell) count neither way. */
function uptime(row: ReportRow, input: ReportInput): number | undefined {
	let total = 0;
	let passing = 0;
	for (const result of row.records.results) {
		if (result.at >= input.since && result.at <= input.until && result.state !== 'unknown') {
			total++;
			passing += result.state === 'failing' ? 0 : 1;
		}
	}

	return total === 0 ? undefined : passing / total;
}

/** Counts what the table's verdict column shows, so the two never disagree. */
function summaryLine(input: ReportInput, rows: readonly ReportRow[], causes: ReadonlyMap<ReportRow, AttentionCauses>): string {
	if (input.anchors.size === 0) {
		return 'none, no marker to compare against';
	}

	const counts = new Map<Verdict | 'no marker', number>();
	for (const row of rows) {
		const verdict = input.anchors.has(row.check.id) ? input.comparisons.get(row.id)?.verdict ?? 'too early' : 'no marker';
		counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
	}

	// "too few" only when a row has it: the four others are always said, as reports before it said them.
	const text = [...(['worse', 'better', 'no change', 'too early'] as const).map(verdict => `${counts.get(verdict) ?? 0} ${verdict}`),
		...(counts.has('too few') ? [`${counts.get('too few')} too few`] : [])].join(', ');
	const unmarked = counts.get('no marker');
	const verdicts = unmarked === undefined ? text : `${text}, ${unmarked} without a marker`;
	// A rollback is the latest marker of the checks it mends: compared around it they read better, and the verdicts
	// alone said a release with an outage changed nothing for the worse.
	const failed = rows.map(row => causes.get(row)!.followed ?? []).filter(followed => followed.length > 0);
	if (failed.length === 0) return verdicts;
	// Named when they all followed the same one, as a rollback's report reads: which release it was is the point.
	const followed = new Set(failed.flat());
	const marker = followed.size === 1 ? `"${literal([...followed][0]!.label)}"` : 'a marker';
	return `${verdicts}; ${failed.length} ${failed.length === 1 ? 'check' : 'checks'} failed after ${marker} and ${failed.length === 1 ? 'is' : 'are'} up now`;
}

/**
 * The first marker in the window that concerns `row` (one for every check, or one of its own): where its release
 * began, for the failing periods that followed it. Another check's version change is not this one's release.
 */
function releaseStart(row: ReportRow, input: ReportInput): Marker | undefined {
	return rowMarkers(row, input)[0];
}

/** The markers in the window that concern `row`, oldest first. */
function rowMarkers(row: ReportRow, input: ReportInput): Marker[] {
	return input.markers
		.filter(marker => marker.at >= input.since && marker.at <= input.until && (marker.checkId === undefined || marker.checkId === row.check.id))
		.sort((a, b) => a.at - b.at);
}

/**
 * The latest marker concerning `row` at or before each failure began: the deploy it followed, one for each incident
 * in order (the failures kept begin at or after the window's first marker, so there always is one). The window's
 * first marker is the deploy before when the default window starts there, and the failure may have followed the latest.
 */
function markerFollowedBy(row: ReportRow, input: ReportInput, incidents: readonly Incident[]): Array<Marker | undefined> {
	const markers = rowMarkers(row, input);
	return incidents.map(incident => markers.findLast(candidate => candidate.at <= incident.start));
}

function incidentSection(row: ReportRow, input: ReportInput): string[] {
	const rowId = row.id;
	const incidents = incidentsFor(rowId, withGaps(row, input), input.since, input.until);
	// Changes the results show and no record says (lost with a batch the writer could not write) count as changes too.
	const unrecorded = changesFor(rowId, row.records.transitions, row.records.results, input.historyGaps)
		.filter(change => change.unrecordedAfter !== undefined && change.at >= input.since && change.at <= input.until);
	const changes = stateChangeCount(rowId, row.records.transitions, input.since, input.until) + unrecorded.length;
	const lines = [`### ${rowName(row)}`, ''];
	if (incidents.length === 0) {
		lines.push('- No failing periods.');
	}

	for (const incident of incidents) {
		const start = incident.unrecordedAfter === undefined
			? `${formatTime(incident.start)}${startedBeforeText(incident)}`
			: `between ${formatTime(incident.unrecordedAfter)} and ${formatTime(incident.start)} (${unrecordedText(incident.unrecordedAfter, incident.start, input)})`;
		// Between the two times as printed (whole seconds), so "12:00:01 → 12:00:22" never reads "(20s)".
		const shownMs = (at: number) => Math.floor(at / 1000) * 1000;
		const unwatched = unwatchedText(unwatchedWithin(incident.start, incident.end ?? input.until, row));
		const end = incident.end === undefined
			? `ongoing (${formatHeldFor(incident.durationMs)} so far${unwatched})`
			: `${formatTime(incident.end)} (${formatHeldFor(shownMs(incident.end) - shownMs(incident.start))}${unwatched})`;
		const reason = incident.reason ? `: ${literal(incident.reason.message)}` : '';
		lines.push(`- ${start} → ${end}${reason}`);
	}

	lines.push(`- State changes: ${changes}`);
	// Each one, newest last as a ticket reads, the latest few only: a flapping check must not bury the report.
	const inWindow = (item: {at: number}) => item.at >= input.since && item.at <= input.until;
	const listed = [...row.records.transitions.filter(inWindow), ...unrecorded].sort((a, b) => a.at - b.at).slice(-changesListed);
	if (changes > listed.length) lines.push(`  - (the first ${changes - listed.length} not listed)`);
	for (const item of listed) {
		const reason = item.reason ? `: ${literal(item.reason.message)}` : '';
		lines.push('id' in item
			? `  - ${formatTime(item.at)} ${item.from} → ${item.to}${changeNote(item, row, input)}${reason}`
			: `  - between ${formatTime(item.unrecordedAfter!)} and ${formatTime(item.at)} ${item.from!} → ${item.to} (${unrecordedText(item.unrecordedAfter!, item.at, input)})${reason}`);
	}

	lines.push('');
	return lines;
}

/**
 * What an incident cut at the window's start says: when it began, if the history holds that ("failing since 18:33:00,
 * before the window": the window starts at the previous deploy, during its outage), else "already failing", for a
 * failure older than the oldest line the bounded history keeps.
 */
function startedBeforeText(incident: Incident): string {
	if (!incident.startedBefore) return '';
	return incident.beganAt === undefined ? ' (already failing)' : ` (failing since ${formatTime(incident.beganAt)}, before the window)`;
}

/** The row's records with the history's gaps: a change lost in one is read from the results after it (incidents.ts). */
function withGaps(row: ReportRow, input: ReportInput): RowRecords & {readonly gaps?: ReportInput['historyGaps']} {
	return input.historyGaps === undefined ? row.records : {...row.records, gaps: input.historyGaps};
}

/**
 * "not recorded: disk full": a change the results show and the history does not hold, with why when a gap of the
 * history (from the file, or the writer's own at exit) covers the time it was made in.
 */
function unrecordedText(after: number, at: number, input: ReportInput): string {
	const gap = (input.historyGaps ?? []).find(gap => gap.from <= at && (gap.until ?? Number.POSITIVE_INFINITY) >= after);
	return gap === undefined ? 'not recorded' : `not recorded: ${literal(gap.reason)}`;
}

/** How much of [from, to] no uptop was running (`stopped`), and how much one ran without the row's check (`others`). */
type Unwatched = {readonly stopped: number; readonly others: number};

/** `row.unwatched` holds the stretches no uptop ran and those its check's own: no other check's. */
function unwatchedWithin(from: number, to: number, row: ReportRow): Unwatched {
	let stopped = 0;
	let others = 0;
	for (const span of row.unwatched) {
		const ms = Math.max(0, Math.min(to, span.until) - Math.max(from, span.from));
		if (span.checkId === undefined) stopped += ms;
		else others += ms;
	}

	return {stopped, others};
}

/**
 * "1m 42s of it while uptop was stopped", "… and 1m 10s while uptop ran for other checks only": each part under a
 * second left out, as the plain lines leave it; empty when both are.
 */
function unwatchedParts({stopped, others}: Unwatched, of: string): string {
	const parts = [
		...(stopped < 1000 ? [] : [{ms: stopped, why: 'while uptop was stopped'}]),
		...(others < 1000 ? [] : [{ms: others, why: 'while uptop ran for other checks only'}]),
	];
	return parts.map(({ms, why}, index) => `${formatHeldFor(ms)} ${index === 0 ? `${of} ` : ''}${why}`).join(' and ');
}

/** ", 1m 42s of it while uptop was stopped" inside a failing period's parentheses; empty under a second, as the plain lines. */
function unwatchedText(unwatched: Unwatched): string {
	const parts = unwatchedParts(unwatched, 'of it');
	return parts === '' ? '' : `, ${parts}`;
}

/**
 * After a change, as the plain line said it: " (config changed)" when an edit of the check may have made it, and, when
 * the state it left held across a time no uptop ran, how long it held and how much of that no one watched. The
 * writer records that part (StateRecord.unwatchedMs); a file from before it did is read for when nobody recorded,
 * and so is the time an uptop ran without the check.
 */
function changeNote(transition: HistoryTransition, row: ReportRow, input: ReportInput): string {
	const configChanged = transition.afterReload === true ? ' (config changed)' : '';
	// Since when the state it left had held: the change before it into that state (a restart that found it so keeps none).
	const before = transition.from === 'pending' ? undefined : row.records.transitions.findLast(other => other.at <= transition.at && other !== transition);
	const fromSince = before?.to === transition.from ? before.at : undefined;
	const unwatched = transition.unwatchedMs === undefined
		? fromSince === undefined ? {stopped: 0, others: 0} : unwatchedWithin(fromSince, transition.at, row)
		: {stopped: transition.unwatchedMs, others: 0};
	const parts = unwatchedParts(unwatched, 'of it');
	if (parts === '') return configChanged;
	const unwatchedMs = unwatched.stopped + unwatched.others;
	if (fromSince !== undefined && transition.at - fromSince >= unwatchedMs) {
		// Worded by the plain lines' own function when it is theirs to say.
		return unwatched.others < 1000
			? heldForText({at: transition.at, fromSince, unwatchedMs: unwatched.stopped, ...(transition.afterReload ? {afterReload: true} : {})})
			: ` after ${formatHeldFor(transition.at - fromSince)} (${parts})${configChanged}`;
	}

	// Its start is not in the history kept: how much went unwatched is known all the same.
	return ` (${unwatchedParts(unwatched, `of the ${transition.from} before it`)})${configChanged}`;
}

/** The Before / after table's "Now": the latest state, `gone` for a row that left its check, or `no data`. */
function nowCell(row: ReportRow, input: ReportInput): string {
	const latest = latestResult(row, input);
	return hasLeft(row, input, latest) ? 'gone' : latest?.state ?? 'no data';
}

/** State changes listed by time in a check's section; the count covers them all. */
const changesListed = 20;

/** States at the end of the window that need someone now, whatever the comparison says. */
const attentionStates = new Set<State>(['failing', 'warn', 'unknown']);

/**
 * Why a row is under "Needs attention": it got worse, or it is in trouble now (or both), or nothing was ever
 * recorded for it (a report cannot vouch for a check nobody watched); empty if none of these.
 */
type AttentionCauses = {
	worse?: WindowComparison; now?: HistoryResult; noData?: true; failedAfter?: readonly Incident[];
	/**
	 * The marker each failedAfter period followed, in the same order (markerFollowedBy): the Verdicts line and the
	 * check's "- After:" lines name these, so the two never name different deploys.
	 */
	followedBy?: ReadonlyArray<Marker | undefined>;
	/** The distinct markers of followedBy. */
	followed?: readonly Marker[];
};

function attentionCauses(row: ReportRow, input: ReportInput): AttentionCauses {
	const comparison = input.comparisons.get(row.id);
	const found = latestResult(row, input);
	const latest = hasLeft(row, input, found) ? undefined : found;
	const causes = {
		...(comparison?.verdict === 'worse' ? {worse: comparison} : {}),
		...(latest && attentionStates.has(latest.state) ? {now: latest} : {}),
		...(found ? {} : {noData: true as const}),
	};
	if (causes.now || causes.noData) return causes;
	// Failing periods that began after the release did and ended, which no verdict shows once a later marker (a
	// rollback) is the one the check is compared around; beside "worse" too, whose reasons are latency and errors.
	// One already going when the window began did not: cut at the window's start (its first marker's time), the end
	// of the deploy before read "failed after the release began: 18:33:15 → 18:33:15 (0s)".
	const start = releaseStart(row, input);
	const failedAfter = start === undefined ? [] : incidentsFor(row.id, withGaps(row, input), input.since, input.until).filter(incident => incident.end !== undefined && !incident.startedBefore && incident.start >= start.at);
	if (failedAfter.length === 0) return causes;
	const followedBy = markerFollowedBy(row, input, failedAfter);
	const followed = [...new Set(followedBy.filter(marker => marker !== undefined))];
	return {...causes, failedAfter, followedBy, followed};
}

/** Failing periods listed under one check in "Needs attention"; the count covers them all. */
const failedPeriodsListed = 3;

/**
 * "failing (since 14:58:00 UTC): connection refused": the current state, when it began and what it said. The change
 * into it is the latest, recorded or not: a recorded one into the same state, long over, is not when this one began.
 */
function nowText(row: ReportRow, latest: HistoryResult, input: ReportInput): string {
	const lost = currentChange(row.id, withGaps(row, input), latest.state, input.until);
	const began = row.records.transitions.findLast(transition => transition.to === latest.state && transition.at <= input.until);
	const since = lost?.unrecordedAfter !== undefined
		? ` (since between ${formatTime(lost.unrecordedAfter)} and ${formatTime(lost.at)}, ${unrecordedText(lost.unrecordedAfter, lost.at, input)})`
		: began ? ` (since ${formatTime(began.at)})` : '';
	return `${latest.state}${since}${latest.reason ? `: ${literal(latest.reason.message)}` : ''}`;
}

/** Why a check may have no result: its records hidden by a key that cannot be read, or the ways nobody recorded it. */
function noDataWhy(row: ReportRow, input: ReportInput): string {
	const key = input.unreadableKey;
	if (key !== undefined && key.checkIds.has(row.check.id)) return `its records, kept under a name from the environment, cannot be matched to it: ${literal(key.words)}`;
	if (input.historyNotKept !== undefined) return 'history not kept for this run, as said at the top';
	return 'not watched with this config and state directory; a name from the environment, with another value';
}

function attentionSection(row: ReportRow, input: ReportInput, causes: AttentionCauses): string[] {
	const {worse, now, noData, failedAfter, followedBy} = causes;
	const title = [worse ? 'worse' : '', now ? `${now.state} now` : '', noData ? 'no data' : '', failedAfter ? 'failed after the release began, up now' : ''].filter(Boolean).join(', ');
	const shownMs = (at: number) => Math.floor(at / 1000) * 1000;
	// Each period under the marker it followed, as the Verdicts line names it: the window's first marker is the deploy
	// before when the default window starts there. A new "- After:" only where the marker changes.
	const listed = (failedAfter ?? []).slice(0, failedPeriodsListed);
	const failed = listed.flatMap((incident, index) => {
		const marker = followedBy?.[index];
		// The marker's label may come from a target (a version) or a script: escaped as every label in the report is.
		const after = marker === undefined || marker === followedBy?.[index - 1] ? [] : [`- After: ${literal(marker.label)} at ${formatTime(marker.at)}`];
		const reason = incident.reason ? `: ${literal(incident.reason.message)}` : '';
		const unwatched = unwatchedText(unwatchedWithin(incident.start, incident.end!, row));
		return [...after, `- Failed: ${formatTime(incident.start)} → ${formatTime(incident.end!)} (${formatHeldFor(shownMs(incident.end!) - shownMs(incident.start))}${unwatched})${reason}`];
	});
	const more = (failedAfter?.length ?? 0) - listed.length;
	return [
		`### ${rowName(row)} — ${title}`,
		'',
		...failed,
		...(more > 0 ? [`- Failed ${more} more ${more === 1 ? 'time' : 'times'} (under Incidents above)`] : []),
		...(worse ? [`- Why: ${worse.reasons.map(literal).join(', ')}`] : []),
		...(now ? [`- Now: ${nowText(row, now, input)}`] : []),
		...(noData ? [`- Now: no result recorded, so nothing is known about it (${noDataWhy(row, input)})`] : []),
		`- Owner: ${row.check.owner ? inline(row.check.owner) : 'not set'}`,
		...noteItem('Runbook', row.check.runbook),
		...noteItem('Rollback', row.check.rollback),
		'',
	];
}

/** Said plainly, or a report cut at the clock would read "nothing happened" where the history says otherwise. */
function clockBehindLine({latestAt, madeAt}: NonNullable<ReportInput['clockBehind']>): string {
	return `- Clock: the history holds records up to ${formatTime(latestAt)}, ${formatHeldFor(latestAt - madeAt)} after this machine's clock (${formatTime(madeAt)}) when this report was made: the clock was stepped back since they were recorded (NTP, a hardware clock set right), or a machine whose clock was ahead wrote them. The window ends at the latest record; times are as recorded.`;
}

/** A note on one line, or, written over several (a `rollback: |` block), its steps as a nested list. */
function noteItem(label: string, note: string | undefined): string[] {
	const steps = noteSteps(note).map(step => step.trim());
	if (steps.length === 0) return [`- ${label}: not set`];
	return steps.length === 1 ? [`- ${label}: ${inline(steps[0]!)}`] : [`- ${label}:`, ...steps.map(step => `  - ${inline(step)}`)];
}

/** What the before/after table is centred on: one marker, or each check's own, grouped by marker. */
function comparedLines(input: ReportInput): string[] {
	const byMarker = new Map<Marker, Check[]>();
	for (const check of input.checks) {
		const marker = input.anchors.get(check.id);
		if (marker) byMarker.set(marker, [...(byMarker.get(marker) ?? []), check]);
	}

	if (byMarker.size === 0) {
		return ['- Compared before / after: no marker yet, nothing to compare (`uptop mark "LABEL"`, the `m` key or a version change adds one)'];
	}

	const [only] = byMarker.keys();
	if (byMarker.size === 1 && byMarker.get(only!)!.length === input.checks.length) {
		return [`- Compared before / after: ${literal(only!.label)} at ${formatTime(only!.at)}`];
	}

	const groups = [...byMarker].sort(([a], [b]) => b.at - a.at).map(([marker, checks]) => {
		const names = checks.length === 1 && isNamedInLabel(marker, checks[0]!) ? '' : `: ${checks.map(check => inline(check.name)).join(', ')}`;
		return `  - ${literal(marker.label)} at ${formatTime(marker.at)}${names}`;
	});
	return ['- Compared before / after: each check around the latest marker that concerns it', ...groups];
}

/** The version markers of a check's values from before they were judged no version, which the report leaves out. */
function leftOutText(count: number): string {
	return count === 0 ? '' : ` (its ${count === 1 ? 'marker' : `${count} markers`} before that left out)`;
}

/**
 * First in the report, before anything it counts: a table that reads "100 % up, no failing periods" from a history
 * with a hole in it must not be taken at its word. The reason is read from the history file, as a marker's label
 * is, and may be an error's own words (a path): literal, so a `_` in it is no emphasis and an `@` no mention.
 */
function historyGapLines(gaps: NonNullable<ReportInput['historyGaps']>): string[] {
	return gaps.map(gap => gap.until === undefined
		? `- History incomplete: uptop could not write it from ${formatTime(gap.from)} to the end of the run (${literal(gap.reason)}); this report misses what happened after that`
		: `- History incomplete: uptop could not write it from ${formatTime(gap.from)} to ${formatTime(gap.until)} (${literal(gap.reason)}); this report misses what happened then`);
}

/** Stretches listed one a line; more are counted on one. */
const unwatchedListed = 5;

/** Checks whose own watched time the uptime line gives; more are counted. */
const checksNamed = 5;

/**
 * Right under the window: a report whose uptime reads 100 % and whose failing periods are all short says nothing of
 * what happened while no uptop ran (a target failing then, mended before the restart), nor of a check while the uptop
 * running watched other checks only (`--only`). Uptime counts results, so it is of the watched time only: said with
 * how much of the window that was, and of each check an uptop ran without.
 */
function unwatchedLines(input: ReportInput): string[] {
	const spans = input.unwatched ?? [];
	if (spans.length === 0) return [];
	const nameOf = (checkId: string) => {
		const check = input.checks.find(candidate => candidate.id === checkId);
		return check === undefined ? literal(checkId) : inline(check.name);
	};

	const held = (span: {from: number; until: number}) => `${formatTime(span.from)} → ${formatTime(span.until)} (${formatHeldFor(span.until - span.from)}`;
	const listed = spans.slice(0, unwatchedListed).map(span => (span.checkId === undefined
		? `- Not watched: ${held(span)}, no uptop running)`
		: `- Not watched: ${nameOf(span.checkId)}, ${held(span)}, uptop running for other checks only)`));
	const rest = spans.slice(unwatchedListed);
	const restStopped = rest.filter(span => span.checkId === undefined);
	const restOthers = rest.length - restStopped.length;
	const restMs = restStopped.reduce((sum, span) => sum + span.until - span.from, 0);
	const more = [
		...(restStopped.length === 0 ? [] : [`- Not watched ${restStopped.length} more ${restStopped.length === 1 ? 'time' : 'times'} (${formatHeldFor(restMs)} in all)`]),
		...(restOthers === 0 ? [] : [`- Checks not watched ${restOthers} more ${restOthers === 1 ? 'time' : 'times'} (uptop running for other checks only)`]),
	];
	const stoppedMs = spans.reduce((sum, span) => sum + (span.checkId === undefined ? span.until - span.from : 0), 0);
	const windowMs = input.until - input.since;
	const watchedMs = windowMs - stoppedMs;
	// Of each check an uptop ran without, in the order of the config.
	const ownMs = new Map<string, number>();
	for (const span of spans) if (span.checkId !== undefined) ownMs.set(span.checkId, (ownMs.get(span.checkId) ?? 0) + span.until - span.from);
	const own = input.checks.filter(check => ownMs.has(check.id)).map(check => `${inline(check.name)}: ${formatHeldFor(watchedMs - ownMs.get(check.id)!)}`);
	const ownText = own.length === 0 ? '' : ` (${own.slice(0, checksNamed).join('; ')}${own.length > checksNamed ? `; ${own.length - checksNamed} more` : ''})`;
	return [...listed, ...more, `- Uptime is of the watched time only: ${formatHeldFor(watchedMs)} of the window's ${formatHeldFor(windowMs)}${ownText}`];
}

/** One line, never a failure: a torn record may have been a state change the report does not list. */
function skippedLinesLine(count: number): string {
	const lines = count === 1 ? '1 line of the history file could not be read' : `${count} lines of the history file could not be read`;
	return `- Unreadable lines: ${lines} (torn by a crash mid-write, or not written by uptop) and ${count === 1 ? 'was skipped: what it held is' : 'were skipped: what they held is'} not in this report`;
}

/**
 * The Markdown release note: window, markers, the before/after table with verdicts, incidents and state
 * changes per check, and owner / runbook / rollback for every check that got worse. Pure. Every config
 * secret is redacted from the whole text at the end, whatever section it slipped into.
 */
export function renderReport(input: ReportInput): string {
	const checksById = new Map(input.checks.map(check => [check.id, check] as const));
	const rows = reportRows(input, recordsByRow(input.results, input.transitions), checksById);
	// Asked once per row: the summary counts them, the last section lists them.
	const causes = new Map(rows.map(row => [row, attentionCauses(row, input)] as const));
	const lines = [
		`# Release report: ${inline(input.configFile)}`,
		'',
		...(input.historyNotKept === undefined
			? historyGapLines(input.historyGaps ?? [])
			: [`- History not kept: uptop could not write it during this run (${literal(input.historyNotKept)}); this report has no record of the run`]),
		...(input.skippedLines ? [skippedLinesLine(input.skippedLines)] : []),
		`- Window: ${formatTime(input.since)} → ${formatTime(input.until)} (${formatHeldFor(input.until - input.since)})`,
		...unwatchedLines(input),
		...(input.clockBehind === undefined ? [] : [clockBehindLine(input.clockBehind)]),
		...(input.historyEnd === undefined ? [] : [`- History ends: ${formatTime(input.historyEnd.at)}, ${formatHeldFor(input.historyEnd.madeAt - input.historyEnd.at)} before this report: nothing was recorded after it, so "ongoing" and "Now" are as of then`]),
		...comparedLines(input),
		`- Verdicts: ${summaryLine(input, rows, causes)}`,
		'',
		'## Markers',
		'',
		...(input.markers.length === 0 ? ['- None in this window.'] : input.markers.map(marker => markerLine(marker, checksById))),
		...(input.ignoredVersions ?? []).map(({check, ignored, markersLeftOut}) => `- No version markers from ${inline(check.name)} since ${formatTime(ignored.at)}${leftOutText(markersLeftOut)}: ${literalUpTo(describeIgnoredVersion(ignored), 600)}`),
		'',
		'## Before / after',
		'',
		'| Check | Group | Now | Uptime | p50 before → after | p95 before → after | Error rate before → after | Verdict |',
		'|---|---|---|---|---|---|---|---|',
	];
	for (const row of rows) {
		const comparison = input.comparisons.get(row.id);
		lines.push(`| ${[
			rowName(row),
			inline(row.check.group ?? '–'),
			nowCell(row, input),
			formatUptimePercent(uptime(row, input)),
			latencyCell(comparison, 'p50'),
			latencyCell(comparison, 'p95'),
			errorCell(comparison),
			verdictCell(comparison, input.anchors.has(row.check.id)),
		].join(' | ')} |`);
	}

	lines.push('', '## Incidents and state changes', '');
	for (const row of rows) {
		lines.push(...incidentSection(row, input));
	}

	lines.push('## Needs attention', '');
	// Worse since the deploy, or in trouble at the end of the window even if it already was before it.
	const attention = rows.filter(row => Object.keys(causes.get(row)!).length > 0);
	if (attention.length === 0) {
		lines.push('- No check got worse, and none is failing, warning or unknown at the end of the window.', '');
	}

	for (const row of attention) {
		lines.push(...attentionSection(row, input, causes.get(row)!));
	}

	// One pass with every check's secrets, so a longer secret is hidden whole before a shorter one inside it;
	// in their escaped forms too, since escaping came first.
	return redact(`${lines.join('\n').trimEnd()}\n`, escapedSecretForms(everySecret(input.checks)));
}
