// A token is a run of letters, digits, `_` and `-`; a `.` between two of them (`10.0.0.80`, `api.prod.example`)
// joins them too, while one ending a sentence does not.
export const tokenBefore = String.raw`(?<![\p{L}\p{N}_-]|[\p{L}\p{N}]\.)`;
export const tokenAfter = String.raw`(?![\p{L}\p{N}_-]|\.[\p{L}\p{N}])`;
export const tokenCharacter = /[\p{L}\p{N}_-]/u;
export const escapeRegExp = (text: string): string => text.replaceAll(/[\\^$.*+?()[\]{}|/]/g, String.raw`\$&`);

/** How a secret's text is looked for. */
export type SecretPatternOptions = {
	/** Only where the value stands as a whole token (a short value written alone in the config). */
	readonly wholeToken: boolean;
	/** Letters in any case: a host a DNS error lowercased, a token a server upper-cased. */
	readonly ignoreCase: boolean;
};

/** `2f` → `2[fF]`: servers and JSON encoders write hex digits in either case. */
const hexPattern = (code: number, width: number): string =>
	[...code.toString(16).padStart(width, '0')].map(digit => (/[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit)).join('');

const utf8 = new TextEncoder();

/**
 * Every way one character of a secret comes back from a target or an error: as itself, percent-encoded (each
 * UTF-8 byte as `%XX`), as a JSON `\uXXXX` escape (a surrogate pair outside the BMP), `+` for a space (form
 * encoding), and JSON's short escapes `\/`, `\"` and `\\`.
 */
export function characterForms(character: string): string[] {
	const percent = [...utf8.encode(character)].map(byte => `%${hexPattern(byte, 2)}`).join('');
	const json = Array.from({length: character.length}, (_, index) => String.raw`\\u${hexPattern(character.charCodeAt(index), 4)}`).join('');
	const forms = [escapeRegExp(character), percent, json];
	if (character === ' ') forms.push(String.raw`\+`);
	if (character === '/') forms.push(String.raw`\\\/`);
	if (character === '"') forms.push(String.raw`\\"`);
	if (character === '\\') forms.push(String.raw`\\\\`);
	return forms;
}

/**
 * A `%` or `\` starts both its own plain form and longer forms (`%25`, `\\`, `\u005c`); a text of many of them
 * could then be read in exponentially many ways. Such a character takes the first of its escapes that matches, its
 * plain form only when none does, and never gives it back (a lookahead's capture, matched again: the atomic group
 * JavaScript lacks), so each start position costs one pass over the pattern. The secret's plain text is a whole
 * alternative of its own, tried after the forms (its plain text may be the start of a form: `a\` of JSON's `a\\`),
 * so the exact value is found whatever this choice misses.
 */
export function characterPattern(character: string, index: number): string {
	const forms = characterForms(character);
	if (character !== '%' && character !== '\\') return `(?:${forms.join('|')})`;
	const escapesFirst = [...forms.slice(1), forms[0]];
	return `(?=(?<c${index}>${escapesFirst.join('|')}))\\k<c${index}>`;
}

/** The pattern that finds `value` in any of its forms (see characterForms); compile it once per secret set. */
export function secretPattern(value: string, {wholeToken, ignoreCase}: SecretPatternOptions): RegExp {
	const characters = [...value];
	const encoded = characters.map((character, index) => characterPattern(character, index)).join('');
	// A whole-token value asks for a boundary only at an end that is itself part of a token: `a+b!` ends its token
	// at the `!`. The boundary is the value's own, whichever form its first and last characters came back in.
	const before = wholeToken && tokenCharacter.test(characters[0]!) ? tokenBefore : '';
	const after = wholeToken && tokenCharacter.test(characters.at(-1)!) ? tokenAfter : '';
	return new RegExp(`${before}(?:${encoded}|${escapeRegExp(value)})${after}`, ignoreCase ? 'giu' : 'gu');
}
