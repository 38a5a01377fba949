import {Box} from 'ink';
import {paneScrollKeys} from '../keymap.js';
import type {PanePlacement} from '../layout.js';
import type {Theme} from '../theme.js';
import {displayWidth, fit} from '../text.js';
import {detailBorder, detailScroll} from '../view/detail-body.js';
import {paneWindow} from '../view/pane-scroll.js';
import {Line, type Segment} from './Line.js';

type Props = {
	/** From detailBody. */
	readonly lines: readonly Segment[][];
	/** How many of the first lines are the title, kept in view as the rest scrolls (DetailBody.titleLines). Default 0. */
	readonly pinnedLines?: number;
	/** First line drawn (ViewState.detailOffset); clamped here, since the lines change with each snapshot. */
	readonly offset: number;
	readonly width: number;
	readonly height: number;
	readonly placement: PanePlacement;
	readonly theme: Theme;
};

/**
 * Details of one check; when they do not fit, the title and a window onto the rest, and a status line that says
 * how to scroll. The title stays: scrolled away, nothing on screen named the check (where the pane fills the
 * screen, no table either), while y, r and M act on it.
 */
export function DetailPane({lines, pinnedLines = 0, offset, width, height, placement, theme}: Props) {
	const border = detailBorder(placement, theme);
	const inner = Math.max(0, width - border.text.length);
	const ruleCharacter = theme.isAscii ? '-' : '─';
	const header: Segment[][] = placement === 'below' ? [[{text: ruleCharacter.repeat(width), colour: theme.role('muted')}]] : [];
	const scroll = detailScroll({lines, titleLines: pinnedLines}, placement, height);
	const {pinned} = scroll;
	const window = paneWindow(scroll.lines, scroll.room, offset);
	const shown = [...lines.slice(0, pinned), ...lines.slice(pinned + window.start, pinned + window.end)];
	if (window.hasStatus) {
		const end = pinned + window.end;
		const below = lines.length - end;
		// Counted in all the lines: at the top the title and what follows it are lines 1 to `end`; scrolled, the
		// range is that of the lines under the title.
		const where = `lines ${window.start === 0 ? 1 : pinned + window.start + 1}-${end} of ${lines.length}`;
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
