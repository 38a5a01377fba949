import type {Snapshot} from '../../monitor/types.js';
import {foldedEventKeys, foldedLineKey, listEvents} from './event-list.js';

/** The events list's cursor, as the view stores it. */
export type EventsCursor = {
	/** The key (EventItem.key) of the event under the cursor; undefined: the newest, whichever that is. */
	readonly eventsKey?: string;
	/** Where the cursor was, for when its event leaves the list (folded into a round, its row removed). */
	readonly eventsCursor: number;
	/**
	 * When the event under the cursor happened, as the cursor moved onto it. Once that event leaves the list (its
	 * check removed by a reload), the cursor is on the newest event no newer than this: the line below where it
	 * was, which newer events coming in above do not move, as they move an index.
	 */
	readonly eventsAt?: number;
};

/**
 * The cursor's line in a list with these keys: its event, or the line its event was folded into since (`folded`:
 * foldedEventKeys), else where it was, within the list: by time when the list's times are given (`ats`, the
 * events' `at`, newest first as the keys), else by index.
 */
export function eventsCursorIndex(keys: readonly string[], cursor: EventsCursor, folded?: ReadonlyMap<string, string>, ats?: readonly number[]): number {
	if (cursor.eventsKey !== undefined) {
		const index = keys.indexOf(cursor.eventsKey);
		if (index >= 0) return index;
		const into = folded === undefined ? undefined : foldedLineKey(folded, cursor.eventsKey, keys);
		const foldedIndex = into === undefined ? -1 : keys.indexOf(into);
		if (foldedIndex >= 0) return foldedIndex;
		const {eventsAt} = cursor;
		if (eventsAt !== undefined && ats !== undefined && ats.length > 0) {
			const older = ats.findIndex(at => at <= eventsAt);
			return older >= 0 ? older : ats.length - 1;
		}
	}

	return Math.max(0, Math.min(cursor.eventsCursor, keys.length - 1));
}

/** The cursor's line in this snapshot's events list (listEvents), as the screen draws it and enter reads it. */
export function eventsCursorLine(snapshot: Snapshot, cursor: EventsCursor): number {
	const items = listEvents(snapshot);
	return eventsCursorIndex(items.map(item => item.key), cursor, foldedEventKeys(snapshot), items.map(item => item.at));
}

/** The events drawn: from `start`, `count` of them, and whether a last line says how many older ones are below. */
export type EventsWindow = {readonly start: number; readonly count: number; readonly hasMoreBelow: boolean};

/**
 * The window of a list of `total` events in `room` lines that shows the cursor, starting from the stored hint
 * `offset`. While older events are below, the last line says how many (so the cursor never sits on it); at the
 * list's end every line is an event.
 */
export function eventsWindow(total: number, room: number, offset: number, cursor: number): EventsWindow {
	const lines = Math.max(1, room);
	if (total <= lines) return {start: 0, count: total, hasMoreBelow: false};
	const last = total - lines;
	// With one line there is no room for the count below: the cursor's event takes it.
	const eventsFrom = (start: number) => (start >= last || lines < 2 ? lines : lines - 1);
	let start = Math.min(Math.max(0, offset), last);
	if (cursor < start) start = cursor;
	if (cursor >= start + eventsFrom(start)) start = Math.min(last, cursor - eventsFrom(0) + 1);
	const count = eventsFrom(start);
	return {start, count, hasMoreBelow: start + count < total};
}
