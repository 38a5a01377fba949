import {Text} from 'ink';
import type {Colour, Theme} from '../theme.js';
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

/**
 * One terminal line. Callers size the segments to the width; `truncate-end` is only a guard so a
 * miscount clips instead of wrapping. Style other than colour (bold, inverse) is dropped without colour,
 * so NO_COLOR output carries no SGR codes at all; ASCII mode rewrites any non-ASCII character.
 */
export function Line({segments, theme}: Props) {
	return (
		<Text wrap="truncate-end">
			{segments.map((segment, index) => {
				const text = theme.isAscii && !segment.isRaw ? toAscii(segment.text) : segment.text;
				if (!theme.isColour || (segment.colour === undefined && !segment.isBold && !segment.isInverse)) {
					// eslint-disable-next-line react/no-array-index-key
					return <Text key={index}>{text}</Text>;
				}

				return (
					// eslint-disable-next-line react/no-array-index-key
					<Text key={index} color={segment.colour} bold={segment.isBold} inverse={segment.isInverse}>
						{text}
					</Text>
				);
			})}
		</Text>
	);
}
