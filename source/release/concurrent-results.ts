import type {HistoryResult} from './history-load.js';

export type WrittenResult = {readonly result: HistoryResult; readonly writer: string};

/**
 * Each check's results from one instance at a time. Two instances on one config (a second terminal, a tmux pane
 * and a deploy gate) probe the same checks and both append every result: kept together, a report would count
 * each probe twice and read its before / after windows as twice as sure as they are. A check's results are
 * taken from the instance that wrote its earliest one until that instance's last result for it; then from the
 * instance whose result comes next (a restart, or the other instance going on alone), and so on. Input and
 * output are oldest first; a record without a writer (older files) counts as one writer.
 */
export function withoutConcurrentResults(written: readonly WrittenResult[]): HistoryResult[] {
	const lastAt = new Map<string, Map<string, number>>();
	for (const {result, writer} of written) {
		let writers = lastAt.get(result.id);
		if (writers === undefined) {
			writers = new Map();
			lastAt.set(result.id, writers);
		}

		writers.set(writer, result.at);
	}

	const current = new Map<string, string>();
	const kept: HistoryResult[] = [];
	for (const {result, writer} of written) {
		const writers = lastAt.get(result.id)!;
		if (writers.size > 1) {
			const owner = current.get(result.id);
			if (owner !== undefined && owner !== writer && writers.get(owner)! >= result.at) {
				continue;
			}

			current.set(result.id, writer);
		}

		kept.push(result);
	}

	return kept;
}
