import {redact, redactionMark, secretText} from '../text/redact.js';
import {secretPattern} from '../text/secret-pattern.js';
import type {Secret} from './types.js';
import {secretHeaderNames, secretParameterPattern, secretWordsPattern} from './secrets.js';

/**
 * Secrets written in the file itself, hidden from a config error's code frame: the frame shows source lines
 * as written, and `uptop validate` output ends up in CI logs. What the loader would take as a secret, read
 * from one line of text (the file may not parse): a `{secret: …}` value, the value of a credential header or
 * of a key named like one, a URL's password and the values of query parameters such as `token=`.
 * Each hidden character becomes one `•`, so the caret under the line stays in its column.
 */
const credentialName = String.raw`(?:${secretHeaderNames.join('|')}|[\w-]*(?:${secretWordsPattern})[\w-]*)`;
const credentialKey = String.raw`["']?${credentialName}["']?\s*:\s*`;
const scalar = String.raw`"(?:[^"\\]|\\.)*"?|'(?:[^']|'')*'?`;
/**
 * A credential written as a list or a mapping by mistake (`X-Api-Key: [abc]`, `{abc}`), hidden as a whole: not
 * `{secret: …}`, whose value the `secret` key hides.
 */
const collection = String.raw`\[[^\]\n]*\]?|\{(?!\s*["']?secret["']?\s*:)[^}\n]*\}?`;
/** `key: value` at the start of a line (after a `- `), or after `{` or `,` in a flow mapping. */
const keyedValue = new RegExp(String.raw`((?:^\s*(?:-\s+)?|[{,]\s*)${credentialKey})(${scalar}|${collection}|[^\s{[#,}][^#,}]*)`, 'gi');
/** The password runs to the last `@` before the path, as `new URL` reads it: `p@ss` in `http://u:p@ss@host/`. */
// A scheme of at most 32 characters, as in secrets.ts: unbounded, a line of `a-a-a-…` took a second to frame.
const urlPassword = /(\b[a-z][\w+.-]{0,31}:\/\/[^\s/:@]*:)([^\s/?#"'`]+)(@)/gi;
const secretParameter = new RegExp(String.raw`([?&][\w-]*(?:${secretParameterPattern})[\w-]*=)([^&\s"'#\`]+)`, 'gi');

/**
 * `key: value` after `{` or `,`: a flow mapping quoted in a message or a hint (`{Authorization: …}`), not a
 * `${TOKEN:-value}`, and only with a space after the colon, as YAML reads a key.
 */
const flowKeyedValue = new RegExp(String.raw`((?:(?<!\$)\{|,)\s*["']?${credentialName}["']?\s*:\s+)(${scalar}|[^\s{[#,}][^#,}]*)`, 'gi');
/** A header written as one string, as curl takes it: `"Authorization: Bearer …"`, quoted in the file or a message. */
const headerString = new RegExp(String.raw`(["'\`]\s*${credentialName}\s*:\s*)([^"'\`\n]+)`, 'gi');

const dots = (text: string): string => '•'.repeat([...text].length);

/** A value that reads the environment holds no secret in the file: `Bearer ${TOKEN}` stays readable. */
const hide = (value: string): string => (value.includes('${') ? value : dots(value));

export function hideWrittenSecrets(line: string): string {
	return line
		.replaceAll(keyedValue, (_match, key: string, value: string) => {
			// `- "Authorization: Bearer …"`: the quote before the name opens the string the whole pair is in, and closes
			// after the value; hidden with it, the line would read as an unclosed quote.
			const opening = /^\s*(?:-\s+)?(["'])/.exec(key)?.[1];
			const isPairQuoted = opening !== undefined && key.trimStart().replace(/^-\s+/, '').indexOf(opening, 1) === -1 && value.length > 1 && value.endsWith(opening);
			return isPairQuoted ? `${key}${hide(value.slice(0, -1))}${opening}` : `${key}${hide(value)}`;
		})
		.replaceAll(urlPassword, (_match, head: string, password: string, at: string) => `${head}${hide(password)}${at}`)
		.replaceAll(secretParameter, (_match, head: string, value: string) => `${head}${hide(value)}`)
		.replaceAll(headerString, (_match, head: string, value: string) => `${head}${hide(value)}`);
}

/**
 * A multi-line secret (a key in a block scalar) is written over indented lines, never as its text: each of its lines
 * of 4 characters or more is looked for as well.
 */
const linesOf = (secrets: readonly Secret[]): string[] =>
	secrets.flatMap(secret => (typeof secret === 'string' && secret.includes('\n') ? secret.split(/\r?\n/).map(line => line.trim()).filter(line => line.length >= 4) : []));

/**
 * The config's secret values in a file's text, wherever they are written, as redact() finds them (escaped too, a
 * credential in any letter case, a short value only as a whole token), each character as one `•`, so lines and
 * columns stay. Keys alone do not tell them: a value reached through an anchor (`Authorization: *bearer`) is
 * written in the clear on the anchor's line, `x-bearer: &bearer "Bearer …"`, where no key names a credential.
 */
export function hideSecretValues(text: string, secrets: readonly Secret[]): string {
	const all = [...secrets, ...linesOf(secrets)];
	if (all.length === 0 || redact(text, all) === text) return text;
	let output = text;
	const byLength = all.toSorted((a, b) => [...secretText(b)].length - [...secretText(a)].length);
	for (const secret of byLength) {
		const value = secretText(secret);
		if (value === '') continue;
		const isWholeToken = typeof secret !== 'string';
		output = output.replaceAll(secretPattern(value, {wholeToken: isWholeToken, ignoreCase: !isWholeToken}), found => found.replaceAll(/[^\r\n]/gu, '•'));
	}

	return output;
}

/** `Authorization:` opening a line of a block mapping, and what follows it on that line. */
const blockCredential = new RegExp(String.raw`^(\s*(?:-\s+)?)${credentialKey}(.*)$`, 'i');
/** A line that is a key of its own (`secret: …`), not more of a value. */
const nestedKey = /^\s*(?:-\s+)?["']?[\w-]+["']?\s*:(?:\s|$)/;

/**
 * hideWrittenSecrets for a file's lines, together: a credential's value may go on over the lines below its key
 * (`Authorization: >-` and the token under it, a quote closed a line later, a plain value folded), and each of
 * those lines, indented deeper than the key, is hidden too.
 */
export function hideWrittenSecretLines(lines: readonly string[]): string[] {
	const output: string[] = [];
	let within: {indent: number; hasValue: boolean} | undefined;
	for (const line of lines) {
		const indent = line.length - line.trimStart().length;
		if (within !== undefined && line.trim() !== '' && indent <= within.indent) within = undefined;
		if (within !== undefined && line.trim() !== '' && !(!within.hasValue && nestedKey.test(line))) {
			output.push(line.slice(0, indent) + hide(line.slice(indent)));
			continue;
		}

		within = undefined;
		output.push(hideWrittenSecrets(line));
		const credential = blockCredential.exec(line);
		if (credential !== null) {
			const value = credential[2]!.replace(/\s+#.*$/, '').trim();
			within = {indent: credential[1]!.length, hasValue: value !== ''};
		}
	}

	return output;
}

/**
 * A URL's password, the values of secret query parameters, a credential header written as one string and one in
 * a quoted flow mapping, in a message, `found` or a hint, as `••••`: a value the loader cannot read (`http://admin:pw@db example/`, `headers:
 * "Authorization: Bearer …"`) is quoted back whole, and no secret was taken from it.
 */
export function hideQuotedSecrets(text: string): string {
	const mark = (value: string): string => (value.includes('${') ? value : redactionMark);
	return text
		.replaceAll(urlPassword, (_match, head: string, password: string, at: string) => `${head}${mark(password)}${at}`)
		.replaceAll(secretParameter, (_match, head: string, value: string) => `${head}${mark(value)}`)
		.replaceAll(headerString, (_match, head: string, value: string) => `${head}${mark(value)}`)
		.replaceAll(flowKeyedValue, (_match, head: string, value: string) => `${head}${mark(value)}`);
}

const credentialPathKey = new RegExp(`^${credentialName}$`, 'i');

/** Whether an issue's path (`checks[0].headers.Authorization`) names a value the loader would take as a secret. */
export function isSecretPath(path: string | undefined): boolean {
	if (path === undefined) return false;
	const last = lastPathKey(path);
	return last === 'secret' || credentialPathKey.test(last);
}

/**
 * The key a path ends in, without a list's index: `X-Api-Key` out of `checks[0].headers."X-Api-Key"` (joinPath
 * quotes a key that is not a plain word) and out of `…."X-Token"[0]`.
 */
export function lastPathKey(path: string): string {
	const match = /(?:^|\.)("(?:[^"\\]|\\.)*"|[^.[\]"]+)(?:\[\d+\])*$/.exec(path);
	if (match === null) return path;
	const key = match[1]!;
	return key.startsWith('"') ? JSON.parse(key) as string : key;
}

/**
 * The parts a hint may rebuild a credential from (`host: db.internal:21` out of `ftp://db.internal`): 4 characters
 * or more between a URL's punctuation. Not `http` or `https`, nor an Authorization scheme (`Bearer` of `Bearer …`):
 * a scheme is no secret, and the hint names it as advice, or in a word of its own (the alias `*bearer`).
 */
export function secretParts(secrets: readonly Secret[]): string[] {
	return secrets.flatMap(secret => (typeof secret === 'string' ? secret.split(/[/:@?&=#\s]+/) : [])).filter(part => part.length >= 4 && !/^(?:https?|bearer|basic|digest|token|negotiate)$/i.test(part));
}
