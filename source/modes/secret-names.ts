import type {Check} from '../config/types.js';
import {displayCheck} from '../monitor/display-check.js';

/** Names listed before the rest are counted: the note is advice, not a report. */
const namesShown = 3;

/**
 * `validate`'s advice when a check's name takes a value from the environment (`name: "${SVC} api"`): that
 * value is a secret, so the name reads `•••• api` everywhere and the check's history is not kept across
 * restarts (history-store.ts). Advice, not an error: the check itself runs.
 */
export function secretNamesNote(checks: readonly Check[]): string | undefined {
	const hidden = checks.filter(check => displayCheck(check).name !== check.name);
	if (hidden.length === 0) return undefined;
	const names = hidden.slice(0, namesShown).map(check => `\`${displayCheck(check).name}\``).join(', ');
	const more = hidden.length > namesShown ? ` and ${hidden.length - namesShown} more` : '';
	const subject = hidden.length === 1 ? `check ${names} takes its name` : `checks ${names}${more} take their names`;
	return `note: ${subject} from the environment, which is kept secret: shown with •••• and no history kept across restarts; write the name in the file, or as a fallback: \${NAME:-payments}.`;
}
