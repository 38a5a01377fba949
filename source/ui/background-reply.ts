import type {Background} from './theme.js';

/**
 * What uptop asks the terminal before its first frame: its background colour (OSC 11, answered by xterm,
 * GNOME Terminal's VTE, iTerm2, kitty, tmux…), then its primary device attributes (DA1), which every terminal
 * answers. A terminal answers in order, so once DA1's answer is read, an OSC 11 answer that has not come
 * before it never will: no timeout is needed to learn that a terminal does not support the query.
 */
export const backgroundQuery = '\u001B]11;?\u001B\\\u001B[c';

/** A colour's channels, each from 0 to 1. */
export type Rgb = {readonly red: number; readonly green: number; readonly blue: number};

/**
 * The colour of an OSC 11 answer's body after `11;`: `rgb:R/G/B` with 1–4 hex digits a channel, as xterm
 * answers (`rgb:ffff/ffff/ffff`), `rgba:R/G/B/A` (rxvt-unicode with transparency; the alpha is ignored), or
 * X11's `#RGB` forms (3, 6, 9 or 12 digits). Anything else is undefined.
 */
export function parseColour(spec: string): Rgb | undefined {
	const scaled = /^(rgba?):([\da-f]{1,4})\/([\da-f]{1,4})\/([\da-f]{1,4})(\/[\da-f]{1,4})?$/i.exec(spec);
	if (scaled !== null) {
		const [, kind, red, green, blue, alpha] = scaled;
		if ((kind!.toLowerCase() === 'rgba') !== (alpha !== undefined)) return undefined;
		// In `rgb:` the digits scale: `f`, `ff` and `ffff` are all full intensity.
		const channel = (digits: string): number => Number.parseInt(digits, 16) / ((16 ** digits.length) - 1);
		return {red: channel(red!), green: channel(green!), blue: channel(blue!)};
	}

	const sharp = /^#((?:[\da-f]{3}){1,4})$/i.exec(spec);
	if (sharp !== null) {
		const digits = sharp[1]!;
		const size = digits.length / 3;
		// In X11's `#` forms the digits are the high bits (`#f00` is `#f00000`), so they do not scale to 1.
		const channel = (index: number): number => Number.parseInt(digits.slice(index * size, (index + 1) * size), 16) / (16 ** size);
		return {red: channel(0), green: channel(1), blue: channel(2)};
	}

	return undefined;
}

/** WCAG's relative luminance of an sRGB colour: 0 for black, 1 for white. */
export function relativeLuminance({red, green, blue}: Rgb): number {
	const linear = (value: number): number => value <= 0.040_45 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
	return (0.2126 * linear(red)) + (0.7152 * linear(green)) + (0.0722 * linear(blue));
}

/**
 * Light above half of white's luminance: white, xterm's and GNOME's light profiles, Solarized Light (#fdf6e3)
 * and tmux's `white` (#c0c0c0, 0.53); black, Solarized Dark and mid-grey (#808080, 0.22) are dark.
 */
export function backgroundOfColour(colour: Rgb): Background {
	return relativeLuminance(colour) > 0.5 ? 'light' : 'dark';
}

/** Reads the terminal's answers to `backgroundQuery` out of what stdin brings, keys typed meanwhile and all. */
export type BackgroundReplyReader = {
	/**
	 * Takes the next bytes from the terminal (any chunking: an answer may be split anywhere) and returns those
	 * that are not part of an answer, in order: keys typed ahead, to be handed on to the screen. Once DA1's
	 * answer has been read, everything is handed on.
	 */
	push(chunk: string): string;
	/** DA1's answer has been read: the terminal has said all it will. */
	readonly isDone: boolean;
	/**
	 * The last bytes pushed end in what could begin an answer or be keys (a lone ESC, `ESC [`, `ESC ]1`): they are
	 * held until the next byte tells which, or flush.
	 */
	readonly isHolding: boolean;
	/** The background the OSC 11 answer named; undefined before it came, without one, or for a colour not read. */
	readonly background: Background | undefined;
	/**
	 * Ends the reading: the bytes held back as a possible answer's start that could as well be keys (a lone
	 * ESC, `ESC [`, `ESC ]`, their 8-bit forms, a UTF-8 character's first byte C2) are returned; a begun answer
	 * is dropped.
	 */
	flush(): string;
};

const escape = '\u001B';
const bell = '\u0007';
// C1 String Terminator, as an 8-bit terminal may end an OSC string instead of ESC \.
const stringTerminator = '\u009C';
// C1 OSC and CSI: a terminal that sends 8-bit controls (xterm after S8C1T) answers with these for `ESC ]` and `ESC [`.
const oscC1 = '\u009D';
const csiC1 = '\u009B';
/** A UTF-8 terminal sends a C1 control as its UTF-8 encoding: this byte, then the control's own. */
const c1Lead = '\u00C2';
const oscIntroducers = [`${escape}]11;`, `${oscC1}11;`, `${c1Lead}${oscC1}11;`];
const daIntroducers = [`${escape}[?`, `${csiC1}?`, `${c1Lead}${csiC1}?`];
/** What is held when the next byte decides whether it is an answer's start or keys: then it is keys, whole. */
const heldKeys: ReadonlySet<string> = new Set([escape, `${escape}[`, `${escape}]`, oscC1, csiC1, c1Lead, `${c1Lead}${oscC1}`, `${c1Lead}${csiC1}`]);

