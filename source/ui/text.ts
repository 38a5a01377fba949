import {noteSteps} from '../config/note-steps.js';
import {composed} from '../text/composed.js';
import {sanitize} from '../text/sanitize.js';
import {oneCellWidth} from './cell-width.js';
import {GraphemeSegmenter} from './grapheme-segmenter.js';
import {plainEmoji} from './plain-emoji.js';

// Two-cell code points other than emoji: East Asian Wide and Fullwidth (CJK, Hangul, kana, full-width forms),
// unassigned gaps between them included. Emoji are matched by property below.
const wide = /[\u1100-\u115E\u2329-\u232A\u2630-\u2637\u268A-\u268F\u2E80-\u303E\u3041-\u3247\u3250-\uA4C6\uA960-\uA97C\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE6B\uFF01-\uFF60\uFFE0-\uFFE6\u{16FE0}-\u{1B2FB}\u{1D300}-\u{1D376}\u{1F1AE}\u{1F200}-\u{1F265}\u{1F6D9}\u{1F7DA}\u{1FA8B}-\u{1FAFA}\u{20000}-\u{3FFFD}]/u;
const emojiPresentation = /\p{Emoji_Presentation}/u;
const emoji = /\p{Emoji}/u;
const pictographic = /\p{Extended_Pictographic}/u;
const regionalIndicator = /[\u{1F1E6}-\u{1F1FF}]/u;
const skinTone = /[\u{1F3FB}-\u{1F3FF}]/u;
const zeroWidth = /[\p{Mn}\p{Me}\p{Default_Ignorable_Code_Point}\p{Cf}]/u;
const zeroWidthJoiner = '\u200D';
const emojiStyle = '\uFE0F';
// Hangul vowel and final jamo, which join the syllable before them; and the letters of a syllable.
const hangulJoining = /[\u1160-\u11FF\uD7B0-\uD7FF]/u;
const hangul = /[\u1100-\u11FF\uAC00-\uD7A3\uD7B0-\uD7FF]/u;
// Viramas that link two consonants into one grapheme (Devanagari, Bengali, Gujarati, Oriya, Telugu, Malayalam).
const linkingVirama = /[\u094D\u09CD\u0ACD\u0B4D\u0C4D\u0D4D]/u;
const letter = /\p{L}/u;

function ownWidth(character: string): number {
	if (zeroWidth.test(character)) return 0;
	if (wide.test(character)) return 2;
	// A lone regional indicator is one cell; a pair (a flag) is two, one each.
	return emojiPresentation.test(character) && !regionalIndicator.test(character) ? 2 : 1;
}

/**
 * Calls `visit` with each code point and the cells it adds, counting as Ink does (string-width: one width per
 * grapheme): an emoji joined to the one before by a ZWJ, or a skin tone after one, adds nothing; the emoji style
 * selector makes a one-cell emoji (❤, ©, a keycap's digit) two. Stops when `visit` returns false.
 */
function eachCell(text: string, visit: (character: string, cells: number) => boolean | void): void {
	let previous = '';
	let previousCells = 0;
	let afterJoiner = false;
	let last = '';
	for (const character of text) {
		let cells: number;
		if (afterJoiner && pictographic.test(character)) cells = 0;
		else if (character === emojiStyle || (skinTone.test(character) && pictographic.test(previous))) cells = previousCells === 1 && emoji.test(previous) ? 1 : 0;
		else if ((hangulJoining.test(character) && hangul.test(last)) || (linkingVirama.test(last) && letter.test(character))) cells = 0;
		else cells = ownWidth(character);
		afterJoiner = character === zeroWidthJoiner && pictographic.test(previous);
		if (character !== zeroWidthJoiner && character !== emojiStyle && !skinTone.test(character)) {
			previous = character;
			previousCells = cells;
		}

		if (character !== zeroWidthJoiner) last = character;

		if (visit(character, cells) === false) return;
	}
}

