import type {State} from '../../monitor/types.js';
import {sparkCells} from '../sparkline.js';
import type {Theme} from '../theme.js';
import type {Segment} from './Line.js';

type Props = {
	readonly values: readonly number[];
	readonly states: readonly State[];
	readonly width: number;
	readonly theme: Theme;
};

/** Sparkline as line segments: runs of plain levels, failures in the failing colour (and their own glyph). */
export function sparklineSegments({values, states, width, theme}: Props): Segment[] {
	const segments: Segment[] = [];
	const failing = theme.state('failing').colour;
	const muted = theme.role('accent');
	let run = '';
	let isRunFailure = false;
	const flush = () => {
		if (run !== '') {
			segments.push({text: run, colour: isRunFailure ? failing : muted});
		}

		run = '';
	};

	for (const cell of sparkCells(values, states, width, theme)) {
		if (cell.isFailure !== isRunFailure) {
			flush();
			isRunFailure = cell.isFailure;
		}

		run += cell.char;
	}

	flush();
	return segments;
}
