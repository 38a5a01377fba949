import {cutAround} from '../cut-around.js';
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
	const from = Math.min(differsFrom, differsUntil);
	// A character taken from two code units is kept whole.
	const to = differsFrom < last && /[\uD800-\uDBFF]/u.test(text[differsFrom]!) ? differsFrom + 1 : differsFrom;
	for (const boundary of [space, punctuation]) {
		const span = widen(text, from, to, boundary);
		if (displayWidth(text.slice(span.start, span.end)) + (2 * ellipsisCells) <= width) return span;
	}

	return {start: from, end: to + 1};
}

/**
 * `text` cut to at most `width` cells in the given shape, unless that cut would hide what tells it from the
 * names like it (`rivals`: all the names it is shown among, not only those on screen, so it does not change
 * as rows scroll in and out). Then the cut keeps that part whole, with as much of the start and end as fits:
 * `paymen…eu-west-1…health` and `paymen…us-east-1…health`, where both cut in the middle read
 * `payments-ap…mary health`.
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
	return isShown ? plain : cutAround(text, span.start, span.end, width, ellipsis);
}
