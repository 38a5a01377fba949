import {formatHeldFor} from '../config/held-for.js';
import {fisherExact, holmAdjust, mannWhitneyU, percentile} from './statistics.js';

/** One side of a before/after comparison for one check. */
export type WindowSample = {
	/** Latencies of the non-failing results, ms. */
	readonly latenciesMs: readonly number[];
	readonly failures: number;
	/** All results counted, failing or not. */
	readonly total: number;
	/** Results left out because the check could not tell (unknown): they say why a side can stay short. */
	readonly unknown?: number;
	/** The before side stops at an earlier marker of the same check, this one (its label): few results are final. */
	readonly startsAfter?: string;
	/**
	 * The before side ends at this earlier marker (its label) instead: it came too shortly before the compared
	 * one for a window of its own (a `helm upgrade` mark, then the version change as the pods roll), so the two
	 * are compared as one deploy.
	 */
	readonly runsWith?: string;
	/**
	 * How long before the compared marker the runsWith one was, ms, when minSamples or more results lay between them:
	 * taken as one deploy for being a mark and then its version change, or one rollout, not for being too close to
	 * tell apart. Absent when fewer lay between.
	 */
	readonly runsWithAheadMs?: number;
	/**
	 * The most failing results in a row on this side, in time order (windows.ts): an outage fails several probes in a
	 * row, a flaky check's failures are scattered. Absent: not known, taken as no run.
	 */
	readonly longestFailingRun?: number;
};

export type CompareOptions = {
	/** Fewer results than this on either side → "too early". Default 20. */
	readonly minSamples?: number;
	/** Significance level (after the multiple-testing correction in compareRelease). Default 0.01. */
	readonly alpha?: number;
	/** Smallest relative change of p50 or p95 worth flagging, 0..1. Default 0.2 (20 %). */
	readonly minRelativeChange?: number;
	/**
	 * Smallest change of p50 or p95 worth flagging in milliseconds, whatever its relative size. Default 5 ms:
	 * load on the machine running uptop (scheduling, a busy network stack) moves every measurement by a few
	 * milliseconds, and 20 % of a sub-10 ms service is well inside that; no user notices 5 ms either.
	 */
	readonly minAbsoluteLatencyChangeMs?: number;
	/** Smallest change of the error rate worth flagging, 0..1 (an absolute floor). Default 0.05 (5 points). */
	readonly minAbsoluteErrorRateChange?: number;
};

/**
 * `too few`: enough results on each side for the rules, and an outage after the marker (failing results in a row,
 * none failing before) that raised the error rate by what matters, on counts too small to tell from chance. "No
 * change" there read as if the outage were nothing.
 */
export type Verdict = 'better' | 'worse' | 'no change' | 'too early' | 'too few';

export type LatencyDelta = {
	readonly before?: number;
	readonly after?: number;
	/** after − before, ms. */
	readonly delta?: number;
	/** (after − before) / before, as a fraction (0.3 = +30 %). */
	readonly deltaPct?: number;
};

export type WindowComparison = {
	readonly verdict: Verdict;
	readonly p50: LatencyDelta;
	readonly p95: LatencyDelta;
	readonly errorRate: {readonly before?: number; readonly after?: number; readonly delta?: number};
	/** p-value the latency verdict used (Holm-adjusted inside compareRelease); undefined when not tested. */
	readonly pLatency?: number;
	/** p-value the error-rate verdict used (Holm-adjusted inside compareRelease); undefined when not tested. */
	readonly pErrors?: number;
	/**
	 * How many checks' p-values each of pLatency and pErrors was adjusted across (compareRelease only): with
	 * hundreds of checks a single one needs a far smaller raw p-value, and the figure shown must say why.
	 */
	readonly adjustedAcross?: {readonly latency: number; readonly errors: number};
	/** Unadjusted p-values, as the single-check tests computed them. */
	readonly pLatencyRaw?: number;
	readonly pErrorsRaw?: number;
	readonly samples: {readonly before: number; readonly after: number};
	/** Unknown results on each side, left out of the comparison (only when there were any). */
	readonly unknown?: {readonly before: number; readonly after: number};
	/** The before side stops at this earlier marker (its label), see WindowSample. */
	readonly startsAfter?: string;
	/** Compared as one deploy with this earlier marker (its label), see WindowSample. */
	readonly runsWith?: string;
	/** How long before the compared marker runsWith was, when not too close to tell apart: see WindowSample. */
	readonly runsWithAheadMs?: number;
	/** Which metrics drove the verdict ("p95 +48 %", "error rate +12 pts"), or why it is too early. */
	readonly reasons: readonly string[];
};

