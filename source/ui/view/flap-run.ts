import type {CheckView, State} from '../../monitor/types.js';
import {flapRunGapMs} from '../../monitor/flap-run.js';
import {statesBySeverity} from '../theme.js';

/**
 * What "flapping" means, in one place for the events view (which folds a flap into one line), the table
 * (which holds a flapping row in one place) and the detail pane (which says so): a run of `flapRunLength` state
 * changes or more, each closer to the one before than the monitor's flapRunGapMs (two minutes, or three of the
 * row's intervals).
 */
export const flapRunLength = 4;

/** The flap a row is in: the worst state it had in it, how many changes it has made, and when the first and newest were (epoch ms). */
export type Flap = {readonly worst: State; readonly count: number; readonly firstAt: number; readonly latestAt: number};

/**
 * The flap a row is in at `at`, or undefined when it is not flapping: its newest changes make a run of
 * flapRunLength or more, and the newest is less than that gap before `at`. A first result (from pending) is
 * uptop starting, not the check changing, and is no part of a run. A run that goes on into the changes the
 * row's bounded list dropped (CheckView.cutRun) counts those too, from the first of them, as the events view does.
 */
export function flapOf(row: CheckView, at: number): Flap | undefined {
	const gapMs = flapRunGapMs(row.check);
	const [newest] = row.transitions;
	if (newest === undefined || at - newest.at >= gapMs) return undefined;
	let worst = row.state;
	let count = 0;
	let later = newest.at;
	let isWholeList = true;
	// transitions is newest first
	for (const transition of row.transitions) {
		if (transition.from === 'pending' || later - transition.at > gapMs) {
			isWholeList = false;
			break;
		}

		count++;
		later = transition.at;
		for (const state of [transition.from, transition.to]) {
			if (statesBySeverity.indexOf(state) < statesBySeverity.indexOf(worst)) worst = state;
		}
	}

	if (count < flapRunLength) return undefined;
	const {cutRun} = row;
	const isCutRunJoined = isWholeList && cutRun !== undefined && later - cutRun.lastAt <= gapMs;
	return isCutRunJoined
		? {worst, count: count + cutRun.count, firstAt: cutRun.since, latestAt: newest.at}
		: {worst, count, firstAt: later, latestAt: newest.at};
}

/** The worst state a row had in the flap it is in at `at` (flapOf), or undefined when it is not flapping. */
export function flapWorstState(row: CheckView, at: number): State | undefined {
	return flapOf(row, at)?.worst;
}
