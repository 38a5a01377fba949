import type {CheckView, Marker} from '../../monitor/types.js';
import type {Segment} from '../components/Line.js';
import type {PanePlacement} from '../layout.js';
import type {Theme} from '../theme.js';
import {fit} from '../text.js';
import {detailLines, detailTitleLines} from './detail-lines.js';
import {pinnedCount} from './pane-scroll.js';

export type DetailBodyOptions = {
	/** The selected check; undefined when the selection is a group row or nothing matches. */
	readonly view?: CheckView;
	/** Deploy markers of the snapshot; the pane shows those of this check and the manual ones. */
	readonly markers?: readonly Marker[];
	readonly width: number;
	readonly placement: PanePlacement;
	/** Snapshot time, epoch ms. */
	readonly now: number;
	readonly hyperlinks: boolean;
	readonly isPaused?: boolean;
	readonly theme: Theme;
};

/** What starts each line of the pane: a rule at its left beside the table, nothing below it. */
export function detailBorder(placement: PanePlacement, theme: Theme): Segment {
	return {text: placement === 'side' ? (theme.isAscii ? '| ' : '│ ') : '', colour: theme.role('muted')};
}

/** The pane's text, before scrolling. */
export type DetailBody = {
	readonly lines: readonly Segment[][];
	/** How many of the first lines are the title (state, duration, name), which stays in view as the rest scrolls. */
	readonly titleLines: number;
};

/** Every line of the pane's text, before scrolling: the App counts them to scroll by keys. */
export function detailBody({view, markers = [], width, placement, now, hyperlinks, isPaused, theme}: DetailBodyOptions): DetailBody {
	const inner = Math.max(0, width - detailBorder(placement, theme).text.length);
	if (view === undefined) {
		return {lines: [[{text: fit('no check selected', inner, theme.ellipsis), colour: theme.role('muted')}]], titleLines: 0};
	}

	const options = {width: inner, now, theme, hyperlinks, markers, isPaused};
	return {lines: detailLines(view, options), titleLines: detailTitleLines(view, options).length};
}

/**
 * What of the pane scrolls: the lines under the pinned title, in the rows under it. ViewState.detailOffset and
 * the keys' scroll range count these lines only, so the title never scrolls away.
 */
export function detailScroll(body: DetailBody, placement: PanePlacement, height: number): {readonly pinned: number; readonly lines: number; readonly room: number} {
	const room = detailRoom(placement, height);
	const pinned = pinnedCount(body.titleLines, body.lines.length, room);
	return {pinned, lines: body.lines.length - pinned, room: room - pinned};
}

/** Lines of text that fit in a pane of `height` rows (below the table, the first row is a rule). */
export function detailRoom(placement: PanePlacement, height: number): number {
	return Math.max(0, height - (placement === 'below' ? 1 : 0));
}
