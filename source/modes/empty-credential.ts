import {formatLocation} from '../config/config-error.js';
import {listFirst} from '../config/list-first.js';
import {isSecretName, secretHeaderNames} from '../config/secrets.js';
import type {Check} from '../config/types.js';
import {displayCheck} from '../monitor/display-check.js';

/** Names listed before the rest are counted: the note is advice, not a report. */
const namesShown = 3;

/** A credential header's value with no credential in it: nothing, a scheme alone (`Bearer `) or a name (`session=`). */
const noCredential = /^\s*(?:[A-Za-z][\w.-]*(?:\s+|=)\s*)?$/;

const isCredentialHeader = (name: string): boolean => secretHeaderNames.includes(name.toLowerCase()) || isSecretName(name);

type Finding = {readonly check: Check; readonly variables: readonly string[]; readonly header: string; readonly sent: string};

/** The credential headers of `check` that a set but empty `${NAME}` leaves with no credential. */
function findingsOf(check: Check): Finding[] {
	const headers = 'headers' in check ? check.headers : {};
	return Object.entries(headers).flatMap(([header, sent]) => {
		if (!isCredentialHeader(header) || !noCredential.test(sent)) return [];
		const variables = [...new Set((check.envParts ?? []).filter(part => part.value === '' && part.substituted === sent).map(part => part.name))];
		return variables.length === 0 ? [] : [{check, variables, header, sent}];
	});
}

/**
 * `validate`'s advice when a credential header (`Authorization: "Bearer ${API_TOKEN}"`) is left with no credential
 * because its variable is set but empty: every probe sends `Bearer ` and fails as unauthorized, which reads as the
 * service refusing uptop. Advice, not an error: as in a shell, an empty variable is a value (an unset one is the
 * loader's error), and the check runs. One note per variable and header, naming the checks it concerns.
 */
export function emptyCredentialNote(checks: readonly Check[]): string | undefined {
	const grouped = new Map<string, Finding[]>();
	for (const finding of checks.flatMap(check => findingsOf(check))) {
		const key = JSON.stringify([finding.variables, finding.header, finding.sent]);
		grouped.set(key, [...(grouped.get(key) ?? []), finding]);
	}

	if (grouped.size === 0) return undefined;
	return [...grouped.values()].map(found => {
		const [{variables, header, sent}] = found as [Finding, ...Finding[]];
		const named = found.map(({check}) => `\`${displayCheck(check).name}\`${check.source === undefined ? '' : ` (${formatLocation(check.source)})`}`);
		const which = found.length === 1 ? `check ${named[0]!}` : `checks ${listFirst(named, namesShown)}`;
		const names = variables.join(' and ');
		const how = sent === '' ? 'is sent empty' : `is sent as \`${sent}\``;
		return `note: ${which}: ${names} ${variables.length === 1 ? 'is' : 'are'} set but empty: ${found.length === 1 ? 'its' : 'their'} \`${header}\` header ${how}; set ${names} where uptop starts.`;
	}).join('\n');
}
