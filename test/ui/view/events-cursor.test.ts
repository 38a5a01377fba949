import {describe, expect, it} from 'vitest';
import {eventsCursorIndex, eventsWindow} from '../../../source/ui/view/events-cursor.js';

describe('eventsWindow', () => {
	it.each([
		['all fit: every line an event, nothing below', 5, 8, 0, 4, {start: 0, count: 5, hasMoreBelow: false}],
		['the top page: the last line counts the older events', 20, 5, 0, 3, {start: 0, count: 4, hasMoreBelow: true}],
		['the cursor past the page scrolls it to the last event line', 20, 5, 0, 4, {start: 1, count: 4, hasMoreBelow: true}],
		['the cursor above the hint scrolls up to it', 20, 5, 10, 6, {start: 6, count: 4, hasMoreBelow: true}],
		['at the end every line is an event', 20, 5, 0, 19, {start: 15, count: 5, hasMoreBelow: false}],
		['a hint past the end is drawn at the end', 20, 5, 99, 17, {start: 15, count: 5, hasMoreBelow: false}],
		['one line: the cursor\'s event', 20, 1, 0, 7, {start: 7, count: 1, hasMoreBelow: true}],
	])('%s', (_title, total, room, offset, cursor, expected) => {
		const window = eventsWindow(total, room, offset, cursor);
		expect(window).toEqual(expected);
		expect(cursor).toBeGreaterThanOrEqual(window.start);
		expect(cursor).toBeLessThan(window.start + window.count);
	});
});

describe('eventsCursorIndex', () => {
	it('follows its event, else stays where it was, within the list', () => {
		expect(eventsCursorIndex(['a', 'b', 'c'], {eventsKey: 'c', eventsCursor: 0})).toBe(2);
		expect(eventsCursorIndex(['new', 'a', 'b', 'c'], {eventsKey: 'c', eventsCursor: 2})).toBe(3);
		expect(eventsCursorIndex(['a', 'b'], {eventsKey: 'gone', eventsCursor: 1})).toBe(1);
		expect(eventsCursorIndex(['a'], {eventsKey: 'gone', eventsCursor: 5})).toBe(0);
		expect(eventsCursorIndex([], {eventsCursor: 3})).toBe(0);
		// No key: the newest, whichever that is.
		expect(eventsCursorIndex(['new', 'a'], {eventsCursor: 0})).toBe(0);
	});

	it('goes, once its event has left the list, to the newest event no newer than it, where the list gives times', () => {
		// Two newer events above since it moved: by index it would be on the newest.
		expect(eventsCursorIndex(['n2', 'n1', 'a', 'b'], {eventsKey: 'gone', eventsCursor: 0, eventsAt: 50}, undefined, [90, 80, 40, 10])).toBe(2);
		expect(eventsCursorIndex(['n2', 'n1', 'a', 'b'], {eventsKey: 'gone', eventsCursor: 0, eventsAt: 40}, undefined, [90, 80, 40, 10])).toBe(2);
		// Nothing as old: the oldest.
		expect(eventsCursorIndex(['n2', 'n1'], {eventsKey: 'gone', eventsCursor: 0, eventsAt: 50}, undefined, [90, 80])).toBe(1);
		// Its event still listed: that one, whatever the times.
		expect(eventsCursorIndex(['n2', 'a'], {eventsKey: 'n2', eventsCursor: 1, eventsAt: 50}, undefined, [90, 40])).toBe(0);
	});

	it('follows its event into the line it was folded into (a flap, a round), before falling back to where it was', () => {
		const folded = new Map([['change', 'flap']]);
		expect(eventsCursorIndex(['a', 'flap', 'b'], {eventsKey: 'change', eventsCursor: 2}, folded)).toBe(1);
		// The line it went into is gone too: where it was.
		expect(eventsCursorIndex(['a', 'b'], {eventsKey: 'change', eventsCursor: 1}, folded)).toBe(1);
	});
});
