import {readFile} from 'node:fs/promises';
import type {Check} from '../config/types.js';
import {namesSecret} from './hashed-ids.js';
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

/**
 * The history of checks a reload adds, for the engine to seed them as at a start (a check commented out in an
 * earlier run, back now). Read without blocking, and parsed only when the file names one of them: reading it whole
 * took ~0.6 s for 16 MB here, in the thread that times the probes, and a check new to the config has none. A
 * check whose name holds a secret is stored under a hashed id that cannot be looked for: the file is parsed then.
 */
export async function readPastHistoryFor(file: string, checks: readonly Check[]): Promise<LoadedHistory | undefined> {
	let bytes: Buffer;
	try {
		bytes = await readFile(file);
	} catch {
		return undefined;
	}

	// Records are written by JSON.stringify: `"id":"orders api"`, and a series row `"id":"queue/eu-west"`.
	const isNamed = checks.some(check => namesSecret(check.id, check.secrets)
		|| bytes.includes(`"id":${JSON.stringify(check.id)}`)
		|| bytes.includes(`"id":${JSON.stringify(`${check.id}/`).slice(0, -1)}`));
	return isNamed ? readPastHistory(file, checks).history : undefined;
}
