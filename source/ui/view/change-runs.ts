import {isInRun} from '../../monitor/flap-run.js';
import type {CheckView, CutRun, Transition} from '../../monitor/types.js';

/**
 * One run of a row's state changes (each in the run of the one before it, isInRun), oldest first; a change from
 * pending is one of its own. `cut`: the changes the row's bounded list dropped (CheckView.cutRun) when this run
 * goes on from them, which only the oldest run kept can.
 */
export type ChangeRun = {readonly changes: readonly Transition[]; readonly cut?: CutRun};

/** How many changes a run has made: its kept ones and the dropped ones it goes on from. */
export function runCount(run: ChangeRun): number {
	return (run.cut?.count ?? 0) + run.changes.length;
}

/**
 * A row's kept changes split into runs, oldest first: what the table and the detail pane (flapOf, the newest run)
 * and the events view (foldFlapping, every run) read, so that they cannot tell two stories of one row.
 */
export function splitChangeRuns(row: CheckView): readonly ChangeRun[] {
	const runs: Array<{changes: Transition[]; cut?: CutRun}> = [];
	const oldestFirst = [...row.transitions].sort((a, b) => a.at - b.at);
	for (const change of oldestFirst) {
		const run = runs.at(-1);
		const last = run?.changes.at(-1);
		if (run === undefined) {
			const {cutRun} = row;
			runs.push(cutRun !== undefined && isInRun(cutRun.lastAt, change, row.check) ? {changes: [change], cut: cutRun} : {changes: [change]});
		} else if (last!.from !== 'pending' && isInRun(last!.at, change, row.check)) {
			run.changes.push(change);
		} else {
			runs.push({changes: [change]});
		}
	}

	return runs;
}