/** Terminal cells the text occupies (no escape sequences expected: callers pass plain text). */
export function displayWidth(text: string): number {
	const oneCell = oneCellWidth(text);
	if (oneCell !== undefined) return oneCell;
	let width = 0;
	eachCell(text, (_, cells) => {
		width += cells;
	});
	return width;
}

/** Cuts text to at most `width` cells, ending in `ellipsis` when cut. Never wraps. */
export function truncate(text: string, width: number, ellipsis = '…'): string {
	if (width <= 0) {
		return '';
	}

	if (displayWidth(text) <= width) {
		return text;
	}

	const room = width - displayWidth(ellipsis);
	if (room <= 0) {
		return ellipsis.slice(0, width);
	}

	if (oneCellWidth(text) !== undefined) return text.slice(0, room) + ellipsis;
	let output = '';
	let used = 0;
	eachCell(text, (character, cells) => {
		if (used + cells > room) return false;
		output += character;
		used += cells;
		return true;
	});
	return output + ellipsis;
}

const graphemes = new GraphemeSegmenter();

/** The longest end of text at most `width` cells wide, in whole graphemes (a cut never splits a joined emoji). */
export function tailOf(text: string, width: number): string {
	if (oneCellWidth(text) !== undefined) return width <= 0 ? '' : text.slice(-width);
	const parts = [...graphemes.segment(text)].map(part => part.segment);
	let used = 0;
	let start = parts.length;
	while (start > 0 && used + displayWidth(parts[start - 1]!) <= width) {
		start--;
		used += displayWidth(parts[start]!);
	}

	return parts.slice(start).join('');
}

/**
 * Cuts text to at most `width` cells by keeping its end, starting with `ellipsis` when cut: what was typed
 * last stays in view.
 */
export function truncateStart(text: string, width: number, ellipsis = '…'): string {
	if (width <= 0) return '';
	if (displayWidth(text) <= width) return text;
	const room = width - displayWidth(ellipsis);
	return room <= 0 ? ellipsis.slice(0, width) : ellipsis + tailOf(text, room);
}

/**
 * Cuts text to at most `width` cells by taking out its middle, so both ends show: names that differ only at
 * the end (`… primary`, `… replica`) stay told apart.
 */
export function truncateMiddle(text: string, width: number, ellipsis = '…'): string {
	if (width <= 0) return '';
	if (displayWidth(text) <= width) return text;
	const room = width - displayWidth(ellipsis);
	if (room <= 0) return ellipsis.slice(0, width);
	const {head, tail} = middleCutEnds(text, room);
	return head + ellipsis + tail;
}

/** The start and end of text that truncateMiddle keeps around its ellipsis, given `room` cells for the two. */
export function middleCutEnds(text: string, room: number): {readonly head: string; readonly tail: string} {
	const head = truncate(text, Math.ceil(room / 2), '');
	// A wide character that did not fit in the head leaves its cell to the tail.
	return {head, tail: tailOf(text, room - displayWidth(head))};
}

/**
 * Where `head` (the start of `text`) last has `separator`, passing over a space between a number and the word
 * after it: `48` at a line's end and `ms` at the next one's start read as two things.
 */
function lastBreak(head: string, text: string, separator: string): number {
	let at = head.lastIndexOf(separator);
	while (at > 0 && separator === ' ' && /\d/.test(head[at - 1]!) && /^[\p{L}%]/u.test(text.slice(at + 1))) {
		at = head.lastIndexOf(separator, at - 1);
	}

	return at;
}

/** What starts a new part of a URL or a path, and may start a line: `.com`, `-jobs`, `?q=`, `&b=`, `#top`. */
const partStarts = new Set(['.', '-', '_', '~', '?', '#', '%', '&', '=']);

/**
 * Where a word too long for a line (a URL) may break inside the `fitting` start of `text`: the last place after a
 * slash (not between the two of `//`) or before a part's punctuation that leaves the line at least half full; 0
 * where there is none, and the word is cut where the line ends.
 */
