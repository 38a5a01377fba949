import {unicodeName} from './code-point.js';

/**
 * Makes text that a target controls (bodies, headers, status text, error messages, plugin output,
 * versions) safe to put in front of a terminal, a log or a report.
 *
 * Nothing is stripped silently: every control character becomes a visible token, so the operator can
 * see that a target tried something (the CR of a CRLF line ending is part of the line break). ESC becomes `^[`, BEL `^G`, other C0 controls their caret form,
 * and C1 controls, format characters (bidi overrides/isolates, zero-width characters, Unicode tags), line/paragraph
 * separators and the Hangul fillers become `<U+XXXX>`.
 * Because ESC and the 8-bit introducers (CSI U+009B, OSC U+009D, DCS U+0090, APC U+009F, ST U+009C) are
 * all rewritten, no CSI/OSC/DCS sequence survives: no clipboard writes, title changes, hyperlinks, cursor
 * moves or screen clears (kubectl CVE-2021-25743 is the classic failure).
 */

export type SanitizeOptions = {
	/** Keep `\n` as a line break (detail-pane excerpts). Otherwise newlines become `⏎`. Default false. */
	readonly multiline?: boolean;
	/** The result never exceeds this many code points; cut text ends in `…`. Default 500. */
	readonly maxLength?: number;
};

// Every format character (Cf: soft hyphen, zero-width and bidi controls, Unicode tags, which spell text that renders
// as nothing), the line and paragraph separators and U+180E, which older Unicode called format characters, and the
// Hangul fillers: letters that draw as blank, in one or two cells where Ink (string-width) counts none.
const visibleFormatCharacter = /[\p{Cf}\u180E\u2028\u2029\u115F\u1160\u3164\uFFA0]/u;

function tokenFor(codePoint: number): string {
	return `<${unicodeName(codePoint)}>`;
}

function escapeCharacter(character: string, isMultiline: boolean): string {
	const codePoint = character.codePointAt(0)!;
	if (codePoint === 0x0a) {
		return isMultiline ? '\n' : '⏎';
	}

	if (codePoint === 0x09) {
		return ' ';
	}

	if (codePoint < 0x20) {
		return `^${String.fromCodePoint(codePoint + 0x40)}`;
	}

	if (codePoint === 0x7f) {
		return '^?';
	}

	if (codePoint >= 0x80 && codePoint <= 0x9f) {
		return tokenFor(codePoint);
	}

	if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
		// A lone surrogate: not a character any terminal can show.
		return '\uFFFD';
	}

	if (visibleFormatCharacter.test(character)) {
		return tokenFor(codePoint);
	}

	return character;
}

// Everything escapeCharacter changes, so clean text is returned untouched and cheaply.
const needsWork = /[\u0000-\u001F\u007F-\u009F\p{Cf}\u180E\u2028\u2029\u115F\u1160\u3164\uFFA0\uD800-\uDFFF]/u;

export function sanitize(text: string, options: SanitizeOptions = {}): string {
	const maxLength = options.maxLength ?? 500;
	const isMultiline = options.multiline ?? false;
	// Bound the work before escaping: a 2 GB body is never scanned whole.
	let input = text.length > maxLength * 2 + 16 ? text.slice(0, maxLength * 2 + 16) : text;
	let wasCut = input.length < text.length;
	if (needsWork.test(input) || /[\uD800-\uDFFF]/.test(input)) {
		// CRLF ends a line (HTTP error pages, SMTP banners, Windows scripts): one break, not a `^M` before each.
		// A carriage return on its own, which would move the cursor back over the line, is still shown.
		input = input.replaceAll('\r\n', '\n');
		let output = '';
		for (const character of input) {
			output += escapeCharacter(character, isMultiline);
		}

		input = output;
	}

	// No more UTF-16 units than code points allowed: nothing to cut, and no array of code points made per call.
	if (input.length <= maxLength) {
		return wasCut ? `${input}…` : input;
	}

	const cutAt = cutIndex(input, maxLength);
	if (cutAt !== undefined) {
		wasCut = true;
		input = input.slice(0, cutAt);
	}

	return wasCut ? `${input}…` : input;
}

/**
 * Where text longer than `maxLength` code points is cut to leave a cell for `…` (the UTF-16 index after its first
 * `maxLength - 1`), or undefined when it is no longer. Walks to the limit only: spreading a 1.2 KB excerpt into
 * code points cost more than redacting it.
 */
function cutIndex(text: string, maxLength: number): number | undefined {
	const keep = Math.max(0, maxLength - 1);
	let index = 0;
	let cutAt = 0;
	for (let count = 0; count <= maxLength; count++) {
		if (index >= text.length) return undefined;
		if (count === keep) cutAt = index;
		// A surrogate pair is one code point; a lone surrogate (already replaced above) would count as one too.
		index += text.codePointAt(index)! > 0xff_ff ? 2 : 1;
	}

	return cutAt;
}
