import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
// Ink's own sanitizer, which the build skips for text this check accepts (scripts/bundle-plugins.mjs).
import sanitizeAnsi from '../../node_modules/ink/build/sanitize-ansi.js';
import {isPlainStyledText} from '../../source/ui/plain-styled-text.js';

const fragments = [
	'a', 'web-1', ' ', '  ', '12ms', '99.9%', '✓ up', '✗ failing', '▁▂▃▅▇█', '…', '·', '漢字', '😀', '\t', '\n',
	'\u001B[32m', '\u001B[39m', '\u001B[1;31m', '\u001B[m', '\u001B[;m', '\u001B[38;5;208m', '\u001B[7m', '\u001B[27m',
	// What the sanitizer changes or drops: the check must refuse every one of them.
	'\u0301', '\u0007', '\u0000', '\u007F', '\u009B', '\u001B', '\u001B[2J', '\u001B[10;5H', '\u001B[38:5:208m',
	'\u001B]8;;https://example.test\u001B\\', '\u001B[?25l', '\r',
	// Format characters the sanitizer leaves as they are.
	'\u200D', '\u202E',
];

describe('isPlainStyledText (text Ink\'s sanitizeAnsi returns unchanged)', () => {
	it('accepts only text that Ink\'s sanitizer leaves as it is', () => {
		let accepted = 0;
		fc.assert(fc.property(fc.array(fc.constantFrom(...fragments), {maxLength: 12}), parts => {
			const text = parts.join('');
			if (!isPlainStyledText(text)) return;
			accepted++;
			expect(sanitizeAnsi(text)).toBe(text);
		}), {numRuns: 20_000});
		// The property says something: many of the generated texts took the shortcut.
		expect(accepted).toBeGreaterThan(500);
	});

	it('accepts the coloured lines uptop draws, and refuses what needs sanitizing', () => {
		expect(isPlainStyledText('\u001B[1m\u001B[37muptop · first.yaml\u001B[39m\u001B[22m  \u001B[31m✗50 failing\u001B[39m')).toBe(true);
		expect(isPlainStyledText('  ✗ failing r000     12ms ▁▂▃▅▇█▆▃ 99.9% · …')).toBe(true);
		expect(isPlainStyledText('')).toBe(true);
		for (const text of ['e\u0301', 'bell\u0007', 'csi\u009B31m', '\u001B[2Jclear', '\u001B[38:5:208mcolon', '\u001B]8;;x\u001B\\link', 'cr\r']) {
			expect(isPlainStyledText(text)).toBe(false);
		}
	});
});
