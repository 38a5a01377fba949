/**
 * The real engine (createMonitor, real clock, real probes) with N http checks at a 1 s interval, alone in
 * its process. A probe wrapper timestamps every call: the engine plans the next run `intervalMs` after the
 * previous one ended, so slip = call time − (previous end + intervalMs). The first 2 s (jittered first
 * runs) are not measured.
 * argv: JSON {checks, ports, windowMs, keepAlive}
 */
import {monitorEventLoopDelay, performance} from 'node:perf_hooks';
import type {Check} from '../../source/config/types.js';
import {createMonitor} from '../../source/monitor/monitor.js';
import {probeCheck} from '../../source/probes/index.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {httpCheck} from '../lib/checks.js';

const plan = JSON.parse(process.argv[2]!) as {checks: number; ports: number[]; windowMs: number; keepAlive: boolean; concurrency?: number};
const intervalMs = 1000;
const warmupMs = 2000;
const checks: Check[] = [];
for (let i = 0; i < plan.checks; i++) {
	const port = plan.ports[i % plan.ports.length]!;
	checks.push(httpCheck(`scale-${i}`, `http://127.0.0.1:${port}/ok/${i}`, {intervalMs, keepAlive: plan.keepAlive, timeoutMs: 5000}));
}

const lastEnd = new Map<string, number>();
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
monitor.start();
const delay = monitorEventLoopDelay({resolution: 5});
await new Promise(resolve => setTimeout(resolve, warmupMs));
delay.enable();
const cpuStart = process.cpuUsage();
const wallStart = performance.now();
const statsStart = monitor.stats();
isMeasuring = true;
let rssMax = 0;
const rssTimer = setInterval(() => {
	rssMax = Math.max(rssMax, process.memoryUsage.rss());
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
	engineQueueSlipMeanMs: (statsEnd.totalSlipMs - statsStart.totalSlipMs) / Math.max(1, statsEnd.attempts - statsStart.attempts),
	engineQueueSlipMaxMs: statsEnd.maxSlipMs,
});
await monitor.stop();
process.exit(0);
