import type {Check} from '../config/types.js';
import {redact, redactionMark} from '../probes/redact.js';
import {listFirst} from '../config/list-first.js';

/** Names listed before the rest are counted: the note is advice, not a report. */
const namesShown = 3;

/**
 * `validate`'s advice when a check's name holds a value the config keeps secret: one from the environment
 * (`name: "${SVC} api"`), or one that another check's secret also holds (HOST=payments in a url, and a check
 * named "payments db"). The history file hides every secret of the config in every record, so such a name is
 * stored as "•••• db" and its history is not kept (history-store.ts, which uses the same rule); on screen
 * the name reads as its check's own secrets leave it. Advice, not an error: the check itself runs.
 */
export function secretNamesNote(checks: readonly Check[]): string | undefined {
	const secrets = checks.flatMap(check => check.secrets);
	const hidden = checks.filter(check => redact(check.name, secrets) !== check.name);
	if (hidden.length === 0) return undefined;
	const names = listFirst(hidden.map(check => `\`${redact(check.name, secrets)}\``), namesShown);
	const subject = hidden.length === 1 ? `the name of check ${names} holds` : `the names of checks ${names} hold`;
	return `note: ${subject} a value the config keeps secret (from the environment): its history is not kept across restarts, and the value shows as ${redactionMark}; write names in the file with values that are not secret.`;
}
