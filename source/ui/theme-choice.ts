import {sanitize} from '../text/sanitize.js';
import type {Environment} from './terminal.js';
import type {Background} from './theme.js';

/** Values of `--theme` and `UPTOP_THEME`; `auto` asks the terminal (COLORFGBG, else its answer to OSC 11). */
export const themeNames = ['auto', 'dark', 'light'] as const;

export type ThemeName = (typeof themeNames)[number];

export function isThemeName(value: string): value is ThemeName {
	return (themeNames as readonly string[]).includes(value);
}

/**
 * What `--theme` or `UPTOP_THEME` accepts, for an error message. The value is shown escaped and cut: quoting alone
 * escapes C0 controls but lets C1 (U+009D opens an OSC) and bidi overrides through to the terminal.
 */
export function themeProblem(source: string, value: string): string {
	return `uptop: ${source} expects auto, dark or light, found ${JSON.stringify(sanitize(value, {maxLength: 40}))}`;
}

/**
 * The background COLORFGBG names, or undefined when it names none. rxvt, Konsole and some others set it to
 * "fg;bg" or "fg;default;bg" (ANSI colour numbers): "15;0" is light text on black, "0;15" dark text on white.
 * As in vim's rule, a background of 0-6 or 8 is dark and 7 or 9-15 light; "default" says nothing.
 */
export function backgroundOfColorFgBg(value: string | undefined): Background | undefined {
	const last = value?.split(';').at(-1)?.trim() ?? '';
	if (!/^\d{1,2}$/.test(last)) {
		return undefined;
	}

	const colour = Number(last);
	if (colour > 15) {
		return undefined;
	}

	return colour <= 6 || colour === 8 ? 'dark' : 'light';
}

export type BackgroundChoice = {readonly background: Background} | {readonly problem: string};

/**
 * The background `--theme`, else `UPTOP_THEME` (empty counts as unset, as NO_COLOR does), else COLORFGBG names;
 * undefined when none of them does. `auto` in either skips to COLORFGBG, so `--theme auto` overrides the variable.
 * The one rule behind chooseBackground and isBackgroundLeftToTerminal, so the two cannot disagree on who decided.
 */
function statedBackground(flag: string | undefined, env: Environment): {readonly background: Background | undefined} | {readonly problem: string} {
	const variable = env['UPTOP_THEME'] ?? '';
	const [source, value] = flag === undefined ? ['UPTOP_THEME', variable] : ['--theme', flag];
	if (value !== '' && !isThemeName(value)) {
		return {problem: themeProblem(source, value)};
	}

	if (value === 'dark' || value === 'light') {
		return {background: value};
	}

	return {background: backgroundOfColorFgBg(env['COLORFGBG'])};
}

/**
 * The palette's background: what `--theme`, `UPTOP_THEME` or COLORFGBG says (statedBackground), else dark.
 * Dark is the default because it is what uptop drew before the choice existed. Where it is only the default
 * (isBackgroundLeftToTerminal), the live screen asks the terminal first and takes its answer over it: most
 * terminals (xterm, GNOME Terminal) set no COLORFGBG but answer OSC 11.
 */
export function chooseBackground(flag: string | undefined, env: Environment): BackgroundChoice {
	const stated = statedBackground(flag, env);
	return 'problem' in stated ? stated : {background: stated.background ?? 'dark'};
}

/**
 * Whether the background is left to the terminal's own answer (OSC 11, background-reply.ts): chooseBackground
 * fell through to its default, with neither `--theme` nor UPTOP_THEME saying light or dark, and no COLORFGBG.
 */
export function isBackgroundLeftToTerminal(flag: string | undefined, env: Environment): boolean {
	const stated = statedBackground(flag, env);
	return !('problem' in stated) && stated.background === undefined;
}
