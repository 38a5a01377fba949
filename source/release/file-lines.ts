import fs from 'node:fs';
import {StringDecoder} from 'node:string_decoder';

/** Bytes read at a time: small beside a heap of 64 MB, large enough that a 20 MB file takes twenty reads. */
const chunkBytes = 1 << 20;

/**
 * The lines of `file`, read a chunk at a time: a full-size history (20 MB) held whole, as one string and then as
 * the array of its lines, took ~40 MB at once, more than a heap of 64 MB leaves beside the records parsed from it.
 * Synchronous, as its callers are. Opens the file at once, so a missing one throws ENOENT here, not at the first
 * line; read once to the end, which closes it.
 */
export function fileLines(file: string): Generator<string> {
	return linesOf(fs.openSync(file, 'r'));
}

function* linesOf(fd: number): Generator<string> {
	try {
		const buffer = Buffer.allocUnsafe(chunkBytes);
		// A character split between two chunks waits for the rest.
		const decoder = new StringDecoder('utf8');
		let rest = '';
		for (;;) {
			const read = fs.readSync(fd, buffer, 0, chunkBytes, null);
			if (read === 0) break;
			const text = rest + decoder.write(buffer.subarray(0, read));
			const lines = text.split('\n');
			rest = lines.pop()!;
			yield* lines;
		}

		const last = rest + decoder.end();
		if (last.length > 0) yield last;
	} finally {
		fs.closeSync(fd);
	}
}
