import {redact} from '../text/redact.js';
import {loadCrypto} from './history-key.js';
import type {Secret} from '../config/types.js';

/*
 * A check whose name holds a secret (`name: "${SVC} api"`: every value from the environment is one) is kept in
 * the history under a keyed hash of its id instead: `h:` and 16 hex digits of HMAC-SHA256(key, id), the key
 * random and kept beside the history (history-key.ts). The same name hashes alike in every run, so a restart
 * finds its history again; another value of SVC hashes otherwise, so it does not; and without the key the hash
 * cannot be tried against guesses of the value. A series row, `checkId/label`, keeps its label after the hash.
 */

const hashedForm = /^h:[\da-f]{16}(?=\/|$)/;

/** Whether `id`, as written, holds one of `secrets` (the history would hide it, so it is written hashed). */
export function namesSecret(id: string, secrets: readonly Secret[]): boolean {
	return secrets.length > 0 && redact(id, secrets) !== id;
}

/** The id a check's records are written under when its name holds a secret. */
export function hashedId(key: Buffer, checkId: string): string {
	return `h:${loadCrypto().createHmac('sha256', key).update(checkId).digest('hex').slice(0, 16)}`;
}

/** Whether a stored id is a hashed one (whose check may be configured here or not). */
export function isHashedId(id: string): boolean {
	return hashedForm.test(id);
}

/** Maps a stored id back to the id of the configured check it was hashed from (`byHash`: hashedId → check id); anything else as it is. */
export function realIdOf(storedId: string, byHash: ReadonlyMap<string, string>): string {
	const match = hashedForm.exec(storedId);
	if (match === null) return storedId;
	const checkId = byHash.get(match[0]);
	return checkId === undefined ? storedId : `${checkId}${storedId.slice(match[0].length)}`;
}

/** hashedId → check id, for the checks configured now. */
export function checksByHash(key: Buffer, checkIds: Iterable<string>): Map<string, string> {
	return new Map([...checkIds].map(id => [hashedId(key, id), id] as const));
}
