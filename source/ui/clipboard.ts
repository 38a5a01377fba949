import {clean, displayWidth, truncate} from './text.js';

/**
 * OSC 52, `ESC ] 52 ; c ; <base64> BEL`: the terminal puts the text on the system clipboard, also over SSH, where
 * no clipboard tool of this host could reach the person's own. BEL ends it, as xterm first did and every terminal
 * that reads OSC 52 takes; like the bell, it moves no cursor, so it cannot tear a frame.
 */
export function osc52(text: string): string {
	return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

/** Characters of the copied command the status line repeats: enough to see which it was. */
const shownWidth = 40;
/** Cells of the command kept however narrow the line: fewer no longer say which command it was. */
const minimumShownWidth = 12;

/**
 * What the status line says once a command is copied. A terminal that ignores OSC 52 says nothing back, and tmux
 * passes it on only with `set-clipboard on` (its default, `external`, keeps it from its panes), so the notice says
 * on what it depends rather than claim the clipboard has it, or that it has not (`tmux needs …` read as a failed
 * copy to someone whose tmux has the setting).
 */
export function copiedNotice(text: string, ellipsis = '…', isInTmux = true, width = Number.POSITIVE_INFINITY): string {
	// Outside tmux the tmux hint only took the status line's room (at 80 columns it was cut).
	const how = ` (${isInTmux ? 'OSC 52 if tmux has set-clipboard on' : 'OSC 52'})`;
	// The command gives way to the hint within the status line's `width`: cut at its end, the hint lost the value
	// to set ("set-clipbo…" at 80 columns), and the command shown only says which one was copied.
	const room = Math.max(minimumShownWidth, Math.min(shownWidth, width - displayWidth(`copied: ${how}`)));
	const shown = truncate(clean(text, 400), room, ellipsis);
	// Cut after a space, "%{http_code} …" reads as if the space were copied.
	const trimmed = shown.endsWith(ellipsis) ? `${shown.slice(0, -ellipsis.length).trimEnd()}${ellipsis}` : shown;
	return `copied: ${trimmed}${how}`;
}
