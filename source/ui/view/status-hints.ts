import {formatKeys, isPromptMode, keymap, notUpOnly, type Command, type Mode} from '../keymap.js';
import {clean, displayWidth} from '../text.js';
import {isTableOnly} from './table-only-keys.js';
import type {SortKey} from './view-reducer.js';

/** One key hint of the status line: `? help`, `p resume`. */
export type Hint = {
	readonly key: string;
	readonly hint: string;
	/** Drawn before every other label's room is given out: the way to the other keys (help, quit), or back from a pause. */
	readonly isFirst: boolean;
};

export type StatusInput = {
	readonly mode: Mode;
	/** The events list's cursor is on an event of one check: enter goes to it, and its hint shows. */
	readonly canGoToCheck?: boolean;
	/** The table's cursor is on a group's row, where enter folds or unfolds it rather than open details. */
	readonly groupRow?: 'folded' | 'unfolded';
	/** The table lists no row (a filter that matches nothing): enter and r have nothing to act on. Default true. */
	readonly hasRow?: boolean;
	readonly filter: string;
	readonly sort: SortKey;
	readonly problemsOnly: boolean;
	readonly isPaused: boolean;
	/** The detail pane fills the screen: the keys that act only on the table are not hinted (table-only-keys.ts). */
	readonly isTableHidden?: boolean;
	readonly notice?: string;
	readonly width: number;
	readonly isAscii: boolean;
};

export const hintGap = '  ';
export const filterLabel = 'filter: ';
export const problemsLabel = notUpOnly;

/**
 * The mode's key hints in the order drawn. Help and quit first: when the width runs out, the way to every other
 * key must still show. While paused, the way back comes next: after a `p` pressed by accident its notice took
 * the room, and "p resume" was cut.
 */
export function statusHints({mode, canGoToCheck = false, groupRow, hasRow = true, filter, sort, problemsOnly, isPaused, isTableHidden = false, isAscii}: StatusInput): Hint[] {
	const first: readonly Command[] = isPaused ? ['help', 'quit', 'pause'] : ['help', 'quit'];
	const hints = keymap
		.filter(binding => binding.hint !== undefined && binding.modes.includes(mode))
		.filter(binding => !(binding.command === 'close' && mode === 'table' && filter === ''))
		.filter(binding => !(binding.command === 'open' && mode === 'events' && !canGoToCheck))
		// Beside `no check matches "…"`, "enter details" offered a key that does nothing.
		.filter(binding => !(mode === 'table' && !hasRow && (binding.command === 'open' || binding.command === 'recheck')))
		// In the events view "e events" named the view it is in; e closes it, as esc (hinted) does and its title says.
		.filter(binding => !(binding.command === 'events' && mode === 'events'))
		.filter(binding => !(isTableHidden && mode === 'detail' && isTableOnly(binding.command)))
		// y copies the `by hand` command the detail pane shows; in the table it is not on the screen, and the table's
		// line is full at 80 columns. Over the details it comes before `e events` (keymap order), so it fits at 80.
		.filter(binding => !(binding.command === 'copy' && mode !== 'detail'))
		.map(binding => ({
			key: formatKeys(binding.keys.slice(0, 1), isAscii),
			// A toggle's hint names what the key does now: `f all` while only problems are listed, `p resume` while paused.
			hint: binding.command === 'sort' ? `${binding.hint}:${sort}`
				: binding.command === 'open' && mode === 'events' ? 'go to check'
				: binding.command === 'open' && groupRow !== undefined ? (groupRow === 'folded' ? 'unfold' : 'fold')
				: binding.command === 'problems' && problemsOnly ? 'all'
				// In the table esc has nothing to close: it clears the filter (the hint shows only while there is one).
				: binding.command === 'close' && mode === 'table' ? 'clear'
				: binding.command === 'pause' && isPaused ? 'resume'
				: binding.hint!,
			rank: first.includes(binding.command) ? first.indexOf(binding.command) : first.length,
		}));
	// A stable sort: the others keep the keymap's order.
	return hints.sort((a, b) => a.rank - b.rank).map(({rank, ...hint}) => ({...hint, isFirst: rank < first.length}));
}

/** Cells the first hints take, with the gaps between them. */
function firstHintsWidth(hints: readonly Hint[]): number {
	return hints.filter(hint => hint.isFirst).reduce((sum, hint, index) => sum + (index > 0 ? hintGap.length : 0) + displayWidth(`${hint.key} ${hint.hint}`), 0);
}

/**
 * Whether the notice takes a line of its own above the status line: beside the filter and the first key hints
 * it would be cut ("select a check to mark its deployment (m marks every check)" at 60 columns). A prompt keeps
 * its notice on its line, as it keeps the whole line.
 */
function isNoticeOnOwnLine(input: StatusInput, firstWidth: number): boolean {
	const {mode, filter, problemsOnly, notice, width} = input;
	if (!notice || isPromptMode(mode)) return false;
	const labels = (filter === '' ? 0 : displayWidth(filterLabel + clean(filter)) + 1) + (problemsOnly ? displayWidth(problemsLabel) + 1 : 0);
	return labels + displayWidth(notice) + hintGap.length + firstWidth > width;
}

/** The status line's hints, measured once for both the footer and the layout's count of its lines. */
export type StatusLine = {
	readonly hints: readonly Hint[];
	/** Cells the first hints take with the gaps between them: outside a prompt, no label takes them. */
	readonly firstHintsWidth: number;
	/** The notice takes a line of its own above the status line (isNoticeOnOwnLine). */
	readonly hasNoticeLine: boolean;
};

export function statusLine(input: StatusInput): StatusLine {
	const hints = statusHints(input);
	const firstWidth = firstHintsWidth(hints);
	return {hints, firstHintsWidth: firstWidth, hasNoticeLine: isNoticeOnOwnLine(input, firstWidth)};
}

/** Whether the notice takes a line of its own above the status line: the layout counts it. */
export function hasNoticeLine(input: StatusInput): boolean {
	return statusLine(input).hasNoticeLine;
}
