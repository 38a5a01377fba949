import {isWholeToken, redactionMark, secretText} from '../text/redact.js';
import type {EnvPart, Secret} from './types.js';

/** Characters `start` to `end` of a value came from the variable `name`. */
type EnvSpan = {readonly start: number; readonly end: number; readonly name: string};

/**
 * One shell word as the probe uses it, with the parts that came from the environment marked, and the pieces of a
 * variable's value cut in two (sliceValue) that must be hidden.
 */
export type ShellValue = {readonly text: string; readonly spans: readonly EnvSpan[]; readonly hidden?: ReadonlyArray<readonly [number, number]>};

export const literal = (text: string): ShellValue => ({text, spans: []});

/**
 * A setting as the check holds it, with the `${NAME}`s the loader substituted into it. Matched by the whole value
 * written (`Bearer ${TOKEN}` → "Bearer abc"), never by the variable's value alone: `retries: ${R}` gave "2", which
 * the URL `http://127.0.0.1/` must not show as `1"${R}"7`.
 */
export function configValue(text: string, parts: readonly EnvPart[] = []): ShellValue {
	const spans: EnvSpan[] = [];
	for (const part of parts) {
		if (part.substituted !== text || part.value === '') continue;
		const span = {start: part.at, end: part.at + part.value.length, name: part.name};
		// The same scalar written twice (a check and its group) records its parts twice.
		if (!spans.some(other => other.start < span.end && span.start < other.end)) spans.push(span);
	}

	return {text, spans: spans.sort((a, b) => a.start - b.start)};
}

export function joinValues(...values: readonly ShellValue[]): ShellValue {
	let text = '';
	const spans: EnvSpan[] = [];
	const hidden: Array<[number, number]> = [];
	for (const value of values) {
		spans.push(...value.spans.map(span => ({...span, start: span.start + text.length, end: span.end + text.length})));
		hidden.push(...(value.hidden ?? []).map(([start, end]): [number, number] => [start + text.length, end + text.length]));
		text += value.text;
	}

	return {text, spans, hidden};
}

/**
 * A URL as curl takes it: a space written in the path or query is `%20`, as the probe's URL parser sends it (curl
 * refuses a URL with a space: "bad/illegal format"). A space in a variable's value stays, as `"${NAME}"` gives it.
 */
export function encodeUrlSpaces(value: ShellValue): ShellValue {
	const inSpan = (at: number): boolean => value.spans.some(span => span.start <= at && at < span.end);
	const pieces: ShellValue[] = [];
	let from = 0;
	for (let at = value.text.indexOf(' '); at !== -1; at = value.text.indexOf(' ', at + 1)) {
		if (inSpan(at)) continue;
		pieces.push(sliceValue(value, from, at), literal('%20'));
		from = at + 1;
	}

	return pieces.length === 0 ? value : joinValues(...pieces, sliceValue(value, from));
}

/**
 * Characters `start` to `end`: a part of a setting the probe uses on its own (the host of `host: ${HOST}:5432`).
 * A variable's value cut in two is not that variable any more, and its piece is hidden: `${DB_ADDR}` giving
 * `db.internal:5432` is one secret, which neither `db.internal` nor `5432` alone would be found as.
 */
export function sliceValue(value: ShellValue, start: number, end = value.text.length): ShellValue {
	const shift = ([from, to]: readonly [number, number]): [number, number] => [Math.max(from, start) - start, Math.min(to, end) - start];
	const spans = value.spans.filter(span => span.start >= start && span.end <= end).map(span => ({...span, start: span.start - start, end: span.end - start}));
	const cut = value.spans.filter(span => !(span.start >= start && span.end <= end) && span.start < end && start < span.end).map(span => shift([span.start, span.end]));
	const hidden = [...(value.hidden ?? []).filter(([from, to]) => from < end && start < to).map(range => shift(range)), ...cut];
	return {text: value.text.slice(start, end), spans, hidden};
}

/** What a shell takes literally with no quotes; anything else goes in single quotes. */
const plainWord = /^[\w@%+=:,./-]+$/;

// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u001F\u007F]/;

/**
 * A word with a control character in it (`send`'s `PING\r\n` as a run argument) as an ANSI-C quoted word, `$'PING\r\n'`:
 * in single quotes the raw CR LF went onto the screen as `^M⏎` and into what `y` copies, and pasted they sent `PING^M`.
 * bash, zsh, ksh and busybox read it (and POSIX since 2024); dash does not.
 */
