import {bundle} from '../lib/bundle.js';
import {atMost, type Figure, type SectionResult} from '../lib/figure.js';
import {startChild} from '../lib/processes.js';
import {Blackbox, curlTotalMs, hasCurl} from '../lib/references.js';
import {median, quantile, round} from '../lib/stats.js';
import type {Options} from '../lib/options.js';
import {measureUnderLoad} from './latency-load.js';

export const delaysMs = [0, 5, 50] as const;
type TruthRecord = {path: string; arrivedAt: number; holdMs: number};
type Errors = {uptop: number[]; uptopKeepAlive?: number[]; curl: number[]; blackbox: number[]; blackboxPhases: number[]};

/** Measured minus truth for every tagged request the server saw; unmatched measurements are dropped. */
function errorsFor(measured: Map<string, number>, truth: Map<string, number>): number[] {
	const errors: number[] = [];
	for (const [tag, value] of measured) {
		const hold = truth.get(tag);
		if (hold !== undefined && Number.isFinite(value)) errors.push(value - hold);
	}

	return errors;
}

export async function runLatency(options: Options, log: (line: string) => void): Promise<SectionResult> {
	const samples = options.quick ? 15 : 50;
	const skipped: string[] = [];
	const server = startChild(await bundle('children/bench-server.ts'));
	const prober = startChild(await bundle('children/probe-child.ts'));
	let blackbox: Blackbox | undefined;
	const figures: Figure[] = [];
	const details: Record<string, unknown> = {samplesPerDelay: samples};
	try {
		const {port} = await server.next<{port: number}>('listening');
		await prober.next('ready');
		if (Blackbox.available()) {
			blackbox = await Blackbox.start().catch((error: Error) => {
				skipped.push(`blackbox_exporter reference: ${error.message}`);
				return undefined;
			});
		} else {
			skipped.push('blackbox_exporter reference: /usr/bin/prometheus-blackbox-exporter not installed');
		}
		const isCurl = hasCurl();
		if (!isCurl) skipped.push('curl reference: /usr/bin/curl not installed');
		const base = `http://127.0.0.1:${port}`;
		const idle = new Map<number, Errors>();
		// Warm-up: the first probes of a fresh process pay for JIT and lazy module set-up, not for the network.
		for (let i = 0; i < 10; i++) await prober.request({type: 'probe', url: `${base}/warm-${i}`}, 'probed');
		for (const delayMs of delaysMs) {
			log(`latency: idle, D = ${delayMs} ms, ${samples} samples per tool`);
			const measured = {uptop: new Map<string, number>(), uptopKeepAlive: new Map<string, number>(), curl: new Map<string, number>(), blackbox: new Map<string, number>(), blackboxPhases: new Map<string, number>()};
			for (let i = 0; i < samples; i++) {
				const uptopPath = `/d/${delayMs}/uptop-${i}`;
				const reply = await prober.request<{latencyMs: number; outcome: string}>({type: 'probe', url: base + uptopPath}, 'probed');
				if (reply.outcome === 'up') measured.uptop.set(uptopPath, reply.latencyMs);
				// Keep-alive (a reused connection) is shown in the details: it separates connect cost from timing error.
				const reusedPath = `/d/${delayMs}/uptop-keep-alive-${i}`;
				const reused = await prober.request<{latencyMs: number; outcome: string}>({type: 'probe', url: base + reusedPath, keepAlive: true}, 'probed');
				if (reused.outcome === 'up' && i > 0) measured.uptopKeepAlive.set(reusedPath, reused.latencyMs);
				if (isCurl) {
					const curlPath = `/d/${delayMs}/curl-${i}`;
					const curlMs = await curlTotalMs(base + curlPath).catch(() => Number.NaN);
					measured.curl.set(curlPath, curlMs);
				}

				if (blackbox) {
					const blackboxPath = `/d/${delayMs}/blackbox-${i}`;
					const result = await blackbox.probe(base + blackboxPath);
					if (result.success) {
						measured.blackbox.set(blackboxPath, result.durationMs);
						measured.blackboxPhases.set(blackboxPath, result.phasesMs);
					}
				}
			}

			const {records} = await server.request<{records: TruthRecord[]}>({type: 'dump'}, 'records');
			await server.request({type: 'clear'}, 'cleared');
			const truth = new Map(records.map(record => [record.path, record.holdMs] as const));
			idle.set(delayMs, {
				uptop: errorsFor(measured.uptop, truth),
				uptopKeepAlive: errorsFor(measured.uptopKeepAlive, truth),
				curl: errorsFor(measured.curl, truth),
				blackbox: errorsFor(measured.blackbox, truth),
				blackboxPhases: errorsFor(measured.blackboxPhases, truth),
			});
		}

		const load = await measureUnderLoad({options, serverPort: port, server, blackbox, isCurl, log}).catch((error: Error) => {
			skipped.push(`latency under render load: ${error.message.split('\n')[0]}`);
			return undefined;
		});
		if (load?.skipped) skipped.push(...load.skipped);
		// Control (full runs only): the same engine and rows without a screen, to split render cost from engine cost.
		const control = options.quick ? undefined : await measureUnderLoad({options, serverPort: port, server, blackbox: undefined, isCurl: false, log, render: false, durationMs: 10_000}).catch((error: Error) => {
			skipped.push(`latency control without a screen: ${error.message.split('\n')[0]}`);
			return undefined;
		});
		for (const delayMs of delaysMs) {
			const errors = idle.get(delayMs)!;
			const loaded = load?.errors.get(delayMs);
			const loadFigures: Figure[] = [];
			for (const [stat, q] of [['median', 0.5], ['p99', 0.99]] as const) {
				const limit = stat === 'median' ? 1 : 5;
				const of = (values: number[] | undefined) => quantileOf(values, q);
				const references = [{label: 'blackbox', value: of(errors.blackbox)}, {label: 'curl', value: of(errors.curl)}];
				figures.push({
					key: `latencyErrorD${delayMs}Idle${stat === 'median' ? 'Median' : 'P99'}Ms`,
					label: `latency error, D=${delayMs} ms, idle, ${stat}`,
					value: of(errors.uptop),
					unit: 'ms',
					references,
				});
				if (load !== undefined) {
					const loadReferences = [{label: 'blackbox', value: of(loaded?.blackbox)}, {label: 'curl', value: of(loaded?.curl)}];
					const value = of(loaded?.uptop);
					const blackboxValue = loadReferences[0]!.value;
					loadFigures.push({
						key: `latencyErrorD${delayMs}Load${stat === 'median' ? 'Median' : 'P99'}Ms`,
						label: `latency error, D=${delayMs} ms, render load, ${stat}`,
						value,
						unit: 'ms',
						goal: `≤ ${limit} ms, ≤ blackbox`,
						meetsGoal: value === null ? undefined : atMost(value, limit)! && (blackboxValue === null || value <= blackboxValue),
						references: loadReferences,
					});
				}
			}

			figures.push(...loadFigures);
			details[`d${delayMs}`] = {
				idle: summarize(errors),
				...(loaded ? {load: summarize(loaded)} : {}),
				...(control ? {engine200RowsNoScreen: summarize({uptop: control.errors.get(delayMs)!.uptop})} : {}),
			};
		}

		if (load !== undefined) {
			// One run gives ~140 samples per delay and tool, so its p99 is the second largest error and moves by
			// milliseconds between runs; over the three delays together (~420) it is about the fifth largest.
			const pooled = (tool: 'uptop' | 'blackbox' | 'curl') => delaysMs.flatMap(delayMs => load.errors.get(delayMs)?.[tool] ?? []);
			figures.push({
				key: 'latencyErrorAllDelaysLoadP99Ms',
				label: 'latency error, all delays, render load, p99',
				value: quantileOf(pooled('uptop'), 0.99),
				unit: 'ms',
				references: [{label: 'blackbox', value: quantileOf(pooled('blackbox'), 0.99)}, {label: 'curl', value: quantileOf(pooled('curl'), 0.99)}],
			});
		}

		if (load?.cpu) {
			// What the loaded run cost: the screen's share is the UI thread, the engine's is most of the rest.
			figures.push(
				{key: 'latencyLoadProcessCpuPercent', label: 'render load: uptop CPU, whole process (% of one core)', value: load.cpu.processPercent, unit: '%', ...(control?.cpu ? {references: [{label: 'no screen', value: control.cpu.processPercent}]} : {})},
				{key: 'latencyLoadUiThreadCpuPercent', label: 'render load: uptop CPU, UI thread (% of one core)', value: load.cpu.uiThreadPercent, unit: '%'},
			);
		}

		if (load?.rssPeakMb !== undefined) {
			// What the live screen of 200 rows probed every second holds in memory; the control shows the engine's part.
			figures.push({key: 'latencyLoadRssPeakMb', label: 'render load: uptop RSS, peak', value: load.rssPeakMb, unit: 'MB', ...(control?.rssPeakMb === undefined ? {} : {references: [{label: 'no screen', value: control.rssPeakMb}]})});
		}

		if (load) details.load = load.details;
		if (control) details.control = control.details;
	} finally {
		blackbox?.stop();
		await prober.stop();
		await server.stop();
	}

	return {figures, details, skipped};
}

/** A quantile of the errors to two decimals; null without samples. */
function quantileOf(values: readonly number[] | undefined, q: number): number | null {
	return values !== undefined && values.length > 0 ? round(quantile(values, q), 2) : null;
}

function summarize(errors: Partial<Errors>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [tool, values] of Object.entries(errors)) {
		if (!values || values.length === 0) continue;
		out[tool] = {n: values.length, median: round(median(values), 3), p99: round(quantile(values, 0.99), 3), min: round(Math.min(...values), 3), max: round(Math.max(...values), 3)};
	}

	return out;
}
