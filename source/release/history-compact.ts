import fs from 'node:fs';
import {filesBeside} from './files-beside.js';
import {openRefusingForeignSymlink, readRefusingForeignSymlink, readRefusingForeignSymlinkSync} from './foreign-symlink.js';
import {noteVersion, parseHistoryLine, type LatestVersion} from './history-records.js';
import {isProcessRunning} from './process-running.js';

export type CompactOptions = {
	/** The file is cut to about half of this, so compaction does not run again at the next flush. */
	readonly maxBytes: number;
	readonly maxAgeMs: number;
	/** Wall-clock epoch ms. */
	readonly now: number;
	/** A lock file older than this is left over from a crash and is taken over. Default 30 s. */
	readonly staleLockMs?: number;
};

export type CompactOutcome = 'compacted' | 'locked' | 'missing';

/** The lock file's text: this process and a random part, so a lock another instance made in its place is told apart. */
const lockToken = (): string => `${process.pid} ${Math.random().toString(36).slice(2)}\n`;

/** Takes the lock; returns what it wrote in it, or undefined when another instance holds it. */
function takeLock(lockFile: string, staleLockMs: number, now: number): string | undefined {
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const token = lockToken();
			const descriptor = fs.openSync(lockFile, 'wx', 0o600);
			try {
				fs.writeSync(descriptor, token);
			} finally {
				fs.closeSync(descriptor);
			}

			return token;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
				throw error;
			}

			let stale = false;
			try {
				stale = now - fs.statSync(lockFile).mtimeMs > staleLockMs;
			} catch {
				// Released between our open and stat: try again.
				stale = true;
			}

			if (!stale) {
				return undefined;
			}

			fs.rmSync(lockFile, {force: true});
		}
	}

	return undefined;
}

/**
 * Each check's latest version whose line is not kept, as a small `v` record: a busy fleet's results outgrow the
 * budget within minutes, and a restart must still know what was deployed (a deploy while uptop was down is
 * marked against it).
 */
function versionsDropped(latest: ReadonlyMap<string, LatestVersion>, keptLines: ReadonlySet<string>): string[] {
	return [...latest].filter(([, item]) => !keptLines.has(item.line!)).map(([id, item]) => JSON.stringify({t: 'v', at: item.at, id, v: item.version}));
}

/** Bytes decoded, and lines judged, between two turns of the event loop when compacting in slices: a few ms each. */
const bytesPerSlice = 256 * 1024;
const linesPerSlice = 2000;

/** The complete lines of `buffer` up to `end` (the byte after its last newline), decoded a slice at a time. */
function* linesOf(buffer: Buffer, end: number): Generator<void, string[]> {
	const lines: string[] = [];
	for (let start = 0; start < end;) {
		const cut = start + bytesPerSlice >= end ? end : buffer.lastIndexOf(0x0A, start + bytesPerSlice) + 1;
		const stop = cut > start ? cut : end;
		for (const line of buffer.subarray(start, stop - 1).toString('utf8').split('\n')) lines.push(line);
		start = stop;
		yield;
	}

	return lines;
}

/**
 * The file's new text: without entries older than maxAgeMs and, when still too big, without its oldest results and
 * state changes (markers in the age window are kept: the report needs them). Yields between slices, so the sliced
 * compaction can give the event loop a turn; the plain one runs it through.
 */
function* compactedText(buffer: Buffer, end: number, options: CompactOptions): Generator<void, string> {
	const lines = yield* linesOf(buffer, end);
	const oldest = options.now - options.maxAgeMs;
	const kept: Array<{line: string; isMarker: boolean}> = [];
	const versions = new Map<string, LatestVersion>();
	for (const [index, line] of lines.entries()) {
		if (index % linesPerSlice === linesPerSlice - 1) yield;
		const record = parseHistoryLine(line);
		if (record) noteVersion(versions, record, line);
		if (record && record.at >= oldest) {
			// A judgment that a check's version is none is as rare as a marker and outlives the results around it.
			kept.push({line, isMarker: record.t === 'm' || record.t === 'n' || record.t === 'g'});
		}
	}

	// Newest first until the budget is spent; markers always fit.
	const budget = Math.floor(options.maxBytes / 2);
	let used = 0;
	const keep = new Array<boolean>(kept.length).fill(false);
	for (let index = kept.length - 1; index >= 0; index--) {
		if (index % (10 * linesPerSlice) === 0) yield;
		const entry = kept[index]!;
		const size = Buffer.byteLength(entry.line) + 1;
		if (entry.isMarker || used + size <= budget) {
			keep[index] = true;
			used += size;
		}
	}

	// The versions go last: the writer reads the first line's time to tell when the file is next due.
	const keptLines = kept.filter((_, index) => keep[index]).map(entry => entry.line);
	yield;
	return [...keptLines, ...versionsDropped(versions, new Set(keptLines))].map(line => `${line}\n`).join('');
}

