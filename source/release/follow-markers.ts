import fs from 'node:fs';
import path from 'node:path';
import type {Marker} from '../monitor/types.js';
import {markerFromRecord, parseHistoryLine, processWriterId} from './history-records.js';
import {makeDirectory} from './make-directory.js';
import {openRefusingForeignSymlink} from './foreign-symlink.js';
import {isMomentaryFileProblem} from './history-problem.js';
import {LineSplitter} from './file-lines.js';

/** Bytes read at a time: a history read from its start (20 MB) is not held whole. */
const chunkBytes = 1 << 20;

export type FollowOptions = {
	/** Lines with this writer id are our own and are skipped. Default: this process's id. */
	readonly writerId?: string;
	/** Safety net for platforms or filesystems where fs.watch misses events. Default 250 ms. */
	readonly pollMs?: number;
	/**
	 * A read that failed, once per kind of failure: it is tried again at the next event or poll anyway. A moment's
	 * shortage (out of open files while many probes hold sockets) is not said at all: it passes by itself.
	 */
	readonly onError?: (error: Error) => void;
};

/**
 * Calls `onMarker` for every marker another process (`uptop mark`, a second instance) appends to the
 * history file from now on. Watches the directory (the file may not exist yet, and compaction replaces
 * it), checks the size on every event and on a short poll, and reads only the appended bytes.
 */
export function followMarkers(historyFile: string, onMarker: (marker: Marker) => void, options: FollowOptions = {}): {close(): void} {
	const writerId = options.writerId ?? processWriterId;
	const directory = path.dirname(historyFile);
	const name = path.basename(historyFile);
	let inode: number | undefined;
	let offset = 0;
	// The line not ended yet, held across reads; one with no newline for megabytes (a file of NULs) is dropped as it
	// is read, and each byte looked at once (file-lines.ts).
	let splitter = new LineSplitter();
	let closed = false;
	const startedAt = Date.now();
	const saidCodes = new Set<string>();
	const report = (error: unknown): void => {
		if (isMomentaryFileProblem(error)) return;
		const code = (error as NodeJS.ErrnoException)?.code ?? 'unknown';
		if (saidCodes.has(code)) return;
		saidCodes.add(code);
		options.onError?.(error instanceof Error ? error : new Error(String(error)));
	};

	// Markers already reported, so re-reading a replaced file from its start reports only new ones.
	const seen = new Set<string>();

	const stat = (): fs.Stats | undefined => {
		try {
			return fs.statSync(historyFile);
		} catch {
			return undefined;
		}
	};

	const start = stat();
	inode = start?.ino;
	offset = start?.size ?? 0;

	const consider = (line: string, isFromStart: boolean): void => {
		const record = parseHistoryLine(line);
		if (record?.t !== 'm' || record.w === writerId) return;
		const key = `${record.w ?? ''}\u0000${record.at}\u0000${record.label}`;
		if (seen.has(key) || (isFromStart && record.at < startedAt)) return;
		seen.add(key);
		if (seen.size > 1000) {
			seen.delete(seen.values().next().value!);
		}

		onMarker(markerFromRecord(record));
	};

	const readAppended = (): void => {
		if (closed) {
			return;
		}

		try {
			const current = stat();
			if (!current) {
				return;
			}

			if (current.ino !== inode || current.size < offset) {
				// Created, or replaced by compaction: read it from its start. Markers from before we started
				// and those already reported are skipped below, so only ones appended since come through.
				inode = current.ino;
				offset = 0;
				splitter = new LineSplitter();
			}

			if (current.size === offset) {
				return;
			}

			const isFromStart = offset === 0;
			// Markers from a link another user made would be theirs to make up (foreign-symlink.ts).
			const fd = openRefusingForeignSymlink(historyFile, fs.constants.O_RDONLY, 0);
			try {
				const buffer = Buffer.allocUnsafe(Math.min(chunkBytes, current.size - offset));
				while (offset < current.size) {
					const read = fs.readSync(fd, buffer, 0, Math.min(buffer.length, current.size - offset), offset);
					if (read === 0) break;
					offset += read;
					for (const line of splitter.push(buffer.subarray(0, read))) consider(line, isFromStart);
				}
			} finally {
				fs.closeSync(fd);
			}
		} catch (error) {
			// The offset is past the chunks read whole: the rest is read at the next try.
			report(error);
		}
	};

	try {
		makeDirectory(directory, 0o700);
	} catch (error) {
		// History is best effort: without its directory there is nothing to follow, and uptop still runs.
		report(error);
	}

	let watcher: fs.FSWatcher | undefined;
	try {
		watcher = fs.watch(directory, {persistent: false}, (_event, changed) => {
			if (changed === null || changed === name) {
				readAppended();
			}
		});
		watcher.on('error', () => {
			// The poll below still runs.
		});
	} catch {
		watcher = undefined;
	}

	const poll = setInterval(readAppended, options.pollMs ?? 250);
	poll.unref();
	return {
		close() {
			closed = true;
			clearInterval(poll);
			watcher?.close();
		},
	};
}
