import fs from 'node:fs';
import path from 'node:path';
import {filesBeside} from './files-beside.js';
import {historyFileNamed, type HistoryPlace} from './history-records.js';

/**
 * A config watched through a symlink keeps its history under the path as given (historyPlaceFor: a release layout's
 * `current/checks.yaml` keeps one history across deploys), and one watched by its real path under that: two files for
 * one config. So that a restart through the other name goes on from the past the first recorded, the watcher through
 * a symlink leaves an empty pointer beside the real path's history, `<real path's history>.alias-<its own history's
 * name without .jsonl>` (no `.jsonl` at its end, so nothing takes it for a history), and a watcher reads its past from the most recently written of the histories of the names it can tell.
 */
const aliasPattern = /^alias-([a-z\d-]+-[\da-f]{12})$/;

/** Leaves the pointer from the real path's history to `place`'s, when the config was given through a symlink. Best effort. */
export function noteOtherName(place: HistoryPlace): void {
	if (place.realPath === place.keyedOn) return;
	const directory = path.dirname(place.file);
	const pointer = `${historyFileNamed(place.realPath, directory)}.alias-${path.basename(place.file, '.jsonl')}`;
	try {
		// O_EXCL: nothing is followed or overwritten, a pointer already there is the same one.
		fs.closeSync(fs.openSync(pointer, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600));
	} catch {
		// No state directory yet, or one uptop cannot write in: its writer says so; the pointer only helps a restart.
	}
}

/**
 * The history to read the past from at start: `place`'s own, or the one of another name of the same config written
 * more recently (the real path's, or a symlink's its pointer names). The run still writes under its own name.
 */
export function pastHistoryFile(place: HistoryPlace): string {
	const directory = path.dirname(place.file);
	const real = historyFileNamed(place.realPath, directory);
	const named = new Set([place.file, real, ...filesBeside(real, aliasPattern).map(({match}) => path.join(directory, `${match[1]!}.jsonl`))]);
	let latest = place.file;
	let latestMs = writtenAt(place.file);
	for (const file of named) {
		const at = writtenAt(file);
		if (at > latestMs) {
			latest = file;
			latestMs = at;
		}
	}

	return latest;
}

/** When `file` was last written, or -Infinity when it is not a file there. */
function writtenAt(file: string): number {
	try {
		const stat = fs.lstatSync(file);
		return stat.isFile() ? stat.mtimeMs : Number.NEGATIVE_INFINITY;
	} catch {
		return Number.NEGATIVE_INFINITY;
	}
}
