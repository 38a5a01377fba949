import {secretText} from '../text/redact.js';
import type {Secret} from './types.js';

/** Header names whose values are credentials (compared in lower case). */
export const secretHeaderNames: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'];
const secretHeaders = new Set(secretHeaderNames);
/** Words that make a name (a header's, an env variable's) one whose value is a secret, as a pattern source. */
export const secretWordsPattern = 'token|secret|password|passwd|api-?key|credential';
const secretWords = new RegExp(secretWordsPattern, 'i');
const secretQueryParameters = /token|secret|password|passwd|api_?key|apikey|signature|sig$|auth/i;

export const isSecretName = (name: string): boolean => secretWords.test(name);

/** Credential values in headers: the whole value, and the part after the scheme (`Bearer abc` → `abc`). */
export function headerSecrets(headers: Readonly<Record<string, string>>): string[] {
	const secrets: string[] = [];
	for (const [name, value] of Object.entries(headers)) {
		if (value === '' || !(secretHeaders.has(name) || isSecretName(name))) {
			continue;
		}

		secrets.push(value);
		const credential = /^[A-Za-z-]+\s+(\S.*)$/.exec(value)?.[1];
		if (credential && (name === 'authorization' || name === 'proxy-authorization')) {
			secrets.push(credential);
		}
	}

	return secrets;
}

/** The password in `https://user:pass@host/` and the values of query parameters such as `?token=`. */
export function urlSecrets(url: string | undefined): string[] {
	if (!url) {
		return [];
	}

	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return [];
	}

	const secrets: string[] = [];
	if (parsed.password) {
		secrets.push(parsed.password);
		const decoded = safeDecode(parsed.password);
		if (decoded !== parsed.password) {
			secrets.push(decoded);
		}
	}

	for (const [name, value] of parsed.searchParams) {
		if (value !== '' && secretQueryParameters.test(name)) {
			secrets.push(value);
		}
	}

	return secrets;
}

function safeDecode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/**
 * Unique, non-empty, longest first. A text that is both a credential and a whole-token value is kept once, as the
 * credential: hidden everywhere.
 */
export function uniqueSecrets(secrets: readonly Secret[]): Secret[] {
	const byText = new Map<string, Secret>();
	for (const secret of secrets) {
		const text = secretText(secret);
		if (text !== '' && (!byText.has(text) || typeof secret === 'string')) byText.set(text, secret);
	}

	return [...byText.values()].sort((a, b) => secretText(b).length - secretText(a).length);
}
