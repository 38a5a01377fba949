import {secretText} from '../text/redact.js';
import type {Secret} from './types.js';

/** Header names whose values are credentials (compared in lower case). */
export const secretHeaderNames: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key'];
const secretHeaders = new Set(secretHeaderNames);
/**
 * What makes a name (a header's, an env variable's, a key written in the file) one whose value is a credential, as a
 * pattern source that finds it inside a longer name, read in any letter case: frame-secrets.ts finds keys in a line
 * with it, so a name's ends are told by lookarounds (no letter or digit beside), never `^` or `$`.
 */
const strongWordsPattern = [
	'token', 'secret', 'password', 'passwd', 'passphrase', 'credential', String.raw`api[-_]?key`, String.raw`private[-_]?key`,
	// `MYSQL_PWD`: `pwd` after another word; `PWD` alone is the shell's working directory.
	String.raw`(?<=[a-z\d][-_])pwd(?![a-z\d])`,
	// `DB_PASS`, `PASS`: `pass` as a word of its own; not `BYPASS` or `PASSIVE`.
	String.raw`(?<![a-z\d])pass(?![a-z\d])`,
].join('|');
/**
 * `REDISCLI_AUTH`, `BASIC_AUTH`, `GITHUB_OAUTH`: `auth` ending the name holds the credential itself, or says how to
 * sign in (`SMTP_AUTH: login`), which isCredentialValue tells apart. Not `AUTH_URL`, `AUTH_MODE` or `OAUTH_ISSUER`,
 * which say where and how to sign in and are what a reader needs to see.
 */
const authWordPattern = String.raw`(?<![a-z\d])o?auth(?![\w-])`;
export const secretWordsPattern = `${strongWordsPattern}|${authWordPattern}`;
const secretWords = new RegExp(secretWordsPattern, 'i');
const authWord = new RegExp(authWordPattern, 'i');
/**
 * A query parameter whose value is a credential (`?token=`, `?api_key=`, `?sig=`, `?auth=`), as a pattern source for a
 * name found inside a longer text, in any letter case: a secret name, or a signature, or `auth` anywhere in it.
 */
export const secretParameterPattern = String.raw`${secretWordsPattern}|signature|sig(?![\w-])|auth`;
const secretQueryParameters = new RegExp(secretParameterPattern, 'i');

export const isSecretName = (name: string): boolean => secretWords.test(name);

/** A switch, which a setting holds and no credential is: hidden everywhere, every `true` the check shows would go. */
const switchValue = /^(?:true|false|yes|no|on|off|enabled?|disabled?|none|null)$/i;
/** A count of one or two digits or a rate (`MIN_PASS: 3`, `PASS_RATE: 0.95`): hidden everywhere, every `3` would go. */
const countValue = /^(?:\d{1,2}|\d+\.\d+)$/;
/** How a name ending in `auth` says to sign in (`SMTP_AUTH: login`, `LDAP_AUTH: simple`, `KAFKA_AUTH: SCRAM-SHA-512`). */
const authMechanism = /^(?:login|plain|simple|basic|digest|bearer|ntlm|negotiate|kerberos|gssapi|md5|cram-md5|scram-sha-\d+|trust|peer|ident|cert|oauth2?|oidc|saml|ldap|jwt|anonymous|xoauth2)$/i;

/**
 * Whether `value`, under the name `name`, is a credential to hide wherever it appears: the name is one
 * (isSecretName) and the value is no switch (`DISABLE_BASIC_AUTH: "true"`) nor a small count or rate (`MIN_PASS: 3`),
 * and, under a name ending in `auth`, no sign-in mechanism (`SMTP_AUTH: login`). A longer number is a PIN or a
 * password (`DB_PASS: 12345678`).
 */
export function isCredentialValue(name: string, value: string): boolean {
	const text = value.trim();
	if (!isSecretName(name) || switchValue.test(text) || countValue.test(text)) return false;
	return !(authWord.test(name) && authMechanism.test(text));
}

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

		// Each cookie's value alone, as a server might echo it.
		if (name === 'cookie') {
			secrets.push(...value.split(';').map(pair => pair.slice(pair.indexOf('=') + 1).trim()).filter(part => part.length >= 4));
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

	// The Authorization header a probe makes of them, as a target may echo it (probes/http/url-credentials.ts).
	const basic = basicAuthValue(parsed);
	if (basic !== undefined && parsed.password) secrets.push(basic, basic.slice('Basic '.length));

	for (const [name, value] of parsed.searchParams) {
		if (value !== '' && secretQueryParameters.test(name)) {
			secrets.push(value);
		}
	}

	return secrets;
}

/**
 * A URL inside a longer text: a command's argument (`--url=redis://:pw@host`), a shell line, an env value. It runs to
 * the first space or quote, where a shell word would end.
 */
// A scheme of at most 32 characters: unbounded, a long run of `a-a-a-…` took seconds, tried from each of its letters.
const urlWithin = /\b[a-z][\w+.-]{0,31}:\/\/[^\s"'`<>]+/gi;

/**
 * urlSecrets of every URL written inside `text`, whatever its scheme (`postgresql://monitor:pw@db/app`). Not a
 * shell's variable (`redis://:$REDIS_PW@host` in a `shell: true` line): its name is no secret, and `by hand` must keep it.
 */
export function urlSecretsWithin(text: string): string[] {
	return [...text.matchAll(urlWithin)].flatMap(([url]) => urlSecrets(url)).filter(secret => !/^\$(?:\w+|\{\w+\})$/.test(secret));
}

/**
 * `http://user:password@host/` as the `Authorization: Basic` value a browser or curl sends for it (the request itself
 * carries no userinfo); undefined for a URL without either, or not http(s).
 */
export function basicAuthValue(url: URL): string | undefined {
	if ((!url.username && !url.password) || (url.protocol !== 'http:' && url.protocol !== 'https:')) return undefined;
	return `Basic ${Buffer.from(`${safeDecode(url.username)}:${safeDecode(url.password)}`).toString('base64')}`;
}

/** `decodeURIComponent`, or the text as it is where it holds a malformed escape (`%zz`). */
export function safeDecode(text: string): string {
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
