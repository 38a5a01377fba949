import {isPair, isScalar, visit, type Pair, type Scalar} from 'yaml';
import type {ConfigIssue} from './config-error.js';
import {hideQuotedSecrets, isSecretPath} from './frame-secrets.js';
import type {ParsedFile} from './parse-file.js';
import {unicodeName} from '../text/code-point.js';

/**
 * Characters a YAML file picks up when text is pasted from a web page, a wiki or a chat: spaces YAML does not
 * take for spaces (so a key indented with them is another key, `    url` at the top level), invisible ones, and
 * typographic quotes that YAML keeps as part of the value. Each gets its own error at its place, instead of the
 * unknown key or the missing `kind` they otherwise turn into, or a name shown with quotes around it.
 */

/** Spaces that are not U+0020, and characters with no width, by the name a person can search for. */
const oddSpaceNames: Readonly<Record<number, string>> = {
	0x00_A0: 'non-breaking space',
	0x00_AD: 'soft hyphen',
	0x18_0E: 'Mongolian vowel separator',
	0x20_07: 'figure space',
	0x20_0B: 'zero-width space',
	0x20_0C: 'zero-width non-joiner',
	0x20_0D: 'zero-width joiner',
	0x20_2F: 'narrow no-break space',
	0x20_5F: 'medium mathematical space',
	0x20_60: 'word joiner',
	0x30_00: 'ideographic space',
	0xFE_FF: 'zero-width no-break space (a byte-order mark)',
};

/**
 * Spaces with a width that YAML does not take for a space (a non-breaking space, the typesetter's spaces): as a
 * regular expression's character class, for the indentation and the colon checks of a file that does not parse.
 */
export const wideOddSpaces = String.raw`\u00A0\u2000-\u200A\u202F\u205F\u3000`;

/** Every odd space, with a width or without, as a regular expression's character class. */
export const allOddSpaces = String.raw`\u00A0\u00AD\u180E\u2000-\u200D\u202F\u205F\u2060\u3000\uFEFF`;
const oddSpace = new RegExp(`[${allOddSpaces}]`, 'u');
const oddSpaces = new RegExp(oddSpace.source, 'gu');
export const zeroWidth = /[\u00AD\u180E\u200B-\u200D\u2060\uFEFF]/u;

/** `non-breaking space (U+00A0)`: a character that does not show, by a name a person can search for. */
export const nameOf = (character: string): string => {
	const code = character.codePointAt(0)!;
	// U+2000-U+200A: en quad, em space, thin space, hair space...: the typesetter's spaces.
	const name = oddSpaceNames[code] ?? 'typographic space';
	return `${name} (${unicodeName(code)})`;
};

/** Opening and closing quotes of word processors and wikis, and the guillemets some languages quote with. */
const curlyQuoted = /^[\u201C\u201D\u201E\u2018\u2019\u201A\u00AB\u00BB](.*)[\u201C\u201D\u2018\u2019\u00AB\u00BB]$/su;

/** Notes written as sentences, where a quotation in curly quotes is text, not a paste. */
const proseKeys = new Set(['description', 'runbook', 'rollback']);

const keyText = (pair: Pair | undefined): string | undefined => (pair && isScalar(pair.key) ? String(pair.key.value) : undefined);

/** `-<U+00A0>name: db`: a list item's dash without a plain space after it is text, the start of a key. */
export const describePastedDash = (character: string): Pick<ConfigIssue, 'message' | 'hint'> => ({
	message: `\`-\` is followed by a ${nameOf(character)}, which YAML does not read as a space: this line is no list item`,
	hint: 'replace it with a plain space',
});

function keyProblem(key: Scalar, offset: number, file: string, parsed: ParsedFile): ConfigIssue | undefined {
	const written = String(key.value);
	const match = oddSpace.exec(written);
	if (match === null) return undefined;
	const shown = written.replaceAll(oddSpaces, '').trim();
	const {line, col} = parsed.lineCounter.linePos(offset + match.index);
	const what = nameOf(match[0]);
	if (key.type === 'PLAIN' && written.slice(0, match.index) === '-') return {file, line, column: col, ...describePastedDash(match[0])};
	if (written.slice(0, match.index).trim() === '') {
		return {file, line, column: col, message: `indentation holds a ${what}, which YAML reads as part of the key \`${shown}\``, hint: 'pasted from a web page or a chat? indent with plain spaces'};
	}

	const position = [...written.slice(0, match.index)].length + 1;
	return {
		file,
		line,
		column: col,
		message: `key \`${shown}\` holds a ${what} at character ${position}`,
		hint: zeroWidth.test(match[0]) ? 'it is invisible: delete it, or type the key again' : 'a key has no spaces: delete it (a plain space before the colon is fine)',
	};
}

