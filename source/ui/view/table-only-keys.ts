import {commandFor, formatKeys, keysFor, type Command, type Mode} from '../keymap.js';

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

/** The views drawn over the table, as a fold key's notice names them. */
const overTable: Readonly<Record<'detail' | 'events' | 'help', string>> = {detail: 'the details', events: 'the events', help: 'the help'};

/**
 * What a key bound to fold only in the table (tab, space) says over the details, the events list or the help,
 * where it did nothing and said nothing: `tab folds the table's groups: esc closes the details first`. Folding
 * there would hide the check whose details are open, or a table that is not drawn. Undefined for other keys and
 * modes.
 */
export function foldElsewhereNotice(mode: Mode, name: string): string | undefined {
	if (!(mode in overTable) || commandFor(mode, name) !== undefined || commandFor('table', name) !== 'fold') return undefined;
	const [close] = keysFor('close', mode);
	return `${formatKeys([name])} folds the table's groups: ${formatKeys([close ?? 'escape'])} closes ${overTable[mode as keyof typeof overTable]} first`;
}
