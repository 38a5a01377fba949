import type {Config} from '../config/types.js';
import type {RemoteMonitor} from '../monitor/remote-monitor.js';
import {attachHistory, type AttachedHistory, type HistoryFlags, type HistoryNotice} from './attach-history.js';
import {onCleanup} from './process-exit.js';

/**
 * How long an exit waits for the worker to hand over the results it sent: it answers within a turn of its event
 * loop, so this bounds only a worker that is stuck. Well under runCleanups' own limit (cleanupLimitMs, 4 s), and
 * not behind the worker's stop (up to 3 s): the history's flush and the `--report` come after it, and are not cut.
 */
export const exitDrainLimitMs = 1000;

/**
 * The history of an engine that runs in the probe worker (the live screen), with the exit cleanups that stop that
 * engine and close the history on the ways out the screen's own quit does not take: a signal, an uptop bug.
 */
export function attachWorkerHistory(monitor: RemoteMonitor, config: Config, flags: HistoryFlags, report: HistoryNotice, untilScreenGone: () => Promise<void> = async () => undefined): AttachedHistory {
	onCleanup(() => monitor.stop());
	const history = attachHistory(monitor, config, flags, report);
	onCleanup(async () => {
		// The last results the worker sent before the signal may still be on their way to this thread: they reach
		// the history before its last flush. Bounded, as a worker stuck in a long task must not hold the exit.
		// The screen's teardown too (bounded as well): the `--report` is made synchronously, for seconds from a long
		// history, and a teardown still queued for the terminal then was dropped by the exit, the alternate screen on.
		await Promise.all([monitor.drain(exitDrainLimitMs), untilScreenGone()]);
		history.close();
	});
	return history;
}