function quoteProblem(value: Scalar, offset: number, file: string, parsed: ParsedFile, key: string | undefined): ConfigIssue | undefined {
	if (typeof value.value !== 'string' || value.type !== 'PLAIN' || (key !== undefined && proseKeys.has(key))) return undefined;
	const inner = curlyQuoted.exec(value.value)?.[1];
	if (inner === undefined) return undefined;
	const {line, col} = parsed.lineCounter.linePos(offset);
	// A credential is not quoted back; a URL's password is hidden as in every other message.
	if (isSecretPath(key)) {
		return {file, line, column: col, message: 'curly quotes around this value: YAML quotes are straight, so these would be part of the value', hint: 'write the value in straight quotes "…", or leave the quotes out'};
	}

	const shown = hideQuotedSecrets(`\`${inner}\``);
	return {
		file,
		line,
		column: col,
		message: `curly quotes around ${shown}: YAML quotes are straight, so these would be part of the value`,
		hint: hideQuotedSecrets(`write ${JSON.stringify(inner)} (straight quotes), or leave the quotes out`),
	};
}

/**
 * Characters with no width a value cannot mean: YAML keeps them, so `host: db<U+200B>.internal` looks up another
 * name, and a name with one is not found by `--only`. The joiners (U+200C, U+200D) are left alone: emoji
 * sequences and some scripts are written with them. A sentence in a note may hold any of them.
 */
const invisibleInValue = /[\u00AD\u180E\u200B\u2060\uFEFF]/u;

function invisibleProblem(value: Scalar, range: readonly [number, number], file: string, parsed: ParsedFile, key: string | undefined): ConfigIssue | undefined {
	if (typeof value.value !== 'string' || (key !== undefined && proseKeys.has(key))) return undefined;
	const match = invisibleInValue.exec(value.value);
	if (match === null) return undefined;
	// At the character itself when it is written as itself, at the value when written as an escape (`"\u200b"`).
	const written = parsed.text.slice(range[0], range[1]).indexOf(match[0]);
	const {line, col} = parsed.lineCounter.linePos(range[0] + Math.max(0, written));
	const position = [...value.value.slice(0, match.index)].length + 1;
	// The value is not quoted back: the character would not show in it, and it may be a credential.
	return {
		file,
		line,
		column: col,
		message: `${key === undefined ? 'a value' : `the value of \`${key}\``} holds a ${nameOf(match[0])} at character ${position}, which does not show`,
		hint: 'it is invisible (pasted from a web page or a chat?) and is kept as part of the value: delete it, or type the value again',
	};
}

/** Any character one of the problems above looks for: odd spaces, invisible ones, curly quotes and guillemets. */
const anyPasted = /[\u00A0\u00AD\u180E\u2000-\u200D\u202F\u205F\u2060\u3000\uFEFF\u201C-\u201E\u2018-\u201A\u00AB\u00BB]/u;

/** A pasted character's error, whether it is in a key, and the lines of the key or value it is in. */
export type PastedCharacter = {
	readonly issue: ConfigIssue;
	readonly isInKey: boolean;
	readonly firstLine: number;
	readonly lastLine: number;
};

/** Every odd space in a key and every curly-quoted plain value of a parsed file, in file order. */
export function findPastedCharacters(parsed: ParsedFile, file: string): PastedCharacter[] {
	// Every load runs this, at start-up too: a file with none of these characters (nor an escape that could spell one
	// in a quoted value) is not walked node by node.
	if (!anyPasted.test(parsed.text) && !parsed.text.includes('\\')) return [];
	const found: PastedCharacter[] = [];
	visit(parsed.doc, {
		Scalar(_key, node, path) {
			const range = node.range;
			if (!range) return;
			const [offset, end] = range;
			const parent = path.at(-1);
			const pair = [...path].reverse().find(item => isPair(item)) as Pair | undefined;
			const isKey = isPair(parent) && parent.key === node;
			const issue = isKey ? keyProblem(node, offset, file, parsed) : quoteProblem(node, offset, file, parsed, keyText(pair)) ?? invisibleProblem(node, [offset, end], file, parsed, keyText(pair));
			if (issue) {
				const {line: firstLine} = parsed.lineCounter.linePos(offset);
				const {line: lastLine} = parsed.lineCounter.linePos(Math.max(offset, end - 1));
				found.push({issue, isInKey: isKey, firstLine, lastLine});
			}
		},
	});
	return found.sort((a, b) => a.issue.line - b.issue.line || a.issue.column - b.issue.column);
}

/**
 * Drops the errors that repeat a pasted value's own (`unknown kind “tcp”` beside the curly quotes around it):
 * those reported on the lines of that value, in its file, other than the pasted character's.
 */
export function withoutEchoesOfPasted(issues: readonly ConfigIssue[], pasted: readonly PastedCharacter[]): readonly ConfigIssue[] {
	if (pasted.length === 0) return issues;
	const own = new Set(pasted.map(found => found.issue));
	return issues.filter(issue => own.has(issue) || !pasted.some(found => found.issue.file === issue.file && issue.line >= found.firstLine && issue.line <= found.lastLine));
}
