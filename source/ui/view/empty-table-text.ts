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