/** UTF-8 continuation bytes that follow a byte of text: 1 to 3 after a lead byte, else none. */
function continuationsAfter(byte: string): number {
	const code = byte.codePointAt(0)!;
	if (code >= 0xC2 && code <= 0xDF) return 1;
	if (code >= 0xE0 && code <= 0xEF) return 2;
	return code >= 0xF0 && code <= 0xF4 ? 3 : 0;
}

/**
 * The longest answer body kept: `rgba:ffff/ffff/ffff/ffff` is 24 characters. A longer one is read to its end
 * and dropped, so what a terminal sends is never kept without bound nor shown.
 */
const maxBodyLength = 32;

type ReaderState =
	/** Between sequences; `held` is empty. */
	| 'text'
	/** `held` is a strict prefix of an introducer (`ESC ] 11 ;`, `ESC [ ?` or an 8-bit form): an answer, or keys. */
	| 'introducer'
	/** Inside an OSC 11 answer's body. */
	| 'osc'
	/** ESC inside the body: `\` ends the answer, anything else cuts it (a terminal starts a new sequence). */
	| 'oscEscape'
	/** Inside `ESC [ ?` params: `c` ends DA1's answer. */
	| 'deviceAttributes';

/**
 * A pure state machine over bytes, one character a byte (latin1), as ask-terminal-background.ts passes them
 * whether stdin is decoded or not: keys typed in UTF-8 are then their bytes, and a continuation byte of one
 * (`ě` is C4 9B) is told from a C1 control by the bytes before it.
 */
export function createBackgroundReplyReader(): BackgroundReplyReader {
	let state: ReaderState = 'text';
	let held = '';
	/** In text: how many continuation bytes of a UTF-8 character are still to come. */
	let continuations = 0;
	let body = '';
	let isBodyTooLong = false;
	let isDone = false;
	let background: Background | undefined;

	const endAnswer = (): void => {
		// A UTF-8 terminal's ST is C2 9C: its C2 came into the body.
		const colour = isBodyTooLong ? undefined : parseColour(body.endsWith(c1Lead) ? body.slice(0, -1) : body);
		if (colour !== undefined) background = backgroundOfColour(colour);
		body = '';
		isBodyTooLong = false;
		state = 'text';
	};

	/** One character; returns what it releases to the keys. */
	const step = (character: string): string => {
		switch (state) {
			case 'text': {
				const isContinuation = continuations > 0 && character >= '\u0080' && character <= '\u00BF';
				if (isContinuation) {
					continuations -= 1;
					return character;
				}

				continuations = 0;
				// C2 is held too: it may be the first byte of a UTF-8 encoded C1 OSC or CSI.
				if (character === escape || character === c1Lead || character === oscC1 || character === csiC1) {
					held = character;
					state = 'introducer';
					return '';
				}

				continuations = continuationsAfter(character);
				return character;
			}

			case 'introducer': {
				const next = held + character;
				if (oscIntroducers.includes(next)) {
					held = '';
					state = 'osc';
					return '';
				}

				if (daIntroducers.includes(next)) {
					held = next;
					state = 'deviceAttributes';
					return '';
				}

				if ([...oscIntroducers, ...daIntroducers].some(introducer => introducer.startsWith(next))) {
					held = next;
					return '';
				}

				// Not an answer: the held bytes were keys (an arrow's `ESC [ A`, alt+], the first byte of `©`); this
				// one starts afresh, as the continuation byte of a held C2.
				const keys = held;
				held = '';
				state = 'text';
				continuations = keys === c1Lead ? 1 : 0;
				return keys + step(character);
			}

			case 'osc': {
				if (character === bell || character === stringTerminator) {
					endAnswer();
				} else if (character === escape) {
					state = 'oscEscape';
				} else if (body.length < maxBodyLength) {
					body += character;
				} else {
					isBodyTooLong = true;
				}

				return '';
			}

			case 'oscEscape': {
				if (character === '\\') {
					endAnswer();
					return '';
				}

				// Cut short: dropped, and this ESC begins whatever follows.
				isBodyTooLong = true;
				endAnswer();
				return step(escape) + step(character);
			}

			case 'deviceAttributes': {
				if (character === 'c') {
					held = '';
					state = 'text';
					isDone = true;
					return '';
				}

				if (/[\d;]/.test(character) && held.length < maxBodyLength) {
					held += character;
					return '';
				}

				// Another report (not DA1's) is handed on: Ink drops the control sequences it has no key for.
				const keys = held + character;
				held = '';
				state = 'text';
				return keys;
			}
		}
	};

	return {
		push(chunk) {
			let keys = '';
			const characters = [...chunk];
			for (const [index, character] of characters.entries()) {
				if (isDone) {
					return keys + characters.slice(index).join('');
				}

				keys += step(character);
			}

			return keys;
		},
		get isDone() {
			return isDone;
		},
		get isHolding() {
			return state === 'introducer';
		},
		get background() {
			return background;
		},
		flush() {
			const keys = state === 'introducer' && heldKeys.has(held) ? held : '';
			held = '';
			body = '';
			isBodyTooLong = false;
			state = 'text';
			return keys;
		},
	};
}
