import type {Check} from '../config/types.js';
import {describeHistoryProblem, isHistoryPlaceProblem} from './history-problem.js';
import type {LoadedHistory} from './history-load.js';
import {loadHistoryFor} from './real-ids.js';
import {hasOtherLiveWatcher} from './watcher-presence.js';

export type PastHistory = {
	/** Undefined when the file could not be read. */
	readonly history?: LoadedHistory;
	/** What to tell the user, when something is worth telling ("history not loaded: …"). */
	readonly notice?: string;
};

/**
 * What the history file held when uptop started, or why it could not be read. A place the writer cannot use
 * either has no notice here: the writer says it once ("history disabled for this run"). The records of a check
 * named from the environment, stored under a hashed id, come back under `checks`' ids (real-ids.ts).
 */
export function readPastHistory(file: string, checks: readonly Check[] = []): PastHistory {
	try {
		const history = loadHistoryFor(file, checks);
		return {history: hasOtherLiveWatcher(file) ? {...history, isRecordedByAnother: true} : history};
	} catch (error) {
		return isHistoryPlaceProblem(error) ? {} : {notice: `history not loaded: ${describeHistoryProblem(error, file)}`};
	}
}
