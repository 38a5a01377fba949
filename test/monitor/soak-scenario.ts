import {runInNewContext} from 'node:vm';
import {setFlagsFromString} from 'node:v8';
import {expect} from 'vitest';
import {createMonitor, type MonitorStats} from '../../source/monitor/monitor.js';
import type {Check} from '../../source/config/types.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {makeCheck} from './fixtures.js';

export type SoakOptions = {
	readonly checkCount: number;
	readonly intervalMs: number;
	readonly durationMs: number;
	/** When heap and timers are first measured: after every history ring has filled. */
	readonly warmUpMs: number;
	readonly publishIntervalMs: number;
	readonly historyCapacity: number;
	readonly flushTicks?: number;
};

export type SoakReport = {
	readonly expectedRuns: number[];
	readonly actualRuns: number[];
	readonly timersAfterWarmUp: number[];
	readonly maxTimers: number;
	readonly heapAfterWarmUpMb: number;
	readonly heapAtEndMb: number;
	readonly maxSamples: number;
	readonly minSamples: number;
	readonly publishes: number;
	readonly markers: number;
	readonly markerEvents: number;
	readonly stateEvents: number;
	readonly timersAfterStop: number;
	readonly stats: MonitorStats;
	readonly realMs: number;
};

const timeoutMs = 2000;
const hourMs = 3_600_000;

/**
 * How long run `run` of check `index` takes, and how it ends. Groups: steady, flapping, slow, hangs (honouring
 * the abort), hangs (ignoring it). Hangs are staggered across checks so the concurrency cap never queues and
 * every check's run count can be predicted exactly from its own script.
 */
function behaviour(index: number, run: number): {durationMs: number; kind: 'instant' | 'slow' | 'honours' | 'ignores'} {
	switch (index % 5) {
		case 2: {
			return {durationMs: 300, kind: 'slow'};
		}

		case 3: {
			return (run + index) % 100 === 99 ? {durationMs: timeoutMs, kind: 'honours'} : {durationMs: 0, kind: 'instant'};
		}

		case 4: {
			return (run + index) % 200 === 199 ? {durationMs: timeoutMs + 1000, kind: 'ignores'} : {durationMs: 0, kind: 'instant'};
		}

		default: {
			return {durationMs: 0, kind: 'instant'};
		}
	}
}

function expectedRunCount(index: number, firstDelayMs: number, intervalMs: number, durationMs: number): number {
	let count = 0;
	for (let startMs = firstDelayMs; startMs <= durationMs; count++) startMs += behaviour(index, count).durationMs + intervalMs;
	return count;
}

function collectGarbage(): void {
	setFlagsFromString('--expose-gc');
	(runInNewContext('gc') as () => void)();
	(runInNewContext('gc') as () => void)();
}

