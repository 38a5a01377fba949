import type {CheckView, State} from '../../monitor/types.js';
import {flapRunGapMs} from '../../monitor/flap-run.js';
import {statesBySeverity} from '../theme.js';
import {runCount, splitChangeRuns} from './change-runs.js';

/**
 * What "flapping" means, in one place for the events view (which folds a flap into one line), the table
 * (which holds a flapping row in one place) and the detail pane (which says so): a run of `flapRunLength` state
 * changes or more (splitChangeRuns; what a run is, isInRun in monitor/flap-run.ts).
 */
export const flapRunLength = 4;

/** The flap a row is in: the worst state it had in it, how many changes it has made, and when the first and newest were (epoch ms). */
export type Flap = {readonly worst: State; readonly count: number; readonly firstAt: number; readonly latestAt: number};

/**
 * The flap a row is in at `at`, or undefined when it is not flapping: its newest run of changes (splitChangeRuns)
 * has flapRunLength or more, and the row has not yet held its state for flapRunGapMs since the newest. A run that
 * goes on into the changes the row's bounded list dropped (CheckView.cutRun) counts those too, from the first of
 * them, as the events view does.
 */
export function flapOf(row: CheckView, at: number): Flap | undefined {
	// The table's sort asks this of every row on every snapshot, and nearly every row has held its state past the gap:
	// answered from its newest change (transitions is newest first) before its changes are split into runs.
	const [newestKept] = row.transitions;
	if (newestKept === undefined || at - newestKept.at >= flapRunGapMs(row.check)) return undefined;
	const run = splitChangeRuns(row).at(-1);
	const newest = run?.changes.at(-1);
	// Held for the whole gap: the flap is over, though a change at this very instant would still have been in it.
	if (run === undefined || newest === undefined || at - newest.at >= flapRunGapMs(row.check)) return undefined;
	const count = runCount(run);
	if (count < flapRunLength) return undefined;
	let worst = row.state;
	for (const transition of run.changes) {
		for (const state of [transition.from, transition.to]) {
			if (statesBySeverity.indexOf(state) < statesBySeverity.indexOf(worst)) worst = state;
		}
	}

	return {worst, count, firstAt: run.cut?.since ?? run.changes[0]!.at, latestAt: newest.at};
}

/** The worst state a row had in the flap it is in at `at` (flapOf), or undefined when it is not flapping. */
export function flapWorstState(row: CheckView, at: number): State | undefined {
	return flapOf(row, at)?.worst;
}
