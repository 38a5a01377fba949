import {Box} from 'ink';
import type {Marker} from '../../monitor/types.js';
import type {Column} from '../layout.js';
import type {Theme} from '../theme.js';
import {fit} from '../text.js';
import type {RowNames} from '../view/row-names.js';
import type {TableRow} from '../view/select-rows.js';
import {Line, type Segment} from './Line.js';
import {Row} from './Row.js';

type Props = {
	readonly rows: readonly TableRow[];
	readonly columns: readonly Column[];
	/** First row to draw. */
	readonly start: number;
	/** Rows that fit; only these are drawn (a frame taller than the terminal is redrawn whole every time). */
	readonly height: number;
	readonly selectedIndex: number;
	readonly width: number;
	readonly emptyText: string;
	readonly theme: Theme;
	/** Deploy markers to draw on the sparklines; keep the same array while they do not change (rows are memoized). */
	readonly markers?: readonly Marker[];
	/** Every check's row name (rowNamesOf), not only the rows drawn: a cut name must not change as rows scroll. */
	readonly names: RowNames;
};

function titleSegments(columns: readonly Column[], theme: Theme): Segment[] {
	const segments: Segment[] = [];
	for (const [index, column] of columns.entries()) {
		if (column.id !== 'cursor' && index > 1) {
			segments.push({text: ' '});
		}

		segments.push({text: fit(column.title, column.width, theme.ellipsis, column.align), colour: theme.role('muted'), isBold: true});
	}

	return segments;
}

export function Table({rows, columns, start, height, selectedIndex, width, emptyText, theme, markers, names}: Props) {
	const shown = rows.slice(start, start + Math.max(0, height));
	return (
		<Box flexDirection="column" width={width} height={height + 1}>
			<Line segments={titleSegments(columns, theme)} theme={theme} />
			{shown.length === 0 ? <Line segments={[{text: fit(emptyText, width, theme.ellipsis), colour: theme.role('muted')}]} theme={theme} /> : null}
			{shown.map((row, offset) => (
				<Row key={row.id} row={row} columns={columns} isSelected={start + offset === selectedIndex} theme={theme} markers={markers} names={names} />
			))}
		</Box>
	);
}
