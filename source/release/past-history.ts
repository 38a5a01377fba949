import path from 'node:path';
import type {Check} from '../config/types.js';
import {readRefusingForeignSymlink} from './foreign-symlink.js';
import {hashedId} from './hashed-ids.js';
import {historyKeyFile, readHistoryKey} from './history-key.js';
import {describeHistoryProblem, isHistoryPlaceProblem} from './history-problem.js';
import {loadHistory, type LoadedHistory} from './history-load.js';
import {withMarkersOf} from './merged-markers.js';
import {withRealIds} from './real-ids.js';
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
 * named from the environment, stored under a hashed id, come back under `checks`' ids (real-ids.ts). The markers of
 * `markerFiles`, the histories of the config's other names, are taken beside the file's own (merged-markers.ts).
 */
export function readPastHistory(file: string, checks: readonly Check[] = [], markerFiles: readonly string[] = []): PastHistory {
	try {
		// One state directory, one key: the other names' histories are beside this one.
		const history = withRealIds(withMarkersOf(loadHistory(file), markerFiles), checks, historyKeyFile(path.dirname(file)));
		return {history: hasOtherLiveWatcher(file) ? {...history, isRecordedByAnother: true} : history};
	} catch (error) {
		return isHistoryPlaceProblem(error) ? {} : {notice: `history not loaded: ${describeHistoryProblem(error, file)}`};
	}
}

/**
 * The history of checks a reload adds, for the engine to seed them as at a start (a check commented out in an
 * earlier run, back now). Read without blocking, and parsed only when the file names one of them: reading it whole
 * took ~0.6 s for 16 MB here, in the thread that times the probes, and a check new to the config has none. A
 * check whose name held a secret of that run's config (its own or another check's) is stored under its hashed
 * id, looked for with the key beside the file.
 */
export async function readPastHistoryFor(file: string, checks: readonly Check[]): Promise<LoadedHistory | undefined> {
	let bytes: Buffer;
	try {
		// Opened as loadHistory opens it: another user's link is not followed (foreign-symlink.ts).
		({bytes} = await readRefusingForeignSymlink(file));
	} catch {
		return undefined;
	}

	// Records are written by JSON.stringify: `"id":"orders api"`, and a series row `"id":"queue/eu-west"`.
	const idPrefix = (id: string): string => `"id":${JSON.stringify(id).slice(0, -1)}`;
	const key = bytes.includes('"id":"h:') ? historyKey(file) : undefined;
	const storedIds = (check: Check): string[] => {
		const ids = [`"id":${JSON.stringify(check.id)}`, idPrefix(`${check.id}/`)];
		return key === undefined ? ids : [...ids, idPrefix(hashedId(key, check.id))];
	};

	const isNamed = checks.some(check => storedIds(check).some(id => bytes.includes(id)));
	return isNamed ? readPastHistory(file, checks).history : undefined;
}

function historyKey(file: string): Buffer | undefined {
	try {
		return readHistoryKey(historyKeyFile(path.dirname(file)));
	} catch {
		return undefined;
	}
}
