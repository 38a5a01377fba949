import fs from 'node:fs';
import {openRefusingForeignSymlink} from './foreign-symlink.js';
import {parseHistoryLine} from './history-records.js';

/**
 * Bytes read from the start of a history file: markers alone (~100 bytes each) never fill this much in practice,
 * so a longer file holds results, and a large history is not read to answer.
 */
const sampleBytes = 64 * 1024;

/**
 * Whether a history file holds anything but markers: a result, a state change or a version, which only a watching
 * uptop writes. False for a file that does not exist. A marker added where none of these are went to a place no
 * uptop has watched (a mistyped --state-dir), and no running instance will show it.
 */
export function hasRecordedResults(file: string): boolean {
	let fd: number | undefined;
	try {
		fd = openRefusingForeignSymlink(file, fs.constants.O_RDONLY, 0);
		if (fs.fstatSync(fd).size > sampleBytes) return true;
		const buffer = Buffer.alloc(sampleBytes);
		const length = fs.readSync(fd, buffer, 0, sampleBytes, 0);
		return buffer.toString('utf8', 0, length).split('\n').some(line => isWatcherLine(line));
	} catch {
		// Missing, not a file (a directory in its place), or another user's link: nothing recorded; the write says what is wrong.
		return false;
	} finally {
		if (fd !== undefined) fs.closeSync(fd);
	}
}

/** A record loadHistory would read, other than a marker: what history-records.ts parses is the one definition. */
function isWatcherLine(line: string): boolean {
	const record = parseHistoryLine(line);
	return record !== undefined && record.t !== 'm';
}
