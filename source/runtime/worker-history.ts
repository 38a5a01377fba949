import type {Config} from '../config/types.js';
import type {RemoteMonitor} from '../monitor/remote-monitor.js';
import {attachHistory, type AttachedHistory, type HistoryFlags} from './attach-history.js';
import {onCleanup} from './process-exit.js';

/**
 * The history of an engine that runs in the probe worker (the live screen), with the exit cleanups that stop that
 * engine and close the history on the ways out the screen's own quit does not take: a signal, an uptop bug.
 */
export function attachWorkerHistory(monitor: RemoteMonitor, config: Config, flags: HistoryFlags, report: (message: string) => void): AttachedHistory {
	onCleanup(() => monitor.stop());
	const history = attachHistory(monitor, config, flags, report);
	onCleanup(() => history.close());
	return history;
}
