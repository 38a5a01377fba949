import type {State} from '../monitor/types.js';
import type {Verdict} from '../release/compare.js';
import {asciiSigns} from './text.js';

/**
 * Colour names Ink understands, and `dim` (faint text, SGR 2); `undefined` everywhere when colour is off.
 * No white or black: each is the background of half the terminals (white text vanishes on a light theme).
 * No gray either: bright black is the background of Solarized Dark, so gray text vanished there; faint is
 * the terminal's own foreground, dimmed, readable on any background (a terminal without it shows plain text).
 * The one gray is slow's on a 16-colour terminal with a light background (sixteenColourSlow), which it reads on.
 */
export type Colour = 'green' | 'yellow' | 'magenta' | 'red' | 'dim' | 'cyan' | 'blue' | 'gray' | typeof darkAmber | typeof deepCyan;

/**
 * The terminal's background, as the user, COLORFGBG (theme-choice.ts) or the terminal's answer to OSC 11
 * (background-reply.ts) says; the palette is chosen for it.
 */
export type Background = 'dark' | 'light';

/*
 * The light palette's stand-ins for yellow and cyan, which most palettes draw too pale to read on white (xterm's
 * #cdcd00 is 1.6:1 against it, #00cdcd 1.9:1). Fixed colours of the 256-colour cube, dark enough for white and
 * Solarized Light's cream: #875f00 is 5.7:1 on white, #0087af 4.1:1. On a 16-colour terminal (TERM=xterm) Ink's
 * colour library rounds them to the nearest ANSI colour: black and blue. Blue reads as the accent, and black does
 * for paused (banners, the PAUSED block); for slow it does not (sixteenColourSlow). Paused does not follow slow to
 * grey: the sparklines' deploy markers are drawn in paused's colour and would pass for slow samples, and a screen
 * that stopped probing must not look faded. Bold black is the paused banner as it reads without colour, beside the
 * header's inverse PAUSED block, black on a light background: the line's words carry it, not a hue.
 */
const darkAmber = 'ansi256(94)';
const deepCyan = 'ansi256(31)';

/*
 * Slow on a light background when the terminal has 16 colours: bright black, a mid grey in every light palette
 * (xterm #7f7f7f 4.0:1 on white, Tango #555753 7.5:1, Solarized Light's base03 darker still). Dark amber
 * rounds to black there, and slow would read as plain text. Of the 16 the other hues that read on white are taken: green up,
 * red failing, magenta warn, blue unknown and the accent (so slow samples stay apart from the sparkline's bars);
 * yellow and cyan are too pale (1.6:1 and 1.9:1 in xterm), their bright forms paler, and an amber that would
 * round to anything but black rounds to red.
 */
const sixteenColourSlow = 'gray';

export type StateStyle = {
	readonly glyph: string;
	readonly word: string;
	readonly colour?: Colour;
};

/** Roles components ask for; they never name a colour themselves. */
export type Role = 'accent' | 'muted' | 'title' | 'paused' | 'error' | 'selected';

export type Theme = {
	readonly isColour: boolean;
	readonly isAscii: boolean;
	state(state: State): StateStyle;
	role(role: Role): Colour | undefined;
	/** Sparkline levels, lowest first. */
	readonly sparkLevels: readonly string[];
	/** Drawn instead of a level where the probe failed: a failure is never only a colour. */
	readonly sparkFailure: string;
	readonly ellipsis: string;
	/** Marks the selected row, so selection is visible without inverse video. */
	readonly cursor: string;
	readonly folded: string;
	readonly unfolded: string;
	/** Separator between header items. */
	readonly dot: string;
	readonly arrow: string;
	readonly dash: string;
	/** A deploy verdict as glyph + word, so it reads without colour. */
	verdict(verdict: Verdict): StateStyle;
	/** Drawn in a sparkline between the samples a deploy marker falls between. */
	readonly sparkMarker: string;
	/**
	 * Text as this terminal writes it, for a caller to measure and cut: in ASCII, `≤` as `<=` and `→` as `->`
	 * (asciiSigns). Line makes every other character ASCII after the layout, one cell for one cell.
	 */
	spell(text: string): string;
};

