import {formatKeys, keysFor, type Command} from '../keymap.js';

/**
 * The commands a key still runs while the terminal is too small to draw the screen: the ways out, quit and
 * suspend. Anything else would act on a table, a filter or a pane the operator cannot see (j moved the
 * selection, / opened a prompt that then took the next keys as text), and be found changed after a resize.
 */
const commandsWhileTooSmall: readonly Command[] = ['quit', 'suspend'];

export function tooSmallCommand(name: string): Command | undefined {
	return commandsWhileTooSmall.find(command => keysFor(command, 'table').includes(name));
}

/** Said on the too-small screen, from the keymap: `q quits, other keys wait`. */
export function tooSmallKeysLine(): string {
	const [quit] = keysFor('quit', 'table');
	return `${formatKeys([quit ?? 'q'])} quits, other keys wait`;
}
