import {readdirSync, readFileSync} from 'node:fs';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {GraphemeSegmenter, ownGraphemeRanges} from '../../source/ui/grapheme-segmenter.js';
import {requireBuild} from '../helpers/require-build.js';

const real = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
const segments = (iterable: Iterable<{segment: string; index: number}>) => [...iterable].map(({segment, index}) => [segment, index] as const);
const ownGraphemeCharacters = ownGraphemeRanges.flatMap(([from, to]) => Array.from({length: to - from + 1}, (_, index) => String.fromCodePoint(from + index)));

describe('GraphemeSegmenter (the build\'s stand-in for Ink\'s grapheme segmenters)', () => {
	it('takes only code points that Intl.Segmenter never joins to a neighbour', () => {
		// Each must stay a grapheme of its own after a letter, before a letter and beside itself (regional
		// indicators and Hangul jamo join their own kind; marks and joiners join what comes before).
		const joined = ownGraphemeCharacters.filter(character =>
			[`a${character}`, `${character}a`, `${character}${character}`, `\u0915${character}`].some(text => [...real.segment(text)].length !== 2));
		expect(joined.map(character => character.codePointAt(0)!.toString(16))).toEqual([]);
		expect(ownGraphemeCharacters.length).toBeGreaterThan(1300);
		expect(ownGraphemeCharacters.every(character => character.length === 1)).toBe(true);
	});

	it('splits the lines uptop draws as Intl.Segmenter does, escapes included', () => {
		const ours = new GraphemeSegmenter();
		for (const line of [
			'\u001B[1m\u001B[37muptop · first.yaml\u001B[39m  ✗50 failing  ▲0 warn  ◔0 slow  ○0 pending  ✓0 up',
			'  ✗ failing r000     12ms ▁▂▃▅▇█▆▃ 99.9% · …',
			'',
			'line\nbreak\ttab',
		]) {
			expect(segments(ours.segment(line))).toEqual(segments(real.segment(line)));
		}
	});

	it('agrees with Intl.Segmenter on text mixing plain characters with marks, joiners, emoji, CR LF and Hangul', () => {
		const ours = new GraphemeSegmenter();
		const pieces = fc.oneof(
			fc.constantFrom(...ownGraphemeCharacters),
			fc.constantFrom('\u0301', '\u200D', '\uFE0F', '\r', '\n', '\r\n', '👍', '\u{1F3FD}', '🇩', '🇪', '\u1100', '\u1161', '\u11A8', '한', '支', '\u0915', '\u094D', '\u0600', '\u0903'),
		);
		fc.assert(fc.property(fc.array(pieces, {maxLength: 30}), parts => {
			const text = parts.join('');
			const mine = ours.segment(text);
			const theirs = real.segment(text);
			expect(segments(mine)).toEqual(segments(theirs));
			for (let index = -1; index <= text.length; index++) {
				expect(mine.containing(index)).toEqual(theirs.containing(index));
			}
		}), {numRuns: 2000});
	});

	it('iterates as a fresh iterator each time, as Ink\'s line diff walks two at once', () => {
		const ours = new GraphemeSegmenter().segment('ab·');
		const first = ours[Symbol.iterator]();
		expect(first.next().value?.segment).toBe('a');
		expect(segments(ours)).toEqual([['a', 0], ['b', 1], ['·', 2]]);
		expect(first.next().value?.segment).toBe('b');
		expect(ours.containing()).toEqual({segment: 'a', index: 0, input: 'ab·'});
		expect(new GraphemeSegmenter().resolvedOptions().granularity).toBe('grapheme');
	});
});

describe('the built bundle', () => {
	it('makes no Intl.Segmenter except the stand-in\'s own, made on first need', () => {
		requireBuild();
		const distribution = new URL('../../dist/', import.meta.url);
		const constructions = readdirSync(distribution).filter(name => name.endsWith('.js'))
			.flatMap(name => readFileSync(new URL(name, distribution), 'utf8').split('\n').filter(line => line.includes('new Intl.Segmenter')));
		expect(constructions).toHaveLength(1);
		expect(constructions[0]).toMatch(/fullSegmenter = \(\) => full \?\?= new Intl\.Segmenter/);
	});
});
