import {Box} from 'ink';
import type {Mode} from '../keymap.js';
import type {Theme} from '../theme.js';
import {pausedKeys} from '../view/paused-keys.js';
import {clean, fit, wrapText} from '../text.js';
import {Line} from './Line.js';

type Props = {
	readonly isPaused: boolean;
	/** A reload error or other notice from the entry point, already plain text. */
	readonly message?: string;
	/** Good news for a moment (a reload applied), plain text; a message wins over it. */
	readonly info?: string;
	readonly width: number;
	readonly theme: Theme;
	/** The keys mode: the paused line names only the keys that work in it. Default 'table'. */
	readonly mode?: Mode;
};

/** An error wraps onto at most this many lines: its place, what is wrong and the hint must all be read. */
const messageMaxLines = 3;
const messagePrefix = '! ';

/**
 * The error as drawn: `! ` and the text, broken at spaces onto up to three lines (the later ones indented under
 * the text), the last cut with an ellipsis only when even three are not enough. At 80 columns a reload error
 * (`checks.yaml:72:5: unknown key … in http check …; hint: did you mean …?`) lost its hint on one line.
 */
function messageLines(message: string, width: number, ellipsis = '…'): string[] {
	const room = Math.max(1, width - messagePrefix.length);
	return wrapText(clean(message, 500), room, messageMaxLines, ellipsis)
		.map((line, index) => (index === 0 ? messagePrefix : ' '.repeat(messagePrefix.length)) + line);
}

/** How many lines the banner takes at `width` columns, for the layout. */
export function bannerLines(isPaused: boolean, message: string | undefined, info?: string, width = Number.POSITIVE_INFINITY): number {
	const messageCount = message ? Math.max(1, Number.isFinite(width) ? messageLines(message, width).length : 1) : 0;
	return (isPaused ? 1 : 0) + (message ? messageCount : info ? 1 : 0);
}

export function Banner({isPaused, message, info, width, theme, mode = 'table'}: Props) {
	const keys = pausedKeys(mode, theme.isAscii);
	if (!isPaused && !message && !info) {
		return null;
	}

	return (
		<Box flexDirection="column" width={width}>
			{isPaused ? (
				<Line
					theme={theme}
					segments={[
						{
							text: fit(`${theme.isAscii ? '||' : '⏸'} PAUSED ${theme.dash} probing stopped${keys === undefined ? '' : `; ${keys}`}`, width, theme.ellipsis),
							colour: theme.role('paused'),
							isBold: true,
						},
					]}
				/>
			) : null}
			{message
				? messageLines(message, width, theme.ellipsis).map((line, index) => (
					// eslint-disable-next-line react/no-array-index-key
					<Line key={index} theme={theme} segments={[{text: fit(line, width, theme.ellipsis), colour: theme.role('error')}]} />
				))
				: null}
			{!message && info ? <Line theme={theme} segments={[{text: fit(`${theme.state('up').glyph} ${clean(info, 500)}`, width, theme.ellipsis), colour: theme.state('up').colour}]} /> : null}
		</Box>
	);
}
