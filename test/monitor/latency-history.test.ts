import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {LatencyHistory} from '../../source/monitor/latency-history.js';
import type {State} from '../../source/monitor/types.js';

const states: readonly State[] = ['up', 'slow', 'warn', 'failing', 'unknown'];
type Sample = {at: number; latencyMs: number; state: State};

function naivePercentile(samples: readonly Sample[], q: number, window: number): number | undefined {
	const values = samples
		.slice(-window)
		.filter(sample => sample.state !== 'failing' && sample.state !== 'unknown')
		.map(sample => Math.fround(sample.latencyMs))
		.sort((a, b) => a - b);
	return values.length === 0 ? undefined : values[Math.max(1, Math.ceil(q * values.length)) - 1];
}

function naiveUptime(samples: readonly Sample[], sinceAt = Number.NEGATIVE_INFINITY): number | undefined {
	const inWindow = samples.filter(sample => sample.at >= sinceAt && sample.state !== 'unknown');
	return inWindow.length === 0 ? undefined : inWindow.filter(sample => sample.state !== 'failing').length / inWindow.length;
}

const sampleList = fc.array(
	fc.record({gapMs: fc.integer({min: 0, max: 20_000}), latencyMs: fc.float({min: 0, max: 10_000, noNaN: true}), state: fc.constantFrom(...states)}),
	{maxLength: 300},
);

