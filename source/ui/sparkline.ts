import type {CheckView, Marker, State} from '../monitor/types.js';
import type {Theme} from './theme.js';

export type SparkCell = {
	readonly char: string;
	readonly isFailure: boolean;
	readonly isMarker?: boolean;
	/**
	 * A sample that was slow. Each row scales to its own range, so a check steadily at 2 s drew the same low bars
	 * as one steadily at 1 ms; drawn in the slow colour, the bars say which samples crossed the threshold.
	 */
	readonly isSlow?: boolean;
};

/** Where deploy markers fall among the samples: start times matching the values, and the markers' times. */
export type SparkMarks = {
	/** Start time of each sample, epoch ms, matching the values. */
	readonly sampleAt: readonly number[];
	/** Marker times, epoch ms. */
	readonly markerAt: readonly number[];
};

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

/** A row's latencies closer together than this draw as low bars, not the whole height. */
const minLevelSpanMs = 5;

/**
 * The latency range the sparkline's height stands for: the samples' own, but at least 5 ms and half the lowest
 * latency. Each row scales to itself, so 1 → 2 ms of loopback jitter, or 100 → 110 ms on a distant target, drew
 * full-height bars that read as spikes; a real change (10 → 150 ms, or 100 → 200 ms) still spans the height.
 */
function levelSpan(scale: SparkScale): number {
	return Math.max(scale.maxMs - scale.minMs, minLevelSpanMs, scale.minMs / 2);
}

/**
 * Indexes of the samples a marker comes right before: a marker after sample i-1 started and no later than
 * sample i started. A marker after the newest sample gets index `length` (drawn at the right edge). Markers
 * before the oldest sample kept are not drawn: there is nothing on the left of them to compare.
 */
export function markerGaps(marks: SparkMarks | undefined, length: number): ReadonlySet<number> {
	const gaps = new Set<number>();
	if (marks === undefined || marks.sampleAt.length !== length || length === 0) {
		return gaps;
	}

	for (const at of marks.markerAt) {
		if (!(at > marks.sampleAt[0]!)) {
			continue;
		}

		let index = 1;
		while (index < length && marks.sampleAt[index]! < at) {
			index++;
		}

		gaps.add(index);
	}

	return gaps;
}

/** The markers that concern a row: its own (by the engine's check id, or its row id) and the global ones. */
export function markersOf(view: CheckView, markers: readonly Marker[]): readonly Marker[] {
	return markers.filter(marker => marker.checkId === undefined || marker.checkId === view.checkId || marker.checkId === view.id);
}

/** What `sparkCells` needs to draw a row's markers; undefined when the engine sent no sample times. */
export function sparkMarks(view: CheckView, markers: readonly Marker[]): SparkMarks | undefined {
	if (view.recentAt === undefined || markers.length === 0) {
		return undefined;
	}

	return {sampleAt: view.recentAt, markerAt: markersOf(view, markers).map(marker => marker.at)};
}

type Item = {readonly kind: 'sample'; readonly value: number; readonly state?: State} | {readonly kind: 'marker'};

/**
 * The newest samples that fit in `width` cells, right-aligned (newest at the right edge); failures drawn
 * with the theme's failure mark so they show without colour. A deploy marker takes a cell of its own
 * between the samples it falls between, so the width never changes: one sample fewer is shown instead.
 */
export function sparkCells(values: readonly number[], states: readonly State[], width: number, theme: Theme, marks?: SparkMarks): readonly SparkCell[] {
	if (width <= 0) {
		return [];
	}

	const gaps = markerGaps(marks, values.length);
	const items: Item[] = [];
	for (const [index, value] of values.entries()) {
		if (gaps.has(index)) {
			items.push({kind: 'marker'});
		}

		items.push({kind: 'sample', value, state: states[index]});
	}

	if (gaps.has(values.length)) {
		items.push({kind: 'marker'});
	}

	const shown = items.slice(Math.max(0, items.length - width));
	const samples = shown.filter(item => item.kind === 'sample');
	const scale = sparkScale(samples.map(item => item.value), samples.map(item => item.state ?? 'up'));
	const levels = theme.sparkLevels;
	const cells: SparkCell[] = [];
	for (let pad = shown.length; pad < width; pad++) {
		cells.push({char: ' ', isFailure: false});
	}

	for (const item of shown) {
		if (item.kind === 'marker') {
			cells.push({char: theme.sparkMarker, isFailure: false, isMarker: true});
			continue;
		}

		const {value} = item;
		if (item.state === 'failing') {
			cells.push({char: theme.sparkFailure, isFailure: true});
			continue;
		}

		if (scale === undefined || !Number.isFinite(value)) {
			cells.push({char: ' ', isFailure: false});
			continue;
		}

		const level = Math.round(((value - scale.minMs) / levelSpan(scale)) * (levels.length - 1));
		cells.push({char: levels[Math.min(levels.length - 1, Math.max(0, level))]!, isFailure: false, ...(item.state === 'slow' ? {isSlow: true} : {})});
	}

	return cells;
}
