import type {Segment} from '../components/Line.js';
import {fit, wrapText} from '../text.js';
import type {DetailOptions} from './detail-options.js';

/** Cells of the detail pane's label column (`owner`, `runbook`, …); the value takes the rest of the line. */
export const labelWidth = 10;

/** What a labelled line needs of the pane: every DetailOptions is one. */
export type LabelledOptions = Pick<DetailOptions, 'width' | 'theme'> & {
	/** Cells of the label column; default labelWidth. */
	readonly labelWidth?: number;
};

/** A label and its value on one line, the value cut at the pane's edge. */
export function labelled(label: string, value: string, options: LabelledOptions, valueSegment: Partial<Segment> = {}): Segment[] {
	const {theme, width, labelWidth: labelCells = labelWidth} = options;
	const room = Math.max(0, width - labelCells);
	return [
		{text: fit(label, labelCells, theme.ellipsis), colour: theme.role('muted')},
		{...valueSegment, text: fit(theme.spell(value), room, theme.ellipsis)},
	];
}

/**
 * A labelled value on up to `maxLines` lines, for what the person on call must read whole (the rollback note,
 * what came back and why): cut at the pane's edge, "replay fr…" says nothing. The pane scrolls (J/K).
 */
export function labelledLines(label: string, value: string, options: LabelledOptions, maxLines: number, valueSegment: Partial<Segment> = {}, separator = ' '): Segment[][] {
	const room = valueRoom(options);
	const spelled = options.theme.spell(value);
	const parts = wrapText(spelled, room, maxLines, options.theme.ellipsis, separator);
	if (parts.length <= 1) return [labelled(label, spelled, options, valueSegment)];
	return labelledParts(label, parts, options, valueSegment);
}

/** Cells a labelled value has beside its label: the width its lines are wrapped to. */
export const valueRoom = (options: LabelledOptions): number => Math.max(0, options.width - (options.labelWidth ?? labelWidth));

/** A value already wrapped to valueRoom, its label on the first line only. */
export function labelledParts(label: string, parts: readonly string[], options: LabelledOptions, valueSegment: Partial<Segment> = {}): Segment[][] {
	return parts.map((part, index) => labelled(index === 0 ? label : '', part, options, valueSegment));
}
