import type {Marker, State} from '../monitor/types.js';
import type {WindowSample} from './compare.js';

/** One result of one check, as the engine keeps it or the history file stores it. */
export type LatencySample = {readonly at: number; readonly latencyMs: number; readonly state: State};

export type WindowOptions = {
	/** How far each window reaches from the marker, ms. Default 30 minutes. */
	readonly windowMs?: number;
	/** Results kept per side, nearest to the marker first. Default 200. */
	readonly maxSamples?: number;
	/**
	 * The marker before this one that concerns the same check: the before side stops there, so a baseline
	 * never mixes two deploys and an earlier regression is not blamed on this one.
	 */
	readonly previous?: Pick<Marker, 'at' | 'label'>;
};

function summarize(samples: readonly LatencySample[], startsAfter?: string): WindowSample {
	let failures = 0;
	const latenciesMs: number[] = [];
	for (const sample of samples) {
		if (sample.state === 'failing') {
			failures++;
		} else {
			latenciesMs.push(sample.latencyMs);
		}
	}

	return {latenciesMs, failures, total: samples.length, ...(startsAfter === undefined ? {} : {startsAfter})};
}

/**
 * Splits one check's results at a marker: `before` holds results in [at − windowMs, at), but none from before
 * `previous`, and `after` those in [at, at + windowMs). Each side keeps the `maxSamples` results closest to the marker, so an old baseline
 * or a long tail after it does not dilute the comparison. Pending results carry no information and are skipped.
 */
export function windowsAroundMarker(
	samples: readonly LatencySample[],
	marker: Pick<Marker, 'at'>,
	options: WindowOptions = {},
): {before: WindowSample; after: WindowSample} {
	const windowMs = options.windowMs ?? 30 * 60_000;
	const maxSamples = options.maxSamples ?? 200;
	const cut = options.previous !== undefined && options.previous.at > marker.at - windowMs ? options.previous : undefined;
	const beforeStart = cut?.at ?? marker.at - windowMs;
	const before: LatencySample[] = [];
	const after: LatencySample[] = [];
	for (const sample of samples) {
		// Pending has no result, and unknown is a plugin that could not tell: neither says how the service did.
		if (sample.state === 'pending' || sample.state === 'unknown' || !Number.isFinite(sample.latencyMs)) {
			continue;
		}

		if (sample.at < marker.at && sample.at >= beforeStart) {
			before.push(sample);
		} else if (sample.at >= marker.at && sample.at < marker.at + windowMs) {
			after.push(sample);
		}
	}

	before.sort((x, y) => x.at - y.at);
	after.sort((x, y) => x.at - y.at);
	return {
		before: summarize(before.slice(Math.max(0, before.length - maxSamples)), cut?.label),
		after: summarize(after.slice(0, maxSamples)),
	};
}
