import type {CheckView, GoneRow} from './types.js';

/**
 * Gone rows kept for the events view, the newest: each holds at most its bounded list of changes (detailSize), so
 * the events they add stay bounded as every row's do. A release that replaces a hundred failing pods keeps them all.
 */
export const goneRowLimit = 100;

/**
 * Whether the row's events are more than its first result: a row that only came up (and went) said nothing the
 * round's line does not, and a release replacing every pod would fill the list with them.
 */
function hasOwnEvents(view: CheckView): boolean {
	return view.transitions.some(change => change.from !== 'pending' || change.to !== 'up')
		|| (view.transitionsDropped ?? 0) > 0
		|| (view.continued !== undefined && view.continued.state !== 'up');
}

/**
 * `gone` with `view` added, when it has events of its own; its results (history, sparkline) are left out: only
 * its state changes are listed, and a hundred rows of 8,640 samples each would be held for nothing.
 */
export function keepGoneRow(gone: readonly GoneRow[], view: CheckView, at: number, why: GoneRow['why']): readonly GoneRow[] {
	if (!hasOwnEvents(view)) return gone;
	const {release: _release, recentAt: _recentAt, nextAt: _nextAt, ...kept} = view;
	const lean: CheckView = Object.freeze({...kept, history: Object.freeze([]), recentLatencyMs: Object.freeze([]), recentStates: Object.freeze([]), isRunning: false});
	return Object.freeze([...gone.slice(Math.max(0, gone.length - goneRowLimit + 1)), Object.freeze({view: lean, at, why})]);
}

/** `gone` without the rows a reload added back: their changes are listed with their rows again. */
export function withoutReturned(gone: readonly GoneRow[], ids: ReadonlySet<string>): readonly GoneRow[] {
	const kept = gone.filter(({view, why}) => why !== 'removed' || !ids.has(view.id));
	return kept.length === gone.length ? gone : Object.freeze(kept);
}
