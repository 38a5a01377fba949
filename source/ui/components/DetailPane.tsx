import {Box} from 'ink';
import {paneScrollKeys} from '../keymap.js';
import type {PanePlacement} from '../layout.js';
import type {Theme} from '../theme.js';
import {displayWidth, fit} from '../text.js';
import {detailBorder, detailRoom} from '../view/detail-body.js';
import {paneWindow} from '../view/pane-scroll.js';
import {Line, type Segment} from './Line.js';

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
	const border = detailBorder(placement, theme);
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
