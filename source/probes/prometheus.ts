import type {PrometheusCheck} from '../config/types.js';
import {getJson} from './get-json.js';
import {abortedResult, failing, finish, reason, safeText, startClock, worseOutcome} from './result.js';
import {evaluate, formatNumber} from './thresholds.js';
import type {Outcome, ProbeFunction, Reason, SeriesResult} from './types.js';

type Sample = {readonly metric: Readonly<Record<string, string>>; readonly value: number};

type QueryData = {resultType?: unknown; result?: unknown};

/** A Prometheus sample `[ts, "1.5"]` → 1.5; undefined when the shape is wrong. */
function sampleValue(pair: unknown): number | undefined {
	return Array.isArray(pair) && typeof pair[1] === 'string' ? Number(pair[1]) : undefined;
}

/** Instant vectors and scalars → samples; anything else (matrix, string) is not usable here. */
function samplesOf(data: QueryData): Sample[] | string {
	if (data.resultType === 'scalar') {
		const value = sampleValue(data.result);
		return value === undefined ? 'malformed scalar' : [{metric: {}, value}];
	}

	if (data.resultType !== 'vector' || !Array.isArray(data.result)) {
		return `unsupported result type ${String(data.resultType)} (use an instant vector or scalar)`;
	}

	const samples: Sample[] = [];
	for (const item of data.result as Array<{metric?: Record<string, string>; value?: unknown}>) {
		const value = sampleValue(item?.value);
		if (value === undefined) {
			return 'malformed vector sample';
		}

		samples.push({metric: item.metric ?? {}, value});
	}

	return samples;
}

function judge(check: PrometheusCheck, value: number): {outcome: Outcome; reason?: Reason} {
	if (Number.isNaN(value)) {
		return {outcome: 'failing', reason: reason(check, 'no_data', 'value is NaN')};
	}

	const verdict = evaluate(value, check.warn, check.fail);
	return verdict.message === undefined ? {outcome: verdict.outcome} : {outcome: verdict.outcome, reason: reason(check, 'threshold', verdict.message)};
}

export const probe: ProbeFunction<PrometheusCheck> = async (check, signal) => {
	const clock = startClock();
	const url = `${check.url.replace(/\/+$/, '')}/api/v1/query?query=${encodeURIComponent(check.query)}`;
	const reply = await getJson(check, url, check.headers, signal);
	if ('aborted' in reply) {
		return abortedResult(clock, check, signal, 'timeout:total', 'Prometheus query');
	}

	if (!reply.ok) {
		return failing(clock, check, reply.reason, reply.status === undefined ? {} : {status: reply.status});
	}

	const body = reply.json as {status?: unknown; errorType?: unknown; error?: unknown; data?: QueryData};
	if (body?.status !== 'success' || typeof body.data !== 'object' || body.data === null) {
		const detail = typeof body?.error === 'string' ? `${String(body.errorType ?? 'error')}: ${body.error}` : `HTTP ${reply.status}`;
		return failing(clock, check, reason(check, 'protocol', `query failed: ${detail}`), {status: reply.status});
	}

	const samples = samplesOf(body.data);
	if (typeof samples === 'string') {
		return failing(clock, check, reason(check, 'protocol', samples), {status: reply.status});
	}

	if (samples.length === 0) {
		return failing(clock, check, reason(check, 'no_data', 'query returned no data'), {status: reply.status});
	}

	if (check.each === undefined) {
		// One value expected; if the query gives several, the worst one speaks for the check.
		let chosen = samples[0]!;
		let verdict = judge(check, chosen.value);
		for (const sample of samples.slice(1)) {
			const next = judge(check, sample.value);
			if (worseOutcome(verdict.outcome, next.outcome) !== verdict.outcome) {
				chosen = sample;
				verdict = next;
			}
		}

		const notes = samples.length > 1 ? [`query returned ${samples.length} series; showing the worst (use each: to split)`] : [];
		return finish(clock, {
			outcome: verdict.outcome,
			summary: `value ${formatNumber(chosen.value)}`,
			value: chosen.value,
			status: reply.status,
			...(verdict.reason ? {reason: verdict.reason} : {}),
			...(notes.length > 0 ? {notes} : {}),
		});
	}

	const each = check.each;
	const series: SeriesResult[] = samples.map(sample => {
		const verdict = judge(check, sample.value);
		return {
			label: safeText(sample.metric[each] ?? '(no label)', check, {maxLength: 200}),
			outcome: verdict.outcome,
			value: sample.value,
			summary: `value ${formatNumber(sample.value)}`,
			...(verdict.reason ? {reason: verdict.reason} : {}),
		};
	});
	series.sort((a, b) => a.label.localeCompare(b.label));
	let outcome: Outcome = 'up';
	for (const item of series) {
		outcome = worseOutcome(outcome, item.outcome);
	}

	const counts = (['failing', 'warn', 'up'] as const)
		.map(kind => [kind, series.filter(item => item.outcome === kind).length] as const)
		.filter(([, count]) => count > 0)
		.map(([kind, count]) => `${count} ${kind}`);
	const worst = series.find(item => item.outcome === outcome && item.reason);
	return finish(clock, {
		outcome,
		summary: `${series.length} series: ${counts.join(', ')}`,
		series,
		status: reply.status,
		...(worst?.reason ? {reason: {code: worst.reason.code, message: safeText(`${worst.label}: ${worst.reason.message}`, check)}} : {}),
	});
};
