import {Text} from 'ink';
import type {Colour, Theme} from '../theme.js';
import {plainEmoji} from '../plain-emoji.js';
import {toAscii} from '../text.js';

/** A run of text in one style. */
export type Segment = {
	readonly text: string;
	readonly colour?: Colour;
	readonly isBold?: boolean;
	readonly isInverse?: boolean;
	/** Written as-is (an OSC 8 hyperlink); its visible text is already sized by the caller. */
	readonly isRaw?: boolean;
};

type Props = {readonly segments: readonly Segment[]; readonly theme: Theme};

const blank = /^ *$/;

function isSameStyle(a: Segment, b: Segment): boolean {
	return a.colour === b.colour && a.isBold === b.isBold && a.isInverse === b.isInverse && !a.isRaw && !b.isRaw;
}

/** Spaces in a foreground colour look like plain spaces: their colour may be dropped. */
function isPlainBlank(segment: Segment): boolean {
	return !segment.isBold && !segment.isInverse && !segment.isRaw && blank.test(segment.text);
}

/**
 * Fewer, longer runs: a table row came as ~20 segments (every column and every separating space), and Ink's
 * cost per frame grows with text nodes (layout, squashing, measuring). Joins neighbours of the same style and
 * gives plain spaces the style of their neighbour; what the terminal shows is unchanged.
 */
export function mergeSegments(segments: readonly Segment[]): Segment[] {
	const merged: Segment[] = [];
	for (const segment of segments) {
		if (segment.text === '') {
			continue;
		}

		const previous = merged.at(-1);
		if (previous !== undefined && (isSameStyle(previous, segment) || (isPlainBlank(segment) && !previous.isRaw))) {
			merged[merged.length - 1] = {...previous, text: previous.text + segment.text};
		} else if (previous !== undefined && isPlainBlank(previous) && !segment.isRaw) {
			merged[merged.length - 1] = {...segment, text: previous.text + segment.text};
		} else {
			merged.push(segment);
		}
	}

	return merged;
}

/**
 * One terminal line. Callers size the segments to the width; `truncate-end` is only a guard so a
 * miscount clips instead of wrapping. Style other than colour (bold, inverse) is dropped without colour,
 * so NO_COLOR output carries no SGR codes at all; ASCII mode rewrites any non-ASCII character, and
 * otherwise emoji are given forms every terminal draws alike (plainEmoji).
 */
export function Line({segments, theme}: Props) {
	return (
		<Text wrap="truncate-end">
			{mergeSegments(segments).map((segment, index) => {
				// Emoji that terminals draw at different widths never reach Ink, whose repaint of a changed line
				// starts from the column it counted: callers measure clean() text, which is in these forms already.
				const text = segment.isRaw ? segment.text : theme.isAscii ? toAscii(segment.text) : plainEmoji(segment.text);
				if (!theme.isColour || (segment.colour === undefined && !segment.isBold && !segment.isInverse)) {
					// eslint-disable-next-line react/no-array-index-key
					return <Text key={index}>{text}</Text>;
				}

				return (
					// eslint-disable-next-line react/no-array-index-key
					<Text key={index} color={segment.colour === 'dim' ? undefined : segment.colour} dimColor={segment.colour === 'dim'} bold={segment.isBold} inverse={segment.isInverse}>
						{text}
					</Text>
				);
			})}
		</Text>
	);
}
