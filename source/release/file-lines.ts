import fs from 'node:fs';
import {openRefusingForeignSymlink} from './foreign-symlink.js';

/** Bytes read at a time: small beside a heap of 64 MB, large enough that a 20 MB file takes twenty reads. */
const chunkBytes = 1 << 20;

/**
 * The longest line kept: twice the largest config uptop reads (4 MiB, parse-file.ts), as a record holds one check's
 * name from it and a short reason. Anything longer (a file filled with NULs, a binary written over the history) was
 * not written by uptop, and is dropped as it is read rather than held.
 */
export const maxLineBytes = 8 << 20;

/** What stands for a line longer than maxLineBytes: no record (parseHistoryLine skips it), counted as unreadable. */
export const overlongLine = '(a line longer than 8 MiB, not read)';

/**
 * Splits bytes into lines as they come, looking only at each new chunk for a newline, so a line with none for tens of
 * megabytes costs time in proportion to its length, not its square, and at most maxLineBytes of memory. Lines are
 * decoded whole: a newline byte is never inside a UTF-8 character, so one split between two chunks stays whole.
 */
export class LineSplitter {
	/** Every byte pushed, for the record that each is looked at once. */
	scannedBytes = 0;
	/** Copies of the parts of the line not ended yet (the chunk pushed is the caller's, reused for the next read). */
	private pieces: Buffer[] = [];
	private pending = 0;
	/** The line not ended yet went past the limit: its bytes are dropped until its newline. */
	private isOverlong = false;

	constructor(private readonly maxBytes = maxLineBytes) {}

	/** Bytes held of the line not ended yet: never more than the limit. */
	get pendingBytes(): number {
		return this.pending;
	}

	/** The lines that end in `chunk`; what follows their last newline waits for the next chunk, or end(). */
	* push(chunk: Buffer): Generator<string> {
		this.scannedBytes += chunk.length;
		let start = 0;
		for (let newline = chunk.indexOf(0x0A); newline !== -1; newline = chunk.indexOf(0x0A, start)) {
			if (this.pending === 0 && !this.isOverlong) {
				// The usual line, whole within the chunk: decoded where it lies, not copied first.
				yield newline - start > this.maxBytes ? overlongLine : chunk.toString('utf8', start, newline);
			} else {
				this.keep(chunk.subarray(start, newline));
				yield this.take();
			}

			start = newline + 1;
		}

		this.keep(chunk.subarray(start));
	}

	/** The last line, when the bytes did not end in a newline. */
	* end(): Generator<string> {
		if (this.pending > 0 || this.isOverlong) yield this.take();
	}

	private keep(part: Buffer): void {
		if (this.isOverlong || part.length === 0) return;
		if (this.pending + part.length > this.maxBytes) {
			this.isOverlong = true;
			this.pieces = [];
			this.pending = 0;
			return;
		}

		this.pieces.push(Buffer.from(part));
		this.pending += part.length;
	}

	private take(): string {
		const line = this.isOverlong ? overlongLine : Buffer.concat(this.pieces, this.pending).toString('utf8');
		this.pieces = [];
		this.pending = 0;
		this.isOverlong = false;
		return line;
	}
}

/**
 * The lines of `file`, read a chunk at a time: a full-size history (20 MB) held whole, as one string and then as
 * the array of its lines, took ~40 MB at once, more than a heap of 64 MB leaves beside the records parsed from it.
 * Synchronous, as its callers are. Opens the file at once, so a missing one throws ENOENT here, not at the first
 * line; read once to the end, which closes it. A symlink another user made is not followed (foreign-symlink.ts): a
 * history of their making would reach the report and the screen.
 */
export function fileLines(file: string): Generator<string> {
	return linesOf(openRefusingForeignSymlink(file, fs.constants.O_RDONLY, 0));
}

function* linesOf(fd: number): Generator<string> {
	try {
		const buffer = Buffer.allocUnsafe(chunkBytes);
		const splitter = new LineSplitter();
		for (;;) {
			const read = fs.readSync(fd, buffer, 0, chunkBytes, null);
			if (read === 0) break;
			// Every line of the chunk is given before the buffer is read into again.
			yield* splitter.push(buffer.subarray(0, read));
		}

		yield* splitter.end();
	} finally {
		fs.closeSync(fd);
	}
}