/** Fewer results than this on a side and the verdict is "too early". */
export const minSamplesPerSide = 20;
/** Results on each side below which not even the error rate is tested. */
const minErrorSamples = 5;

const defaults = {minSamples: minSamplesPerSide, alpha: 0.01, minRelativeChange: 0.2, minAbsoluteLatencyChangeMs: 5, minAbsoluteErrorRateChange: 0.05};

function latencyDelta(before: readonly number[], after: readonly number[], q: number): LatencyDelta {
	const b = percentile(before, q);
	const a = percentile(after, q);
	if (b === undefined || a === undefined) {
		return {before: b, after: a};
	}

	return {before: b, after: a, delta: a - b, deltaPct: b > 0 ? (a - b) / b : undefined};
}

type Tested = Omit<WindowComparison, 'verdict' | 'pLatency' | 'pErrors' | 'reasons'> & {
	/** None failed before the marker, and some failed in a row after it: see isNewOutage. */
	readonly isNewOutage: boolean;
};

/** Failing results in a row that make an outage rather than a scattered failure of a flaky check. */
const outageRun = 2;

/**
 * Whether the failures after the marker are an outage the before side had nothing like: none failed before, and at
 * least two failed in a row after. The counts alone cannot say it: at 20 results a side one failure more is 5 points,
 * and "too few" on every such move read so on more than half of a steady 3 %-failing check's comparisons; with the
 * run and the clean before side, on under 1 % (20 to 120 a side), 1.7 % at 20 a side and 10 %.
 */
function isNewOutage(before: WindowSample, after: WindowSample): boolean {
	return before.failures === 0 && (after.longestFailingRun ?? 0) >= outageRun;
}

function test(before: WindowSample, after: WindowSample, minSamples: number): Tested {
	const rateBefore = before.total > 0 ? before.failures / before.total : undefined;
	const rateAfter = after.total > 0 ? after.failures / after.total : undefined;
	const enough = before.total >= minSamples && after.total >= minSamples;
	// Fisher's exact test holds for small counts: a check that went from 15 passes to 20 failures of 21 is worse
	// whatever the latency rule's minimum says (judge: only a worse error rate is told early).
	const errorsTestable = Math.min(before.total, after.total) >= minErrorSamples;
	// The rank test needs latencies on both sides; a side that is mostly failing is judged by its error rate.
	const latencyTestable = enough && Math.min(before.latenciesMs.length, after.latenciesMs.length) >= Math.min(minSamples, 5);
	return {
		p50: latencyDelta(before.latenciesMs, after.latenciesMs, 0.5),
		p95: latencyDelta(before.latenciesMs, after.latenciesMs, 0.95),
		errorRate: {
			before: rateBefore,
			after: rateAfter,
			delta: rateBefore !== undefined && rateAfter !== undefined ? rateAfter - rateBefore : undefined,
		},
		pLatencyRaw: latencyTestable ? mannWhitneyU(before.latenciesMs, after.latenciesMs).p : undefined,
		pErrorsRaw: errorsTestable
			? fisherExact(before.failures, before.total - before.failures, after.failures, after.total - after.failures)
			: undefined,
		samples: {before: before.total, after: after.total},
		isNewOutage: isNewOutage(before, after),
		...(before.unknown || after.unknown ? {unknown: {before: before.unknown ?? 0, after: after.unknown ?? 0}} : {}),
		...(before.startsAfter === undefined ? {} : {startsAfter: before.startsAfter}),
		...(before.runsWith === undefined ? {} : {runsWith: before.runsWith}),
		...(before.runsWithAheadMs === undefined ? {} : {runsWithAheadMs: before.runsWithAheadMs}),
	};
}