/**
 * Copies over whatever was appended since the read (this process's own flushes, another instance's), then swaps
 * the new file in: in one turn, so nothing this process appends falls between the two.
 */
function catchUpAndSwap(file: string, temporary: string, consumed: number, readIno: number, writtenBytes: number): boolean {
	const output = openOwnTemporary(temporary);
	// The temp file removed meanwhile (another uptop judged this process dead: a pid namespace of its own): appending
	// would make a new one of the catch-up alone, and the swap would leave the history those few lines.
	if (output === undefined) return false;
	try {
		if (fs.fstatSync(output).size !== writtenBytes) return false;
		const descriptor = openRefusingForeignSymlink(file, fs.constants.O_RDONLY, 0);
		try {
			const {ino, size} = fs.fstatSync(descriptor);
			// Replaced meanwhile (another instance took a lock it judged stale while this process was stopped): what was
			// read is not this file's start any more, and swapping would drop what the other one kept.
			if (ino !== readIno || size < consumed) return false;
			if (size > consumed) {
				const appended = Buffer.alloc(size - consumed);
				fs.readSync(descriptor, appended, 0, appended.length, consumed);
				// Complete lines only: a torn tail, without its newline, is another writer's still being written.
				const complete = appended.lastIndexOf(0x0A) + 1;
				if (complete > 0) fs.writeSync(output, appended, 0, complete);
			}
		} finally {
			fs.closeSync(descriptor);
		}
	} finally {
		fs.closeSync(output);
	}

	// A rename replaces whatever stands at `file` (a link included) and writes through nothing.
	fs.renameSync(temporary, file);
	return true;
}

/**
 * The temp file this compaction wrote, opened to append to; undefined when it is gone. Never through a symlink: it is
 * made afresh with `wx`, so a link at its name is one put there since (in a shared state directory, another user
 * who removed it), and appending through it would write into whatever file that user chose.
 */
function openOwnTemporary(temporary: string): number | undefined {
	try {
		return fs.openSync(temporary, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_NOFOLLOW);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT' || code === 'ELOOP') return undefined;
		throw error;
	}
}

/**
 * Writes the compacted text to a file made afresh: whatever stands at the name (a symlink another user planted in
 * a shared state directory, pointing at a file of ours) is removed, not followed, and `wx` refuses one put back
 * in between.
 */
function writeNewTemporary(temporary: string, text: string): void {
	fs.rmSync(temporary, {force: true});
	fs.writeFileSync(temporary, text, {mode: 0o600, flag: 'wx'});
}

/**
 * Removes the temp files (`<history>.compact-<pid>`, up to half the size bound each) of compactions killed before
 * their rename (a kill -9, an OOM kill), which nothing else would ever remove. By whether the pid runs, as presence
 * files are judged (watcher-presence.ts): a live compaction's is its own to remove. Best effort.
 */
export function removeDeadCompactions(file: string): void {
	for (const {path: temporary, match} of filesBeside(file, /^compact-(\d+)$/)) {
		if (Number(match[1]) === process.pid || isProcessRunning(Number(match[1]))) continue;
		try {
			fs.rmSync(temporary, {force: true});
		} catch {
			// Not ours to remove (another user's directory).
		}
	}
}

/**
 * removeDeadCompactions for an uptop starting up: under the compaction lock, as a compaction does it, and not at all
 * while another holds it. A pid that does not answer here may run in another pid namespace sharing the directory
 * (a container), its compaction live: its temp file must not go while it is written.
 */
export function removeDeadCompactionsWhenUnlocked(file: string, now: number): void {
	const isAnyDead = filesBeside(file, /^compact-(\d+)$/).some(({match}) => Number(match[1]) !== process.pid && !isProcessRunning(Number(match[1])));
	if (!isAnyDead) return;
	const lockFile = `${file}.lock`;
	let token: string | undefined;
	try {
		token = takeLock(lockFile, 30_000, now);
	} catch {
		// A directory this user cannot write: the temp file is not its to remove either.
		return;
	}

	if (token === undefined) return;
	try {
		removeDeadCompactions(file);
	} finally {
		releaseLock(lockFile, token);
	}
}

