import {redactionMark} from '../../text/redact.js';
import type {Segment} from '../components/Line.js';
import {clean} from '../text.js';
import type {DetailOptions} from './detail-options.js';
import {wrapCommand} from '../wrap-command.js';
import {labelledLines, labelledParts, valueRoom} from './labelled-lines.js';

const byHandLinesShown = 10;

/**
 * The shell command that does what the probe does (hand-command.ts), to paste in another pane: `y` copies it whole.
 * A variable's value shows as `"${NAME}"`; a secret written in the file, or a variable's value the command cuts in two
 * (`host: ${DB_ADDR}`), as `••••`, which the command needs filled in.
 */
export function byHandLines(command: string | undefined, options: DetailOptions): Segment[][] {
	if (command === undefined) return [];
	// Enough lines for a few headers and a long URL in the side pane beside the table (48 cells at 120 columns):
	// cut after four, the URL the command is about was the part lost. A request body may still be cut; `y` copies all.
	// Wrapped as the shell reads it, so the lines copied off the screen together (a mouse over SSH, where `y` may not
	// reach the clipboard) still run as one command.
	const parts = wrapCommand(options.theme.spell(clean(command, 2000)), valueRoom(options), byHandLinesShown, options.theme.ellipsis);
	const lines = labelledParts('by hand', parts, options, {colour: options.theme.role('accent')});
	if (command.includes(redactionMark)) {
		lines.push(...labelledLines('', `${redactionMark} is a secret: fill it in to run this`, options, 2, {colour: options.theme.role('muted')}));
	}

	return lines;
}
