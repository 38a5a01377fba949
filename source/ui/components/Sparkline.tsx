import type {State} from '../../monitor/types.js';
import {sparkCells, type SparkMarks} from '../sparkline.js';
import type {Theme} from '../theme.js';
import type {Segment} from './Line.js';

type Props = {
	readonly values: readonly number[];
	readonly states: readonly State[];
	readonly width: number;
	readonly theme: Theme;
	/** Deploy markers to draw between the samples. */
	readonly marks?: SparkMarks;
};

type Kind = 'level' | 'slow' | 'failure' | 'marker';

/**
 * Sparkline as line segments: runs of plain levels, slow samples' levels in the slow colour, failures in the
 * failing colour (and their own glyph), deploy markers in their own colour (and glyph).
 */
export function sparklineSegments({values, states, width, theme, marks}: Props): Segment[] {
	const segments: Segment[] = [];
	const colours = {level: theme.role('accent'), slow: theme.state('slow').colour, failure: theme.state('failing').colour, marker: theme.role('paused')};
	let run = '';
	let runKind: Kind = 'level';
	const flush = () => {
		if (run !== '') {
			segments.push({text: run, colour: colours[runKind], isBold: runKind === 'marker'});
		}

		run = '';
	};

	for (const cell of sparkCells(values, states, width, theme, marks)) {
		const kind: Kind = cell.isMarker ? 'marker' : cell.isFailure ? 'failure' : cell.isSlow ? 'slow' : 'level';
		if (kind !== runKind) {
			flush();
			runKind = kind;
		}

		run += cell.char;
	}

	flush();
	return segments;
}
