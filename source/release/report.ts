import type {Check} from '../config/types.js';
import {noteSteps} from '../config/note-steps.js';
import type {Marker, State} from '../monitor/types.js';
import {redact} from '../probes/redact.js';
import type {Verdict, WindowComparison} from './compare.js';
import type {HistoryResult, HistoryTransition} from './history-load.js';
import {incidentsFor, stateChangeCount} from './incidents.js';
import {formatDuration, formatMs, formatPercent, formatSignedPercent, formatTime, inline} from './report-format.js';

export type ReportInput = {
	readonly configFile: string;
	readonly checks: readonly Check[];
	/** The report's window, epoch ms. */
	readonly since: number;
	readonly until: number;
	/** Markers to list (those inside the window). */
	readonly markers: readonly Marker[];
	/** By check id: the marker that check's comparison is centred on (none: nothing to compare yet). */
	readonly anchors: ReadonlyMap<string, Marker>;
	readonly results: readonly HistoryResult[];
	readonly transitions: readonly HistoryTransition[];
	/** By check id. */
	readonly comparisons: ReadonlyMap<string, WindowComparison>;
};

const sourceText: Record<Marker['source'], string> = {version: 'version change', key: 'marked in uptop', command: 'uptop mark'};

function markerLine(marker: Marker, checks: readonly Check[]): string {
	const check = marker.checkId === undefined ? undefined : checks.find(candidate => candidate.id === marker.checkId);
	const scope = check ? ` on ${inline(check.name)}` : '';
	return `- ${formatTime(marker.at)} — ${inline(marker.label)}${scope} (${sourceText[marker.source]})`;
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
		return hasAnchor ? 'too early' : '–';
	}

	// A too-early verdict says which side is short, and whether an earlier marker keeps it so.
	const why = comparison.reasons.length > 0 ? ` (${comparison.reasons.map(inline).join(', ')})` : '';
	return comparison.verdict === 'worse' ? `**worse**${why}` : `${comparison.verdict}${why}`;
}

const severity: Record<State, number> = {pending: 0, up: 1, slow: 2, warn: 3, unknown: 3.5, failing: 4};

/** A check's own results and those of its fanned-out series rows (`id/label`). */
function belongsTo(rowId: string, id: string): boolean {
	return rowId === id || rowId.startsWith(`${id}/`);
}

/** Row ids seen for a check: itself, or one per series of a fanned-out check. */
function rowIds(id: string, input: ReportInput): string[] {
	const ids = new Set<string>();
	for (const item of [...input.results, ...input.transitions]) {
		if (belongsTo(item.id, id)) {
			ids.add(item.id);
		}
	}

	return ids.size === 0 ? [id] : [...ids].sort();
}

/** The latest state of the check, the worst across its series. */
function stateNow(id: string, input: ReportInput): State | undefined {
	const latest = new Map<string, State>();
	for (const result of input.results) {
		if (belongsTo(result.id, id) && result.at <= input.until) {
			latest.set(result.id, result.state);
		}
	}

	let worst: State | undefined;
	for (const state of latest.values()) {
		if (worst === undefined || severity[state] > severity[worst]) {
			worst = state;
		}
	}

	return worst;
}

function uptime(id: string, input: ReportInput): number | undefined {
	let total = 0;
	let passing = 0;
	for (const result of input.results) {
		if (belongsTo(result.id, id) && result.at >= input.since && result.at <= input.until) {
			total++;
			passing += result.state === 'failing' ? 0 : 1;
		}
	}

	return total === 0 ? undefined : passing / total;
}

function summaryLine(input: ReportInput): string {
	const counts = new Map<Verdict, number>();
	for (const check of input.checks) {
		const verdict = input.comparisons.get(check.id)?.verdict ?? 'too early';
		counts.set(verdict, (counts.get(verdict) ?? 0) + 1);
	}

	return (['worse', 'better', 'no change', 'too early'] as const).map(verdict => `${counts.get(verdict) ?? 0} ${verdict}`).join(', ');
}

function incidentSection(check: Check, rowId: string, input: ReportInput): string[] {
	const incidents = incidentsFor(rowId, input, input.since, input.until);
	const changes = stateChangeCount(rowId, input.transitions, input.since, input.until);
	const series = rowId === check.id ? '' : ` / ${rowId.slice(check.id.length + 1)}`;
	const lines = [`### ${inline(check.name + series)}`, ''];
	if (incidents.length === 0) {
		lines.push('- No failing periods.');
	}

	for (const incident of incidents) {
		const start = `${formatTime(incident.start)}${incident.startedBefore ? ' (already failing)' : ''}`;
		const end = incident.end === undefined ? `ongoing (${formatDuration(incident.durationMs)} so far)` : `${formatTime(incident.end)} (${formatDuration(incident.durationMs)})`;
		const reason = incident.reason ? `: ${inline(incident.reason.message)}` : '';
		lines.push(`- ${start} → ${end}${reason}`);
	}

	lines.push(`- State changes: ${changes}`);
	// Each one, newest last as a ticket reads, the latest few only: a flapping check must not bury the report.
	const listed = input.transitions.filter(transition => transition.id === rowId && transition.at >= input.since && transition.at <= input.until).slice(-changesListed);
	if (changes > listed.length) lines.push(`  - (the first ${changes - listed.length} not listed)`);
	for (const transition of listed) {
		const reason = transition.reason ? `: ${inline(transition.reason.message)}` : '';
		lines.push(`  - ${formatTime(transition.at)} ${transition.from} → ${transition.to}${reason}`);
	}

	lines.push('');
	return lines;
}

