import type {Check} from '../config/types.js';
import type {CutRun, State} from './types.js';

/** Changes of one row closer together than this (and than a few of its intervals) belong to one run. */
const flapGapMs = 120_000;

/**
 * The most time between two state changes of one run of a row's changes: a run of several is a flap (the events
 * view folds it into one line). A check failing and recovering twice in an hour is not one run: its changes are
 * minutes apart.
 */
export function flapRunGapMs(check: Pick<Check, 'intervalMs'>): number {
	return Math.max(flapGapMs, 3 * check.intervalMs);
}

/**
 * The cut run once `dropped`, a row's oldest kept change, leaves its bounded list: the change goes on the run of
 * changes dropped before it when it came within the gap of that run's last, else it starts one. A change from
 * pending (a first result) belongs to no run, as in the events view.
 */
export function extendCutRun(run: CutRun | undefined, dropped: {readonly at: number; readonly from: State}, check: Pick<Check, 'intervalMs'>): CutRun | undefined {
	if (dropped.from === 'pending') return undefined;
	if (run !== undefined && dropped.at - run.lastAt <= flapRunGapMs(check)) return Object.freeze({count: run.count + 1, since: run.since, lastAt: dropped.at});
	return Object.freeze({count: 1, since: dropped.at, lastAt: dropped.at});
}
