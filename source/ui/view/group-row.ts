import type {Mode} from '../keymap.js';
import type {TableRow} from './select-rows.js';

/** Enter on a group's row folds or unfolds it: the status line says which, not "details". */
export function groupRowOf(mode: Mode, selected: TableRow | undefined): 'folded' | 'unfolded' | undefined {
	return mode === 'table' && selected?.kind === 'group' ? (selected.isFolded ? 'folded' : 'unfolded') : undefined;
}
