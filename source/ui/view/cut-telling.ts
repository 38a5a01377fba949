import {cutAround} from '../cut-around.js';
import {GraphemeSegmenter} from '../grapheme-segmenter.js';
import {displayWidth, middleCutEnds, truncate} from '../text.js';
import type {NameRivals} from './name-rivals.js';

/** Where a name's plain cut gives way: in its middle (both ends kept) or at its end (its start kept). */
export type CutShape = 'middle' | 'end';

const space = /\s/u;
// Inside a name with no spaces (`payments-api-eu-west-1`), the parts between these say as much as words do.
const punctuation = /[\s\-_./:@,;|()[\]{}]/u;

type Span = {readonly start: number; readonly end: number};

/** `text.slice(from, to + 1)` widened to the nearest `boundary` characters on each side (not taking them in). */
function widen(text: string, from: number, to: number, boundary: RegExp): Span {
	let start = from;
	let end = to + 1;
	while (start > 0 && !boundary.test(text[start - 1]!)) start--;
	while (end < text.length && !boundary.test(text[end]!)) end++;
	return {start, end};
}

/**
 * The part of `text` that tells it from the names that share most of its start and end: from where it parts from
 * the one sharing the longest start (`eu` in `payments-api eu-west-1 …` beside `payments-api us-east-1 …`) back to
 * where it parts from the one sharing the longest end, when that is earlier. Whole words where they fit in
 * `width` with an ellipsis on each side, else the parts between punctuation, else the bare characters.
 */
function tellingSpan(text: string, head: number, tail: number, width: number, ellipsisCells: number): Span {
	const last = text.length - 1;
	const differsFrom = Math.min(head, last);
	const differsUntil = Math.max(last - tail, 0);
	const {start: from, end} = wholeGraphemes(text, Math.min(differsFrom, differsUntil), differsFrom);
	const to = end - 1;
	for (const boundary of [space, punctuation]) {
		const span = widen(text, from, to, boundary);
		if (displayWidth(text.slice(span.start, span.end)) + (2 * ellipsisCells) <= width) return span;
	}

	return {start: from, end};
}

const graphemes = new GraphemeSegmenter();

/**
 * `text` from the grapheme holding `from` to the end of the one holding `to`: the part kept is never half a character
 * (`a🚀🚀b` beside `a🚀b` share `a🚀` and `🚀b`, which overlap inside the middle rocket) nor half a joined emoji.
 */
function wholeGraphemes(text: string, from: number, to: number): Span {
	const segments = graphemes.segment(text);
	const first = segments.containing(from);
	const last = segments.containing(to);
	return {start: first?.index ?? from, end: last === undefined ? to + 1 : last.index + last.segment.length};
}

/**
 * `text` cut to at most `width` cells in the given shape, unless that cut would hide what tells it from the
 * names like it (`rivals`: all the names it is shown among, not only those on screen, so it does not change
 * as rows scroll in and out). Then the cut keeps that part whole, with as much of the start and end as fits:
 * `paymen…eu-west-1…health` and `paymen…us-east-1…health`, where both cut in the middle read
 * `payments-ap…mary health`. Too narrow to show any of that part, the plain cut in the given shape.
 */
export function cutTelling(text: string, width: number, ellipsis: string, rivals: NameRivals, shape: CutShape): string {
	if (displayWidth(text) <= width) return text;
	const ellipsisCells = displayWidth(ellipsis);
	const room = width - ellipsisCells;
	const ends = shape === 'middle' ? middleCutEnds(text, room) : {head: truncate(text, room, ''), tail: ''};
	const plain = room <= 0 ? truncate(text, width, ellipsis) : ends.head + ellipsis + ends.tail;
	const shared = rivals.get(text);
	if (shared === undefined || room <= 0) return plain;
	const span = tellingSpan(text, shared.head, shared.tail, width, ellipsisCells);
	const isShown = ends.head.length >= span.end || text.length - ends.tail.length <= span.start;
	// Too narrow for even a cell of that part beside its ellipses, cutAround gives back this plain cut: an end cut
	// asked for stays one (`pay...`), where a middle cut (`pa...h`) would show a name's end the caller chose to drop.
	return isShown ? plain : cutAround(text, span.start, span.end, width, ellipsis, plain);
}
