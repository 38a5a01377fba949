/**
 * What to do about the probe worker's crash. Out of memory, it is most often the history file it reads at the start
 * (up to 20 MB, held whole while it is parsed) under a small heap (NODE_OPTIONS=--max-old-space-size=64); a run that
 * read none (--no-history) was told to start with --no-history all the same.
 */
function workerCrashHint(error: Error, isHistoryRead: boolean): string {
	const {code} = (error.cause ?? {}) as {code?: string};
	if (code !== 'ERR_WORKER_OUT_OF_MEMORY') return ' (run with --debug for details)';
	const larger = 'give node a larger heap (NODE_OPTIONS=--max-old-space-size=256)';
	return isHistoryRead ? `; it reads the history file at the start: ${larger}, or start with --no-history` : `; ${larger}`;
}

/** The line the live screen leaves with when the probe worker died (remote-monitor's error), with what to do. */
export function workerCrashLine(error: Error, isHistoryRead: boolean): string {
	return `uptop: ${error.message.split('\n')[0]}${workerCrashHint(error, isHistoryRead)}`;
}
