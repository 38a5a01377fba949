import type {Marker} from '../monitor/types.js';
import {fileLines} from './file-lines.js';
import {defaultMaxMarkers, type LoadedHistory} from './history-load.js';
import {markerFromRecord, parseHistoryLine} from './history-records.js';

/**
 * `history` with the markers of `files` too, the other names' histories of its config (other-name-history.ts), in
 * time order, each once. `uptop mark` writes to the history of the name it is given, whichever name a watcher runs
 * through: read from one file, the markers of the other were gone from the restarted screen. Best effort: a file that
 * cannot be read adds nothing (the history read first says what is wrong with its own).
 */
export function withMarkersOf(history: LoadedHistory, files: readonly string[]): LoadedHistory {
	const added = files.flatMap(file => markersIn(file));
	if (added.length === 0) return history;
	const seen = new Set<string>();
	const markers = [...history.markers, ...added]
		.sort((a, b) => a.at - b.at)
		.filter(marker => {
			const key = JSON.stringify([marker.at, marker.source, marker.checkId ?? '', marker.label]);
			if (seen.has(key)) return false;
			seen.add(key);
			return true;
		});
	return {...history, markers: markers.slice(Math.max(0, markers.length - defaultMaxMarkers))};
}

function markersIn(file: string): Marker[] {
	const markers: Marker[] = [];
	try {
		for (const line of fileLines(file)) {
			// Parsed only when it can be a marker: the file is mostly results.
			if (!line.includes('"t":"m"')) continue;
			const record = parseHistoryLine(line);
			if (record?.t === 'm') markers.push(markerFromRecord(record));
		}
	} catch {
		return [];
	}

	return markers;
}
