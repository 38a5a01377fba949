import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {bundle, nodeBinary, repositoryRoot} from '../lib/bundle.js';
import type {Options} from '../lib/options.js';
import {sleep, startChild, type Child} from '../lib/processes.js';
import {curlTotalMs, type Blackbox} from '../lib/references.js';
import {quantile} from '../lib/stats.js';
import {hasTmux, Pane, shellQuote} from '../lib/tmux.js';
import type {Phases} from '../../source/probes/types.js';

type TruthRecord = {path: string; arrivedAt: number; holdMs: number; connectedAt?: number; flushedAt?: number};
type Errors = {uptop: number[]; curl: number[]; blackbox: number[]; blackboxPhases: number[]};
type Result = {id: string; startedAt: number; latencyMs: number; outcome: string; phases?: Phases};

/** CPU of the render-load app while it ran (start-up excluded), in % of one core. */
export type AppCpu = {processPercent: number; uiThreadPercent: number | null};
export type LoadMeasurement = {errors: Map<number, Errors>; cpu?: AppCpu; rssPeakMb?: number; details: Record<string, unknown>; skipped?: string[]};

const delaysMs = [0, 5, 50];

/**
 * UPTOP_BENCH_LOAD_SECONDS: a longer render-load run than the usual 30 s, to see the probe worker in its
 * steady state (its major collections come tens of seconds apart). The no-screen control keeps its 10 s.
 */
