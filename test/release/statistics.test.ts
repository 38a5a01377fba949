import {describe, expect, it} from 'vitest';
import {fisherExact, holmAdjust, mannWhitneyU, normalUpperTail, percentile} from '../../source/release/statistics.js';

// Reference values computed independently (SciPy 1.17: mannwhitneyu method='asymptotic', use_continuity=True;
// fisher_exact two-sided; numpy.percentile linear), and the first Mann-Whitney case also by hand:
// U = 0, mean 12.5, variance 25·11/12, z = 12/4.787 = 2.507, p = 2·Q(2.507) = 0.01219.
describe('mannWhitneyU', () => {
	const cases: Array<[number[], number[], number, number]> = [
		[[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], 0, 0.012_185_780_355_344_813],
		[[1, 2, 2, 3, 3, 3, 4], [3, 4, 4, 5, 5, 6], 3.5, 0.012_999_854_364_387_305],
		[[19, 22, 16, 29, 24], [20, 11, 17, 12], 17, 0.111_346_886_533_140_41],
		[
			[10.5, 12.1, 9.8, 11.4, 13, 10.1, 12.7, 9.9, 11.8, 10.6, 12.2, 11.1],
			[12.9, 13.4, 11.7, 14.2, 13.8, 12.5, 15.1, 13.3, 12.8, 14.6],
			9,
			0.000_868_861_059_834_744_9,
		],
	];
	it.each(cases)('matches reference U and p for %j vs %j', (a, b, u, p) => {
		const result = mannWhitneyU(a, b);
		expect(result.u).toBe(u);
		expect(result.p).toBeCloseTo(p, 6);
		expect(Math.abs(result.p - p) / p).toBeLessThan(1e-5);
	});

	it('is symmetric in p and signs z towards the larger sample', () => {
		const a = [1, 2, 3, 4, 5];
		const b = [6, 7, 8, 9, 10];
		expect(mannWhitneyU(b, a).p).toBeCloseTo(mannWhitneyU(a, b).p, 12);
		expect(mannWhitneyU(a, b).z).toBeGreaterThan(0);
		expect(mannWhitneyU(b, a).z).toBeLessThan(0);
	});

	it('gives p = 1 for identical or empty samples', () => {
		expect(mannWhitneyU([5, 5, 5], [5, 5, 5]).p).toBe(1);
		expect(mannWhitneyU([], [1, 2]).p).toBe(1);
	});
});

describe('fisherExact', () => {
	it.each([
		// Fisher's tea-tasting table: 34/70 exactly.
		[[3, 1, 1, 3], 34 / 70],
		[[1, 9, 11, 3], 0.002_759_456_185_220_083_6],
		[[0, 60, 10, 50], 0.001_299_133_465_351_241_5],
		[[2, 58, 3, 57], 1],
		[[0, 0, 0, 5], 1],
		[[7, 12, 0, 15], 0.010_562_649_824_820_209],
	] as Array<[[number, number, number, number], number]>)('table %j → p %d', (cells, p) => {
		expect(fisherExact(...cells)).toBeCloseTo(p, 9);
	});

	it('rejects negative or fractional counts with a clear error', () => {
		expect(() => fisherExact(-1, 2, 3, 4)).toThrow(/non-negative integers/);
		expect(() => fisherExact(1.5, 2, 3, 4)).toThrow(/non-negative integers/);
	});
});

describe('percentile', () => {
	it('interpolates linearly between ranks', () => {
		expect(percentile([50, 15, 40, 20, 35], 0.5)).toBe(35);
		expect(percentile([15, 20, 35, 40, 50], 0.95)).toBeCloseTo(48, 10);
		expect(percentile([15, 20, 35, 40, 50], 0.4)).toBeCloseTo(29, 10);
		expect(percentile([7], 0.95)).toBe(7);
		expect(percentile([], 0.5)).toBeUndefined();
	});
});

describe('normalUpperTail', () => {
	it('matches the standard normal table', () => {
		expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
		expect(normalUpperTail(1.959_963_985)).toBeCloseTo(0.025, 7);
		expect(normalUpperTail(2.575_829_304)).toBeCloseTo(0.005, 7);
		expect(normalUpperTail(-1.644_853_627)).toBeCloseTo(0.95, 7);
	});
});

describe('holmAdjust', () => {
	it('steps down and keeps adjusted values monotone, in input order', () => {
		// Sorted 0.01, 0.02, 0.04 with m = 3 → 0.03, max(0.03, 0.04) = 0.04, max(0.04, 0.04) = 0.04.
		expect(holmAdjust([0.04, 0.01, 0.02])).toEqual([0.04, 0.03, 0.04]);
		expect(holmAdjust([0.5, 0.9])).toEqual([1, 1]);
	});

	it('skips tests that could not run', () => {
		expect(holmAdjust([undefined, 0.01, undefined, 0.02])).toEqual([undefined, 0.02, undefined, 0.02]);
	});
});
