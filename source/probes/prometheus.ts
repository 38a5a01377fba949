import {isDecimalText} from '../config/decimal-text.js';
import type {PrometheusCheck} from '../config/types.js';
import {formatThreshold, formatValue} from '../config/value-unit.js';
import {getJson, withBodyNotes, type JsonReply} from './get-json.js';
import {redact} from '../text/redact.js';
import {abortedResult, type Clock, failing, finish, reason, safeText, startClock, worseOutcome} from './result.js';
import {sanitize} from '../text/sanitize.js';
import {evaluate} from './thresholds.js';
import type {Outcome, ProbeFunction, ProbeResult, Reason, SeriesCap, SeriesResult} from './types.js';

type Sample = {readonly metric: Readonly<Record<string, string>>; readonly value: number};

type QueryData = {resultType?: unknown; result?: unknown};

/** Prometheus writes infinities as "+Inf" / "-Inf", which Number() reads as NaN: a latency past the last bucket is not "no data". */
const infinities: Readonly<Record<string, number>> = {'+Inf': Number.POSITIVE_INFINITY, Inf: Number.POSITIVE_INFINITY, '-Inf': Number.NEGATIVE_INFINITY};


/**
 * A Prometheus sample `[ts, "1.5"]` → 1.5 (or NaN, ±Inf); undefined when the shape is wrong, and the text
 * itself when it is not a number at all.
 */
function sampleValue(pair: unknown): number | {readonly text: string} | undefined {
	if (!Array.isArray(pair) || typeof pair[1] !== 'string') return undefined;
	const text = pair[1];
	if (text === 'NaN') return Number.NaN;
	return infinities[text] ?? (isDecimalText(text) ? Number(text) : {text});
}

/** Why a sample cannot be compared: what came back, sanitized and cut. */
function notANumber(bad: {readonly text: string}): string {
	return `sample value ${JSON.stringify(sanitize(bad.text, {maxLength: 40}))} is not a number`;
}

function isLabelSet(value: unknown): value is Record<string, string> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The result type as the answer names it, or what came instead of a name: String() of an array joins its items,
 * and one nested 100,000 deep overflows the stack.
 */
function resultTypeName(value: unknown): string {
	if (typeof value === 'string') return sanitize(value, {maxLength: 40});
	if (Array.isArray(value)) return '(an array, not a name)';
	if (typeof value === 'object' && value !== null) return '(an object, not a name)';
	return String(value);
}

