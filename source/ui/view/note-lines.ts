import type {Segment} from '../components/Line.js';
import {cleanLines, noteCharacters, toAscii, wrapText} from '../text.js';
import type {DetailOptions} from './detail-options.js';
import {labelled, labelWidth} from './labelled-lines.js';

/**
 * Lines a rollback or runbook note takes at most, wrapped: every step of a real one, whole (the pane scrolls),
 * while a note pasted by mistake still leaves the failure within a page or two.
 */
export const stepsLinesShown = 24;

/**
 * A note from the config (rollback, runbook, description), each of its lines a step on lines of its own, every
 * step wrapped whole under its label: a rollback is followed step by step, and a step cut short or left out is
 * one nobody runs. At most `maxLines` lines, counted after wrapping (the pane scrolls, but a note of 60 lines
 * would push the failure out of reach); a longer note ends in a line saying how many lines and which steps it
 * leaves out, never silently.
 */
export function noteLines(label: string, text: string | undefined, options: DetailOptions, maxLines: number, valueSegment: Partial<Segment> = {}): Segment[][] {
	const steps = cleanLines(options.theme.isAscii && text !== undefined ? toAscii(text) : text, noteCharacters);
	if (steps.length === 0) return [labelled(label, options.theme.dash, options)];
	const room = Math.max(0, options.width - labelWidth);
	const wrapped = steps.flatMap((step, index) => wrapText(step, room, Number.MAX_SAFE_INTEGER).map(part => ({part, step: index})));
	if (wrapped.length <= maxLines) return wrapped.map(({part}, index) => labelled(index === 0 ? label : '', part, options, valueSegment));
	// The line that says what is left out may wrap too (a narrow pane): the cap holds it as well.
	for (let summaryLines = 1; ; summaryLines++) {
		const shown = wrapped.slice(0, Math.max(1, maxLines - summaryLines));
		const summary = wrapText(leftOut(wrapped.length - shown.length, shown.at(-1)!.step, wrapped.at(-1)!.step, wrapped[shown.length]!.step, options.theme.ellipsis), room, Number.MAX_SAFE_INTEGER);
		if (summary.length > summaryLines && shown.length > 1) continue;
		return [
			...shown.map(({part}, index) => labelled(index === 0 ? label : '', part, options, valueSegment)),
			...summary.map(part => labelled('', part, options, {colour: options.theme.role('muted')})),
		];
	}
}

/**
 * `… 14 more lines not shown: the rest of step 8, steps 9-12`: the line that ends a note cut to its cap. Steps
 * are counted as the note's lines, which is how a numbered runbook counts them.
 */
function leftOut(lineCount: number, lastShownStep: number, lastStep: number, firstHiddenStep: number, ellipsis: string): string {
	const count = `${ellipsis} ${lineCount} more ${lineCount === 1 ? 'line' : 'lines'} not shown`;
	if (lastStep === 0) return count;
	const rest = firstHiddenStep === lastShownStep ? [`the rest of step ${lastShownStep + 1}`] : [];
	const firstWhole = lastShownStep + 1;
	const whole = firstWhole > lastStep ? [] : [firstWhole === lastStep ? `step ${lastStep + 1}` : `steps ${firstWhole + 1}-${lastStep + 1}`];
	return `${count}: ${[...rest, ...whole].join(', ')}`;
}
