import fs from 'node:fs';
import {openRefusingForeignSymlink} from './foreign-symlink.js';
import {maxLineBytes} from './file-lines.js';
import {parseHistoryLine} from './history-records.js';

/** Bytes read at a time from the end: a busy history's last result is within its last few lines. */
const chunkBytes = 64 << 10;

/**
 * When the last result in a history was recorded, or -Infinity when it holds none (or cannot be read). Read from the
 * end: only a watcher writes results, while `uptop mark` appends a marker to a history no watcher is writing, so the
 * file written last is not always the one a watcher went on in. Another user's link is not followed (foreign-symlink.ts).
 */
export function lastResultAt(file: string): number {
	let fd: number;
	try {
		fd = openRefusingForeignSymlink(file, fs.constants.O_RDONLY, 0);
	} catch {
		return Number.NEGATIVE_INFINITY;
	}

	try {
		const stat = fs.fstatSync(fd);
		if (!stat.isFile()) return Number.NEGATIVE_INFINITY;
		let end = stat.size;
		/** The start of the line the chunk after this one began in the middle of. */
		let carry = Buffer.alloc(0);
		while (end > 0) {
			const start = Math.max(0, end - chunkBytes);
			const chunk = Buffer.allocUnsafe(end - start);
			fs.readSync(fd, chunk, 0, chunk.length, start);
			const bytes = Buffer.concat([chunk, carry]);
			// Whole lines only: before the first newline may be the end of a line that starts in an earlier chunk.
			const firstNewline = bytes.indexOf(10);
			const cut = start === 0 ? 0 : firstNewline + 1;
			end = start;
			carry = bytes.subarray(0, cut === 0 && start > 0 ? bytes.length : cut);
			// Megabytes with no newline were not written by uptop (a binary over the history): taken as no result.
			if (carry.length > maxLineBytes) return Number.NEGATIVE_INFINITY;
			if (cut === 0 && start > 0) continue;
			// A newline byte is never inside a UTF-8 character: each line decodes whole.
			const lines = bytes.subarray(cut).toString('utf8').split('\n');
			for (let index = lines.length - 1; index >= 0; index--) {
				const line = lines[index]!;
				if (!line.includes('"t":"r"')) continue;
				const record = parseHistoryLine(line);
				if (record?.t === 'r') return record.at;
			}
		}

		return Number.NEGATIVE_INFINITY;
	} catch {
		return Number.NEGATIVE_INFINITY;
	} finally {
		fs.closeSync(fd);
	}
}
