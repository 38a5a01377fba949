import {Box} from 'ink';
import type {Snapshot} from '../../monitor/types.js';
import type {Theme} from '../theme.js';
import {fit} from '../text.js';
import {eventLines} from '../view/event-lines.js';
import {eventsWindow} from '../view/events-cursor.js';
import {eventsTitle} from '../view/events-title.js';
import {Line, type Segment} from './Line.js';

type Props = {
	readonly snapshot: Snapshot;
	readonly width: number;
	readonly height: number;
	/** First event drawn; a hint, moved so the cursor shows and the list never scrolls past its end. */
	readonly offset: number;
	/** The event under the cursor (index in the list, newest first). */
	readonly cursor: number;
	readonly theme: Theme;
};

/** Lines the events list has for events (the title takes one). */
export function eventsRoom(height: number): number {
	return Math.max(1, height - 1);
}

/** Cells before each event: the cursor's mark, as the table's rows have it. */
const gutter = 2;

/** Deploy markers and state changes across all checks, newest first, with a cursor, cut to the lines that fit. */
export function EventsView({snapshot, width, height, offset, cursor, theme}: Props) {
	const all = eventLines(snapshot, {width: Math.max(1, width - gutter), theme});
	const room = eventsRoom(height);
	const {start, count, hasMoreBelow} = eventsWindow(all.length, room, offset, cursor);
	const title: Segment[] = [{text: eventsTitle(start, width, theme.ellipsis), colour: theme.role('accent'), isBold: true}];
	let shown: Segment[][];
	if (all.length === 0) {
		shown = [[{text: fit('no deploy markers or state changes yet', width, theme.ellipsis), colour: theme.role('muted')}]];
	} else {
		shown = all.slice(start, start + count).map((segments, index) => {
			const isCursor = start + index === cursor;
			const line = [{text: isCursor ? `${theme.cursor} ` : '  ', colour: theme.role('selected'), isBold: isCursor}, ...segments];
			return isCursor && theme.isColour ? line.map(segment => ({...segment, isInverse: true})) : line;
		});
	}

	if (hasMoreBelow) {
		shown.push([{text: fit(`${theme.ellipsis} ${all.length - start - count} older events (j/G to reach them)`, width, theme.ellipsis), colour: theme.role('muted')}]);
	}

	return (
		<Box flexDirection="column" width={width} height={height}>
			<Line segments={title} theme={theme} />
			{shown.slice(0, room).map((segments, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={index} segments={segments} theme={theme} />
			))}
		</Box>
	);
}
