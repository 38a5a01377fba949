import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {clean, displayWidth} from '../../source/ui/text.js';

/**
 * What a terminal that draws one code point at a time shows (tmux 3.3a, VTE, xterm): each code point in the cells
 * it takes on its own. A terminal that joins graphemes draws what string-width counts.
 */
const cellsPerCodePoint = (text: string): number => [...text].reduce((cells, character) => cells + stringWidth(character), 0);

// tmux 3.3a draws `⚠️` in one cell (Ink counts two), `👍🏽` in four (Ink counts two), `1️⃣` in one (Ink counts two).
const emojiNames = ['⚠️ legacy api', '❤️ heart', '1️⃣ first', '#️⃣ hash', '👍🏽 thumbs api', '✌🏽 peace', '👩‍💻 dev-team 🇯🇵', '👩🏽‍💻 dev', '🏳️‍🌈 pride', '👨‍👩‍👧‍👦 family', '❤️‍🔥 hot', '☺︎ text style', '1⃣ bare keycap'];

describe('config text on the screen (clean)', () => {
	it('leaves emoji in forms every terminal draws at the width uptop and Ink count', () => {
		for (const name of emojiNames) {
			const shown = clean(name);
			expect(displayWidth(shown), `${name} → ${shown}`).toBe(stringWidth(shown));
			expect(cellsPerCodePoint(shown), `${name} → ${shown}`).toBe(stringWidth(shown));
		}
	});

	it('shows each emoji of a joined sequence, not the joiner as a token, and drops styles and skin tones', () => {
		expect(clean('👩‍💻 dev-team 🇯🇵')).toBe('👩💻 dev-team 🇯🇵');
		expect(clean('⚠️ legacy api')).toBe('⚠ legacy api');
		expect(clean('👍🏽 thumbs api')).toBe('👍 thumbs api');
		expect(clean('1️⃣ first')).toBe('1 first');
		expect(clean('👨‍👩‍👧‍👦')).toBe('👨👩👧👦');
		// A joiner anywhere else is still shown: it could make two names look alike.
		expect(clean('a\u200Db')).toBe('a<U+200D>b');
	});
});