/** State changes listed by time in a check's section; the count covers them all. */
const changesListed = 20;

function attentionSection(check: Check, comparison: WindowComparison): string[] {
	return [
		`### ${inline(check.name)} — worse`,
		'',
		`- Why: ${comparison.reasons.map(inline).join(', ')}`,
		`- Owner: ${check.owner ? inline(check.owner) : 'not set'}`,
		...noteItem('Runbook', check.runbook),
		...noteItem('Rollback', check.rollback),
		'',
	];
}

/** A note on one line, or, written over several (a `rollback: |` block), its steps as a nested list. */
function noteItem(label: string, note: string | undefined): string[] {
	const steps = noteSteps(note).map(step => step.trim());
	if (steps.length === 0) return [`- ${label}: not set`];
	return steps.length === 1 ? [`- ${label}: ${inline(steps[0]!)}`] : [`- ${label}:`, ...steps.map(step => `  - ${inline(step)}`)];
}

/** What the before/after table is centred on: one marker, or each check's own, grouped by marker. */
function comparedLines(input: ReportInput): string[] {
	const byMarker = new Map<Marker, string[]>();
	for (const check of input.checks) {
		const marker = input.anchors.get(check.id);
		if (marker) byMarker.set(marker, [...(byMarker.get(marker) ?? []), check.name]);
	}

	if (byMarker.size === 0) {
		return ['- Compared before / after: no marker yet, nothing to compare (`uptop mark "LABEL"`, the `m` key or a version change adds one)'];
	}

	const [only] = byMarker.keys();
	if (byMarker.size === 1 && byMarker.get(only!)!.length === input.checks.length) {
		return [`- Compared before / after: ${inline(only!.label)} at ${formatTime(only!.at)}`];
	}

	const groups = [...byMarker].sort(([a], [b]) => b.at - a.at)
		.map(([marker, names]) => `  - ${inline(marker.label)} at ${formatTime(marker.at)}: ${names.map(inline).join(', ')}`);
	return ['- Compared before / after: each check around the latest marker that concerns it', ...groups];
}

/**
 * The Markdown release note: window, markers, the before/after table with verdicts, incidents and state
 * changes per check, and owner / runbook / rollback for every check that got worse. Pure. Every config
 * secret is redacted from the whole text at the end, whatever section it slipped into.
 */
export function renderReport(input: ReportInput): string {
	const lines = [
		`# Release report: ${inline(input.configFile)}`,
		'',
		`- Window: ${formatTime(input.since)} → ${formatTime(input.until)} (${formatDuration(input.until - input.since)})`,
		...comparedLines(input),
		`- Verdicts: ${summaryLine(input)}`,
		'',
		'## Markers',
		'',
		...(input.markers.length === 0 ? ['- None in this window.'] : input.markers.map(marker => markerLine(marker, input.checks))),
		'',
		'## Before / after',
		'',
		'| Check | Group | Now | Uptime | p50 before → after | p95 before → after | Error rate before → after | Verdict |',
		'|---|---|---|---|---|---|---|---|',
	];
	for (const check of input.checks) {
		const comparison = input.comparisons.get(check.id);
		lines.push(`| ${[
			inline(check.name),
			inline(check.group ?? '–'),
			stateNow(check.id, input) ?? 'no data',
			formatPercent(uptime(check.id, input), 2),
			latencyCell(comparison, 'p50'),
			latencyCell(comparison, 'p95'),
			errorCell(comparison),
			verdictCell(comparison, input.anchors.has(check.id)),
		].join(' | ')} |`);
	}

	lines.push('', '## Incidents and state changes', '');
	for (const check of input.checks) {
		for (const rowId of rowIds(check.id, input)) {
			lines.push(...incidentSection(check, rowId, input));
		}
	}

	lines.push('## Needs attention', '');
	const worse = input.checks.filter(check => input.comparisons.get(check.id)?.verdict === 'worse');
	if (worse.length === 0) {
		lines.push('- No check got worse.', '');
	}

	for (const check of worse) {
		lines.push(...attentionSection(check, input.comparisons.get(check.id)!));
	}

	// One pass with every check's secrets, so a longer secret is hidden whole before a shorter one inside it.
	return redact(`${lines.join('\n').trimEnd()}\n`, input.checks.flatMap(check => check.secrets));
}