/** What came where the answer should hold a list or an object, in words. */
function kindOf(value: unknown): string {
	if (value === null || value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : typeof value === 'string' ? 'text' : `a ${typeof value}`;
}

/** Instant vectors and scalars → samples; anything else (matrix, string) is not usable here. */
function samplesOf(data: QueryData): Sample[] | string {
	if (data.resultType === 'scalar') {
		const value = sampleValue(data.result);
		if (value === undefined) return 'malformed scalar';
		return typeof value === 'number' ? [{metric: {}, value}] : notANumber(value);
	}

	if (data.resultType === undefined) return 'the answer names no result type';
	if (data.resultType !== 'vector') {
		return `unsupported result type ${resultTypeName(data.resultType)} (use an instant vector or scalar)`;
	}

	if (!Array.isArray(data.result)) return `the answer's vector result is ${kindOf(data.result)}, not a list`;

	const samples: Sample[] = [];
	for (const item of data.result as Array<{metric?: Record<string, string>; value?: unknown}>) {
		const value = sampleValue(item?.value);
		if (value === undefined) {
			return 'malformed vector sample';
		}

		if (typeof value !== 'number') {
			return notANumber(value);
		}

		samples.push({metric: isLabelSet(item?.metric) ? item.metric : {}, value});
	}

	return samples;
}

function judge(check: PrometheusCheck, value: number): {outcome: Outcome; reason?: Reason} {
	// NaN is no measurement (an error ratio with no traffic is 0/0): no threshold can say it is good or bad,
	// so neither `warn` nor `fail` decides, with or without thresholds, and the check cannot tell.
	if (Number.isNaN(value)) {
		return {outcome: 'unknown', reason: reason(check, 'no_data', 'value NaN (no data to compare; e.g. 0/0)')};
	}

	const verdict = evaluate(value, check.warn, check.fail, number => formatValue(number, check.unit), number => formatThreshold(number, check.unit));
	return verdict.message === undefined ? {outcome: verdict.outcome} : {outcome: verdict.outcome, reason: reason(check, 'threshold', verdict.message)};
}

/** The row name of series that lack the `each` label. */
const noLabel = '(no label)';
// Enough label names to spot the one `each:` should have named, without a line that never ends.
const maxLabelNames = 8;

/** A series' `each` label, or undefined when it has none (Prometheus treats an empty label as absent). */
function labelValue(metric: Readonly<Record<string, unknown>>, name: string): string | undefined {
	const value = Object.hasOwn(metric, name) ? metric[name] : undefined;
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Series that end up with the same row name: they must share one row, never overwrite each other. */
type SeriesGroup = {readonly label: string; readonly samples: Sample[]; unlabelled: Sample[]};

/** Groups by the row name as shown (sanitized and cut), since that is what keys the rows. */
function groupByLabel(check: PrometheusCheck, each: string, samples: readonly Sample[]): SeriesGroup[] {
	const groups = new Map<string, SeriesGroup>();
	for (const sample of samples) {
		const raw = labelValue(sample.metric, each);
		const label = raw === undefined ? noLabel : safeText(raw, check, {maxLength: 200});
		let group = groups.get(label);
		if (group === undefined) {
			group = {label, samples: [], unlabelled: []};
			groups.set(label, group);
		}

		group.samples.push(sample);
		if (raw === undefined) group.unlabelled.push(sample);
	}

	return [...groups.values()];
}

/** "job, instance": the label names the series without `each` do have, so a typo in `each:` shows. */
function labelNames(samples: readonly Sample[]): string {
	const names = [...new Set(samples.flatMap(sample => Object.keys(sample.metric)))].sort();
	if (names.length === 0) return 'they have no labels';
	const shown = names.slice(0, maxLabelNames).map(name => sanitize(name, {maxLength: 40}));
	return `their labels: ${shown.join(', ')}${names.length > maxLabelNames ? ', …' : ''}`;
}

/** Why one row stands for several series, or for series without the label; undefined for a plain row. */
function groupNote(each: string, group: SeriesGroup, total: number): string | undefined {
	const missing = group.unlabelled.length;
	if (missing > 0) {
		return `${missing} of ${total} series ${missing === 1 ? 'has' : 'have'} no label ${each} (${labelNames(group.unlabelled)})`;
	}

	return group.samples.length > 1 ? `${group.samples.length} series share this ${each}` : undefined;
}

/**
 * Whether `next` is further than `current` past the threshold that gave them their state: for `>`/`>=` the larger,
 * for `<`/`<=` the smaller. `==`, `!=` and a state no threshold gave (up, unknown) have no direction: the first stays.
 */
function isFurtherPast(check: PrometheusCheck, outcome: Outcome, current: number, next: number): boolean {
	const op = outcome === 'failing' ? check.fail?.op : outcome === 'warn' ? check.warn?.op : undefined;
	if (op === '>' || op === '>=') return next > current;
	if (op === '<' || op === '<=') return next < current;
	return false;
}

/**
 * The sample whose outcome is worst and, among those, the one furthest past its threshold (a queue of 5000 over
 * one of 120, both past 100), and its verdict.
 */
function worstOf(check: PrometheusCheck, samples: readonly Sample[]): {sample: Sample; verdict: ReturnType<typeof judge>} {
	let sample = samples[0]!;
	let verdict = judge(check, sample.value);
	for (const next of samples.slice(1)) {
		const nextVerdict = judge(check, next.value);
		const isWorse = nextVerdict.outcome === verdict.outcome
			? isFurtherPast(check, verdict.outcome, sample.value, next.value)
			: worseOutcome(verdict.outcome, nextVerdict.outcome) !== verdict.outcome;
		if (isWorse) {
			sample = next;
			verdict = nextVerdict;
		}
	}

	return {sample, verdict};
}

/** One row: the worst of its series speaks for it (an outage must not hide behind a healthy series). */
function groupRow(check: PrometheusCheck, each: string, group: SeriesGroup, total: number): SeriesResult {
	const {sample: chosen, verdict} = worstOf(check, group.samples);
	const note = groupNote(each, group, total);
	const summary = `value ${formatValue(chosen.value, check.unit)}`;
	const why = verdict.reason && note !== undefined ? {code: verdict.reason.code, message: safeText(`${note}; worst: ${verdict.reason.message}`, check)} : verdict.reason;
	return {
		label: group.label,
		outcome: verdict.outcome,
		value: chosen.value,
		summary: note === undefined ? summary : safeText(`${summary}; ${note}`, check),
		...(why ? {reason: why} : {}),
	};
}

/**
 * Rows a check with `each:` makes at most, and one more for the series past them. A query that leaves out a
 * label (`rate(http_requests_total[5m])` without `sum by (job)`) returns thousands of series: 13,000 rows took
 * 1.2 GB and most of a core within two minutes, each row keeping its own history (up to 24 h, ~78 KB) and view.
 * 200 is the row count the screen is measured with under load (docs/benchmarks.md), more than a tall terminal
 * shows four times over, and ~16 MB of history at most; a fleet larger than that is better split into checks
 * (by `job`, `zone`) or narrowed to its worst (`topk`).
 */
export const maxSeriesRows = 200;
/** The row of the series past the first maxSeriesRows: the worst of them speaks, so an outage there still shows. */
export const moreSeriesLabel = '(more series)';

/** Rows in the order the engine keeps them (check-entry.ts): code units, the same on every machine and locale. */
const byCodeUnits = (a: SeriesGroup, b: SeriesGroup) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

/** What a check over the cap says: how many came back, how many have rows, and what to do about it. */
function capNote(each: string, cap: SeriesCap): string {
	return `${cap.returned} series came back, more than the ${cap.maxRows} rows a check shows: ${cap.shown} have rows (the first by ${each}), `
		+ `the other ${cap.returned - cap.shown} share the row ${moreSeriesLabel}; narrow the query with a label matcher, or use topk(${cap.maxRows}, …)`;
}

/** The rows of a check with `each:`: one per label value, every series in exactly one row, at most maxSeriesRows and the rest. */
function fanOut(check: PrometheusCheck, each: string, samples: readonly Sample[]): {rows: SeriesResult[]; cap?: SeriesCap} {
	const groups = groupByLabel(check, each, samples);
	if (groups.length <= maxSeriesRows) {
		return {rows: groups.map(group => groupRow(check, each, group, samples.length))};
	}

	// A series whose own label reads like the rest row's name joins it: two rows of one name would overwrite each other.
	const kept = groups.filter(group => group.label !== moreSeriesLabel).sort(byCodeUnits).slice(0, maxSeriesRows);
	const keptLabels = new Set(kept.map(group => group.label));
	const rest: SeriesGroup = {label: moreSeriesLabel, samples: [], unlabelled: []};
	for (const group of groups) {
		if (!keptLabels.has(group.label)) rest.samples.push(...group.samples);
	}

	const cap: SeriesCap = {returned: samples.length, shown: samples.length - rest.samples.length, maxRows: maxSeriesRows};
	const rows = kept.map(group => groupRow(check, each, group, samples.length));
	rows.push(restRow(check, rest, cap));
	return {rows, cap};
}

/** The row that stands for the series past the cap: the worst of them, and how many they are. */
function restRow(check: PrometheusCheck, rest: SeriesGroup, cap: SeriesCap): SeriesResult {
	const worst = worstOf(check, rest.samples);
	const note = `${rest.samples.length} series past the first ${cap.maxRows} rows (${cap.returned} came back)`;
	const advice = `narrow the query, or topk(${cap.maxRows}, …)`;
	return {
		label: rest.label,
		outcome: worst.verdict.outcome,
		value: worst.sample.value,
		summary: safeText(`value ${formatValue(worst.sample.value, check.unit)}; ${note}: ${advice}`, check),
		...(worst.verdict.reason ? {reason: {code: worst.verdict.reason.code, message: safeText(`${note}; worst: ${worst.verdict.reason.message}`, check)}} : {}),
	};
}

/**
 * What an empty vector most often means: the target stopped being scraped (its series went stale five minutes
 * later), not that the metric is zero. Name the `up` query that says so, with the query's own job and instance
 * when it selects them exactly; not when the query holds a secret, which a label taken from it could be part of.
 */
function noSeriesHint(check: PrometheusCheck): string {
	const hasSecret = redact(check.query, check.secrets) !== check.query;
	const matchers = hasSecret ? [] : ['job', 'instance'].flatMap(label => {
		const value = new RegExp(`(?:^|[{,\\s])${label}\\s*=\\s*"([^"\\\\]*)"`).exec(check.query)?.[1];
		return value === undefined ? [] : [`${label}="${value}"`];
	});
	const up = matchers.length > 0 ? `up{${matchers.join(',')}}` : 'up';
	return `an empty vector, no series matched (is the target still scraped? see ${up})`;
}

/**
 * The largest answer a query may give. Prometheus writes every label of every series: 13,000 series of a
 * `rate()` left without `sum by` are ~2 MB, which the cap below (maxSeriesRows) turns into 201 rows; at 1 MiB
 * they never got there. 16 MiB is ~100,000 such series. While an answer is read and parsed it takes about four
 * times its size (the bytes, the text, the parsed series: ~70 MB at the limit, measured), for that probe only.
 */
export const maxAnswerBytes = 16 * 1024 * 1024;

/** What to do about an answer past maxAnswerBytes: fewer series, as the rows would show them anyway. */
function narrowHint(check: PrometheusCheck): string {
	return `too many series for one check; narrow the query: sum by (${check.each ?? 'label'}) (…) for one series a label value, or a label matcher ({job="…"})`;
}

export const probe: ProbeFunction<PrometheusCheck> = async (check, signal) => {
	const clock = startClock();
	const url = `${check.url.replace(/\/+$/, '')}/api/v1/query?query=${encodeURIComponent(check.query)}`;
	const reply = await getJson(check, url, check.headers, signal, maxAnswerBytes);
	return withBodyNotes(withWarnings(answer(clock, check, url, reply, signal), check, reply), reply);
};

/** Warnings (and infos) a check shows at most: enough to say the answer was cut short, never a list that pushes the rest off. */
const maxWarnings = 3;

/**
 * `result` with the warnings a successful answer gave beside its data ("query was truncated"), after its own notes,
 * then its infos (Prometheus 2.50+: "metric might not be a counter"): a value read from a truncated answer is not
 * the whole truth, a rate of a gauge is no rate, and the answer's status alone says nothing of either.
 */
function withWarnings(result: ProbeResult, check: PrometheusCheck, reply: JsonReply): ProbeResult {
	const body = 'json' in reply ? reply.json as {status?: unknown; warnings?: unknown; infos?: unknown} | null : undefined;
	if (body?.status !== 'success') return result;
	const notes = [...answerNotes(check, body.warnings, 'warning'), ...answerNotes(check, body.infos, 'info')];
	return notes.length === 0 ? result : {...result, notes: [...(result.notes ?? []), ...notes]};
}

/** One list of the answer's (`warnings` or `infos`) as notes: the first few, and how many more; none when it is no list. */
function answerNotes(check: PrometheusCheck, list: unknown, kind: 'warning' | 'info'): string[] {
	if (!Array.isArray(list)) return [];
	const items = list.filter(item => typeof item === 'string');
	const notes = items.slice(0, maxWarnings).map(item => safeText(`Prometheus ${kind}: ${item}`, check, {maxLength: 200}));
	const more = items.length - maxWarnings;
	if (more > 0) notes.push(`${more} more Prometheus ${kind}${more === 1 ? '' : 's'}`);
	return notes;
}

/** The result of the query's answer, on every path out; the notes of its body are added by the caller. */
function answer(clock: Clock, check: PrometheusCheck, url: string, reply: JsonReply, signal: AbortSignal): ProbeResult {
	if ('aborted' in reply) {
		return abortedResult(clock, check, signal, 'timeout:total', 'Prometheus query');
	}

	if (!reply.ok) {
		// What came back instead of JSON (a proxy's 502 page, a login page) says more than "invalid JSON" does.
		const excerpt = reply.excerpt === undefined ? {} : {excerpt: reply.excerpt};
		if (reply.status === 404) {
			// Not "invalid JSON": the url is not a Prometheus server's base (often the UI's /graph, pasted).
			const asked = new URL(url);
			return failing(clock, check, reason(check, 'protocol', `HTTP 404 from ${asked.host}: no Prometheus query API at ${asked.pathname} (url is the server's base URL, such as http://prometheus:9090)`), {status: 404, ...excerpt});
		}

		const why = reply.reason.code === 'too_large' ? {code: reply.reason.code, message: safeText(`${reply.reason.message}: ${narrowHint(check)}`, check)} : reply.reason;
		return failing(clock, check, why, {...(reply.status === undefined ? {} : {status: reply.status}), ...excerpt});
	}

	const body = reply.json as {status?: unknown; errorType?: unknown; error?: unknown; data?: QueryData};
	if (body?.status !== 'success') {
		// Without an errorType (a proxy's or an auth layer's {"status":"error","error":"unauthorized"}) the status says what kind.
		const kind = typeof body?.errorType === 'string' ? body.errorType : `HTTP ${reply.status}`;
		const detail = typeof body?.error === 'string' ? `${kind}: ${body.error}` : `HTTP ${reply.status}`;
		return failing(clock, check, reason(check, 'protocol', `query failed: ${detail}`), {status: reply.status});
	}

	if (typeof body.data !== 'object' || body.data === null || Array.isArray(body.data)) {
		const message = body.data === undefined || body.data === null ? 'the answer has no `data`' : `the answer's \`data\` is ${kindOf(body.data)}, not an object`;
		return failing(clock, check, reason(check, 'protocol', message), {status: reply.status});
	}

	const samples = samplesOf(body.data);
	if (typeof samples === 'string') {
		return failing(clock, check, reason(check, 'protocol', samples), {status: reply.status});
	}

	if (samples.length === 0) {
		return failing(clock, check, reason(check, 'no_data', `query returned no data: ${noSeriesHint(check)}`), {status: reply.status});
	}

	if (check.each === undefined) {
		// One value expected; if the query gives several, the worst one speaks for the check.
		const {sample: chosen, verdict} = worstOf(check, samples);

		const notes = samples.length > 1 ? [`query returned ${samples.length} series; showing the worst (use each: to split)`] : [];
		return finish(clock, {
			outcome: verdict.outcome,
			summary: `value ${formatValue(chosen.value, check.unit)}`,
			value: chosen.value,
			status: reply.status,
			...(verdict.reason ? {reason: verdict.reason} : {}),
			...(notes.length > 0 ? {notes} : {}),
		});
	}

	const {rows: series, cap} = fanOut(check, check.each, samples);
	series.sort((a, b) => a.label.localeCompare(b.label));
	let outcome: Outcome = 'up';
	for (const item of series) {
		outcome = worseOutcome(outcome, item.outcome);
	}

	// Counted per series the query returned, not per row: rows can stand for several series (fanOut).
	const outcomes = samples.map(sample => judge(check, sample.value).outcome);
	const counts = (['failing', 'unknown', 'warn', 'up'] as const)
		.map(kind => [kind, outcomes.filter(item => item === kind).length] as const)
		.filter(([, count]) => count > 0)
		.map(([kind, count]) => `${count} ${kind}`);
	const worst = series.find(item => item.outcome === outcome && item.reason);
	return finish(clock, {
		outcome,
		summary: `${samples.length} series: ${counts.join(', ')}`,
		series,
		status: reply.status,
		...(worst?.reason ? {reason: {code: worst.reason.code, message: safeText(`${worst.label}: ${worst.reason.message}`, check)}} : {}),
		// Every row of the check carries it (check-entry.ts): its detail pane, --json and the plain lines say it.
		...(cap ? {seriesCap: cap, notes: [safeText(capNote(check.each, cap), check)]} : {}),
	});
}
