import {isWholeToken} from '../text/redact.js';
import {isCredentialValue, urlSecrets, urlSecretsWithin} from './secrets.js';
import type {Secret} from './types.js';

/** A `${NAME}` value outside a secret position shorter than this is hidden only as a whole token. */
export const wholeTokenBelowLength = 8;

/** Where a `${NAME}` value was read, and what tells whether it is a credential. */
export type EnvValue = {
	readonly value: string;
	/** The names of the variables that gave `value` (the same value may come from several). */
	readonly names: readonly string[];
	/** The value it was substituted into, as the loader reads it (a URL whose password it is). */
	readonly substituted: string;
	/** Where `value` starts in `substituted`; undefined when its place is not known (a file whose YAML did not parse). */
	readonly at?: number;
	/** Whether the key it is the value of holds a credential: a secret header, `{secret: …}`, an `env:` key named like one. */
	readonly isSecretKey: boolean;
};

/**
 * `http://db:${PORT}/`, `db:${PORT}`: the port of a URL or of a host:port, which every target line shows. Only digits
 * there, between the host and the end or the path.
 */
const portPlace = /^(?:[a-z][\w+.-]*:\/\/(?:[^\s/?#@]*@)?)?(?:\[[\d:a-f.]+\]|[^\s/?#@:[\]]+):$/i;
const isPortAt = (text: string, start: number, end: number): boolean => portPlace.test(text.slice(0, start)) && /^(?:$|[/?#])/.test(text.slice(end));

/**
 * Whether `value` (at `at` in `substituted`) is in the password of a URL written there, or is a piece of it:
 * `redis://:${PW}@db/0`. Where the password is written as it is in the text, the value must lie inside it: the
 * `0` of `/0` after it (`REDIS_DB=0`) is the database, not a credential to hide in every text.
 */
function isInUrlPassword(value: string, substituted: string, at: number | undefined): boolean {
	for (const secret of [...urlSecrets(substituted), ...urlSecretsWithin(substituted)]) {
		if (!secret.includes(value)) continue;
		if (at === undefined || !substituted.includes(secret)) return true;
		for (let start = substituted.indexOf(secret); start !== -1; start = substituted.indexOf(secret, start + 1)) {
			if (start <= at && at + value.length <= start + secret.length) return true;
		}
	}

	return false;
}

/**
 * How a `${NAME}` value is kept secret. A credential (in a secret position, or from a variable named like one:
 * `${API_TOKEN}`) and any value of 8 characters or more are hidden wherever they appear. So is a shorter value
 * written inside a longer word (`t_${TENANT}`, `/api-${KEY}/`, `${REGION}.internal`): a target or an error echoes
 * it inside that word, where a whole-token match would miss it. A shorter value standing alone (`REGION=eu`,
 * `?k=${PIN}`) is hidden as a whole token: hidden everywhere it would turn `expect` into `e••••pect`. A number is
 * no secret only as the port of a URL or host:port (`PORT=80`), which every target line shows.
 */
export function secretFromEnv({value, names, substituted, at, isSecretKey}: EnvValue): Secret | undefined {
	const isCredential = isSecretKey || names.some(name => isCredentialValue(name, value)) || isInUrlPassword(value, substituted, at);
	if (isCredential || [...value].length >= wholeTokenBelowLength) return value;
	if (at === undefined) return {wholeToken: value};
	const end = at + value.length;
	if (/^\d+$/.test(value) && isPortAt(substituted, at, end)) return undefined;
	return isWholeToken(substituted, at, end) ? {wholeToken: value} : value;
}
