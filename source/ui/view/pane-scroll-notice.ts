import {clampPaneOffset} from './pane-scroll.js';

const paneNames: Readonly<Record<'detail' | 'help', {readonly name: string; readonly fits: string}>> = {
	detail: {name: 'the details', fits: 'the details fit'},
	help: {name: 'the help', fits: 'the help fits'},
};

/**
 * Why a key that scrolls a pane by `by` lines moves nothing, for the status line: `the details fit: nothing to
 * scroll`, `at the end of the details`, `at the top of the help`. Undefined when it scrolls. Without it PgDn over
 * details that fit did nothing and said nothing, as did J at their end. `offset` as the view holds it (it may be
 * paneEnd, or past the end of lines that got fewer); `total` and `room` as the keys scroll them.
 */
export function paneScrollNotice(pane: 'detail' | 'help', by: number, offset: number, total: number, room: number): string | undefined {
	const {name, fits} = paneNames[pane];
	if (total <= room) return `${fits}: nothing to scroll`;
	const from = clampPaneOffset(offset, total, room);
	if (clampPaneOffset(from + by, total, room) !== from) return undefined;
	return by > 0 ? `at the end of ${name}` : `at the top of ${name}`;
}
