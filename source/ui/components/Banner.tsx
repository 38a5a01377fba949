import {Box} from 'ink';
import type {Theme} from '../theme.js';
import {clean, fit} from '../text.js';
import {Line} from './Line.js';

type Props = {
	readonly isPaused: boolean;
	/** A reload error or other notice from the entry point, already plain text. */
	readonly message?: string;
	/** Good news for a moment (a reload applied), plain text; a message wins over it. */
	readonly info?: string;
	readonly width: number;
	readonly theme: Theme;
};

/** How many lines the banner takes, for the layout. */
export function bannerLines(isPaused: boolean, message: string | undefined, info?: string): number {
	return (isPaused ? 1 : 0) + (message || info ? 1 : 0);
}

export function Banner({isPaused, message, info, width, theme}: Props) {
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
							text: fit(`${theme.isAscii ? '||' : '⏸'} PAUSED ${theme.dash} probing stopped; p resumes, r still rechecks`, width, theme.ellipsis),
							colour: theme.role('paused'),
							isBold: true,
						},
					]}
				/>
			) : null}
			{message ? <Line theme={theme} segments={[{text: fit(`! ${clean(message, 500)}`, width, theme.ellipsis), colour: theme.role('error')}]} /> : null}
			{!message && info ? <Line theme={theme} segments={[{text: fit(`${theme.state('up').glyph} ${clean(info, 500)}`, width, theme.ellipsis), colour: theme.state('up').colour}]} /> : null}
		</Box>
	);
}
