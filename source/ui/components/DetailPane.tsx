import {Box} from 'ink';
import type {CheckView, Marker} from '../../monitor/types.js';
import type {PanePlacement} from '../layout.js';
import type {Theme} from '../theme.js';
import {fit} from '../text.js';
import {detailLines} from '../view/detail-lines.js';
import {Line, type Segment} from './Line.js';

type Props = {
	/** The selected check; undefined when the selection is a group row or nothing matches. */
	readonly view?: CheckView;
	/** Deploy markers of the snapshot; the pane shows those of this check and the manual ones. */
	readonly markers?: readonly Marker[];
	readonly width: number;
	readonly height: number;
	readonly placement: PanePlacement;
	/** Snapshot time, epoch ms. */
	readonly now: number;
	readonly hyperlinks: boolean;
	readonly theme: Theme;
};

/** Details of one check, cut to the lines that fit, with a count of what was left out. */
export function DetailPane({view, markers = [], width, height, placement, now, hyperlinks, theme}: Props) {
	const border: Segment = {text: placement === 'side' ? (theme.isAscii ? '| ' : '│ ') : '', colour: theme.role('muted')};
	const inner = Math.max(0, width - border.text.length);
	const ruleCharacter = theme.isAscii ? '-' : '─';
	const header: Segment[][] = placement === 'below' ? [[{text: ruleCharacter.repeat(width), colour: theme.role('muted')}]] : [];
	const body = view === undefined
		? [[{text: fit('no check selected', inner, theme.ellipsis), colour: theme.role('muted')}]]
		: detailLines(view, {width: inner, now, theme, hyperlinks, markers});
	const room = Math.max(0, height - header.length);
	let shown = body;
	if (body.length > room) {
		const hidden = body.length - room + 1;
		shown = [...body.slice(0, Math.max(0, room - 1)), [{text: fit(`${theme.ellipsis} ${hidden} more lines (larger terminal shows more)`, inner, theme.ellipsis), colour: theme.role('muted')}]];
	}

	return (
		<Box flexDirection="column" width={width} height={height}>
			{header.map((segments, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={`h${index}`} segments={segments} theme={theme} />
			))}
			{shown.map((segments, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={index} segments={[border, ...segments]} theme={theme} />
			))}
		</Box>
	);
}
