import {redactDeep} from '../text/redact.js';
import type {CheckView, MonitorEvent} from '../monitor/types.js';
import type {Check} from '../config/types.js';
import type {Perfdata, Phases, ProbeResult, SeriesCap} from '../probes/types.js';
import {eventRowName, rowName, splitRowId} from './format.js';
import {excerptLine} from './result-excerpt.js';
import {describeIgnoredVersion} from '../monitor/version-noise.js';
import {heldMs} from '../config/held-for.js';
import {floorPercent} from '../text/floor-percent.js';

/**
 * The documented `--json` shape of one check's latest result (docs/json.md). Field names are a contract:
 * add fields, never rename. Results are sanitized and redacted by the probes, and a row's check is the
 * engine's display copy with every secret already replaced (monitor/display-check.ts).
 */
export type JsonCheckRecord = {
	type: 'check';
	name: string;
	check: string;
	series: string | null;
	group: string | null;
	kind: string;
	state: string;
	latencyMs: number | null;
	status: number | null;
	reason: {code: string; message: string} | null;
	summary: string | null;
	version: string | null;
	owner: string | null;
	runbook: string | null;
	rollback: string | null;
	/** What a passing result looks like, as the detail pane says it: "status 200 · json status=UP". */
	expected: string;
	at: string | null;
	p95Ms: number | null;
	uptime: number | null;
	/** A command check's Nagios perfdata as parsed; null for other kinds. */
	perfdata: Perfdata[] | null;
	/** What came back, on one line of at most 120 cells, when the state is not up (result-excerpt.ts); else null. */
	excerpt: string | null;
	/** The number a prometheus check (or one row of it) read; null for other kinds, NaN and infinities. */
	value: number | null;
	/** How long ago a freshness check's job last succeeded, ms; null for other kinds and when it could not tell. */
	ageMs: number | null;
	/** A check with `each:` whose query returned more series than it makes rows for: how many came back and have rows; else null. */
	seriesCap: SeriesCap | null;
	/**
	 * What the probe noted beside its reason (why a redirect was not followed, that a body was not decoded, where a
	 * redirect led), as the detail pane lists them; null when there are none.
	 */
	notes: string[] | null;
	/** How many tries the latest result took: 1, or more when `retries:` tried again after a failure; null while pending. */
	attempts: number | null;
};

/** JSON has no NaN or infinity (JSON.stringify writes null for them anyway): say null on purpose. */
function finiteValue(value: number | undefined): number | null {
	return value === undefined || !Number.isFinite(value) ? null : value;
}

function round(value: number | undefined): number | null {
	return value === undefined || !Number.isFinite(value) ? null : Math.round(value * 100) / 100;
}

/** The documented fields only, in their order, whatever else the result carries. */
function seriesCapRecord(cap: SeriesCap | undefined): SeriesCap | null {
	return cap === undefined ? null : {returned: cap.returned, shown: cap.shown, maxRows: cap.maxRows};
}

export function checkRecord(row: CheckView): JsonCheckRecord {
	const {last, check} = row;
	return {
		type: 'check',
		name: rowName(row),
		check: check.name,
		series: row.seriesLabel ?? null,
		group: check.group ?? null,
		kind: check.kind,
		state: row.state,
		latencyMs: round(last?.latencyMs),
		status: last?.status ?? null,
		reason: last?.reason ? {code: last.reason.code, message: last.reason.message} : null,
		summary: last?.summary ?? null,
		version: row.version ?? last?.version ?? null,
		owner: check.owner ?? null,
		runbook: check.runbook ?? null,
		rollback: check.rollback ?? null,
		expected: check.expectSummary,
		at: last ? new Date(last.startedAt).toISOString() : null,
		p95Ms: round(row.p95Ms),
		uptime: row.uptime === undefined || !Number.isFinite(row.uptime) ? null : floorPercent(row.uptime, 2),
		perfdata: last?.perfdata ? [...last.perfdata] : null,
		excerpt: excerptLine(row.state, last) ?? null,
		value: finiteValue(last?.value),
		ageMs: last?.ageMs ?? null,
		seriesCap: seriesCapRecord(last?.seriesCap),
		notes: notesRecord(last?.notes),
		attempts: last === undefined ? null : attemptsOf(last),
	};
}

/** The monitor numbers a result's try from 0, and only for a check with retries: a result without it took one. */
function attemptsOf(result: ProbeResult): number {
	return (result.attempt ?? 0) + 1;
}