function partBreak(fitting: string, text: string, width: number): number {
	for (let at = fitting.length; at > 0; at--) {
		if (displayWidth(fitting.slice(0, at)) < width / 2) return 0;
		const after = text[at];
		if (after === undefined) return 0;
		if (isPartBreak(text[at - 1]!, after)) return at;
	}

	return 0;
}

/** Whether a long word may break between these two characters: after a slash (not inside `//`), before a part's punctuation, never before an accent. */
export function isPartBreak(before: string, after: string): boolean {
	if (combiningMark.test(after)) return false;
	return (before === '/' && after !== '/') || (partStarts.has(after) && !partStarts.has(before));
}

const combiningMark = /\p{M}/u;

/**
 * Where a word with no part break is cut: at the line's end, but not between the two slashes of `//`, and at least
 * one character in, or the loop would never end (a character wider than the whole line still takes one).
 */
function wordCut(fitting: string, text: string): number {
	const cut = fitting.length > 1 && text[fitting.length - 1] === '/' && text[fitting.length] === '/' ? fitting.length - 1 : fitting.length;
	return cut || [...text][0]!.length;
}

/**
 * Breaks text into lines of at most `width` cells, after the last `separator` that fits where it can (a space, or
 * ", " between items that belong together) and inside a word longer than a line (a URL). At most `maxLines`: the
 * last one then ends in `ellipsis` if text is left over.
 */
export function wrapText(text: string, width: number, maxLines: number, ellipsis = '…', separator = ' '): string[] {
	if (width <= 0 || maxLines <= 0) return [];
	const lines: string[] = [];
	let rest = text.trim();
	while (rest !== '' && lines.length < maxLines) {
		if (displayWidth(rest) <= width) {
			lines.push(rest);
			return lines;
		}

		if (lines.length === maxLines - 1) {
			lines.push(truncate(rest, width, ellipsis));
			return lines;
		}

		const kept = separator.trimEnd();
		const head = truncate(rest, width + separator.length - kept.length, '');
		// The last break that leaves a word whole, unless that would leave the line mostly empty; one between a
		// number and its unit only when no other will do (cutting inside a word reads worse than "48" / "ms").
		const fills = (at: number): boolean => at > 0 && displayWidth(head.slice(0, at + kept.length)) >= width / 3;
		const keepsUnit = lastBreak(head, rest, separator);
		const at = fills(keepsUnit) ? keepsUnit : head.lastIndexOf(separator);
		const isWhole = fills(at);
		const fitting = truncate(rest, width, '');
		const cut = isWhole ? at + kept.length : partBreak(fitting, rest, width) || wordCut(fitting, rest);
		lines.push(rest.slice(0, cut).trimEnd());
		rest = rest.slice(isWhole ? at + separator.length : cut).trimStart();
	}

	return lines;
}

/** Truncates, then pads with spaces to exactly `width` cells. */
export function fit(text: string, width: number, ellipsis = '…', align: 'left' | 'right' = 'left'): string {
	return pad(truncate(text, width, ellipsis), width, align);
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
	const gap = ' '.repeat(Math.max(0, width - displayWidth(text)));
	return align === 'left' ? text + gap : gap + text;
}

/**
 * Config text (names, owners, groups) goes through the same sanitizer as target text: a check named
 * with an escape sequence must not drive the terminal. Emoji are given forms every terminal draws as wide as
 * uptop counts them (plainEmoji), before the sanitizer would show an emoji's joiner as a token. Cheap for clean text.
 */
export function clean(text: string | undefined, maxLength = 200): string {
	return text === undefined ? '' : sanitize(plainEmoji(text), {maxLength});
}

/**
 * Code points of a note (rollback, runbook, description) read whole, by the detail pane and --once: all of any real
 * one, so a count of lines left out is the note's own, while a note pasted by mistake (a whole log) stays bounded.
 */
