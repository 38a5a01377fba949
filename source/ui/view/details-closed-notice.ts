import {commandFor, formatKeys, keysFor, type Mode} from '../keymap.js';

/**
 * What J, K, ctrl-d and ctrl-u say in the table, where no detail pane is open for them to scroll and they did
 * nothing, silently: `J/K scroll the details: enter opens them`, the key pressed and its pair. Undefined for
 * other keys and modes.
 */
export function detailsClosedNotice(mode: Mode, name: string): string | undefined {
	if (mode !== 'table' || commandFor(mode, name) !== undefined) return undefined;
	const command = commandFor('detail', name);
	if (command !== 'scrollDown' && command !== 'scrollUp') return undefined;
	const down = keysFor('scrollDown', 'detail');
	const up = keysFor('scrollUp', 'detail');
	const index = Math.max(down.indexOf(name), up.indexOf(name));
	const [open] = keysFor('open', 'table');
	return `${formatKeys([down[index] ?? name, up[index] ?? name])} scroll the details: ${formatKeys([open ?? 'enter'])} opens them`;
}