function percent(fraction: number): string {
	return `${fraction >= 0 ? '+' : '−'}${Math.round(Math.abs(fraction) * 100)} %`;
}

/** Large enough to matter: both relatively (20 % of a slow service) and absolutely (a few ms of a fast one). */
function latencyDirection(value: LatencyDelta, options: Required<CompareOptions>): 'worse' | 'better' | undefined {
	if (value.deltaPct === undefined || value.delta === undefined || Math.abs(value.delta) < options.minAbsoluteLatencyChangeMs) {
		return undefined;
	}

	if (value.deltaPct >= options.minRelativeChange) return 'worse';
	return value.deltaPct <= -options.minRelativeChange ? 'better' : undefined;
}

function errorPoints(delta: number): string {
	return `error rate ${delta >= 0 ? '+' : '−'}${Math.round(Math.abs(delta) * 100)} pts`;
}

/** Which side is short, and whether waiting helps: a before side cut by an earlier marker never grows. */
function tooEarlyReasons(tested: Tested, minSamples: number): string[] {
	const reasons: string[] = [];
	const {before, after} = tested.samples;
	if (before < minSamples) {
		const results = `${before} result${before === 1 ? '' : 's'}`;
		reasons.push(tested.startsAfter !== undefined
			? `not enough before: ${results} since the previous marker "${tested.startsAfter}", ${minSamples} needed`
			: tested.runsWith === undefined
				// The window before a marker is in the past: no result will join it, and saying "fewer than" would read
				// as "wait". A check added after the marker (or uptop started after it) has none at all.
				? before === 0 && !tested.unknown?.before
					? 'no results before the marker (not probed then): this deploy cannot be judged'
					: `not enough before: ${results} before the marker, ${minSamples} needed (waiting adds none)`
				: `not enough before: ${results} before "${tested.runsWith}" (the same deploy), ${minSamples} needed`);
	}

	if (after < minSamples) reasons.push(`fewer than ${minSamples} results after the marker yet`);
	// A check whose plugin cannot tell stays short however long it runs: say why waiting does not help.
	const unknown = (tested.unknown?.before ?? 0) + (tested.unknown?.after ?? 0);
	if (unknown > 0) reasons.push(`${unknown} unknown result${unknown === 1 ? '' : 's'} not counted (the check could not tell)`);
	return reasons;
}

