import {formatKeys, keysFor, type Command} from '../keymap.js';

/**
 * Commands that change only how the table lists checks (filter, sort, `f`). When the detail pane fills the
 * screen (computeLayout's placement 'full': too narrow for the pane beside the table and too short for it below)
 * there is no table to show it: a sort changed nothing the operator could see but its own hint, and a filter
 * could leave the pane with "no check selected". There they are not hinted and say so instead of acting.
 */
export const tableOnlyCommands: readonly Command[] = ['filter', 'sort', 'problems'];

export function isTableOnly(command: Command): boolean {
	return tableOnlyCommands.includes(command);
}

/** What such a key says over a pane that hides the table: `/ acts on the table: esc closes the details first`. */
export function tableHiddenNotice(command: Command): string {
	const [key] = keysFor(command, 'table');
	const [close] = keysFor('close', 'detail');
	return `${formatKeys([key ?? command])} acts on the table: ${formatKeys([close ?? 'escape'])} closes the details first`;
}
