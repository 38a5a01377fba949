import {displayWidth, tailOf, truncate, truncateMiddle} from './text.js';

/**
 * Cuts text to at most `width` cells keeping `text.slice(start, end)` whole, and around it as much of the
 * text's start and end as room allows, split evenly: `paymen…eu-west-1…health`. A start or end that fits in
 * its share is kept whole and leaves the rest to the other, with one ellipsis fewer. Where even the kept part
 * and its ellipses do not fit, the text is cut from the kept part's start on; where that leaves no cell for even
 * its first character, `plainCut`: the caller's own cut in the shape it asked for, a plain middle cut if not given.
 */
export function cutAround(text: string, start: number, end: number, width: number, ellipsis = '…', plainCut?: string): string {
	if (width <= 0) return '';
	if (displayWidth(text) <= width) return text;
	const head = text.slice(0, start);
	const kept = text.slice(start, end);
	const tail = text.slice(end);
	const ellipsisCells = displayWidth(ellipsis);
	const headMark = head === '' ? 0 : ellipsisCells;
	const tailMark = tail === '' ? 0 : ellipsisCells;
	const keptCells = displayWidth(kept);
	if (keptCells + headMark + tailMark > width) {
		if (head === '') return truncate(text, width, ellipsis);
		const rest = width - headMark;
		// At 3 to 7 cells an ASCII `...` (or a wide first character) left the kept part no cell: `......` told
		// nothing, where a plain cut shows at least the name's start (and, cut in its middle, its end).
		const isNothingShown = displayWidth(kept + tail) > rest && truncate(kept + tail, rest - ellipsisCells, '') === '';
		if (isNothingShown) return plainCut ?? truncateMiddle(text, width, ellipsis);
		return ellipsis + truncate(kept + tail, rest, ellipsis);
	}

	const room = width - keptCells - headMark - tailMark;
	const headShare = Math.ceil(room / 2);
	const headCells = displayWidth(head);
	const tailCells = displayWidth(tail);
	// The whole text does not fit, so at most one of its start and end is kept whole.
	if (headCells <= headShare) return head + kept + ellipsis + tailOf(tail, width - headCells - keptCells - tailMark);
	if (tailCells <= room - headShare) return truncate(head, width - tailCells - keptCells - headMark, '') + ellipsis + kept + tail;
	const shownHead = truncate(head, headShare, '');
	return shownHead + ellipsis + kept + ellipsis + tailOf(tail, room - displayWidth(shownHead));
}
