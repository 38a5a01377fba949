import {Box} from 'ink';
import type {StateCounts} from '../../monitor/types.js';
import {statesBySeverity, type Theme} from '../theme.js';
import {minimumColumns, minimumRows} from '../layout.js';
import {displayWidth, fit} from '../text.js';
import {tooSmallKeysLine} from '../view/too-small-keys.js';
import {countSegment} from './Header.js';
import {Line, type Segment} from './Line.js';

type Props = {readonly counts: StateCounts; readonly width: number; readonly height: number; readonly theme: Theme};

/** The checks' counts in as few columns as they need: with words when they fit, glyph and number when not. */
function countSegments(counts: StateCounts, width: number, theme: Theme): Segment[] {
	const states = statesBySeverity.filter(state => counts[state] > 0);
	for (const withWord of [true, false]) {
		const segments = states.flatMap((state, index): Segment[] => {
			const count = countSegment(state, counts[state], theme);
			return [...(index > 0 ? [{text: ' '}] : []), withWord ? count : {...count, text: `${theme.state(state).glyph}${counts[state]}`}];
		});
		if (segments.reduce((sum, segment) => sum + displayWidth(segment.text), 0) <= width) return segments;
	}

	return [];
}

/**
 * A pane too small for the table still says how the checks stand, worst first: a person on call who shrank
 * the pane beside the logs should see a failure appear. Then what size uptop needs, and that only q acts
 * meanwhile; as many lines as fit.
 */
export function TooSmall({counts, width, height, theme}: Props) {
	const lines: Segment[][] = [
		countSegments(counts, width, theme),
		[{text: `too small: ${width}x${height}`, colour: theme.role('muted')}],
		[{text: `needs ${minimumColumns}x${minimumRows}`, colour: theme.role('muted')}],
		[{text: tooSmallKeysLine(), colour: theme.role('muted')}],
	].filter(segments => segments.length > 0);
	return (
		<Box width={width} height={Math.max(1, height)} flexDirection="column">
			{lines.slice(0, Math.max(1, height)).map((segments, index) => (
				<Line key={index} theme={theme} segments={segments.length === 1 ? [{...segments[0]!, text: fit(segments[0]!.text, width, theme.ellipsis)}] : segments} />
			))}
		</Box>
	);
}
