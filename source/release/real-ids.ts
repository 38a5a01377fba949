import path from 'node:path';
import type {Check} from '../config/types.js';
import {displayCheck} from '../monitor/display-check.js';
import {checksByHash, isHashedId, realIdOf} from './hashed-ids.js';
import {historyKeyFile, readHistoryKey} from './history-key.js';
import {loadHistory, type LoadedHistory} from './history-load.js';

/**
 * `history` with every hashed id (hashed-ids.ts) of a check configured now put back as that check's id, so its
 * results, state changes, version and markers are its own again after a restart. Records of a check not
 * configured now, or hashed with another value in its name, keep their hashed ids and match no check. Without
 * hashed ids nothing is loaded or hashed; without a readable key nothing is mapped, and `unreadableKey` says why (the
 * writer says it once; `uptop report` says it, and names it as the reason those checks have no data).
 */
export function withRealIds(history: LoadedHistory, checks: readonly Check[], keyFile: string): LoadedHistory {
	const hasHashed = history.results.some(result => isHashedId(result.id))
		|| history.transitions.some(transition => isHashedId(transition.id))
		|| history.versions.some(version => isHashedId(version.id))
		|| history.ignoredVersions?.some(item => isHashedId(item.id)) === true
		|| history.markers.some(marker => marker.checkId !== undefined && isHashedId(marker.checkId));
	if (!hasHashed) return history;
	let key: Buffer | undefined;
	try {
		key = readHistoryKey(keyFile);
	} catch (error) {
		return {...history, unreadableKey: {file: keyFile, error}};
	}

	if (key === undefined) return history;
	const byHash = checksByHash(key, checks.map(check => check.id));
	const checksById = new Map(checks.map(check => [check.id, check] as const));
	const real = <T extends {readonly id: string}>(item: T): T => (isHashedId(item.id) ? {...item, id: realIdOf(item.id, byHash)} : item);
	return {
		...history,
		results: history.results.map(real),
		transitions: history.transitions.map(real),
		versions: history.versions.map(real),
		...(history.ignoredVersions === undefined ? {} : {ignoredVersions: history.ignoredVersions.map(real)}),
		...(history.checkWatch === undefined ? {} : {checkWatch: history.checkWatch.map(real)}),
		markers: history.markers.map(marker => {
			if (marker.checkId === undefined || !isHashedId(marker.checkId)) return marker;
			const check = checksById.get(realIdOf(marker.checkId, byHash));
			// Named as every output names the check: the id holds the secret.
			return check === undefined ? marker : {...marker, checkId: check.id, checkName: displayCheck(check).name};
		}),
	};
}

/** The history file read for `checks`: their records under their own ids again, with the key beside the file. */
export function loadHistoryFor(file: string, checks: readonly Check[]): LoadedHistory {
	return withRealIds(loadHistory(file), checks, historyKeyFile(path.dirname(file)));
}
