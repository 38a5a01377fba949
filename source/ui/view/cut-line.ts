import type {CheckView} from '../../monitor/types.js';

/**
 * Where a row's "older state changes not kept" line goes in the events view (epoch ms, listed below everything of
 * that time), or undefined when it has nothing to say: every change the row's bounded list dropped is counted by a
 * line, its first result (firstChange, listed or in its round) or the dropped run a flapping line goes on from
 * (cutRun, when `isCutRunCounted`).
 * One line per row, below the newest line of the row that some missing change is older than: under its oldest
 * line after its first result (`oldestListedAt`, a kept change or a flap) when a change since that first result is
 * missing; under the first result when only changes before it are (an earlier run's, from the history file), so
 * the line does not claim a gap in the middle of a run that lost nothing. Without the number dropped
 * (transitionsDropped) there is no telling, and the line stays under the oldest line.
 */
export function cutLineAt(row: CheckView, oldestListedAt: number | undefined, isCutRunCounted: boolean): number | undefined {
	if (row.transitionsCut !== true || oldestListedAt === undefined) return undefined;
	if (row.transitionsDropped === undefined) return oldestListedAt;
	const before = row.firstChange === undefined ? 0 : row.droppedBeforeFirstChange ?? 0;
	const counted = (row.firstChange === undefined ? 0 : 1) + (isCutRunCounted ? row.cutRun?.count ?? 0 : 0);
	if (row.transitionsDropped - before > counted) return oldestListedAt;
	return before > 0 ? row.firstChange!.at : undefined;
}
