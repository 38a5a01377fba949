import {Box} from 'ink';
import type {Snapshot} from '../../monitor/types.js';
import type {Theme} from '../theme.js';
import {fit} from '../text.js';
import {eventLines} from '../view/event-lines.js';
import {Line, type Segment} from './Line.js';

type Props = {
	readonly snapshot: Snapshot;
	readonly width: number;
	readonly height: number;
	/** First event drawn; clamped so the list never scrolls past its end. */
	readonly offset: number;
	readonly theme: Theme;
};

/** Lines the events list has for events (the title takes one). */
export function eventsRoom(height: number): number {
	return Math.max(1, height - 1);
}

/** Deploy markers and state changes across all checks, newest first, cut to the lines that fit. */
export function EventsView({snapshot, width, height, offset, theme}: Props) {
	const all = eventLines(snapshot, {width, theme});
	const room = eventsRoom(height);
	const start = Math.min(Math.max(0, offset), Math.max(0, all.length - room));
	const scrolled = start > 0 ? `, ${start} newer above` : '';
	const title: Segment[] = [{text: fit(`events, newest first${scrolled} (j/k scroll, e or esc closes)`, width, theme.ellipsis), colour: theme.role('accent'), isBold: true}];
	let shown: Segment[][] = all.length === 0 ? [[{text: fit('no deploy markers or state changes yet', width, theme.ellipsis), colour: theme.role('muted')}]] : all.slice(start, start + room);
	const below = all.length - start - room;
	if (below > 0) {
		shown = [...shown.slice(0, Math.max(0, room - 1)), [{text: fit(`${theme.ellipsis} ${below + 1} older events (j/k scroll)`, width, theme.ellipsis), colour: theme.role('muted')}]];
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
