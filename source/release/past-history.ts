import {describeHistoryProblem, isHistoryPlaceProblem} from './history-problem.js';
import {loadHistory, type LoadedHistory} from './history-load.js';

export type PastHistory = {
	/** Undefined when the file could not be read. */
	readonly history?: LoadedHistory;
	/** What to tell the user, when something is worth telling ("history not loaded: …"). */
	readonly notice?: string;
};

/**
 * What the history file held when uptop started, or why it could not be read. A place the writer cannot use
 * either has no notice here: the writer says it once ("history disabled for this run").
 */
export function readPastHistory(file: string): PastHistory {
	try {
		return {history: loadHistory(file)};
	} catch (error) {
		return isHistoryPlaceProblem(error) ? {} : {notice: `history not loaded: ${describeHistoryProblem(error, file)}`};
	}
}