/** A copy (the result is the engine's), null for none: a record has every field, as its other lists do. */
function notesRecord(notes: readonly string[] | undefined): string[] | null {
	return notes === undefined || notes.length === 0 ? null : [...notes];
}

// reusedConnectionAgeMs last: it was added after the others, and a reader's columns keep their places.
const phaseKeys = ['dnsMs', 'connectMs', 'tlsMs', 'ttfbMs', 'transferMs', 'totalMs', 'reusedConnectionAgeMs'] as const;

/** The phases measured, in the documented order, rounded as latencyMs is (they are performance.now() differences). */
function phasesRecord(phases: Phases | undefined): Partial<Record<(typeof phaseKeys)[number], number>> | null {
	if (phases === undefined) return null;
	const record: Partial<Record<(typeof phaseKeys)[number], number>> = {};
	for (const key of phaseKeys) {
		const value = round(phases[key]);
		if (value !== null) record[key] = value;
	}

	return record;
}

/** One NDJSON line of the continuous `--json` stream, or undefined for events the stream does not carry. */
export function eventRecord(event: MonitorEvent, checksById: ReadonlyMap<string, Check>): Record<string, unknown> | undefined {
	if (event.type === 'marker') {
		// A check's marker names it as its other records do, by the name it was made with (`••••` for a part from
		// `${NAME}`): the check may be gone from the config by now, and its id holds the secret.
		const {checkId, checkName} = event.marker;
		const markerSecrets = checkId === undefined ? [] : checksById.get(checkId)?.secrets ?? [];
		// `settled` always, as `check` is always there: a reader tells a rollout's end from its label's text otherwise.
		return redactDeep({
			type: 'marker', label: event.marker.label, source: event.marker.source, check: checkName ?? null, settled: event.marker.isSettled === true,
			at: new Date(event.marker.at).toISOString(),
			// Only on a version marker placed back at its restart's outage: where the new version first answered.
			...(event.marker.answeredAt === undefined ? {} : {answeredAt: new Date(event.marker.answeredAt).toISOString()}),
		}, markerSecrets);
	}

	const identity = splitRowId(event.id, checksById);
	const {check} = identity;
	const secrets = check?.secrets ?? [];
	const base = {
		name: eventRowName(event.id, identity),
		check: check?.name ?? null,
		series: identity.series ?? null,
		group: check?.group ?? null,
		at: new Date(event.at).toISOString(),
	};
	if (event.type === 'versionIgnored') {
		const {values, spanMs, source} = event.ignored;
		return redactDeep({type: 'versionIgnored', ...base, source, values: [...values], spanMs, message: describeIgnoredVersion(event.ignored)}, secrets);
	}

	if (event.type === 'state') {
		const fromDurationMs = round(heldMs(event));
		// Of fromDurationMs, how long uptop was not running (a restart continued the state): 0 when it watched it all.
		const unwatchedMs = fromDurationMs === null ? null : round(Math.min(fromDurationMs, event.unwatchedMs ?? 0));
		return redactDeep({type: 'state', ...base, from: event.from, to: event.to, state: event.to, reason: event.reason ?? null, fromDurationMs, unwatchedMs, afterReload: event.afterReload === true}, secrets);
	}

	const {result} = event;
	// `at` is when the result started, as --once --json's is (docs/json.md); the event's own time, when it
	// finished (what the history records), is `finishedAt`.
	return redactDeep({
		type: 'result',
		...base,
		at: new Date(result.startedAt).toISOString(),
		finishedAt: new Date(event.at).toISOString(),
		kind: check?.kind ?? null,
		state: event.state,
		latencyMs: round(result.latencyMs),
		status: result.status ?? null,
		reason: result.reason ?? null,
		summary: result.summary,
		version: result.version ?? null,
		phases: phasesRecord(result.phases),
		perfdata: result.perfdata ?? null,
		excerpt: excerptLine(event.state, result) ?? null,
		value: finiteValue(result.value),
		ageMs: result.ageMs ?? null,
		seriesCap: seriesCapRecord(result.seriesCap),
		notes: notesRecord(result.notes),
		attempts: attemptsOf(result),
	}, secrets);
}

/** `{"type":"dropped"}`: how many records a reader that stopped reading did not get (runtime/bounded-output.ts). */
export function droppedRecord(dropped: number, at: number): Record<string, unknown> {
	return {type: 'dropped', records: dropped, at: new Date(at).toISOString()};
}