export const noteCharacters = 20_000;

/** A note from the config (a rollback written as a block scalar) as clean lines, without the trailing line break YAML keeps. */
export function cleanLines(text: string | undefined, maxLength = 600): string[] {
	return text === undefined ? [] : noteSteps(sanitize(plainEmoji(text.trimEnd()), {multiline: true, maxLength}));
}

/** One-cell symbols with a one-character ASCII stand-in: the line keeps its width, and `200 OK · 512 B` reads. */
const asciiStandIns: Readonly<Record<string, string>> = {'·': '.', '•': '*', '—': '-', '–': '-', '−': '-', '…': '~', '→': '>', '←': '<', '×': 'x', 'µ': 'u', '‘': "'", '’': "'", '“': '"', '”': '"', '⏎': '|'};

/**
 * Signs whose ASCII form takes more cells than they do. toAscii keeps every cell a cell, so it can only make `≤`
 * a `?` and `→` a `>` (`1.4.0 > 1.5.0` reads as a comparison): text that may hold them is given these forms
 * before it is measured and cut (Theme.spell), as the plain lines are.
 */
const asciiSignForms: ReadonlyArray<readonly [RegExp, string]> = [[/≤/gu, '<='], [/≥/gu, '>='], [/≠/gu, '!='], [/→/gu, '->'], [/←/gu, '<-']];
const signWithForm = /[≤≥≠→←]/u;

/** Text with the signs above in their ASCII forms (`age ≤ 12s` → `age <= 12s`); the rest is left to toAscii. */
export function asciiSigns(text: string): string {
	if (!signWithForm.test(text)) return text;
	let spelled = text;
	for (const [sign, form] of asciiSignForms) spelled = spelled.replace(sign, form);
	return spelled;
}

/**
 * A Latin letter without its accent (`é` → `e`), so `prüfung` and `@équipe` stay readable on a LANG=C bastion;
 * anything else is undefined.
 */
function asciiLetter(character: string): string | undefined {
	const base = character.normalize('NFD').replace(/\p{M}/gu, '');
	return /^[A-Za-z]$/.test(base) ? base : undefined;
}

/**
 * Replaces non-ASCII characters with a stand-in, a letter without its accent, or `?` for each cell the character
 * took (ASCII mode must not emit glyphs the terminal cannot show). The text keeps its width: it is often cut to
 * its column before this runs (Line.tsx), and `支付` as one `?` each, or a family emoji as five, moved the columns
 * after it. A combining mark, a joiner or a selector takes no cell and leaves nothing.
 */
export function toAscii(text: string): string {
	// eslint-disable-next-line no-control-regex
	if (!/[^\u0000-\u007F]/.test(text)) return text;
	let ascii = '';
	eachCell(text, (character, cells) => {
		ascii += character <= '\u007F' ? character : cells === 1 ? asciiStandIns[character] ?? asciiLetter(character) ?? '?' : '?'.repeat(cells);
	});
	return ascii;
}

/**
 * Text as ASCII mode spells what it can read: letters without their accents and the stand-ins of toAscii
 * (`prüfung` → `prufung`, `orders — eu` → `orders - eu`), for finding a check by what a LANG=C screen shows.
 * What toAscii can only make `?` (`支付`, an emoji) stays as it is, so a typed `?` does not find every such name.
 */
export function asciiSpelling(text: string): string {
	// eslint-disable-next-line no-control-regex
	if (!/[^\u0000-\u007F]/.test(text)) return text;
	let spelled = '';
	for (const character of composed(text)) {
		// A combining mark left after composing (no precomposed letter has it) takes no cell: toAscii leaves nothing.
		spelled += character <= '\u007F' ? character : asciiStandIns[character] ?? asciiLetter(character) ?? (combiningMark.test(character) ? '' : character);
	}

	return spelled;
}
