import {Box} from 'ink';
import type {CheckView, Marker} from '../../monitor/types.js';
import {paneScrollKeys} from '../keymap.js';
import type {PanePlacement} from '../layout.js';
import type {Theme} from '../theme.js';
import {displayWidth, fit} from '../text.js';
import {detailLines} from '../view/detail-lines.js';
import {paneWindow} from '../view/pane-scroll.js';
import {Line, type Segment} from './Line.js';

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

function borderOf(placement: PanePlacement, theme: Theme): Segment {
	return {text: placement === 'side' ? (theme.isAscii ? '| ' : '│ ') : '', colour: theme.role('muted')};
}

/** Every line of the pane's text, before scrolling: the App counts them to scroll by keys. */
export function detailBody({view, markers = [], width, placement, now, hyperlinks, isPaused, theme}: DetailBodyOptions): Segment[][] {
	const inner = Math.max(0, width - borderOf(placement, theme).text.length);
	return view === undefined
		? [[{text: fit('no check selected', inner, theme.ellipsis), colour: theme.role('muted')}]]
		: detailLines(view, {width: inner, now, theme, hyperlinks, markers, isPaused});
}

/** Lines of text that fit in a pane of `height` rows (below the table, the first row is a rule). */
export function detailRoom(placement: PanePlacement, height: number): number {
	return Math.max(0, height - (placement === 'below' ? 1 : 0));
}

type Props = {
	/** From detailBody. */
	readonly lines: readonly Segment[][];
	/** First line drawn (ViewState.detailOffset); clamped here, since the lines change with each snapshot. */
	readonly offset: number;
	readonly width: number;
	readonly height: number;
	readonly placement: PanePlacement;
	readonly theme: Theme;
};

/** Details of one check; when they do not fit, a window onto them and a status line that says how to scroll. */
export function DetailPane({lines, offset, width, height, placement, theme}: Props) {
	const border = borderOf(placement, theme);
	const inner = Math.max(0, width - border.text.length);
	const ruleCharacter = theme.isAscii ? '-' : '─';
	const header: Segment[][] = placement === 'below' ? [[{text: ruleCharacter.repeat(width), colour: theme.role('muted')}]] : [];
	const window = paneWindow(lines.length, detailRoom(placement, height), offset);
	const shown = lines.slice(window.start, window.end);
	if (window.hasStatus) {
		const below = lines.length - window.end;
		const where = `lines ${window.start + 1}-${window.end} of ${lines.length}`;
		const forms = paneScrollKeys('detail', below > 0 ? 'down' : 'up', theme.isAscii).map(keys => `${where} · ${keys}: ${below > 0 ? `${below} more below` : 'back up'}`);
		const status = forms.find(form => displayWidth(form) <= inner) ?? forms.at(-1)!;
		shown.push([{text: fit(status, inner, theme.ellipsis), colour: theme.role('muted')}]);
	}

	return (
		<Box flexDirection="column" width={width} height={height}>
			{header.map((segments, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={`h${index}`} segments={segments} theme={theme} />
			))}
			{shown.map((segments, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={index} segments={[border, ...segments]} theme={theme} />
			))}
		</Box>
	);
}