/** A seeded generator, so every soak run schedules the same way. */
function mulberry32(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6D_2B_79_F5) | 0;
		let t = Math.imul(state ^ (state >>> 15), 1 | state);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
	const started = performance.now();
	// Probes here settle within three promise hops; a full macrotask per timer would triple the run time.
	const clock = createFakeClock(Date.UTC(2026, 0, 1), {flushTicks: options.flushTicks ?? 6});
	const checks: Check[] = Array.from({length: options.checkCount}, (_, i) => makeCheck(`check-${i}`, {intervalMs: options.intervalMs, timeoutMs, slowMs: 250}));
	const runs = new Array<number>(options.checkCount).fill(0);
	const indexOf = new Map(checks.map((check, i) => [check.id, i]));
	const firstDelays: number[] = [];
	const seeded = mulberry32(9);
	const random = () => {
		const value = seeded();
		// The engine's spread of first runs (monitor.ts jitterMs): at most 320 a second.
		firstDelays.push(value * Math.min(options.intervalMs, 1000, options.checkCount * (1000 / 320)));
		return value;
	};

	const probe = (check: Check, signal: AbortSignal): Promise<ProbeResult> => {
		const index = indexOf.get(check.id)!;
		const run = runs[index]!++;
		const startedAt = clock.now();
		const {kind} = behaviour(index, run);
		if (kind === 'ignores') return new Promise<ProbeResult>(() => {});
		if (kind === 'instant') {
			const isDown = index % 5 === 1 && Math.floor(run / 30) % 2 === 1;
			const version = index % 5 === 0 ? `v${Math.floor(startedAt / hourMs)}` : undefined;
			return Promise.resolve(isDown
				? {outcome: 'failing', latencyMs: 1, startedAt, summary: 'refused', reason: {code: 'refused', message: 'connection refused'}}
				: {outcome: 'up', latencyMs: 20 + (run % 7), startedAt, summary: '200 OK', version});
		}

		return new Promise<ProbeResult>(resolve => {
			const timer = clock.setTimeout(() => {
				signal.removeEventListener('abort', onAbort);
				resolve({outcome: 'up', latencyMs: 300, startedAt, summary: '200 OK'});
			}, kind === 'slow' ? 300 : 60_000);
			function onAbort() {
				clock.clearTimeout(timer);
				resolve({outcome: 'failing', latencyMs: timeoutMs, startedAt, summary: 'timeout', reason: {code: 'timeout:headers', message: 'timeout after 2s'}});
			}

			signal.addEventListener('abort', onAbort, {once: true});
		});
	};

	const monitor = createMonitor({checks, clock, probe, random, publishIntervalMs: options.publishIntervalMs, historyCapacity: options.historyCapacity});
	let publishes = 0;
	let markerEvents = 0;
	let stateEvents = 0;
	monitor.subscribe(() => publishes++);
	monitor.onEvent(event => {
		if (event.type === 'marker') markerEvents++;
		else if (event.type === 'state') stateEvents++;
	});
	monitor.start();

	const timersAfterWarmUp: number[] = [];
	let maxTimers = 0;
	let heapAfterWarmUpMb: number | undefined;
	for (let elapsedMs = 0; elapsedMs < options.durationMs;) {
		const stepMs = Math.min(hourMs / 4, options.durationMs - elapsedMs);
		await clock.advance(stepMs);
		elapsedMs += stepMs;
		maxTimers = Math.max(maxTimers, clock.pendingTimers());
		if (elapsedMs >= options.warmUpMs) timersAfterWarmUp.push(clock.pendingTimers());
		// The first step that reaches the warm-up's end, whether or not it lands on it exactly.
		if (elapsedMs >= options.warmUpMs && heapAfterWarmUpMb === undefined) {
			collectGarbage();
			heapAfterWarmUpMb = process.memoryUsage().heapUsed / 2 ** 20;
		}
	}

	collectGarbage();
	const heapAtEndMb = process.memoryUsage().heapUsed / 2 ** 20;
	const snapshot = monitor.flush();
	const samples = snapshot.rows.map(row => row.samples);
	const stopping = monitor.stop();
	await clock.advance(1000);
	await stopping;
	const stats = monitor.stats();
	return {
		expectedRuns: checks.map((_, i) => expectedRunCount(i, firstDelays[i]!, options.intervalMs, options.durationMs)),
		actualRuns: runs,
		timersAfterWarmUp,
		maxTimers,
		heapAfterWarmUpMb: heapAfterWarmUpMb ?? Number.NaN,
		heapAtEndMb,
		maxSamples: Math.max(...samples),
		minSamples: Math.min(...samples),
		publishes,
		markers: snapshot.markers.length,
		markerEvents,
		stateEvents,
		timersAfterStop: clock.pendingTimers(),
		stats,
		realMs: performance.now() - started,
	};
}

/** The soak's assertions, shared by the short run in soak.test.ts and the long one in soak.soak.test.ts. */
export async function expectSteadyOverLongRun(options: SoakOptions): Promise<void> {
	const report = await runSoak(options);
	const maxDrift = Math.max(...report.expectedRuns.map((expected, i) => Math.abs(report.actualRuns[i]! - expected)));
	console.info(`soak ${options.checkCount} checks × ${options.durationMs / hourMs} h at ${options.intervalMs} ms: ${Math.round(report.realMs)} ms real, ${report.stats.results} results, runs off by ≤ ${maxDrift}, heap ${report.heapAfterWarmUpMb.toFixed(1)} → ${report.heapAtEndMb.toFixed(1)} MB, timers ≤ ${report.maxTimers}, in flight ≤ ${report.stats.maxInFlight}, slip ≤ ${Math.round(report.stats.maxSlipMs)} ms`);
	// Within ±1 % of the script's own schedule; exactly on it when no run ever waited for a slot, so even a
	// millisecond of drift per run would show.
	for (const [i, expected] of report.expectedRuns.entries()) {
		const actual = report.actualRuns[i]!;
		const tolerance = report.stats.maxSlipMs === 0 ? 0 : Math.max(1, expected * 0.01);
		expect(Math.abs(actual - expected), `check ${i}: ${actual} runs, ${expected} expected`).toBeLessThanOrEqual(tolerance);
	}

	// One schedule or deadline timer per check, the publish timer and the snapshot-age timer, and the fake
	// probes' own timers for the slow and hanging groups (2 of 5): flat, however long it runs.
	expect(report.maxTimers).toBeLessThanOrEqual(options.checkCount + 2 + Math.ceil((options.checkCount * 2) / 5));
	expect(Math.max(...report.timersAfterWarmUp) - Math.min(...report.timersAfterWarmUp)).toBeLessThanOrEqual(options.checkCount / 2);
	expect(report.maxSamples).toBe(options.historyCapacity);
	expect(report.minSamples).toBeGreaterThan(options.historyCapacity / 2);
	expect(report.heapAtEndMb - report.heapAfterWarmUpMb).toBeLessThan(16);
	expect(report.markers).toBeLessThanOrEqual(500);
	expect(report.markerEvents).toBeGreaterThan(0);
	expect(report.stateEvents).toBeGreaterThan(0);
	expect(report.publishes).toBeLessThanOrEqual(options.durationMs / options.publishIntervalMs + 1);
	expect(report.stats.inFlight).toBe(0);
	expect(report.timersAfterStop).toBe(0);
}
