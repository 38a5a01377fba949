import {Box} from 'ink';
import {paneScrollKeys, scrollKeys} from '../keymap.js';
import {displayWidth, fit} from '../text.js';
import type {HelpLayoutOptions} from '../view/help-lines.js';
import {paneWindow} from '../view/pane-scroll.js';
import {Line, type Segment} from './Line.js';

type Props = HelpLayoutOptions & {
	/** From helpLines. */
	readonly lines: readonly Segment[][];
	/** First line drawn (ViewState.helpOffset). */
	readonly offset: number;
};

export function HelpOverlay({lines, offset, width, height, theme}: Props) {
	const window = paneWindow(lines.length, height, offset);
	const shown = lines.slice(window.start, window.end);
	if (window.hasStatus) {
		const below = lines.length - window.end;
		const close = scrollKeys('help', ['close'], theme.isAscii);
		const forms = paneScrollKeys('help', below > 0 ? 'down' : 'up', theme.isAscii)
			.map(keys => `lines ${window.start + 1}-${window.end} of ${lines.length} · ${keys}: ${below > 0 ? `${below} more below` : 'back up'} · ${close} closes`);
		const status = forms.find(form => displayWidth(form) <= width) ?? forms.at(-1)!;
		shown.push([{text: fit(status, width, theme.ellipsis), colour: theme.role('muted')}]);
	}

	return (
		<Box flexDirection="column" width={width} height={height}>
			{shown.map((segments, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Line key={index} segments={segments} theme={theme} />
			))}
		</Box>
	);
}
