import fs from 'node:fs';
import path from 'node:path';
import {filesBeside} from './files-beside.js';
import {historyFileNamed, type HistoryPlace} from './history-records.js';
import {lastResultAt} from './last-result-at.js';

/**
 * A config watched through a symlink keeps its history under the path as given (historyPlaceFor: a release layout's
 * `current/checks.yaml` keeps one history across deploys), and one watched by its real path under that: two files for
 * one config. So that a restart through the other name goes on from the past the first recorded, the watcher through
 * a symlink leaves an empty pointer beside the real path's history, `<real path's history>.alias-<its own history's
 * name without .jsonl>` (no `.jsonl` at its end, so nothing takes it for a history). A watcher reads its past from
 * the history, of the names it can tell, with the latest result, and the markers of them all.
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

/** The histories of the config's names this watcher can tell: its own, the real path's, and those of the symlinks pointed to. */
function namedHistoryFiles(place: HistoryPlace): Set<string> {
	const directory = path.dirname(place.file);
	const real = historyFileNamed(place.realPath, directory);
	return new Set([place.file, real, ...filesBeside(real, aliasPattern).map(({match}) => path.join(directory, `${match[1]!}.jsonl`))]);
}

/**
 * The history to read the past from at start: `place`'s own, or the one of another name of the same config whose last
 * result is later (the real path's, or a symlink's its pointer names). Results, not the time the file was written:
 * `uptop mark` through the other name while no watcher ran makes that file the newest, with a marker only in it.
 * The run still writes under its own name; a check a reload adds is seeded from this file too.
 */
export function pastHistoryFile(place: HistoryPlace): string {
	let latest = place.file;
	let latestAt = lastResultAt(place.file);
	for (const file of namedHistoryFiles(place)) {
		const at = lastResultAt(file);
		if (at > latestAt) {
			latest = file;
			latestAt = at;
		}
	}

	return latest;
}

/** The other names' histories, beside `pastFile` (pastHistoryFile's): their markers are the config's too (merged-markers.ts). */
export function pastMarkerFiles(place: HistoryPlace, pastFile: string): string[] {
	return [...namedHistoryFiles(place)].filter(file => file !== pastFile && isFile(file));
}

function isFile(file: string): boolean {
	try {
		return fs.lstatSync(file).isFile();
	} catch {
		return false;
	}
}
