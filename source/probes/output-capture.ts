import type {Readable} from 'node:stream';

/**
 * Bytes kept of the start of each output stream, and as many of its end. A plugin's status is its first line and a
 * failed job says why in its last ones (`rsync error: … (code 11)` after thousands of progress lines), so both are
 * kept; the middle is read and dropped, so a chatty command never blocks on a full pipe and memory stays bounded.
 */
export const keptBytes = 64 * 1024;

export type OutputCapture = {
	/** The start and the end as text: one line break between them when bytes in between were dropped. */
	readonly text: () => string;
	/** How many bytes the stream carried in all. */
	readonly totalBytes: () => number;
	/** How many bytes between the kept start and end were dropped: 0 when the whole stream is in `text`. */
	readonly skippedBytes: () => number;
	/** Whether the text watched for went by anywhere in the stream, in the dropped middle too. */
	readonly sawWatched: () => boolean;
};

/** Where text starts in `bytes`: past a UTF-8 character cut at their start, and past the line cut there too. */
function lineStart(bytes: Buffer): number {
	const lineEnd = bytes.indexOf(0x0A);
	if (lineEnd !== -1 && lineEnd < bytes.length - 1) return lineEnd + 1;
	let start = 0;
	// Continuation bytes (10xxxxxx) of a character whose first byte was dropped.
	while (start < Math.min(3, bytes.length) && (bytes[start]! & 0xC0) === 0x80) start++;
	return start;
}

/**
 * Reads `stream` to its end, keeping its first and last `keep` bytes, and looks for `watched` (an `expect:`
 * substring) in all of it as it goes by.
 */
export function captureOutput(stream: Readable, watched?: string, keep = keptBytes): OutputCapture {
	const head: Buffer[] = [];
	let headLength = 0;
	// The end: whole chunks, the oldest dropped once the rest hold `keep` bytes (at most `keep` and a chunk held).
	const tail: Buffer[] = [];
	let tailLength = 0;
	let total = 0;
	const needle = watched === undefined || watched === '' ? undefined : Buffer.from(watched);
	let isSeen = needle === undefined;
	// The last bytes of what went by, short of the needle by one: a needle split across two chunks is found.
	let carry: Buffer = Buffer.alloc(0);
	const watch = (chunk: Buffer): void => {
		if (isSeen || needle === undefined) return;
		const reach = needle.length - 1;
		isSeen = chunk.includes(needle) || Buffer.concat([carry, chunk.subarray(0, reach)]).includes(needle);
		carry = chunk.length >= reach ? chunk.subarray(chunk.length - reach) : Buffer.concat([carry, chunk]).subarray(-reach);
	};

	stream.on('data', (chunk: Buffer) => {
		total += chunk.length;
		watch(chunk);
		const toHead = chunk.subarray(0, Math.max(0, keep - headLength));
		if (toHead.length > 0) {
			head.push(toHead);
			headLength += toHead.length;
		}

		const rest = chunk.subarray(toHead.length);
		if (rest.length === 0) return;
		tail.push(rest);
		tailLength += rest.length;
		while (tail.length > 1 && tailLength - tail[0]!.length >= keep) tailLength -= tail.shift()!.length;
	});
	stream.on('error', () => {
		// A pipe torn down by the kill: what was read is all there is.
	});

	const endBytes = (): Buffer => {
		const joined = Buffer.concat(tail);
		return joined.subarray(Math.max(0, joined.length - keep));
	};

	return {
		text() {
			const start = Buffer.concat(head).toString('utf8');
			const end = endBytes();
			if (headLength + end.length === total) return start + end.toString('utf8');
			return `${start}\n${end.subarray(lineStart(end)).toString('utf8')}`;
		},
		totalBytes: () => total,
		skippedBytes() {
			const end = endBytes();
			return headLength + end.length === total ? 0 : total - headLength - (end.length - lineStart(end));
		},
		sawWatched: () => isSeen,
	};
}
