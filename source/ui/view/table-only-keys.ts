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
 * What a table key that does nothing where it is pressed says, where it did nothing and said nothing: over the
 * details, the events list or the help, tab and space say `tab folds the table's groups: esc closes the details
 * first` (folding there would hide the check whose details are open, or a table that is not drawn); over the
 * events list or the help, the table's other keys (`/ s f p r R M`) say `s works in the table: esc closes the
 * events first`. Undefined for keys that are no table key, or that act where they are pressed.
 */
export function tableKeyElsewhereNotice(mode: Mode, name: string): string | undefined {
	if (!(mode in overTable) || commandFor(mode, name) !== undefined) return undefined;
	const command = commandFor('table', name);
	if (command === undefined || (command !== 'fold' && mode === 'detail')) return undefined;
	const [close] = keysFor('close', mode);
	const does = command === 'fold' ? 'folds the table\'s groups' : 'works in the table';
	return `${formatKeys([name])} ${does}: ${formatKeys([close ?? 'escape'])} closes ${overTable[mode as keyof typeof overTable]} first`;
}
