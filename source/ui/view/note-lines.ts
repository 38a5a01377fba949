import type {Segment} from '../components/Line.js';
import {cleanLines, toAscii, truncate, wrapText} from '../text.js';
import type {DetailOptions} from './detail-options.js';
import {labelled, labelWidth} from './labelled-lines.js';

/**
 * A note from the config (rollback, runbook, description), each of its own lines wrapped: one written as a
 * block scalar keeps its steps on lines of their own. At most `maxLines` lines, or one per step if more.
 */
export function noteLines(label: string, text: string | undefined, options: DetailOptions, maxLines: number, valueSegment: Partial<Segment> = {}): Segment[][] {
	const steps = cleanLines(options.theme.isAscii && text !== undefined ? toAscii(text) : text);
	if (steps.length === 0) return [labelled(label, options.theme.dash, options)];
	const room = Math.max(0, options.width - labelWidth);
	const limit = Math.min(8, Math.max(maxLines, steps.length));
	const parts: string[] = [];
	for (const [index, step] of steps.entries()) {
		const left = limit - parts.length;
		if (left <= 0) break;
		const wrapped = wrapText(step, room, left, options.theme.ellipsis);
		const isCut = left === wrapped.length && index < steps.length - 1 && !wrapped.at(-1)!.endsWith(options.theme.ellipsis);
		parts.push(...(isCut ? [...wrapped.slice(0, -1), truncate(`${wrapped.at(-1)!}${options.theme.ellipsis}`, room, options.theme.ellipsis)] : wrapped));
	}

	return parts.map((part, index) => labelled(index === 0 ? label : '', part, options, valueSegment));
}
