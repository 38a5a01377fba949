import {describe, expect, it} from 'vitest';
import {paneEnd} from '../../../source/ui/view/pane-scroll.js';
import {paneScrollNotice} from '../../../source/ui/view/pane-scroll-notice.js';

describe('paneScrollNotice', () => {
	it.each([
		['lines that fit', 'detail', 5, 0, 10, 20, 'the details fit: nothing to scroll'],
		['a help that fits', 'help', 1, 0, 10, 20, 'the help fits: nothing to scroll'],
		['down from the end', 'detail', 8, paneEnd, 30, 10, 'at the end of the details'],
		['down from an offset left past the end', 'help', 1, 100, 30, 10, 'at the end of the help'],
		['up from the top', 'detail', -8, 0, 30, 10, 'at the top of the details'],
		['down from the top', 'detail', 8, 0, 30, 10, undefined],
		['up from the end', 'detail', -1, paneEnd, 30, 10, undefined],
	] as const)('says why %s scrolls nothing', (_title, pane, by, offset, total, room, expected) => {
		expect(paneScrollNotice(pane, by, offset, total, room)).toBe(expected);
	});
});
