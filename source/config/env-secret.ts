import {isSecretName, urlSecrets} from './secrets.js';
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
	/** Whether the key it is the value of holds a credential: a secret header, `{secret: …}`, an `env:` key named like one. */
	readonly isSecretKey: boolean;
};

/**
 * How a `${NAME}` value is kept secret. A credential (in a secret position, or from a variable named like one:
 * `${API_TOKEN}`) and any value of 8 characters or more are hidden wherever they appear. A shorter value elsewhere
 * (`REGION=eu`, `ENV=prod`) is hidden only as a whole token: hidden everywhere it would turn `expect` into
 * `e••••pect` and `api-prod` into `api-••••`. A number elsewhere (`PORT=80`) is no secret: it would hide latencies
 * and status codes, and a number that is a credential belongs in a secret position.
 */
export function secretFromEnv({value, names, substituted, isSecretKey}: EnvValue): Secret | undefined {
	const isCredential = isSecretKey || names.some(name => isSecretName(name)) || urlSecrets(substituted).some(secret => secret.includes(value));
	if (isCredential || [...value].length >= wholeTokenBelowLength) return value;
	if (/^\d+$/.test(value)) return undefined;
	return {wholeToken: value};
}