export type ThemeOptions = {
	readonly color: boolean;
	readonly ascii: boolean;
	/** The palette: the dark one (the palette's own yellow and cyan) unless the background is known to be light. */
	readonly background?: Background;
	/**
	 * The terminal draws 16 colours only (TERM=xterm; Ink's colour library rounds the 256-colour ones to them):
	 * the light palette then draws slow in its own 16-colour choice. Default false.
	 */
	readonly hasOnly16Colours?: boolean;
};

// warn is not ▲: that is the "worse" verdict, drawn in the same rows and header.
const unicodeGlyphs: Record<State, string> = {up: '✓', slow: '◔', warn: '!', failing: '✗', pending: '○', unknown: '?'};
const asciiGlyphs: Record<State, string> = {up: '+', slow: '~', warn: '!', failing: 'x', pending: '.', unknown: '?'};
const stateColours: Record<State, Colour> = {up: 'green', slow: 'yellow', warn: 'magenta', failing: 'red', pending: 'dim', unknown: 'blue'};
const roleColours: Record<Role, Colour | undefined> = {
	accent: 'cyan',
	muted: 'dim',
	// The terminal's own foreground (bold): readable on a dark and a light background alike.
	title: undefined,
	paused: 'yellow',
	error: 'red',
	selected: 'cyan',
};
// Only yellow and cyan change: red, magenta, blue and faint text read on both backgrounds as they are.
const lightStateColours: Record<State, Colour> = {...stateColours, slow: darkAmber};
const lightRoleColours: Record<Role, Colour | undefined> = {...roleColours, accent: deepCyan, paused: darkAmber, selected: deepCyan};
const lightSixteenStateColours: Record<State, Colour> = {...lightStateColours, slow: sixteenColourSlow};

// The verdicts' own words (issue #7 names them), in the table as in the detail pane and the report.
const unicodeVerdicts: Record<Verdict, readonly [string, string]> = {worse: ['▲', 'worse'], better: ['▼', 'better'], 'no change': ['=', 'no change'], 'too early': ['…', 'too early'], 'too few': ['±', 'too few']};
const asciiVerdicts: Record<Verdict, readonly [string, string]> = {worse: ['^', 'worse'], better: ['v', 'better'], 'no change': ['=', 'no change'], 'too early': ['.', 'too early'], 'too few': ['?', 'too few']};
const verdictColours: Record<Verdict, Colour> = {worse: 'red', better: 'green', 'no change': 'dim', 'too early': 'dim', 'too few': 'dim'};

/** Order of states from worst to best; the header and severity sort use it. */
export const statesBySeverity: readonly State[] = ['failing', 'unknown', 'warn', 'slow', 'pending', 'up'];

export function createTheme(options: ThemeOptions): Theme {
	const glyphs = options.ascii ? asciiGlyphs : unicodeGlyphs;
	const isLight = options.background === 'light';
	const states = isLight ? (options.hasOnly16Colours === true ? lightSixteenStateColours : lightStateColours) : stateColours;
	const roles = isLight ? lightRoleColours : roleColours;
	return {
		isColour: options.color,
		isAscii: options.ascii,
		state: state => ({glyph: glyphs[state], word: state, colour: options.color ? states[state] : undefined}),
		role: role => (options.color ? roles[role] : undefined),
		sparkLevels: options.ascii ? ['_', '.', '-', '=', '#'] : ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
		sparkFailure: options.ascii ? 'x' : '✗',
		ellipsis: options.ascii ? '~' : '…',
		cursor: '>',
		folded: options.ascii ? '+' : '▸',
		unfolded: options.ascii ? '-' : '▾',
		dot: options.ascii ? '|' : '·',
		arrow: options.ascii ? '->' : '→',
		dash: options.ascii ? '-' : '—',
		verdict(verdict) {
			const [glyph, word] = (options.ascii ? asciiVerdicts : unicodeVerdicts)[verdict];
			return {glyph, word, colour: options.color ? verdictColours[verdict] : undefined};
		},
		sparkMarker: options.ascii ? '|' : '│',
		spell: options.ascii ? asciiSigns : text => text,
	};
}
