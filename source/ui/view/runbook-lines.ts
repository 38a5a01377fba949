import type {Segment} from '../components/Line.js';
import {clean, displayWidth, fit, toAscii, truncate} from '../text.js';
import type {DetailOptions} from './detail-options.js';
import {labelled, labelledLines, labelWidth} from './labelled-lines.js';
import {noteLines} from './note-lines.js';

/**
 * A URL is one line, a link where the terminal supports them (OSC 8: the whole target clicks, however much
 * of it fits) and otherwise broken over up to three lines so all of it can be read; a note wraps like text.
 */
export function runbookLines(runbook: string | undefined, options: DetailOptions): Segment[][] {
	const {theme} = options;
	if (!runbook) return [labelled('runbook', theme.dash, options)];
	const target = theme.isAscii ? toAscii(clean(runbook, 2000)) : clean(runbook, 2000);
	if (!options.hyperlinks || !/^[a-z][\w+.-]*:\/\/\S+$/i.test(target)) {
		return runbook.trimEnd().includes('\n') ? noteLines('runbook', runbook, options, 3, {colour: theme.role('accent')}) : labelledLines('runbook', target, options, 3, {colour: theme.role('accent')});
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
