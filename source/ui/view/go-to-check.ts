import type {Snapshot} from '../../monitor/types.js';
import {clean, truncateMiddle} from '../text.js';
import {cutTelling} from './cut-telling.js';
import {eventRowId, listEvents, type EventItem} from './event-list.js';
import {eventsCursorLine} from './events-cursor.js';
import {goneReason} from './gone-words.js';
import {rowNamesOf} from './row-names.js';
import {rowName, selectRows} from './select-rows.js';
import {viewReducer, type Intent, type ViewState} from './view-reducer.js';

/** The event under the events list's cursor, as this snapshot lists them. */
export function eventUnderCursor(snapshot: Snapshot, view: ViewState): EventItem | undefined {
	return listEvents(snapshot)[eventsCursorLine(snapshot, view)];
}

/** Whether enter on the events list goes to a check: the event under the cursor is about one that is listed. */
export function canGoToCheck(snapshot: Snapshot, view: ViewState): boolean {
	const item = eventUnderCursor(snapshot, view);
	return item !== undefined && eventRowId(item, snapshot) !== undefined;
}

/** Why enter does nothing on this line: said in the footer rather than ignore the key. */
function whyNot(item: EventItem | undefined, ellipsis: string): string {
	if (item === undefined) return 'no events yet';
	// The display copy's name (`••••` for a secret part), as its lines show it.
	if (item.kind !== 'marker' && item.kind !== 'cameUp' && item.gone !== undefined) return `${truncateMiddle(clean(rowName(item.row)), 40, ellipsis)} is no longer watched: ${goneReason[item.gone]}`;
	if (item.kind === 'cameUp') return `${item.fresh + item.carried} checks on this line: enter goes to the check of one event`;
	// A marker's checkId is the real id, which may hold a secret: it is not named.
	if (item.kind === 'marker' && item.marker.checkId !== undefined) return 'the check of this marker is no longer in the table';
	return 'a marker for every check: enter goes to the check of one event';
}

/**
 * Enter on the events list: the intent that shows the check of the event under the cursor (its row selected,
 * its details open), and what to tell the operator. A filter that would hide the row is cleared, and said so:
 * a cursor on a row that is not drawn, or details of a check the table does not list, would mislead.
 * `ellipsis` is the theme's, `~` under --ascii.
 */
export function goToCheckIntent(snapshot: Snapshot, view: ViewState, ellipsis: string): {readonly intent?: Intent; readonly notice?: string} {
	const item = eventUnderCursor(snapshot, view);
	const id = item === undefined ? undefined : eventRowId(item, snapshot);
	const row = id === undefined ? undefined : snapshot.rows.find(candidate => candidate.id === id);
	if (id === undefined || row === undefined) return {notice: whyNot(item, ellipsis)};
	const intent = {type: 'goToCheck', id, clearFilter: false, unfold: row.check.group} as const;
	if (selectRows(snapshot, viewReducer(view, intent)).some(listed => listed.id === id)) return {intent};
	return {
		intent: {...intent, clearFilter: true},
		notice: `filter "${truncateMiddle(clean(view.filter), 20, ellipsis)}" cleared: it hid ${cutTelling(clean(rowName(row)), 24, ellipsis, rowNamesOf(snapshot.rows).rows, 'middle')}`,
	};
}
