/**
 * 1,000 checks × 24 h of 10 s samples (8,640) in the engine's LatencyHistory, filled directly, in a clean
 * process run with --expose-gc. Reports RSS before and after so the per-sample cost excludes Node itself.
 * argv: checks samples
 */
import {LatencyHistory} from '../../source/monitor/latency-history.js';
import type {State} from '../../source/monitor/types.js';

const checks = Number(process.argv[2] ?? 1000);
const samples = Number(process.argv[3] ?? 8640);
const gc = (globalThis as {gc?: () => void}).gc;
if (!gc) throw new Error('run with --expose-gc');

function settle(): NodeJS.MemoryUsage {
	for (let i = 0; i < 3; i++) gc!();
	return process.memoryUsage();
}

const before = settle();
const histories: LatencyHistory[] = [];
const states: State[] = ['up', 'up', 'up', 'slow', 'failing'];
const startAt = Date.now() - samples * 10_000;
const fillStart = performance.now();
for (let c = 0; c < checks; c++) {
	const history = new LatencyHistory(samples);
	for (let s = 0; s < samples; s++) history.push(startAt + s * 10_000, 5 + ((s * 7 + c) % 200) / 3, states[(s + c) % 5]!);
	histories.push(history);
}

const fillMs = performance.now() - fillStart;
// Touch what a snapshot reads, so lazily built state (if any) is counted.
let sink = 0;
for (const history of histories) sink += history.percentile(0.95) ?? 0;
const after = settle();
process.send?.({
	type: 'memory',
	checks,
	samples,
	rssBefore: before.rss,
	rssAfter: after.rss,
	heapUsedAfter: after.heapUsed,
	arrayBuffersAfter: after.arrayBuffers,
	arrayBuffersBefore: before.arrayBuffers,
	fillMs,
	sink,
	kept: histories.length,
});
