import {displayWidth, truncateMiddle} from '../text.js';
import type {ViewState} from './view-reducer.js';

/**
 * What an empty table says: why nothing is listed, and the key that lists it again. A long filter gives way in
 * its middle, so "(esc clears)" still shows at 60 columns.
 */
export function emptyTableText(view: ViewState, checks: number, width: number, ellipsis: string): string {
	if (checks === 0) {
		return 'no checks';
	}

	if (view.filter !== '') {
		const head = `no check${view.problemsOnly ? ' that is not up' : ''} matches "`;
		const tail = '" (esc clears)';
		return head + truncateMiddle(view.filter, Math.max(1, width - displayWidth(head) - displayWidth(tail)), ellipsis) + tail;
	}

	return view.problemsOnly ? 'every check is up (f lists them all)' : 'no checks';
}

/**
 * What a key that moves the selection says when the table lists no row to move to (it did nothing, silently):
 * why, and the key that lists checks again, as the empty table says it.
 */
export function emptyTableKeyNotice(view: ViewState, checks: number): string {
	if (checks === 0) return 'no checks';
	// Over the details the first esc closes them (view-reducer's close).
	if (view.filter !== '') return `no check matches: ${view.detailOpen ? 'esc twice clears' : 'esc clears'} the filter`;
	return view.problemsOnly ? 'every check is up: f lists them all' : 'no checks';
}
