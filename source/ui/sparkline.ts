import type {State} from '../monitor/types.js';
import type {Theme} from './theme.js';

export type SparkCell = {readonly char: string; readonly isFailure: boolean};

export type SparkScale = {readonly minMs: number; readonly maxMs: number};

/** Min and max over the samples that did not fail (a timeout's latency would flatten everything else). */
export function sparkScale(values: readonly number[], states: readonly State[]): SparkScale | undefined {
	let minMs = Number.POSITIVE_INFINITY;
	let maxMs = Number.NEGATIVE_INFINITY;
	for (const [index, value] of values.entries()) {
		if (states[index] === 'failing' || !Number.isFinite(value)) {
			continue;
		}

		minMs = Math.min(minMs, value);
		maxMs = Math.max(maxMs, value);
	}

	return Number.isFinite(minMs) ? {minMs, maxMs} : undefined;
}

/**
 * The newest `width` samples as cells, right-aligned (newest at the right edge); failures drawn with the
 * theme's failure mark so they show without colour.
 */
export function sparkCells(values: readonly number[], states: readonly State[], width: number, theme: Theme): readonly SparkCell[] {
	if (width <= 0) {
		return [];
	}

	const start = Math.max(0, values.length - width);
	const shownValues = values.slice(start);
	const shownStates = states.slice(start, start + shownValues.length);
	const scale = sparkScale(shownValues, shownStates);
	const levels = theme.sparkLevels;
	const cells: SparkCell[] = [];
	for (let pad = shownValues.length; pad < width; pad++) {
		cells.push({char: ' ', isFailure: false});
	}

	for (const [index, value] of shownValues.entries()) {
		if (shownStates[index] === 'failing') {
			cells.push({char: theme.sparkFailure, isFailure: true});
			continue;
		}

		if (scale === undefined || !Number.isFinite(value)) {
			cells.push({char: ' ', isFailure: false});
			continue;
		}

		const span = scale.maxMs - scale.minMs;
		const level = span <= 0 ? 0 : Math.round(((value - scale.minMs) / span) * (levels.length - 1));
		cells.push({char: levels[Math.min(levels.length - 1, Math.max(0, level))]!, isFailure: false});
	}

	return cells;
}
