/**
 * The real engine (createMonitor, real clock, real probes) with N http checks at a 1 s interval, alone in
 * its process. A probe wrapper timestamps every call: the engine plans the next run `intervalMs` after the
 * previous one ended, so slip = call time − (previous end + intervalMs). The first `warmupMs` (default 2 s:
 * jittered first runs) are not measured; `firstRoundMs` is how long it took every check to have an answer.
 * argv: JSON {checks, ports, windowMs, keepAlive, holdMs?, warmupMs?, concurrency?}; holdMs > 0: every answer takes
 * that long.
 */
import {monitorEventLoopDelay, performance} from 'node:perf_hooks';
import type {Check} from '../../source/config/types.js';
import {createMonitor} from '../../source/monitor/monitor.js';
import {probeCheck} from '../../source/probes/index.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {httpCheck} from '../lib/checks.js';

const plan = JSON.parse(process.argv[2]!) as {checks: number; ports: number[]; windowMs: number; keepAlive: boolean; holdMs?: number; warmupMs?: number; concurrency?: number};
const intervalMs = 1000;
const warmupMs = plan.warmupMs ?? 2000;
const checks: Check[] = [];
for (let i = 0; i < plan.checks; i++) {
	const port = plan.ports[i % plan.ports.length]!;
	checks.push(httpCheck(`scale-${i}`, `http://127.0.0.1:${port}${plan.holdMs ? `/hold/${plan.holdMs}` : '/ok'}/${i}`, {intervalMs, keepAlive: plan.keepAlive, timeoutMs: 5000}));
}

const lastEnd = new Map<string, number>();
let firstRoundMs: number | undefined;
let isMeasuring = false;
const slips: number[] = [];
let starts = 0;
let failures = 0;
let durationSumMs = 0;
let ends = 0;
const probe = async (check: Check, signal: AbortSignal): Promise<ProbeResult> => {
	const calledAt = performance.now();
	const previousEnd = lastEnd.get(check.id);
	if (isMeasuring) {
		starts++;
		if (previousEnd !== undefined) slips.push(calledAt - (previousEnd + intervalMs));
	}

	const result = await probeCheck(check, signal);
	const endedAt = performance.now();
	lastEnd.set(check.id, endedAt);
	if (firstRoundMs === undefined && lastEnd.size === plan.checks) firstRoundMs = endedAt - startedAt;
	if (isMeasuring) {
		ends++;
		durationSumMs += endedAt - calledAt;
		if (result.outcome !== 'up') failures++;
	}

	return result;
};

const monitor = createMonitor({checks, probe, ...(plan.concurrency ? {concurrency: plan.concurrency} : {})});
let snapshots = 0;
monitor.subscribe(() => {
	snapshots++;
});
const startedAt = performance.now();
monitor.start();
const delay = monitorEventLoopDelay({resolution: 5});
await new Promise(resolve => setTimeout(resolve, warmupMs));
delay.enable();
const cpuStart = process.cpuUsage();
const wallStart = performance.now();
const statsStart = monitor.stats();
isMeasuring = true;
let rssMax = 0;
let concurrencyMax = 0;
let latenessSum = 0;
let latenessMax = 0;
let latenessSamples = 0;
const rssTimer = setInterval(() => {
	rssMax = Math.max(rssMax, process.memoryUsage.rss());
	const stats = monitor.stats();
	concurrencyMax = Math.max(concurrencyMax, stats.concurrency);
	latenessSum += stats.timerLatenessMs;
	latenessMax = Math.max(latenessMax, stats.timerLatenessMs);
	latenessSamples++;
}, 250);
await new Promise(resolve => setTimeout(resolve, plan.windowMs));
isMeasuring = false;
const wallMs = performance.now() - wallStart;
const cpu = process.cpuUsage(cpuStart);
delay.disable();
clearInterval(rssTimer);
const statsEnd = monitor.stats();
const rssPeak = Math.max(rssMax, process.memoryUsage.rss());
// Retained memory, as opposed to the peak that includes garbage not yet collected.
(globalThis as {gc?: () => void}).gc?.();
const retained = process.memoryUsage();
slips.sort((a, b) => a - b);
const q = (p: number) => (slips.length === 0 ? null : slips[Math.min(slips.length - 1, Math.max(0, Math.ceil(p * slips.length) - 1))]!);
const meanDurationMs = ends === 0 ? 0 : durationSumMs / ends;
process.send?.({
	type: 'scale',
	checks: plan.checks,
	keepAlive: plan.keepAlive,
	holdMs: plan.holdMs ?? 0,
	warmupMs,
	firstRoundMs,
	wallMs,
	probesPerSecond: starts / (wallMs / 1000),
	plannedPerSecond: plan.checks * 1000 / (intervalMs + meanDurationMs),
	meanProbeMs: meanDurationMs,
	failures,
	slipP50Ms: q(0.5),
	slipP99Ms: q(0.99),
	slipMaxMs: q(1),
	eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
	eventLoopDelayMaxMs: delay.max / 1e6,
	cpuPercent: (cpu.user + cpu.system) / 1000 / wallMs * 100,
	userPercent: cpu.user / 1000 / wallMs * 100,
	systemPercent: cpu.system / 1000 / wallMs * 100,
	rssMb: rssPeak / 1024 / 1024,
	rssAfterGcMb: retained.rss / 1024 / 1024,
	heapUsedAfterGcMb: retained.heapUsed / 1024 / 1024,
	arrayBuffersMb: retained.arrayBuffers / 1024 / 1024,
	snapshots,
	engineMaxInFlight: statsEnd.maxInFlight,
	engineConcurrency: statsEnd.concurrency,
	engineConcurrencyMaxInWindow: concurrencyMax,
	engineTimerLatenessMeanMs: latenessSum / Math.max(1, latenessSamples),
	engineTimerLatenessMaxMs: latenessMax,
	engineQueueSlipMeanMs: (statsEnd.totalSlipMs - statsStart.totalSlipMs) / Math.max(1, statsEnd.attempts - statsStart.attempts),
	engineQueueSlipMaxMs: statsEnd.maxSlipMs,
});
await monitor.stop();
process.exit(0);
