/**
 * Emoji sequences whose width terminals disagree on, in forms they all draw alike. Ink (string-width) and uptop
 * count a grapheme: `⚠️` (a text-style emoji with the emoji style selector) two cells, `👍🏽` two, `1️⃣` two,
 * `👩‍💻` two. A terminal that draws one code point at a time (tmux 3.3, VTE, xterm) puts `⚠️` in one cell and
 * `👍🏽` in four; Ink then repaints a changed line from the wrong column, and the screen keeps stale digits or
 * scrolls. Screen text only: `--json` and what `y` copies keep the bytes as written.
 */

// The text and emoji style selectors, and the skin-tone modifiers: each changes a grapheme's width in some terminals only.
const styleOrTone = /[\uFE0E\uFE0F\u{1F3FB}-\u{1F3FF}]/gu;
// The keycap enclosure after its digit: Ink counts `1⃣` two cells, terminals draw the digit in one.
const keycap = /([#*0-9])\u20E3/g;
// A joiner between two emoji: `👩‍💻` is then `👩💻`, two emoji of two cells each, in every terminal.
const emojiJoiner = /(\p{Extended_Pictographic})\u200D(?=\p{Extended_Pictographic})/gu;
const anyOfThem = /[\uFE0E\uFE0F\u200D\u20E3\u{1F3FB}-\u{1F3FF}]/u;

/** `text` with emoji style selectors, skin tones and keycap enclosures left out, and joined emoji shown side by side. */
export function plainEmoji(text: string): string {
	if (!anyOfThem.test(text)) return text;
	return text.replace(styleOrTone, '').replace(keycap, '$1').replace(emojiJoiner, '$1');
}
