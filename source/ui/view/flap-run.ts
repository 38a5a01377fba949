import type {CheckView, State} from '../../monitor/types.js';
import {flapRunGapMs} from '../../monitor/flap-run.js';
import {statesBySeverity} from '../theme.js';

/**
 * What "flapping" means, in one place for the events view (which folds a flap into one line) and the table
 * (which holds a flapping row in one place): a run of `flapRunLength` state changes or more, each closer to the
 * one before than the monitor's flapRunGapMs (two minutes, or three of the row's intervals).
 */
export const flapRunLength = 4;

/**
 * The worst state a row had in the flap it is in at `at`, or undefined when it is not flapping: its newest
 * changes make a run of flapRunLength or more, and the newest is less than that gap before `at`. A first
 * result (from pending) is uptop starting, not the check changing, and is no part of a run.
 */
export function flapWorstState(row: CheckView, at: number): State | undefined {
	const gapMs = flapRunGapMs(row.check);
	const [newest] = row.transitions;
	if (newest === undefined || at - newest.at >= gapMs) return undefined;
	let worst = row.state;
	let count = 0;
	let later = newest.at;
	// transitions is newest first
	for (const transition of row.transitions) {
		if (transition.from === 'pending' || later - transition.at > gapMs) break;
		count++;
		later = transition.at;
		for (const state of [transition.from, transition.to]) {
			if (statesBySeverity.indexOf(state) < statesBySeverity.indexOf(worst)) worst = state;
		}
	}

	return count >= flapRunLength ? worst : undefined;
}
