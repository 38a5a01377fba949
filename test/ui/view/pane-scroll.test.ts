import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {clampPaneOffset, lastPaneOffset, paneWindow, pinnedCount} from '../../../source/ui/view/pane-scroll.js';

describe('paneWindow', () => {
	it('shows every line and no status line when they fit', () => {
		expect(paneWindow(5, 5, 0)).toEqual({start: 0, end: 5, hasStatus: false});
		expect(paneWindow(5, 8, 3)).toEqual({start: 0, end: 5, hasStatus: false});
	});

	it('keeps the last row for the status line when they do not fit', () => {
		expect(paneWindow(30, 10, 0)).toEqual({start: 0, end: 9, hasStatus: true});
		expect(paneWindow(30, 10, 5)).toEqual({start: 5, end: 14, hasStatus: true});
	});

	it('stops where the last line is at the bottom, even for an offset left from longer text', () => {
		expect(lastPaneOffset(30, 10)).toBe(21);
		expect(paneWindow(30, 10, 100)).toEqual({start: 21, end: 30, hasStatus: true});
		expect(clampPaneOffset(-4, 30, 10)).toBe(0);
	});

	it('never draws more rows than the pane has, and reaches every line', () => {
		fc.assert(fc.property(fc.nat(200), fc.nat(60), fc.integer({min: -50, max: 300}), (total, room, offset) => {
			const window = paneWindow(total, room, offset);
			const rows = window.end - window.start + (window.hasStatus ? 1 : 0);
			const last = paneWindow(total, room, lastPaneOffset(total, room));
			return rows <= Math.max(room, window.hasStatus ? 1 : 0) && window.start >= 0 && window.end <= total
				&& (room < 2 || total <= room || last.end === total);
		}));
	});
});

describe('pinnedCount', () => {
	it('pins the title only when the lines do not fit, leaving a line of text and the status line under it', () => {
		expect(pinnedCount(1, 5, 5)).toBe(0);
		expect(pinnedCount(1, 30, 10)).toBe(1);
		expect(pinnedCount(3, 30, 4)).toBe(2);
		expect(pinnedCount(3, 30, 2)).toBe(0);
	});
});
