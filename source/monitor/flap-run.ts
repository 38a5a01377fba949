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
 * Whether `change` goes on the run whose latest change was at `lastAt` (epoch ms). The one rule for what a run is,
 * used by the monitor (the run its bounded list dropped, extendCutRun) and by every view that splits a row's
 * changes into runs (the table, the detail pane and the events view, through splitChangeRuns), so that no two of
 * them can disagree on whether a row is flapping.
 * - Inclusive: a change exactly flapRunGapMs after the last one belongs to the run.
 * - A change from pending (a first result) is uptop starting, not the check changing: it belongs to no run,
 *   so it goes on none and ends the one before it.
 */
export function isInRun(lastAt: number, change: {readonly at: number; readonly from: State}, check: Pick<Check, 'intervalMs'>): boolean {
	return change.from !== 'pending' && change.at - lastAt <= flapRunGapMs(check);
}

/**
 * The cut run once `dropped`, a row's oldest kept change, leaves its bounded list: the change goes on the run of
 * changes dropped before it when it is in that run (isInRun), else it starts one. A change from pending (a first
 * result) belongs to no run.
 */
export function extendCutRun(run: CutRun | undefined, dropped: {readonly at: number; readonly from: State}, check: Pick<Check, 'intervalMs'>): CutRun | undefined {
	if (dropped.from === 'pending') return undefined;
	if (run !== undefined && isInRun(run.lastAt, dropped, check)) return Object.freeze({count: run.count + 1, since: run.since, lastAt: dropped.at});
	return Object.freeze({count: 1, since: dropped.at, lastAt: dropped.at});
}
