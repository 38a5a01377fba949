/** How much of a name the names most like it share, in code units: its longest start and end in common with another. */
export type SharedEnds = {readonly head: number; readonly tail: number};

/**
 * Each name of a set, with how much of it the others share (a name no other shares anything with is absent):
 * what lies between the shared start and end is what tells it apart, and what a cut must keep in view.
 */
export type NameRivals = ReadonlyMap<string, SharedEnds>;

/** A name alone: nothing to tell it from. */
export const noRivals: NameRivals = new Map();

/** Code units `left` and `right` share at their start. */
export function commonStart(left: string, right: string): number {
	let at = 0;
	while (at < left.length && at < right.length && left.charCodeAt(at) === right.charCodeAt(at)) at++;
	return at;
}

/** Code units `left` and `right` share at their end. */
export function commonEnd(left: string, right: string): number {
	let count = 0;
	while (count < left.length && count < right.length && left.charCodeAt(left.length - 1 - count) === right.charCodeAt(right.length - 1 - count)) count++;
	return count;
}

const isHighSurrogate = (code: number) => code >= 0xD8_00 && code <= 0xDB_FF;
const isLowSurrogate = (code: number) => code >= 0xDC_00 && code <= 0xDF_FF;

/** Code-unit order of the two names read backwards, from their last unit. */
function compareEnds(left: string, right: string): number {
	const shared = commonEnd(left, right);
	if (shared === left.length || shared === right.length) return left.length - right.length;
	return left.charCodeAt(left.length - 1 - shared) - right.charCodeAt(right.length - 1 - shared);
}

/**
 * The rivals of each name in `names`. The longest start a name shares with any other is the one it shares with
 * a neighbour in sorted order (and the longest end, sorted by their text read backwards), so this takes n log n,
 * not a comparison of every pair: a fleet of 2,000 checks is laid out at once.
 */
export function nameRivals(names: Iterable<string>): NameRivals {
	const distinct = [...new Set(names)];
	if (distinct.length < 2) return noRivals;
	const heads = new Map<string, number>();
	const tails = new Map<string, number>();
	const raise = (shared: Map<string, number>, name: string, count: number) => {
		if (count > (shared.get(name) ?? 0)) shared.set(name, count);
	};

	const byStart = distinct.toSorted();
	for (let index = 1; index < byStart.length; index++) {
		const count = commonStart(byStart[index - 1]!, byStart[index]!);
		raise(heads, byStart[index - 1]!, count);
		raise(heads, byStart[index]!, count);
	}

	const byEnd = distinct.toSorted(compareEnds);
	for (let index = 1; index < byEnd.length; index++) {
		const count = commonEnd(byEnd[index - 1]!, byEnd[index]!);
		raise(tails, byEnd[index - 1]!, count);
		raise(tails, byEnd[index]!, count);
	}

	const rivals = new Map<string, SharedEnds>();
	for (const name of distinct) {
		let head = heads.get(name) ?? 0;
		let tail = tails.get(name) ?? 0;
		if (head === 0 && tail === 0) continue;
		// A shared count never ends inside a character that takes two code units.
		if (head > 0 && isHighSurrogate(name.charCodeAt(head - 1))) head--;
		if (tail > 0 && isLowSurrogate(name.charCodeAt(name.length - tail))) tail--;
		rivals.set(name, {head, tail});
	}

	return rivals;
}
