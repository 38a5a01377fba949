import {describe, expect, it} from 'vitest';
import {runSoak, type SoakOptions} from './soak-scenario.js';

const hourMs = 3_600_000;
const isLong = process.env.UPTOP_SOAK === 'long';

/** Shared by the short run here and the long one in soak.soak.test.ts. */
export async function expectSteadyOverLongRun(options: SoakOptions): Promise<void> {
	const report = await runSoak(options);
	const maxDrift = Math.max(...report.expectedRuns.map((expected, i) => Math.abs(report.actualRuns[i]! - expected)));
	console.info(`soak ${options.checkCount} checks × ${options.durationMs / hourMs} h at ${options.intervalMs} ms: ${Math.round(report.realMs)} ms real, ${report.stats.results} results, runs off by ≤ ${maxDrift}, heap ${report.heapAfterWarmUpMb.toFixed(1)} → ${report.heapAtEndMb.toFixed(1)} MB, timers ≤ ${report.maxTimers}`);
	for (const [i, expected] of report.expectedRuns.entries()) {
		const actual = report.actualRuns[i]!;
		expect(Math.abs(actual - expected), `check ${i}: ${actual} runs, ${expected} expected`).toBeLessThanOrEqual(Math.max(1, expected * 0.01));
	}

	// One schedule or deadline timer per check, the publish timer, and the fake probes' own timers for the
	// slow and hanging groups (2 of 5): flat, however long it runs.
	expect(report.maxTimers).toBeLessThanOrEqual(options.checkCount + 1 + Math.ceil((options.checkCount * 2) / 5));
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

describe.skipIf(isLong)('monitor soak (short; `npm run soak` runs a simulated week)', () => {
	it('keeps timers, history and heap flat and schedules on time over 6 simulated hours', async () => {
		await expectSteadyOverLongRun({checkCount: 20, intervalMs: 1000, durationMs: 6 * hourMs, warmUpMs: 3 * hourMs, publishIntervalMs: 250, historyCapacity: 3600});
	}, 120_000);
});
