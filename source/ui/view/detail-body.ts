import type {CheckView, Marker} from '../../monitor/types.js';
import type {Segment} from '../components/Line.js';
import type {PanePlacement} from '../layout.js';
import type {Theme} from '../theme.js';
import {fit} from '../text.js';
import {detailLines} from './detail-lines.js';

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

/** Every line of the pane's text, before scrolling: the App counts them to scroll by keys. */
export function detailBody({view, markers = [], width, placement, now, hyperlinks, isPaused, theme}: DetailBodyOptions): Segment[][] {
	const inner = Math.max(0, width - detailBorder(placement, theme).text.length);
	return view === undefined
		? [[{text: fit('no check selected', inner, theme.ellipsis), colour: theme.role('muted')}]]
		: detailLines(view, {width: inner, now, theme, hyperlinks, markers, isPaused});
}

/** Lines of text that fit in a pane of `height` rows (below the table, the first row is a rule). */
export function detailRoom(placement: PanePlacement, height: number): number {
	return Math.max(0, height - (placement === 'below' ? 1 : 0));
}
