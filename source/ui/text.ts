import {sanitize} from '../probes/sanitize.js';

// Wide (two-cell) code points: CJK, Hangul, full-width forms and emoji. An approximation of
// Unicode East Asian Width good enough to keep table columns aligned; Ink wraps by the same rule.
const wide = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;
const zeroWidth = /[\p{Mark}\u200B-\u200F\uFE00-\uFE0F]/u;

function cellWidth(character: string): number {
	if (zeroWidth.test(character)) {
		return 0;
	}

	return wide.test(character) ? 2 : 1;
}

/** Terminal cells the text occupies (no escape sequences expected: callers pass plain text). */
export function displayWidth(text: string): number {
	let width = 0;
	for (const character of text) {
		width += cellWidth(character);
	}

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

	let output = '';
	let used = 0;
	for (const character of text) {
		const cells = cellWidth(character);
		if (used + cells > room) {
			break;
		}

		output += character;
		used += cells;
	}

	return output + ellipsis;
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
		// The last break that leaves a word whole, unless that would leave the line mostly empty.
		const at = head.lastIndexOf(separator);
		const isWhole = at > 0 && displayWidth(head.slice(0, at + kept.length)) >= width / 3;
		// A character wider than the whole line still takes one, or the loop would never end.
		const cut = isWhole ? at + kept.length : truncate(rest, width, '').length || [...rest][0]!.length;
		lines.push(rest.slice(0, cut).trimEnd());
		rest = rest.slice(isWhole ? at + separator.length : cut).trimStart();
	}

	return lines;
}

/** Truncates, then pads with spaces to exactly `width` cells. */
export function fit(text: string, width: number, ellipsis = '…', align: 'left' | 'right' = 'left'): string {
	const cut = truncate(text, width, ellipsis);
	const gap = ' '.repeat(Math.max(0, width - displayWidth(cut)));
	return align === 'left' ? cut + gap : gap + cut;
}

/**
 * Config text (names, owners, groups) goes through the same sanitizer as target text: a check named
 * with an escape sequence must not drive the terminal. Cheap for clean text.
 */
export function clean(text: string | undefined, maxLength = 200): string {
	return text === undefined ? '' : sanitize(text, {maxLength});
}

/** One-cell symbols with a one-character ASCII stand-in: the line keeps its width, and `200 OK · 512 B` reads. */
const asciiStandIns: Readonly<Record<string, string>> = {'·': '.', '•': '*', '—': '-', '–': '-', '…': '~', '→': '>', '←': '<', '×': 'x', 'µ': 'u', '‘': "'", '’': "'", '“': '"', '”': '"'};

/** Replaces non-ASCII characters with a stand-in or `?` (ASCII mode must not emit glyphs the terminal cannot show). */
export function toAscii(text: string): string {
	// eslint-disable-next-line no-control-regex
	return /[^\u0000-\u007F]/.test(text) ? text.replace(/[^\u0000-\u007F]/gu, character => asciiStandIns[character] ?? '?') : text;
}