function judge(tested: Tested, pLatency: number | undefined, pErrors: number | undefined, options: Required<CompareOptions>): WindowComparison {
	const {isNewOutage: _, ...figures} = tested;
	const base = {...figures, pLatency, pErrors};
	const errorDelta = tested.errorRate.delta;
	const errorsWorse = pErrors !== undefined && pErrors < options.alpha && errorDelta !== undefined && errorDelta >= options.minAbsoluteErrorRateChange;
	if (tested.samples.before < options.minSamples || tested.samples.after < options.minSamples) {
		// An outage is told as soon as the counts show it: "too early" beside an error rate of 0 → 95 % hid it,
		// and once the check recovered before the report, nothing else listed it. Better, or latency, waits.
		if (errorsWorse) {
			const {before, after} = tested.samples;
			return {...base, verdict: 'worse', reasons: [errorPoints(errorDelta), `on ${before} results before and ${after} after: enough for the error rate, too few for latency`]};
		}

		return {...base, verdict: 'too early', reasons: tooEarlyReasons(tested, options.minSamples)};
	}

	const worse: string[] = [];
	const better: string[] = [];
	if (pLatency !== undefined && pLatency < options.alpha) {
		for (const [name, value] of [['p50', tested.p50], ['p95', tested.p95]] as const) {
			const direction = latencyDirection(value, options);
			if (direction !== undefined) {
				(direction === 'worse' ? worse : better).push(`${name} ${percent(value.deltaPct!)}`);
			}
		}
	}

	if (pErrors !== undefined && pErrors < options.alpha && errorDelta !== undefined) {
		const points = errorPoints(errorDelta);
		if (errorDelta >= options.minAbsoluteErrorRateChange) {
			worse.push(points);
		} else if (errorDelta <= -options.minAbsoluteErrorRateChange) {
			better.push(points);
		}
	}

	// Two markers compared as one deploy: say so beside the verdict, which either of them may have earned. "Too close
	// to tell apart" only when they were: a mark two minutes and 120 results before its version change was not.
	const together = tested.runsWith === undefined ? []
		: tested.runsWithAheadMs === undefined ? [`with "${tested.runsWith}" just before it, too close to tell apart`]
			: [`counted as one deploy with "${tested.runsWith}" ${formatHeldFor(tested.runsWithAheadMs)} before it`];
	// Any metric that got worse outweighs one that improved: that is what an operator must look at.
	if (worse.length > 0) {
		return {...base, verdict: 'worse', reasons: [...worse, ...together]};
	}

	// An outage after the marker whose rise is not significant is not "no change": 0 of 20 failing, then 3 in a row of
	// 20, is a rise the counts cannot tell from chance (p ≈ 0.23), and the report lists the outage beside the verdict.
	// It outweighs a latency that improved.
	const isUndecidedOutage = tested.isNewOutage && pErrors !== undefined && pErrors >= options.alpha && errorDelta !== undefined && errorDelta >= options.minAbsoluteErrorRateChange;
	if (isUndecidedOutage) {
		const {before, after} = tested.samples;
		return {...base, verdict: 'too few', reasons: [`${errorPoints(errorDelta)} on ${before} results before and ${after} after: too few to tell from chance, p = ${pErrors.toPrecision(2)}`, ...together]};
	}

	return better.length > 0 ? {...base, verdict: 'better', reasons: [...better, ...together]} : {...base, verdict: 'no change', reasons: together};
}

function resolve(options: CompareOptions | undefined): Required<CompareOptions> {
	return {...defaults, ...Object.fromEntries(Object.entries(options ?? {}).filter(([, value]) => value !== undefined))};
}

/** Compares one check's window before a marker with the window after it (no multiple-testing correction). */
export function compareWindows(before: WindowSample, after: WindowSample, options?: CompareOptions): WindowComparison {
	const resolved = resolve(options);
	const tested = test(before, after, resolved.minSamples);
	return judge(tested, tested.pLatencyRaw, tested.pErrorsRaw, resolved);
}

/**
 * Compares every check at once. Latency p-values are Holm-adjusted across checks, and so are error-rate
 * p-values (two families: "did latency change anywhere?", "did errors change anywhere?"); then each
 * check is judged with the adjusted values and the practical-size rule.
 */
export function compareRelease(
	perCheck: ReadonlyMap<string, {readonly before: WindowSample; readonly after: WindowSample}>,
	options?: CompareOptions,
): Map<string, WindowComparison> {
	const resolved = resolve(options);
	const ids = [...perCheck.keys()];
	const tested = ids.map(id => {
		const {before, after} = perCheck.get(id)!;
		return test(before, after, resolved.minSamples);
	});
	const latency = holmAdjust(tested.map(entry => entry.pLatencyRaw));
	const errors = holmAdjust(tested.map(entry => entry.pErrorsRaw));
	const adjustedAcross = {
		latency: tested.filter(entry => entry.pLatencyRaw !== undefined).length,
		errors: tested.filter(entry => entry.pErrorsRaw !== undefined).length,
	};
	const output = new Map<string, WindowComparison>();
	for (const [index, id] of ids.entries()) {
		output.set(id, {...judge(tested[index]!, latency[index], errors[index], resolved), adjustedAcross});
	}

	return output;
}
