/**
 * The statistical tests behind "did the last deployment change anything?". Pure functions, no I/O.
 * The method is described in ./README.md.
 */

/** Upper tail of the standard normal, P(Z > z); relative error below 2e-7 (a Chebyshev-fitted erfc). */
export function normalUpperTail(z: number): number {
	return 0.5 * erfc(z / Math.SQRT2);
}

function erfc(x: number): number {
	const absolute = Math.abs(x);
	const t = 1 / (1 + 0.5 * absolute);
	const polynomial = -absolute * absolute - 1.265_512_23 + t * (1.000_023_68 + t * (0.374_091_96 + t * (0.096_784_18
		+ t * (-0.186_288_06 + t * (0.278_868_07 + t * (-1.135_203_98 + t * (1.488_515_87
		+ t * (-0.822_152_23 + t * 0.170_872_77))))))));
	const value = t * Math.exp(polynomial);
	return x >= 0 ? value : 2 - value;
}

/**
 * Percentile with linear interpolation between closest ranks (the common "type 7" definition, as
 * spreadsheets and numpy compute it). `q` is 0..1. Undefined for no values.
 */
export function percentile(values: readonly number[], q: number): number | undefined {
	if (values.length === 0) {
		return undefined;
	}

	const sorted = [...values].sort((a, b) => a - b);
	const position = (sorted.length - 1) * Math.min(1, Math.max(0, q));
	const lower = Math.floor(position);
	const upper = Math.ceil(position);
	const low = sorted[lower]!;
	const high = sorted[upper]!;
	return low + (high - low) * (position - lower);
}

export type MannWhitneyResult = {
	/** U of the first sample: how often a value of `a` exceeds one of `b` (ties count half). */
	readonly u: number;
	/** Standardized statistic after the continuity correction; positive when `b` tends to be larger. */
	readonly z: number;
	/** Two-sided p-value (normal approximation with tie and continuity corrections). */
	readonly p: number;
};

/**
 * Mann-Whitney U (Wilcoxon rank-sum) test, two-sided. Ranks the pooled samples with mid-ranks for ties,
 * uses the normal approximation with the tie-corrected variance and a 0.5 continuity correction.
 * With fewer than 20 values a side the approximation is rough; callers require a minimum sample count.
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): MannWhitneyResult {
	const n1 = a.length;
	const n2 = b.length;
	if (n1 === 0 || n2 === 0) {
		return {u: 0, z: 0, p: 1};
	}

	const pooled = [...a.map(value => ({value, first: true})), ...b.map(value => ({value, first: false}))];
	pooled.sort((x, y) => x.value - y.value);
	const n = n1 + n2;
	let rankSumA = 0;
	let tieTerm = 0;
	for (let start = 0; start < n;) {
		let end = start + 1;
		while (end < n && pooled[end]!.value === pooled[start]!.value) {
			end++;
		}

		// Positions start..end-1 hold ranks start+1..end; each gets their mean.
		const midRank = (start + 1 + end) / 2;
		const tied = end - start;
		tieTerm += tied ** 3 - tied;
		for (let index = start; index < end; index++) {
			if (pooled[index]!.first) {
				rankSumA += midRank;
			}
		}

		start = end;
	}

	const u = rankSumA - (n1 * (n1 + 1)) / 2;
	const mean = (n1 * n2) / 2;
	const variance = ((n1 * n2) / 12) * ((n + 1) - tieTerm / (n * (n - 1)));
	if (variance <= 0) {
		// Every value is identical: no evidence of any difference.
		return {u, z: 0, p: 1};
	}

	const distance = Math.max(0, Math.abs(u - mean) - 0.5);
	const z = (distance / Math.sqrt(variance)) * (u > mean ? -1 : 1);
	const p = Math.min(1, 2 * normalUpperTail(distance / Math.sqrt(variance)));
	return {u, z, p};
}

const logFactorials: number[] = [0];

function logFactorial(n: number): number {
	for (let index = logFactorials.length; index <= n; index++) {
		logFactorials[index] = logFactorials[index - 1]! + Math.log(index);
	}

	return logFactorials[n]!;
}

/**
 * Fisher's exact test on the 2×2 table [[a, b], [c, d]], two-sided: the probability, under fixed margins,
 * of every table at most as likely as the observed one (the usual "sum of small p" definition).
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
	for (const cell of [a, b, c, d]) {
		if (!Number.isInteger(cell) || cell < 0) {
			throw new RangeError(`fisherExact: cells must be non-negative integers, got ${cell}`);
		}
	}

	const row1 = a + b;
	const row2 = c + d;
	const column1 = a + c;
	const n = row1 + row2;
	if (n === 0) {
		return 1;
	}

	const logDenominator = logFactorial(n) - logFactorial(row1) - logFactorial(row2) - logFactorial(column1) - logFactorial(n - column1);
	const logProbability = (x: number): number =>
		-logDenominator - logFactorial(x) - logFactorial(row1 - x) - logFactorial(column1 - x) - logFactorial(row2 - column1 + x);
	const observed = logProbability(a);
	// Tables whose probability equals the observed one up to rounding count as "as extreme".
	const threshold = observed + 1e-7;
	let p = 0;
	for (let x = Math.max(0, column1 - row2); x <= Math.min(row1, column1); x++) {
		const logP = logProbability(x);
		if (logP <= threshold) {
			p += Math.exp(logP);
		}
	}

	return Math.min(1, p);
}

/**
 * Holm–Bonferroni step-down adjusted p-values, in the input order. Compare each to alpha: the family-wise
 * error rate stays at or below alpha whatever the dependence between tests. `undefined` entries (tests
 * that could not run) are passed through and do not count towards the family size.
 */
export function holmAdjust(pValues: ReadonlyArray<number | undefined>): Array<number | undefined> {
	const present = pValues
		.map((p, index) => ({p, index}))
		.filter((entry): entry is {p: number; index: number} => entry.p !== undefined)
		.sort((x, y) => x.p - y.p);
	const m = present.length;
	const adjusted: Array<number | undefined> = [...pValues];
	let running = 0;
	for (const [rank, entry] of present.entries()) {
		running = Math.max(running, Math.min(1, (m - rank) * entry.p));
		adjusted[entry.index] = running;
	}

	return adjusted;
}
