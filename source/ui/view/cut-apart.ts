import {GraphemeSegmenter} from '../grapheme-segmenter.js';
import {displayWidth, tailOf, truncate} from '../text.js';
import type {CutShape} from './cut-telling.js';
import {commonEnd, commonStart} from './name-rivals.js';

const graphemes = new GraphemeSegmenter();

/**
 * `text` cut to a start and an end around one ellipsis, in at most `width` cells, that no name of `others` has
 * both of: each other name is told apart by a start longer than the one it shares with `text`, or an end longer
 * than the one it shares. Cuts of that form of two names told apart this way never read the same, whatever else
 * is kept: `identity-us-east-1…health` beside `identity-us-east-2…health` and `identity-us-east-1 svc-0`. The
 * least start and end that do so, then as much of the name as fits, in the shape asked for (an end cut keeps
 * the most start, a middle cut about as much of each). Undefined where no cut of that form fits.
 */
export function cutApart(text: string, others: Iterable<string>, width: number, ellipsis: string, shape: CutShape): string | undefined {
	const room = width - displayWidth(ellipsis);
	if (room <= 0) return undefined;
	const shared = [...others].filter(other => other !== text).map(other => ({start: commonStart(text, other), end: commonEnd(text, other)}));
	const segments = graphemes.segment(text);
	// A start or end of `units` code units widened to whole characters: never half a joined emoji.
	const startOf = (units: number) => {
		if (units <= 0 || units >= text.length) return Math.min(Math.max(units, 0), text.length);
		const last = segments.containing(units - 1);
		return last === undefined ? units : last.index + last.segment.length;
	};

	const endOf = (units: number) => {
		if (units <= 0 || units >= text.length) return Math.min(Math.max(units, 0), text.length);
		const first = segments.containing(text.length - units);
		return first === undefined ? units : text.length - first.index;
	};

	let best: {readonly head: number; readonly tail: number; readonly cells: number} | undefined;
	const starts = new Set([0, ...shared.map(other => other.start + 1)]);
	for (const start of starts) {
		const head = startOf(start);
		// The names that share this start must be told apart by the end.
		const tail = endOf(Math.max(0, ...shared.filter(other => other.start >= head).map(other => other.end + 1)));
		if (head + tail >= text.length) continue;
		const cells = displayWidth(text.slice(0, head)) + displayWidth(text.slice(text.length - tail));
		if (cells <= room && (best === undefined || cells < best.cells)) best = {head, tail, cells};
	}

	if (best === undefined) return undefined;
	const least = best;
	const keepTail = (): {head: string; tail: string} => {
		const tail = text.slice(text.length - least.tail);
		return {head: truncate(text.slice(0, text.length - least.tail), room - displayWidth(tail), ''), tail};
	};

	if (shape === 'end') {
		const {head, tail} = keepTail();
		return `${head}${ellipsis}${tail}`;
	}

	let head = truncate(text, Math.ceil(room / 2), '');
	if (head.length < least.head) head = text.slice(0, least.head);
	const tail = tailOf(text.slice(head.length), room - displayWidth(head));
	if (tail.length >= least.tail) return `${head}${ellipsis}${tail}`;
	const kept = keepTail();
	return `${kept.head}${ellipsis}${kept.tail}`;
}
