import type {HistoryResult} from './history-load.js';

export type WrittenResult = {readonly result: HistoryResult; readonly writer: string};

/** How many of the sorted `times` are below `at` (or at most `at`, when `isInclusive`). */
function countBefore(times: readonly number[], at: number, isInclusive: boolean): number {
	let low = 0;
	let high = times.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (times[middle]! < at || (isInclusive && times[middle] === at)) low = middle + 1;
		else high = middle;
	}

	return low;
}

/**
 * Whether the writer read from has no result of the check around `at` while `other` probes it: it has none after
 * (it stopped, or restarted as another writer), or the two of its results around `at` hold two of `other`'s, a round
 * `other` made and it did not (paused with `p`, suspended with ctrl-z, a stalled machine). The other instance's
 * own cadence is the measure: a config's interval, the time its probes take and a retry's timeouts all show in it,
 * and one late answer holds one of its results, not two.
 */
function hasNoResultsAround(owner: readonly number[], other: readonly number[], at: number): boolean {
	const ownerBefore = countBefore(owner, at, true);
	const next = owner[ownerBefore];
	if (next === undefined) return true;
	const last = owner[ownerBefore - 1]!;
	return countBefore(other, next, false) - countBefore(other, last, true) >= 2;
}

/**
 * Each check's results from one instance at a time. Two instances on one config (a second terminal, a tmux pane
 * and a deploy gate) probe the same checks and both append every result: kept together, a report would count
 * each probe twice and read its before / after windows as twice as sure as they are. A check's results are
 * taken from the instance that wrote its earliest one while it goes on recording them; from where it has none
 * (it stopped, or skipped rounds the other made: suspended, paused) from the instance whose results go on, until
 * that one has none, and so on. The results kept never overlap in time, and a span some instance recorded is
 * never left out: an outage only the other instance saw is in the report. Input and output are oldest first; a
 * record without a writer (older files) counts as one writer.
 */
export function withoutConcurrentResults(written: readonly WrittenResult[]): HistoryResult[] {
	const times = new Map<string, Map<string, number[]>>();
	for (const {result, writer} of written) {
		let writers = times.get(result.id);
		if (writers === undefined) {
			writers = new Map();
			times.set(result.id, writers);
		}

		const list = writers.get(writer);
		if (list === undefined) writers.set(writer, [result.at]);
		else list.push(result.at);
	}

	const current = new Map<string, string>();
	const kept: HistoryResult[] = [];
	for (const {result, writer} of written) {
		const writers = times.get(result.id)!;
		if (writers.size > 1) {
			const owner = current.get(result.id);
			if (owner !== undefined && owner !== writer && !hasNoResultsAround(writers.get(owner)!, writers.get(writer)!, result.at)) {
				continue;
			}

			current.set(result.id, writer);
		}

		kept.push(result);
	}

	return kept;
}
