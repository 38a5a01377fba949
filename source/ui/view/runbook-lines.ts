import type {Segment} from '../components/Line.js';
import {clean, displayWidth, fit, toAscii, truncate} from '../text.js';
import type {DetailOptions} from './detail-options.js';
import {labelled, labelWidth} from './labelled-lines.js';
import {noteLines, stepsLinesShown} from './note-lines.js';

/**
 * A URL is one line, a link where the terminal supports them (OSC 8: the whole target clicks, however much
 * of it fits) and otherwise broken over lines so all of it can be read; a note wraps like text, every step whole.
 */
export function runbookLines(runbook: string | undefined, options: DetailOptions): Segment[][] {
	const {theme} = options;
	if (!runbook) return [labelled('runbook', theme.dash, options)];
	const target = theme.isAscii ? toAscii(clean(runbook, 2000)) : clean(runbook, 2000);
	if (!options.hyperlinks || !/^[a-z][\w+.-]*:\/\/\S+$/i.test(target)) {
		// A note, one line or steps on several, as the rollback is: whole, wrapped under its label.
		return noteLines('runbook', runbook, options, stepsLinesShown, {colour: theme.role('accent')});
	}

	const room = Math.max(0, options.width - labelWidth);
	const visible = truncate(target, room, theme.ellipsis);
	// OSC 8: ESC ] 8 ; ; URL ST text ESC ] 8 ; ; ST. `clean` already turned any ESC in the URL into `^[`.
	const padding = ' '.repeat(Math.max(0, room - displayWidth(visible)));
	return [[
		{text: fit('runbook', labelWidth, theme.ellipsis), colour: theme.role('muted')},
		{text: `\u001B]8;;${target}\u001B\\${visible}\u001B]8;;\u001B\\${padding}`, isRaw: true},
	]];
}
