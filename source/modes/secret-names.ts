import type {Check} from '../config/types.js';
import {redact, redactionMark} from '../text/redact.js';
import {listFirst} from '../config/list-first.js';
import {namesSecret} from '../release/hashed-ids.js';
import {everySecret} from '../config/shared-secrets.js';

/** Names listed before the rest are counted: the note is advice, not a report. */
const namesShown = 3;

/** Where such checks' history is kept: the key file, and why it cannot be used when it cannot. */
export type HashedHistory = {
	readonly keyFile: string;
	readonly problem?: string;
};

/**
 * `validate`'s advice when a check's name holds a value the config keeps secret: one from the environment
 * (`name: "${SVC} api"`), or one that another check's secret also holds (HOST=payments in a url, and a check
 * named "payments db"). The history file hides every secret of the config in every record, so such a check's
 * history is kept under a keyed hash of its name (hashed-ids.ts, whose rule this is), or not at all when
 * the key cannot be read; on screen the name reads as its check's own secrets leave it. Advice, not an error:
 * the check itself runs.
 */
export function secretNamesNote(checks: readonly Check[], hashedHistory: () => HashedHistory): string | undefined {
	const secrets = everySecret(checks);
	// The writer's own rule: the note names exactly the checks whose history goes under a hashed id.
	const hidden = checks.filter(check => namesSecret(check.name, secrets));
	if (hidden.length === 0) return undefined;
	const names = listFirst(hidden.map(check => `\`${redact(check.name, secrets)}\``), namesShown);
	const subject = hidden.length === 1 ? `the name of check ${names} holds` : `the names of checks ${names} hold`;
	const history = hashedHistory();
	const kept = history.problem === undefined
		? `its history is kept under a keyed hash of the name, not the name (the key: ${history.keyFile})`
		: `its history is not kept: ${history.problem}`;
	return `note: ${subject} a value the config keeps secret (from the environment): the value shows as ${redactionMark}, and ${kept}.`;
}
