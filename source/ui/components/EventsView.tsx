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
	readonly theme: Theme;
};

/** Deploy markers and state changes across all checks, newest first, cut to the lines that fit. */
export function EventsView({snapshot, width, height, theme}: Props) {
	const title: Segment[] = [{text: fit('events, newest first (e or esc closes)', width, theme.ellipsis), colour: theme.role('accent'), isBold: true}];
	const all = eventLines(snapshot, {width, theme});
	const room = Math.max(0, height - 1);
	let shown: Segment[][] = all.length === 0 ? [[{text: fit('no deploy markers or state changes yet', width, theme.ellipsis), colour: theme.role('muted')}]] : all;
	if (all.length > room) {
		shown = [...all.slice(0, Math.max(0, room - 1)), [{text: fit(`${theme.ellipsis} ${all.length - room + 1} older events (larger terminal shows more)`, width, theme.ellipsis), colour: theme.role('muted')}]];
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