/** Removes the lock file if it is still the one this process made (not one another instance took over). */
function releaseLock(lockFile: string, token: string): void {
	try {
		// Not through a symlink: this process made its lock with `wx`, so a link there is not its lock.
		const descriptor = fs.openSync(lockFile, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
		try {
			if (fs.readFileSync(descriptor, 'utf8') !== token) return;
		} finally {
			fs.closeSync(descriptor);
		}
	} catch {
		return;
	}

	fs.rmSync(lockFile, {force: true});
}

/**
 * Rewrites the history file as compactedText says. Runs under an O_EXCL lock file so two instances never compact
 * at once; writes a temp file and renames it over the original, so a reader sees either the old or the new file,
 * never a half-written one. Lines other instances append while we work are copied over just before the rename;
 * writers notice the new inode on their next flush and reopen.
 */
export function compactHistory(file: string, options: CompactOptions): CompactOutcome {
	const lockFile = `${file}.lock`;
	if (!fs.existsSync(file)) {
		return 'missing';
	}

	const token = takeLock(lockFile, options.staleLockMs ?? 30_000, options.now);
	if (token === undefined) {
		return 'locked';
	}

	const temporary = `${file}.compact-${process.pid}`;
	removeDeadCompactions(file);
	try {
		// Read through the same guarded open as every other read of it: another user's symlink in its place
		// (foreign-symlink.ts) is refused, not compacted into a file of this user's.
		const {bytes: original, ino: readIno} = readRefusingForeignSymlinkSync(file);

		const consumed = original.lastIndexOf(0x0A) + 1;
		const text = compactedText(original, consumed, options);
		let step = text.next();
		while (!step.done) step = text.next();
		writeNewTemporary(temporary, step.value);
		return catchUpAndSwap(file, temporary, consumed, readIno, Buffer.byteLength(step.value)) ? 'compacted' : 'locked';
	} finally {
		fs.rmSync(temporary, {force: true});
		releaseLock(lockFile, token);
	}
}

export type SlicedCompaction = {
	readonly done: Promise<CompactOutcome | 'abandoned'>;
	/** Stops it where it is, the file untouched, its lock and temp file removed at once (an exit under way). */
	abandon(): void;
};

/**
 * compactHistory without stopping the process for its length: the file read and the temp file written without
 * blocking, the lines judged a slice a turn. A 20 MB file held the live screen's clock and keys for ~2 s each time
 * it was cut. The writer goes on appending meanwhile; those lines are copied over before the swap, as another
 * instance's are.
 */
export function compactHistoryInSlices(file: string, options: CompactOptions): SlicedCompaction {
	const lockFile = `${file}.lock`;
	const temporary = `${file}.compact-${process.pid}`;
	let isAbandoned = false;
	let token: string | undefined;
	const release = () => {
		// A temp file a write still in flight makes after an abandon is removed when that write ends (below).
		fs.rmSync(temporary, {force: true});
		if (token === undefined) return;
		releaseLock(lockFile, token);
		token = undefined;
	};

	const run = async (): Promise<CompactOutcome | 'abandoned'> => {
		if (!fs.existsSync(file)) return 'missing';
		token = takeLock(lockFile, options.staleLockMs ?? 30_000, options.now);
		if (token === undefined) return 'locked';
		removeDeadCompactions(file);
		try {
			const {bytes: original, ino: readIno} = await readRefusingForeignSymlink(file);

			if (isAbandoned) return 'abandoned';
			const consumed = original.lastIndexOf(0x0A) + 1;
			const text = compactedText(original, consumed, options);
			let step = text.next();
			while (!step.done) {
				// eslint-disable-next-line no-await-in-loop
				await new Promise(resolve => {
					setImmediate(resolve);
				});
				if (isAbandoned) return 'abandoned';
				step = text.next();
			}

			await fs.promises.rm(temporary, {force: true});
			await fs.promises.writeFile(temporary, step.value, {mode: 0o600, flag: 'wx'});
			if (isAbandoned) return 'abandoned';
			return catchUpAndSwap(file, temporary, consumed, readIno, Buffer.byteLength(step.value)) ? 'compacted' : 'locked';
		} finally {
			release();
		}
	};

	return {
		done: run(),
		abandon() {
			isAbandoned = true;
			release();
		},
	};
}
