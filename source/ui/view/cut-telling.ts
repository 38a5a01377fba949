import {cutAround} from '../cut-around.js';
import {GraphemeSegmenter} from '../grapheme-segmenter.js';
import {displayWidth, middleCutEnds, truncate} from '../text.js';
import {cutApart} from './cut-apart.js';
import type {NameRivals, SharedEnds} from './name-rivals.js';

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

/**
 * `text` cut to keep two points in view, where the part between them is wider than `width`: `a`, where it parts
 * from the name sharing its longest end, and `b`, where it parts from the one sharing its longest start (from `b`
 * on, the name's end is kept). `auth eu-central-1 1` beside `auth eu-central-1 3` and `billing-sync eu-central-1
 * 1` reads `auth e…1`, and billing's `…sync…1`, where a cut around the middle of the span read `…h eu-cen…` for
 * both auths. The start through `a`'s word when it fits, else that word alone, else `a` alone; the middle fills
 * what room is left. Whatever shape the caller asked for: an end cut keeps the name's start, which this does where
 * it fits, and no cut of either shape that loses `a` or `b` tells the name apart. Undefined when even `a`, `b` and
 * their ellipses do not fit.
 */
function cutAtTwoPoints(text: string, a: Span, b: Span, width: number, ellipsis: string): string | undefined {
	const ellipsisCells = displayWidth(ellipsis);
	const word = widen(text, a.start, a.end - 1, punctuation);
	for (const [start, end] of [[0, word.end], [word.start, word.end], [a.start, a.end]] as const) {
		if (end > b.start) continue;
		const head = `${start > 0 ? ellipsis : ''}${text.slice(start, end)}`;
		const tail = text.slice(b.start);
		const hasGap = end < b.start;
		const spare = width - displayWidth(head) - displayWidth(tail) - (hasGap ? ellipsisCells : 0);
		if (spare < 0) continue;
		if (!hasGap) return head + tail;
		// Spaces at the cut say nothing and read as a gap in the name: `…sync …  1`.
		const fill = middleCutEnds(text.slice(end, b.start), spare);
		return `${head}${fill.head.trimEnd()}${ellipsis}${fill.tail.trimStart()}${tail}`;
	}

	return undefined;
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
 * names sharing most of its start and end (`shared`). Then the cut keeps that part whole, with as much of the
 * start and end as fits: `paymen…eu-west-1…health` and `paymen…us-east-1…health`, where both cut in the middle
 * read `payments-ap…mary health`. Too narrow to show any of that part, the plain cut in the given shape.
 */
function cutAmong(text: string, width: number, ellipsis: string, shared: SharedEnds | undefined, shape: CutShape): string {
	const ellipsisCells = displayWidth(ellipsis);
	const room = width - ellipsisCells;
	const ends = shape === 'middle' ? middleCutEnds(text, room) : {head: truncate(text, room, ''), tail: ''};
	const plain = room <= 0 ? truncate(text, width, ellipsis) : ends.head + ellipsis + ends.tail;
	if (shared === undefined || room <= 0) return plain;
	const span = tellingSpan(text, shared.head, shared.tail, width, ellipsisCells);
	const isShown = ends.head.length >= span.end || text.length - ends.tail.length <= span.start;
	if (!isShown && displayWidth(text.slice(span.start, span.end)) + (2 * ellipsisCells) > width) {
		const last = text.length - 1;
		const a = wholeGraphemes(text, Math.max(last - shared.tail, 0), Math.max(last - shared.tail, 0));
		const b = wholeGraphemes(text, Math.min(shared.head, last), Math.min(shared.head, last));
		const cut = a.end <= b.start ? cutAtTwoPoints(text, a, b, width, ellipsis) : undefined;
		if (cut !== undefined) return cut;
	}

	// Too narrow for even a cell of that part beside its ellipses, cutAround gives back this plain cut: an end cut
	// asked for stays one (`pay...`), where a middle cut (`pa...h`) would show a name's end the caller chose to drop.
	return isShown ? plain : cutAround(text, span.start, span.end, width, ellipsis, plain);
}

/** Widths whose cuts are kept for one set of names: the table's, the footer's and the events list's few. */
const cachedCuts = 32;
/** Rounds of telling apart the names whose cuts read alike, each taking in the names they were alike with. */
const maxRounds = 8;
/**
 * More names than this reading alike are left so: each is compared with every other (cutApart), and so many
 * alike at one width are too many to tell apart by a start and an end in it anyway.
 */
const maxAlike = 100;
const cutsBySet = new WeakMap<NameRivals, Map<string, ReadonlyMap<string, string>>>();

/**
 * Every name of `rivals` cut to `width` (cutAmong), then each that reads like another cut again to be told
 * from all those it read like (cutApart). cutAmong looks only at the names sharing the longest start and the
 * longest end: a third that shares less of each was left reading the same, `identity-us-e…very…rimary health`
 * for `identity-us-east-1 …-26 primary health` and `identity-us-east-2 …-28 primary health`. Where even that
 * does not fit the width (or more than maxAlike read alike), they keep their cuts and read alike: the detail
 * pane shows the whole name.
 */
function tellApart(rivals: NameRivals, width: number, ellipsis: string, shape: CutShape): ReadonlyMap<string, string> {
	const cuts = new Map<string, string>();
	const fitting = new Set<string>();
	for (const [name, shared] of rivals) {
		const fits = displayWidth(name) <= width;
		if (fits) fitting.add(name);
		cuts.set(name, fits ? name : cutAmong(name, width, ellipsis, shared, shape));
	}

	const alike = new Map<string, Set<string>>();
	for (let round = 0; round < maxRounds; round++) {
		const byCut = new Map<string, string[]>();
		for (const [name, cut] of cuts) {
			const same = byCut.get(cut);
			if (same === undefined) byCut.set(cut, [name]);
			else same.push(name);
		}

		const grown = new Set<string>();
		for (const same of byCut.values()) {
			if (same.length < 2 || same.length > maxAlike) continue;
			for (const name of same) {
				if (fitting.has(name)) continue;
				let seen = alike.get(name);
				if (seen === undefined) alike.set(name, (seen = new Set()));
				const before = seen.size;
				for (const other of same) if (other !== name) seen.add(other);
				if (seen.size > before) grown.add(name);
			}
		}

		for (const name of grown) {
			const cut = cutApart(name, alike.get(name)!, width, ellipsis, shape);
			if (cut !== undefined) cuts.set(name, cut);
		}

		if (grown.size === 0) break;
	}

	return cuts;
}

/**
 * `text` cut to at most `width` cells in the given shape, unless that cut would hide what tells it from the
 * names like it (`rivals`: all the names it is shown among, not only those on screen, so it does not change
 * as rows scroll in and out). Then the cut keeps that part whole, with as much of the start and end as fits:
 * `paymen…eu-west-1…health` and `paymen…us-east-1…health`, where both cut in the middle read
 * `payments-ap…mary health`. No two names of `rivals` that can be told apart at `width` by a start and an end
 * read the same (tellApart). Too narrow to show any of that part, the plain cut in the given shape. The cuts
 * of all the names are made together, once for each width (about 10 ms for 2,000 names).
 */
export function cutTelling(text: string, width: number, ellipsis: string, rivals: NameRivals, shape: CutShape): string {
	if (displayWidth(text) <= width) return text;
	const shared = rivals.get(text);
	if (shared === undefined) return cutAmong(text, width, ellipsis, undefined, shape);
	let byWidth = cutsBySet.get(rivals);
	if (byWidth === undefined) cutsBySet.set(rivals, (byWidth = new Map()));
	const key = `${width} ${shape} ${ellipsis}`;
	let cuts = byWidth.get(key);
	if (cuts === undefined) {
		if (byWidth.size >= cachedCuts) byWidth.delete(byWidth.keys().next().value!);
		cuts = tellApart(rivals, width, ellipsis, shape);
		byWidth.set(key, cuts);
	}

	return cuts.get(text)!;
}