function loadMsFromEnvironment(): number | undefined {
	const seconds = Number(process.env.UPTOP_BENCH_LOAD_SECONDS);
	return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * Latency error while uptop's real live screen (renderApp) draws 200 rows in a tmux pane: with the engine in
 * its worker (dist/worker.js, as `uptop FILE` runs) when that exists, else with the engine on the UI thread.
 * curl and blackbox_exporter hit the same server at the same time, on the same loaded machine.
 */
export async function measureUnderLoad(input: {options: Options; serverPort: number; server: Child; blackbox?: Blackbox; isCurl: boolean; log: (line: string) => void; render?: boolean; durationMs?: number}): Promise<LoadMeasurement> {
	const isRender = input.render ?? true;
	if (!hasTmux()) throw new Error('tmux not installed');
	const skipped: string[] = [];
	// The shipped worker when the build made one; else the same source bundled here.
	let workerFile = path.join(repositoryRoot, 'dist', 'worker.js');
	let variant: 'worker' | 'main thread' = 'worker';
	let file: string;
	try {
		if (!existsSync(workerFile)) workerFile = await bundle('source/monitor/worker.ts');
		file = await bundle('children/render-load-worker.ts');
	} catch (error) {
		skipped.push(`render load with the engine in its worker (${(error as Error).message.split('\n')[0]}); measured with the engine on the UI thread instead`);
		variant = 'main thread';
		file = await bundle('children/render-load-main.ts');
	}

	const durationMs = input.durationMs ?? loadMsFromEnvironment() ?? (input.options.quick ? 8000 : 30_000);
	const filler = startChild(await bundle('children/bench-server.ts'));
	const directory = mkdtempSync(path.join(tmpdir(), 'uptop-bench-load-'));
	const outFile = path.join(directory, 'results.ndjson');
	let pane: Pane | undefined;
	try {
		const {port: fillerPort} = await filler.next<{port: number}>('listening');
		await input.server.request({type: 'clear'}, 'cleared');
		// UPTOP_BENCH_PROFILE_DIR: profile the engine's worker during the render-load run (docs/benchmarks.md).
		const probeModule = process.env.UPTOP_BENCH_PROFILE_DIR && isRender && variant === 'worker' ? await bundle('children/worker-profiler.ts') : undefined;
		const plan = {truthPort: input.serverPort, fillerPort, outFile, durationMs, perDelay: 5, delaysMs, rows: 200, workerFile, render: isRender, ...(probeModule ? {probeModule} : {})};
		input.log(isRender
			? `latency: render load (engine in ${variant}), 200 rows in a 120×60 tmux pane for ${durationMs / 1000} s`
			: `latency: control, the same 200 rows (engine in ${variant}) with no screen, ${durationMs / 1000} s`);
		pane = Pane.start(`${shellQuote(nodeBinary)} ${shellQuote(file)} ${shellQuote(JSON.stringify(plan))}`, {columns: 120, rows: 60, cwd: directory});
		const base = `http://127.0.0.1:${input.serverPort}`;
		const measured = new Map<string, {tool: 'curl' | 'blackbox' | 'blackboxPhases'; value: number}>();
		const deadline = Date.now() + durationMs + 40_000;
		let round = 0;
		const isDone = (): boolean => existsSync(outFile) && readFileSync(outFile, 'utf8').includes('"type":"done"');
		await sleep(1500);
		// uptop's samples are compared over the window the references ran in: the same load, the same time.
		const windowStart = Date.now();
		while (!isDone() && Date.now() < deadline) {
			if (pane.isDead()) throw new Error(`render-load app exited early; screen:\n${pane.capture()}`);
			for (const delayMs of delaysMs) {
				if (input.isCurl) {
					const tag = `/d/${delayMs}/curl-load-${round}`;
					measured.set(tag, {tool: 'curl', value: await curlTotalMs(base + tag).catch(() => Number.NaN)});
				}

				if (input.blackbox) {
					const tag = `/d/${delayMs}/blackbox-load-${round}`;
					const result = await input.blackbox.probe(base + tag).catch(() => ({success: false, durationMs: Number.NaN, phasesMs: Number.NaN}));
					if (result.success) {
						measured.set(tag, {tool: 'blackbox', value: result.durationMs});
						measured.set(`${tag}#phases`, {tool: 'blackboxPhases', value: result.phasesMs});
					}
				}
			}

			round++;
			await sleep(40);
		}

		const windowEnd = Date.now();

		if (!isDone()) {
			const lines = existsSync(outFile) ? readFileSync(outFile, 'utf8').split('\n').length - 1 : 0;
			throw new Error(`render-load app did not finish in time (${lines} results written); screen:\n${pane.capture()}`);
		}
		const {records} = await input.server.request<{records: TruthRecord[]}>({type: 'dump'}, 'records');
		await input.server.request({type: 'clear'}, 'cleared');
		const outLines = readFileSync(outFile, 'utf8').split('\n');
		const results = outLines.filter(line => line.startsWith('{"id"')).map(line => JSON.parse(line) as Result);
		const done = JSON.parse(outLines.find(line => line.includes('"type":"done"'))!) as {cpu?: AppCpu; rssPeakMb?: number};
		const errors = new Map<number, Errors>(delaysMs.map(delayMs => [delayMs, {uptop: [], curl: [], blackbox: [], blackboxPhases: []}]));
		const byPath = new Map<string, TruthRecord[]>();
		for (const record of records) {
			const list = byPath.get(record.path) ?? [];
			list.push(record);
			byPath.set(record.path, list);
		}

		for (const [tag, {tool, value}] of measured) {
			const truth = byPath.get(tag.replace('#phases', ''))?.[0];
			const delayMs = Number(tag.split('/')[2]);
			if (truth && Number.isFinite(value)) errors.get(delayMs)![tool].push(value - truth.holdMs);
		}

		let unmatched = 0;
		const used = new Set<TruthRecord>();
		// Where the tail sits in time: the largest errors, with seconds since the first result started.
		const firstStartedAt = Math.min(...results.map(result => result.startedAt));
		type Late = {id: string; errorMs: number; atSeconds: number; startedAt: number; latencyMs: number; phases?: Phases; server: {connectedAfterMs?: number; arrivedAfterMs: number; holdMs: number; flushMs?: number}};
		const worst: Late[] = [];
		// Samples that started before the first reference round (the app's start: first frame, worker, cold code).
		const beforeWindow: number[] = [];
		for (const result of results) {
			if (result.outcome !== 'up') continue;
			const [, delayText, j] = /^truth-d(\d+)-(\d+)$/.exec(result.id) ?? [];
			const candidates = byPath.get(`/d/${delayText}/load-${delayText}-${j}`) ?? [];
			// The request reaches the server just after the probe starts (startedAt is whole epoch ms); the same
			// check probes again only after 1 s, so a 900 ms window cannot pick the wrong request.
			let best: TruthRecord | undefined;
			for (const record of candidates) {
				const gap = record.arrivedAt - result.startedAt;
				if (gap < -1 || gap > 900 || used.has(record)) continue;
				if (!best || Math.abs(gap) < Math.abs(best.arrivedAt - result.startedAt)) best = record;
			}

			if (best) {
				used.add(best);
				const errorMs = result.latencyMs - best.holdMs;
				// startedAt (epoch ms) and latencyMs place the sample on a worker profile's timeline.
				const ms = (value: number) => Math.round(value * 100) / 100;
				// What the server saw of the same request, from the probe's start (whole ms): where the time went.
				const server = {
					...(best.connectedAt === undefined ? {} : {connectedAfterMs: ms(best.connectedAt - result.startedAt)}),
					arrivedAfterMs: ms(best.arrivedAt - result.startedAt),
					holdMs: ms(best.holdMs),
					...(best.flushedAt === undefined ? {} : {flushMs: ms(best.flushedAt - best.arrivedAt - best.holdMs)}),
				};
				// uptop's own phases of it beside the server's view: a long connect that the server saw short is the worker late to see it.
				worst.push({id: result.id, errorMs: ms(errorMs), atSeconds: Math.round((result.startedAt - firstStartedAt) / 100) / 10, startedAt: result.startedAt, latencyMs: ms(result.latencyMs), ...(result.phases ? {phases: result.phases} : {}), server});
				if (result.startedAt < windowStart || result.startedAt > windowEnd) beforeWindow.push(errorMs);
				else errors.get(Number(delayText))!.uptop.push(errorMs);
			} else {
				unmatched++;
			}
		}

		worst.sort((a, b) => b.errorMs - a.errorMs);
		return {errors, cpu: done.cpu, rssPeakMb: done.rssPeakMb, details: {variant, isRender, cpu: done.cpu, rssPeakMb: done.rssPeakMb, workerFile: path.relative(repositoryRoot, workerFile), durationMs, rows: 200, results: results.length, unmatched, referenceRounds: round, worst: worst.slice(0, 8), windowStartsAtSeconds: Math.round((windowStart - firstStartedAt) / 100) / 10, outsideWindow: {note: 'uptop samples that started outside the reference window (before the first reference round); not in the figures', count: beforeWindow.length, maxErrorMs: beforeWindow.length === 0 ? null : Math.round(Math.max(...beforeWindow) * 100) / 100, medianErrorMs: beforeWindow.length === 0 ? null : Math.round(quantile(beforeWindow, 0.5) * 100) / 100}}, skipped};
	} finally {
		pane?.kill();
		await filler.stop();
		rmSync(directory, {recursive: true, force: true});
	}
}