function ansiQuoted(text: string): string {
	const named: Readonly<Record<string, string>> = {'\n': String.raw`\n`, '\r': String.raw`\r`, '\t': String.raw`\t`, '\\': String.raw`\\`, '\'': String.raw`\'`};
	// Two hex digits always: `\x1bA` is ESC and `A`, never one escape of three.
	// eslint-disable-next-line no-control-regex
	return `$'${text.replaceAll(/[\u0000-\u001F\u007F\\']/g, character => named[character] ?? `\\x${character.codePointAt(0)!.toString(16).padStart(2, '0')}`)}'`;
}

/** POSIX single quotes take everything literally but `'`, which ends them: `it's` is `'it'\''s'`. */
export const quoteText = (text: string): string => (plainWord.test(text) ? text : controlCharacter.test(text) ? ansiQuoted(text) : `'${text.replaceAll('\'', '\'\\\'\'')}'`);

/** Where `value` (in `text`) is a secret to hide, as redact() would find it; a TokenSecret only as a whole token. */
function secretRanges(text: string, secrets: readonly Secret[]): Array<[number, number]> {
	const ranges: Array<[number, number]> = [];
	for (const secret of secrets) {
		for (const form of new Set([secretText(secret), encodeURIComponent(secretText(secret))])) {
			if (form === '') continue;
			for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + 1)) {
				if (typeof secret === 'string' || isWholeToken(text, at, at + form.length)) ranges.push([at, at + form.length]);
			}
		}
	}

	return ranges;
}

/** A piece of a shell word: text as the probe uses it (a secret in it already `••••`), or a variable's name. */
export type ShellPiece = {readonly text: string} | {readonly variable: string};

/**
 * The value in pieces: text, with a secret written in the file as `••••`, and each value from the environment as
 * its variable's name. Secrets are found in the whole value before it is cut: a password with a `'` in it no longer
 * reads the same once quoted, nor one with `%` once written as printf's format.
 */
export function shellPieces(value: ShellValue, secrets: readonly Secret[]): ShellPiece[] {
	const {text} = value;
	const fromEnv = Array.from<string | undefined>({length: text.length});
	for (const span of value.spans) for (let index = span.start; index < span.end; index++) fromEnv[index] = span.name;
	const isHidden = Array.from<boolean>({length: text.length}).fill(false);
	for (const [start, end] of value.hidden ?? []) isHidden.fill(true, start, end);
	for (const [start, end] of secretRanges(text, secrets)) {
		// `Bearer ${TOKEN}` is a secret header value with a variable in it: the variable hides the credential, and
		// the scheme before it is no secret. Text written next to a variable in any other secret (`pre${PW}`) is.
		const hasVariable = fromEnv.slice(start, end).some(name => name !== undefined);
		const scheme = hasVariable ? /^[A-Za-z-]+\s+/.exec(text.slice(start, end))?.[0].length ?? 0 : 0;
		for (let index = start + scheme; index < end; index++) isHidden[index] ||= fromEnv[index] === undefined;
	}

	const pieces: ShellPiece[] = [];
	let pending = '';
	const flush = () => {
		if (pending !== '') pieces.push({text: pending});
		pending = '';
	};

	let index = 0;
	while (index < text.length) {
		const name = fromEnv[index];
		if (name !== undefined) {
			flush();
			pieces.push({variable: name});
			const span = value.spans.find(item => item.start === index);
			index = span === undefined ? index + 1 : span.end;
		} else if (isHidden[index]) {
			pending += redactionMark;
			while (index < text.length && isHidden[index]) index++;
		} else {
			pending += text[index];
			index++;
		}
	}

	flush();
	return pieces;
}

/** A variable as a shell word: pasted where it is set, the word is the probe's, and its value is never shown. */
export const variableWord = (name: string): string => `"\${${name}}"`;

/**
 * The value as one shell word: text in single quotes, a value from the environment as `"${NAME}"`, and a secret
 * written in the file as `••••` (the command then needs it filled in).
 */
export function shellWord(value: ShellValue, secrets: readonly Secret[]): string {
	const word = shellPieces(value, secrets).map(piece => ('variable' in piece ? variableWord(piece.variable) : quoteText(piece.text))).join('');
	return word === '' ? '\'\'' : word;
}
