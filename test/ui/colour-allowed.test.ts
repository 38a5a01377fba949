import {describe, expect, it} from 'vitest';
import {isColourAllowed} from '../../source/ui/terminal.js';

describe('isColourAllowed', () => {
	it('allows colour on a terminal with colours, and turns it off for a non-empty NO_COLOR', () => {
		expect(isColourAllowed({TERM: 'xterm-256color'})).toBe(true);
		expect(isColourAllowed({TERM: 'xterm'})).toBe(true);
		expect(isColourAllowed({TERM: 'xterm', NO_COLOR: ''})).toBe(true);
		expect(isColourAllowed({TERM: 'xterm', NO_COLOR: '1'})).toBe(false);
		expect(isColourAllowed({})).toBe(true);
	});

	it('turns colour off for a monochrome terminfo name: the -mono and -m variants, and DEC\'s text terminals', () => {
		for (const term of ['xterm-mono', 'screen-m', 'tmux-m', 'vt100', 'vt102', 'vt220', 'vt220-8bit', 'vt320', 'vt52', 'VT100']) {
			expect(isColourAllowed({TERM: term}), term).toBe(false);
		}

		// Names that only look alike keep their colours.
		for (const term of ['xterm-256color', 'screen', 'linux', 'rxvt-unicode', 'xterm-direct', 'vte-256color', 'alacritty']) {
			expect(isColourAllowed({TERM: term}), term).toBe(true);
		}
	});

	it('keeps colour on a monochrome TERM when FORCE_COLOR asks for it; NO_COLOR still wins', () => {
		expect(isColourAllowed({TERM: 'xterm-mono', FORCE_COLOR: '1'})).toBe(true);
		expect(isColourAllowed({TERM: 'vt220', FORCE_COLOR: ''})).toBe(true);
		expect(isColourAllowed({TERM: 'xterm-mono', FORCE_COLOR: '0'})).toBe(false);
		expect(isColourAllowed({TERM: 'xterm-mono', FORCE_COLOR: 'false'})).toBe(false);
		expect(isColourAllowed({TERM: 'xterm-mono', FORCE_COLOR: '1', NO_COLOR: '1'})).toBe(false);
	});
});
