/** Environment facts the entry point reads once and hands to the screen as plain options. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Whether the terminal shows OSC 8 hyperlinks. Only terminals known to; an unknown terminal would show
 * nothing harmful but might print the link target twice, so the plain URL is the default.
 */
export function supportsHyperlinks(env: Environment): boolean {
	if (env['FORCE_HYPERLINK'] !== undefined) {
		return env['FORCE_HYPERLINK'] !== '0';
	}

	if (env['TMUX'] !== undefined || env['STY'] !== undefined) {
		// tmux before 3.4 and screen drop or mangle OSC 8.
		return false;
	}

	const program = env['TERM_PROGRAM'];
	if (program === 'iTerm.app' || program === 'WezTerm' || program === 'vscode' || program === 'ghostty') {
		return true;
	}

	if (env['WT_SESSION'] !== undefined || env['KITTY_WINDOW_ID'] !== undefined || env['TERM'] === 'xterm-kitty') {
		return true;
	}

	const vte = Number(env['VTE_VERSION'] ?? '0');
	return vte >= 5000;
}

/**
 * Whether the terminal can be sent UTF-8; when it cannot, the screen (and --once or plain lines written to the
 * terminal) use ASCII. The first of LC_ALL, LC_CTYPE and LANG that is set decides, as in libc.
 */
export function isUtf8Locale(env: Environment): boolean {
	const locale = env['LC_ALL'] || env['LC_CTYPE'] || env['LANG'] || '';
	// An unset locale in a modern terminal is almost always UTF-8; only an explicit non-UTF-8 one opts out.
	return locale === '' || /utf-?8/i.test(locale);
}

/** Whether text written to `stream` reaches a terminal that cannot show UTF-8 (a file or pipe keeps UTF-8). */
export function isAsciiTerminal(stream: {readonly isTTY?: boolean}, env: Environment): boolean {
	return stream.isTTY === true && !isUtf8Locale(env);
}

/**
 * TERM names of terminals without colours: terminfo's `-m` and `-mono` variants (xterm-mono, screen-m) and DEC's
 * text terminals (vt52, vt100, vt102, vt220, vt320, and their variants such as vt220-8bit). Ink's colour library
 * guesses 16 colours for any TERM starting `xterm`, `vt100` or `vt220`, so it sent them colours they cannot show.
 */
const monochromeTerm = /-(?:m|mono)$|^vt(?:52|10[02]|220|320)(?:-|$)/i;

export function isMonochromeTerminal(env: Environment): boolean {
	return monochromeTerm.test(env['TERM'] ?? '');
}

/**
 * `NO_COLOR` (any non-empty value, https://no-color.org) turns colour off, and so does a monochrome TERM, unless
 * FORCE_COLOR asks for colours (set, and neither `0` nor `false`, as Ink's colour library reads it).
 */
export function isColourAllowed(env: Environment): boolean {
	if ((env['NO_COLOR'] ?? '') !== '') return false;
	const force = env['FORCE_COLOR'];
	if (force !== undefined && force !== '0' && force !== 'false') return true;
	return !isMonochromeTerminal(env);
}
