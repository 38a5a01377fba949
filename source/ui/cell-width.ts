export type StringWidthOptions = {readonly ambiguousIsNarrow?: boolean; readonly countAnsiEscapeCodes?: boolean};

/**
 * Code points that take exactly one terminal cell on their own and cannot join a neighbour into a wider
 * grapheme: printable ASCII, Latin-1 (not the soft hyphen), general punctuation, arrows, box drawing,
 * blocks, geometric shapes (not the two emoji squares) and the check marks uptop draws. Several are East
 * Asian "ambiguous", so this holds only with ambiguous characters narrow, string-width's default. A test
 * checks every one of them against string-width itself.
 */
export const oneCellRanges: ReadonlyArray<readonly [number, number]> = [
	[0x20, 0x7E], [0xA0, 0xAC], [0xAE, 0xFF], [0x20_10, 0x20_27], [0x20_30, 0x20_5E], [0x21_90, 0x21_FF],
	[0x25_00, 0x25_FC], [0x27_13, 0x27_13], [0x27_17, 0x27_17],
];

const hex = (codePoint: number) => `\\u${codePoint.toString(16).padStart(4, '0')}`;

/** A pattern matching text made only of code points in `ranges` (BMP ranges; the empty text too). */
export function onlyCodePointsIn(ranges: ReadonlyArray<readonly [number, number]>): RegExp {
	return new RegExp(`^[${ranges.map(([from, to]) => `${hex(from)}-${hex(to)}`).join('')}]*$`);
}

const oneCellText = onlyCodePointsIn(oneCellRanges);

// The two kinds of escape a frame carries: SGR styles and OSC 8 links (BEL- or ST-terminated). Anything
// else with an escape in it goes to string-width, whose stripping rules then decide.
// eslint-disable-next-line no-control-regex
const frameEscapes = /\u001B\[[\d;]*m|\u001B\]8;[^\u0007\u001B]*(?:\u0007|\u001B\\)/g;

/**
 * The width of a frame's text when it is made only of one-cell characters (almost every line uptop draws),
 * or undefined when the full Unicode rules are needed.
 *
 * The build routes Ink's `string-width` through this and loads the real module only for text this cannot
 * answer: that module compiles an emoji-sequence pattern when it loads and walks graphemes with
 * Intl.Segmenter on every call, the largest single cost of laying out a cold first frame
 * (docs/benchmarks.md).
 */
export function oneCellWidth(text: unknown, options?: StringWidthOptions): number | undefined {
	if (typeof text !== 'string' || options?.ambiguousIsNarrow === false || options?.countAnsiEscapeCodes === true) {
		return undefined;
	}

	const visible = text.includes('\u001B') ? text.replace(frameEscapes, '') : text;
	return oneCellText.test(visible) ? visible.length : undefined;
}