describe('LatencyHistory', () => {
	it('keeps only the newest samples once full', () => {
		const history = new LatencyHistory(3);
		for (const [i, latencyMs] of [10, 20, 30, 40, 50].entries()) history.push(1000 * i, latencyMs, 'up');
		expect(history.count).toBe(3);
		expect(history.recentLatencies(10)).toEqual([30, 40, 50]);
		expect(history.recentLatencies(2)).toEqual([40, 50]);
		expect(history.atOf(0)).toBe(4000);
		expect(history.atOf(2)).toBe(2000);
		expect(history.atOf(3)).toBeUndefined();
	});

	it('has no time for a sample before the newest, as when it holds none (atOf(count - 1))', () => {
		const empty = new LatencyHistory(3);
		expect(empty.atOf(empty.count - 1)).toBeUndefined();
		const held = new LatencyHistory(3);
		held.push(5000, 10, 'up');
		expect(held.atOf(-1)).toBeUndefined();
		expect(held.atOf(held.count - 1)).toBe(5000);
	});

	it('counts the samples held that needed a retry, forgetting those that age out, and reads their states as the others', () => {
		const history = new LatencyHistory(3);
		history.push(0, 1, 'up', true);
		history.push(1, 1, 'failing', true);
		history.push(2, 1, 'up');
		expect(history.retried).toBe(2);
		expect(history.recentStates(3)).toEqual(['up', 'failing', 'up']);
		expect(history.uptime()).toBeCloseTo(2 / 3);
		expect(history.percentile(1)).toBe(1);
		history.push(3, 1, 'slow');
		history.push(4, 1, 'up');
		expect(history.retried).toBe(0);
		expect(history.samplesBetween(0, 10).map(sample => sample.state)).toEqual(['up', 'slow', 'up']);
	});

	it('reports states oldest first', () => {
		const history = new LatencyHistory(4);
		history.push(0, 1, 'up');
		history.push(1, 1, 'failing');
		history.push(2, 1, 'warn');
		expect(history.recentStates(60)).toEqual(['up', 'failing', 'warn']);
	});

	it('has no percentile or uptime without samples', () => {
		const history = new LatencyHistory(4);
		expect(history.percentile(0.95)).toBeUndefined();
		expect(history.uptime()).toBeUndefined();
	});

	it('leaves failing samples out of latency percentiles but counts them against uptime', () => {
		const history = new LatencyHistory(10);
		history.push(0, 5000, 'failing');
		history.push(1, 20, 'up');
		history.push(2, 40, 'slow');
		expect(history.percentile(1)).toBe(40);
		expect(history.uptime()).toBeCloseTo(2 / 3);
	});

	it('leaves unknown samples (a plugin that could not tell) out of the percentiles, and not against uptime', () => {
		const history = new LatencyHistory(10);
		history.push(0, 9000, 'unknown');
		history.push(1, 20, 'up');
		history.push(2, 40, 'up');
		expect(history.percentiles([0.5, 1])).toEqual([20, 40]);
		expect(history.uptime()).toBe(1);
	});

	it('has no uptime when every sample was unknown, and leaves unknown out of the fraction', () => {
		const history = new LatencyHistory(10);
		history.push(0, 10, 'unknown');
		history.push(1, 10, 'unknown');
		expect(history.uptime()).toBeUndefined();
		expect(history.uptime(1)).toBeUndefined();
		expect(history.uptimeWithin(60_000, 2)).toBeUndefined();
		history.push(2, 10, 'failing');
		history.push(3, 10, 'unknown');
		expect(history.uptime()).toBe(0);
		expect(history.uptimeWithin(60_000, 4)).toBe(0);
		history.push(4, 10, 'up');
		expect(history.uptime()).toBe(0.5);
		expect(history.uptime(1)).toBe(0.5);
		expect(history.uptimeWithin(60_000, 5)).toBe(0.5);
	});

	it('clamps a wall clock that steps backwards so windows stay ordered', () => {
		const history = new LatencyHistory(10);
		history.push(10_000, 1, 'up');
		history.push(5000, 1, 'failing');
		expect(history.atOf(0)).toBe(10_000);
		expect(history.uptime(10_000)).toBe(0.5);
	});

	it('keeps exact recent times past the 49 days a uint32 offset can hold', () => {
		const history = new LatencyHistory(4);
		const dayMs = 86_400_000;
		history.push(0, 1, 'up');
		history.push(60 * dayMs, 2, 'failing');
		history.push(60 * dayMs + 1000, 3, 'up');
		expect(history.atOf(0)).toBe(60 * dayMs + 1000);
		expect(history.atOf(1)).toBe(60 * dayMs);
		expect(history.uptime(60 * dayMs)).toBe(0.5);
	});

	it('matches a naive computation of percentiles and uptime windows', () => {
		fc.assert(
			fc.property(sampleList, fc.integer({min: 1, max: 120}), fc.integer({min: 1, max: 150}), fc.double({min: 0, max: 1, noNaN: true}), (list, capacity, window, q) => {
				const history = new LatencyHistory(capacity);
				const samples: Sample[] = [];
				let at = 1_700_000_000_000;
				for (const {gapMs, latencyMs, state} of list) {
					at += gapMs;
					history.push(at, latencyMs, state);
					samples.push({at, latencyMs, state});
				}

				const kept = samples.slice(-capacity);
				expect(history.count).toBe(kept.length);
				expect(history.percentile(q, window)).toBe(naivePercentile(kept, q, window));
				expect(history.percentiles([0.5, 0.95], window)).toEqual([naivePercentile(kept, 0.5, window), naivePercentile(kept, 0.95, window)]);
				expect(history.uptime()).toBe(naiveUptime(kept));
				const sinceAt = at - 3_600_000;
				const expected = naiveUptime(kept, sinceAt);
				const actual = history.uptime(sinceAt);
				if (expected === undefined) expect(actual).toBeUndefined();
				else expect(actual).toBeCloseTo(expected, 12);
				for (const [windowMs, queryAt] of [[3_600_000, at], [600_000, at + 1000], [60_000, at + 30_000]] as const) {
					const reference = naiveUptime(kept, queryAt - windowMs);
					const sliding = history.uptimeWithin(windowMs, queryAt);
					if (reference === undefined) expect(sliding).toBeUndefined();
					else expect(sliding).toBeCloseTo(reference, 12);
				}

				expect(history.recentLatencies(60)).toEqual(kept.slice(-60).map(sample => Math.fround(sample.latencyMs)));
			}),
			{numRuns: 300},
		);
	});

	it('keeps sliding uptime windows right while samples arrive, age out and get overwritten', () => {
		fc.assert(
			fc.property(sampleList, fc.integer({min: 1, max: 50}), (list, capacity) => {
				const history = new LatencyHistory(capacity);
				const samples: Sample[] = [];
				let at = 0;
				for (const {gapMs, latencyMs, state} of list) {
					at += gapMs;
					history.push(at, latencyMs, state);
					samples.push({at, latencyMs, state});
					const kept = samples.slice(-capacity);
					for (const windowMs of [30_000, 120_000]) {
						const reference = naiveUptime(kept, at - windowMs);
						const sliding = history.uptimeWithin(windowMs, at);
						if (reference === undefined) expect(sliding).toBeUndefined();
						else expect(sliding).toBeCloseTo(reference, 12);
					}
				}
			}),
			{numRuns: 200},
		);
	});

	it('allocates its 24 h only as samples arrive: 2,000 new histories take under 2 MB', () => {
		const before = process.memoryUsage().arrayBuffers;
		const histories = Array.from({length: 2000}, () => new LatencyHistory(8640));
		const grownMb = (process.memoryUsage().arrayBuffers - before) / 2 ** 20;
		// Up front it was 8,640 × 9 B = 76 KB each, 148 MB in all.
		expect(grownMb).toBeLessThan(2);
		expect(histories.every(history => history.count === 0 && history.capacity === 8640)).toBe(true);
	});

	it('grows by doubling, straight to its capacity from within a quarter of it, never past 2.7× the samples held', () => {
		const grownTo = (capacity: number, samples: number) => {
			const history = new LatencyHistory(capacity);
			for (let i = 0; i < samples; i++) history.push(i * 10_000, 10, 'up');
			return history.allocatedSlots;
		};

		expect([1, 32, 33, 64, 65, 4096, 4097, 8640, 9000].map(samples => grownTo(8640, samples))).toEqual([32, 32, 64, 64, 128, 4096, 8640, 8640, 8640]);
		fc.assert(fc.property(fc.integer({min: 1, max: 20_000}), fc.double({min: 0, max: 1, noNaN: true}), (capacity, share) => {
			const samples = Math.round(capacity * share);
			const slots = grownTo(capacity, samples);
			return slots >= Math.min(samples, capacity) && slots <= capacity && slots <= Math.max(32, Math.ceil(samples * 2.7));
		}), {numRuns: 60});
	});

	it('holds 1,000 checks × 8,640 samples in well under 150 MB', () => {
		const before = process.memoryUsage().arrayBuffers;
		const histories = Array.from({length: 1000}, () => new LatencyHistory(8640));
		for (const history of histories) for (let i = 0; i < 8640; i++) history.push(i * 10_000, i % 700, i % 97 === 0 ? 'failing' : 'up');
		// What is held, not the smaller arrays the rings grew out of (garbage until the next collection).
		collectGarbage();
		const grownMb = (process.memoryUsage().arrayBuffers - before) / 2 ** 20;
		expect(grownMb).toBeLessThan(100);
		expect(histories[999]!.count).toBe(8640);
	});
});

/** A full garbage collection without starting node with --expose-gc. */
function collectGarbage(): void {
	setFlagsFromString('--expose-gc');
	(runInNewContext('gc') as () => void)();
}
