import fs from 'node:fs';
import process from 'node:process';
import {filesBeside} from './files-beside.js';
import {isProcessRunning} from './process-running.js';
import {removeDeadCompactionsWhenUnlocked} from './history-compact.js';

/**
 * A running uptop says it follows a history file with a file of its own beside it, `<history>.<pid>-<hex>.watching`,
 * from its start to its exit. `uptop mark` reads it to tell a freshly started watcher, which has recorded no result
 * yet (its first probes are still running), from a mistyped --state-dir, where no uptop will ever show the marker.
 */
export type WatcherPresence = {
	/** Removes the file; safe to call more than once. */
	close(): void;
};

const presenceName = /^(\d+)-[\da-f]{8}\.watching$/;

/** The presence files of `file`'s watchers, with the pid each names. */
function presenceFiles(file: string): Array<{readonly path: string; readonly pid: number}> {
	return filesBeside(file, presenceName).map(({path, match}) => ({path, pid: Number(match[1])}));
}

/**
 * Writes this process's presence file for `file`, first removing those of watchers that died without removing
 * theirs (a kill -9, a crash), which nothing else would remove, and, under the compaction lock, the temp files of
 * compactions that died so. Best effort: the history writer says what is wrong with a state directory it cannot
 * write, and a missing presence file costs only mark's note.
 */
export function announceWatcher(file: string): WatcherPresence {
	removeDeadCompactionsWhenUnlocked(file, Date.now());
	for (const stale of presenceFiles(file)) {
		if (isProcessRunning(stale.pid)) continue;
		try {
			fs.rmSync(stale.path, {force: true});
		} catch {
			// Not ours to remove (another user's directory): it only keeps mark quiet, as a live one would.
		}
	}

	const own = `${file}.${process.pid}-${Math.floor(Math.random() * 2 ** 32).toString(16).padStart(8, '0')}.watching`;
	let isWritten = false;
	try {
		fs.writeFileSync(own, '', {mode: 0o600, flag: 'wx'});
		isWritten = true;
	} catch {
		// Not writable, or the directory is missing: see above.
	}

	const remove = (): void => {
		if (!isWritten) return;
		isWritten = false;
		process.removeListener('exit', remove);
		try {
			fs.rmSync(own, {force: true});
		} catch {
			// Left behind: the next watcher of this file removes it once this pid is gone.
		}
	};

	// Also on an exit that never reaches close() (a cleanup that threw before it, an exit that runs no cleanups):
	// 'exit' listeners run synchronously on every process.exit.
	if (isWritten) process.on('exit', remove);
	return {close: remove};
}

/** Whether a running process follows `file` (has announced itself and not exited), recorded anything or not. */
export function hasLiveWatcher(file: string): boolean {
	return presenceFiles(file).some(presence => isProcessRunning(presence.pid));
}

/**
 * Whether a process other than this one follows `file`: its own presence (the screen announces before its probe
 * thread reads the history) is not another uptop's.
 */
export function hasOtherLiveWatcher(file: string): boolean {
	return presenceFiles(file).some(presence => presence.pid !== process.pid && isProcessRunning(presence.pid));
}
