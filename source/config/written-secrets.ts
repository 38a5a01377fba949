import {headerSecrets, isCredentialValue, urlSecrets, urlSecretsWithin} from './secrets.js';

type Values = Readonly<Record<string, unknown>>;

const strings = (record: unknown): Array<[string, string]> =>
	record !== null && typeof record === 'object' && !Array.isArray(record) ? Object.entries(record).filter((entry): entry is [string, string] => typeof entry[1] === 'string') : [];

/**
 * The credentials written in one scope as read (a check, a group, the defaults), before any merging: those
 * buildCheck takes from a check it builds, here also for a check that is never built because it has an error. An
 * error's message and code frame must hide them as a built check's would be: a header's value reached through an
 * anchor (`Authorization: *bearer`) is written in the clear on the anchor's line, which no key there names.
 */
export function writtenSecrets(values: Values): string[] {
	const headers = Object.fromEntries(strings(values.headers).map(([name, value]) => [name.toLowerCase(), value]));
	const env = strings(values.env);
	const run = typeof values.run === 'string' ? [values.run] : Array.isArray(values.run) ? values.run.filter((part): part is string => typeof part === 'string') : [];
	return [
		...headerSecrets(headers),
		...urlSecrets(typeof values.url === 'string' ? values.url : undefined),
		...env.filter(([name, value]) => isCredentialValue(name, value)).map(([, value]) => value),
		...[...run, ...env.map(([, value]) => value)].flatMap(text => urlSecretsWithin(text)),
	];
}
