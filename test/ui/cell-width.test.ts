import stringWidth from 'string-width';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {oneCellRanges, oneCellWidth} from '../../source/ui/cell-width.js';

// Every code point the fast path may answer for: the ranges its pattern is built from.
const oneCellCharacters = oneCellRanges.flatMap(([from, to]) => Array.from({length: to - from + 1}, (_, index) => String.fromCodePoint(from + index)));

describe('oneCellWidth (the fast path in front of string-width)', () => {
	it('agrees with string-width on every code point it answers for', () => {
		const disagreements = oneCellCharacters.filter(character => oneCellWidth(character) !== stringWidth(character));
		expect(disagreements.map(character => character.codePointAt(0)!.toString(16))).toEqual([]);
		expect(oneCellCharacters.length).toBeGreaterThan(600);
	});

	it('answers for the lines uptop draws, with and without SGR colour and OSC 8 links', () => {
		const lines = [
			'  ○ pending r000                                                -       -                    -',
			'\u001B[31m✗ failing\u001B[39m \u001B[1mpayments api\u001B[22m   12ms ▁▂▃▅▇█▆▃ 99.9% · …',
			'\u001B]8;;https://runbooks.example/p\u0007runbook\u001B]8;;\u0007 ┃ ▲ worse ▼ better → ←',
			'',
		];
		for (const line of lines) {
			expect(oneCellWidth(line)).toBe(stringWidth(line));
		}
	});

	it('leaves to string-width what needs its full rules', () => {
		for (const text of ['\u001B[2Jcleared', '\u001B]0;title\u0007x', '\u009B31mx', '支付', 'e\u0301', '👍🏽', '✅ done', '⚠️', '🇩🇪', '\u00AD', 'a\u200Bb', '\u25FD', 'tab\tstop', 'bell\u0007']) {
			expect(oneCellWidth(text), JSON.stringify(text)).toBeUndefined();
		}

		expect(oneCellWidth('·', {ambiguousIsNarrow: false})).toBeUndefined();
		expect(oneCellWidth('\u001B[31mx', {countAnsiEscapeCodes: true})).toBeUndefined();
		expect(oneCellWidth(42)).toBeUndefined();
	});

	it('never disagrees with string-width on text mixing one-cell characters, wide ones and escapes', () => {
		const pieces = fc.oneof(
			fc.constantFrom(...oneCellCharacters),
			fc.constantFrom('\u001B[31m', '\u001B[39m', '\u001B[1m', '\u001B[22m', '\u001B[7m', '\u001B[27m', '\u001B[0m', '\u009B31m'),
			fc.constantFrom('\u001B]8;;http://x/\u0007', '\u001B]8;;\u0007', '支', '😀', '\u0301', '\uFE0F', '\u200D', '\u001B', '\u0007'),
		);
		fc.assert(fc.property(fc.array(pieces, {maxLength: 40}), parts => {
			const text = parts.join('');
			const fast = oneCellWidth(text);
			return fast === undefined || fast === stringWidth(text);
		}), {numRuns: 3000});
	});
});
