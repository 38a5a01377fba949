import {memo} from 'react';
import {formatLatency, formatPercent} from '../format.js';
import type {Column} from '../layout.js';
import type {Marker} from '../../monitor/types.js';
import {sparkMarks} from '../sparkline.js';
import {statesBySeverity, type Theme} from '../theme.js';
import {clean, displayWidth, fit} from '../text.js';
import {insecureTag} from '../view/content-widths.js';
import {cutRowName} from '../view/cut-row-name.js';
import {cutTelling} from '../view/cut-telling.js';
import type {RowNames} from '../view/row-names.js';
import {rowName, type TableRow} from '../view/select-rows.js';
import {Line, type Segment} from './Line.js';
import {sparklineSegments} from './Sparkline.js';

type Props = {
	readonly row: TableRow;
	readonly columns: readonly Column[];
	readonly isSelected: boolean;
	readonly theme: Theme;
	/** Deploy markers of the snapshot, drawn on the sparkline (the row picks its own and the global ones). */
	readonly markers?: readonly Marker[];
	/** Every row's name, so a cut one keeps what tells it from the others (rowNamesOf: the same object while they stay). */
	readonly names: RowNames;
};

const noMarkers: readonly Marker[] = [];
/** Narrower than this, the name keeps the whole column: the detail pane still notes it. */
const minimumNameWithTag = 18;

function cell(column: Column, text: string, theme: Theme): string {
	return fit(text, column.width, theme.ellipsis, column.align);
}

function checkSegments(row: Extract<TableRow, {kind: 'check'}>, column: Column, theme: Theme, markers: readonly Marker[], names: RowNames): Segment[] {
	const {view} = row;
	switch (column.id) {
		case 'cursor': {
			return [];
		}

		case 'state': {
			const style = theme.state(view.state);
			return [{text: cell(column, `${style.glyph} ${style.word}`, theme), colour: style.colour}];
		}

		case 'name': {
			// Names are cut in the middle (cutRowName): checks named alike often differ only at the end (region, primary or
			// replica); where that hides what tells two apart (`… eu-west-1 primary health`), around the part that differs.
			// TLS not verified is a choice someone made in the config; the table says so wherever the row is seen.
			// The column is as wide as its widest name with its tag (content-widths.ts): a short name keeps its tag there.
			if (view.check.kind === 'http' && view.check.insecure && (column.width >= minimumNameWithTag || displayWidth(clean(rowName(view))) + insecureTag.length <= column.width)) {
				return [{text: fit(cutRowName(view, column.width - insecureTag.length, names, theme.ellipsis), column.width - insecureTag.length)}, {text: insecureTag, colour: theme.state('warn').colour}];
			}

			return [{text: fit(cutRowName(view, column.width, names, theme.ellipsis), column.width)}];
		}

		case 'group': {
			// Sibling groups differ at their end (`payments-prod-us-east-1`, `…-2`): a plain cut read the same for both.
			const group = clean(view.check.group);
			return [{text: cell(column, cutTelling(group, column.width, theme.ellipsis, names.groups, 'end'), theme), colour: theme.role('muted')}];
		}

		case 'latency': {
			return [{text: cell(column, formatLatency(view.last?.latencyMs), theme)}];
		}

		case 'p95': {
			return [{text: cell(column, formatLatency(view.p95Ms), theme), colour: theme.role('muted')}];
		}

		case 'spark': {
			return sparklineSegments({values: view.recentLatencyMs, states: view.recentStates, width: column.width, theme, marks: sparkMarks(view, markers)});
		}

		case 'uptime': {
			return [{text: cell(column, formatPercent(view.uptime), theme)}];
		}

		case 'owner': {
			return [{text: cell(column, clean(view.check.owner), theme), colour: theme.role('muted')}];
		}

		case 'deploy': {
			if (view.release === undefined) {
				return [{text: cell(column, '', theme)}];
			}

			const style = theme.verdict(view.release.verdict);
			return [{text: cell(column, `${style.glyph} ${style.word}`, theme), colour: style.colour}];
		}

		case 'version': {
			return [{text: cell(column, clean(view.version ?? view.last?.version), theme), colour: theme.role('muted')}];
		}
	}
}

function groupSegments(row: Extract<TableRow, {kind: 'group'}>, columns: readonly Column[], theme: Theme): Segment[] {
	const stateColumn = columns.find(column => column.id === 'state');
	const style = theme.state(row.worst);
	const rest = columns.filter(column => column.id !== 'cursor' && column.id !== 'state').reduce((sum, column) => sum + column.width + 1, 0) - 1;
	const counts = statesBySeverity
		.filter(state => row.counts[state] > 0)
		.map(state => `${row.counts[state]} ${state}`)
		.concat(row.flapping > 0 ? [`${row.flapping} flapping`] : [])
		.join(', ');
	const label = `${row.isFolded ? theme.folded : theme.unfolded} ${clean(row.group)} (${row.total}): ${counts}`;
	return [
		{text: stateColumn ? cell(stateColumn, `${style.glyph} ${style.word}`, theme) : '', colour: style.colour},
		{text: ' '},
		{text: fit(label, Math.max(0, rest), theme.ellipsis), isBold: true},
	];
}

function RowLine({row, columns, isSelected, theme, markers = noMarkers, names}: Props) {
	const segments: Segment[] = [{text: isSelected ? `${theme.cursor} ` : '  ', colour: theme.role('selected'), isBold: isSelected}];
	if (row.kind === 'group') {
		segments.push(...groupSegments(row, columns, theme));
	} else {
		for (const [index, column] of columns.entries()) {
			if (column.id === 'cursor') {
				continue;
			}

			if (index > 1) {
				segments.push({text: ' '});
			}

			segments.push(...checkSegments(row, column, theme, markers, names));
		}
	}

	const styled = isSelected && theme.isColour ? segments.map(segment => ({...segment, isInverse: true})) : segments;
	return <Line segments={styled} theme={theme} />;
}

function isSameRow(previous: TableRow, next: TableRow): boolean {
	if (previous.kind === 'check' || next.kind === 'check') {
		// Snapshots are immutable: an unchanged check keeps its CheckView object.
		return previous.kind === 'check' && next.kind === 'check' && previous.view === next.view;
	}

	return previous.group === next.group
		&& previous.isFolded === next.isFolded
		&& previous.total === next.total
		&& previous.worst === next.worst
		&& previous.flapping === next.flapping
		&& (Object.keys(next.counts) as Array<keyof typeof next.counts>).every(state => previous.counts[state] === next.counts[state]);
}

/**
 * One table line, exactly as wide as the columns. Memoized: when one check changes, only its row is
 * rendered again (Ink's frame rate caps bytes, not React work).
 */
export const Row = memo(RowLine, (previous, next) =>
	previous.isSelected === next.isSelected
	&& previous.columns === next.columns
	&& previous.theme === next.theme
	&& previous.markers === next.markers
	&& previous.names === next.names
	&& isSameRow(previous.row, next.row));
