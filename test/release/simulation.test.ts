import {describe, expect, it} from 'vitest';
import {compareWindows} from '../../source/release/compare.js';
import {logNormalLatencies, mulberry32} from './random.js';

/*
 * Deterministic simulation of the before/after decision. Latencies are log-normal with a median of 80 ms
 * and a log-space spread of 0.25 (p95 ≈ 1.5 × median, typical of a health endpoint on a LAN); a
 * "+30 % shift" multiplies every latency after the marker by 1.3, so p50 and p95 both move by 30 %.
 * See source/release/README.md for how power falls as the spread grows.
 */
const trials = 1000;
const samplesPerSide = 60;

function run(seed: number, factor: number, failureRate = 0): {flagged: number; worse: number} {
	const random = mulberry32(seed);
	const draw = logNormalLatencies(random, 80, 0.25);
	const side = (scale: number) => {
		const values = draw(samplesPerSide).map(value => value * scale);
		const failures = values.filter(() => random() < failureRate).length;
		return {latenciesMs: values.slice(failures), failures, total: samplesPerSide};
	};

	let flagged = 0;
	let worse = 0;
	for (let trial = 0; trial < trials; trial++) {
		const result = compareWindows(side(1), side(factor));
		flagged += result.verdict === 'no change' ? 0 : 1;
		worse += result.verdict === 'worse' ? 1 : 0;
	}

	return {flagged, worse};
}

describe('simulation: 1,000 seeded trials, 60 samples a side', () => {
	it('flags stationary noise as changed in at most 1 % of trials', () => {
		expect(run(1, 1).flagged).toBeLessThanOrEqual(trials * 0.01);
	});

	it('flags stationary noise with a steady 3 % error rate in at most 1 % of trials', () => {
		expect(run(2, 1, 0.03).flagged).toBeLessThanOrEqual(trials * 0.01);
	});

	it('reads a steady 3 % error rate, failures in time order, as an outage ("too few") in at most 1 % of trials', () => {
		// A flaky check's failures come two in a row now and then, and none before the marker at times: that is what
		// "too few" asks of an outage, so it must stay rare on noise (60 and 20 results a side).
		for (const [seed, total] of [[5, 60], [6, 20]] as const) {
			const random = mulberry32(seed);
			const draw = logNormalLatencies(random, 80, 0.25);
			const side = () => {
				const failing = Array.from({length: total}, () => random() < 0.03);
				let run = 0;
				let longestFailingRun = 0;
				for (const isFailing of failing) {
					run = isFailing ? run + 1 : 0;
					longestFailingRun = Math.max(longestFailingRun, run);
				}

				const failures = failing.filter(Boolean).length;
				return {latenciesMs: draw(total - failures), failures, total, longestFailingRun};
			};

			let tooFew = 0;
			for (let trial = 0; trial < trials; trial++) tooFew += compareWindows(side(), side()).verdict === 'too few' ? 1 : 0;
			expect(tooFew).toBeLessThanOrEqual(trials * 0.01);
		}
	});

	it('catches a +30 % shift of p95 as "worse" in at least 95 % of trials', () => {
		expect(run(3, 1.3).worse).toBeGreaterThanOrEqual(trials * 0.95);
	});

	it('never calls a +30 % shift "better"', () => {
		const {flagged, worse} = run(4, 1.3);
		expect(flagged).toBe(worse);
	});
});
