import {oneCellRanges, onlyCodePointsIn} from './cell-width.js';

/**
 * Code points that are a grapheme of their own whatever stands next to them: everything below the combining
 * diacritics except CR (CR LF is one grapheme), and the one-cell symbols uptop draws. None of them is an
 * extending mark, a joiner, a prepended mark, a Hangul jamo or a regional indicator, the only things that glue
 * code points into one grapheme. All are single UTF-16 units. A test checks every one against Intl.Segmenter.
 */
export const ownGraphemeRanges: ReadonlyArray<readonly [number, number]> = [[0x00, 0x0C], [0x0E, 0x2FF], ...oneCellRanges];

const ownGraphemesText = onlyCodePointsIn(ownGraphemeRanges);

type Segment = {segment: string; index: number; input: string};

/** Intl.Segmenter's `Segments` for text whose graphemes are its UTF-16 units: one per unit, in order. */
class UnitSegments implements Iterable<Segment> {
	constructor(private readonly input: string) {}

	[Symbol.iterator](): Iterator<Segment> {
		const {input} = this;
		let index = 0;
		return {
			next(): IteratorResult<Segment> {
				if (index >= input.length) return {done: true, value: undefined};
				const segment = {segment: input[index]!, index, input};
				index++;
				return {done: false, value: segment};
			},
		};
	}

	containing(index: number = 0): Segment | undefined {
		const at = Math.trunc(Number(index));
		return at >= 0 && at < this.input.length ? {segment: this.input[at]!, index: at, input: this.input} : undefined;
	}
}

let full: Intl.Segmenter | undefined;
const fullSegmenter = () => (full ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'}));

/**
 * A grapheme `Intl.Segmenter` that answers plain text itself. The build puts it in place of the grapheme
 * segmenters that Ink and its helpers make when they load (scripts/bundle-plugins.mjs): the first real
 * segmenter loads ICU's break rules (~19 ms here, on the first frame's path), and Ink splits every changed
 * line and every styled string into graphemes on each frame, one ICU call and one object per character.
 * Text with anything that may join into a larger grapheme goes to a real segmenter, made on first need.
 */
export class GraphemeSegmenter {
	segment(text: string): Iterable<Segment> & {containing(index?: number): Segment | undefined} {
		const input = String(text);
		return ownGraphemesText.test(input) ? new UnitSegments(input) : fullSegmenter().segment(input);
	}

	resolvedOptions(): Intl.ResolvedSegmenterOptions {
		return fullSegmenter().resolvedOptions();
	}
}
