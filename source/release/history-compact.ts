import fs from 'node:fs';
import {noteVersion, parseHistoryLine, type LatestVersion} from './history-records.js';

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

function takeLock(lockFile: string, staleLockMs: number, now: number): boolean {
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			fs.closeSync(fs.openSync(lockFile, 'wx', 0o600));
			return true;
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
				return false;
			}

			fs.rmSync(lockFile, {force: true});
		}
	}

	return false;
}

/** Complete lines (a torn tail, without its newline, is left out) of a buffer. */
function completeLines(buffer: Buffer): {lines: string[]; consumed: number} {
	const end = buffer.lastIndexOf(0x0A);
	if (end === -1) {
		return {lines: [], consumed: 0};
	}

	return {lines: buffer.subarray(0, end).toString('utf8').split('\n'), consumed: end + 1};
}

/**
 * Each check's latest version whose line is not kept, as a small `v` record: a busy fleet's results outgrow the
 * budget within minutes, and a restart must still know what was deployed (a deploy while uptop was down is
 * marked against it).
 */
function versionsDropped(latest: ReadonlyMap<string, LatestVersion>, keptLines: ReadonlySet<string>): string[] {
	return [...latest].filter(([, item]) => !keptLines.has(item.line!)).map(([id, item]) => JSON.stringify({t: 'v', at: item.at, id, v: item.version}));
}

/**
 * Rewrites the history file without entries older than maxAgeMs and, when still too big, without its
 * oldest results and state changes (markers in the age window are kept: the report needs them). Runs under
 * an O_EXCL lock file so two instances never compact at once; writes a temp file and renames it over the
 * original, so a reader sees either the old or the new file, never a half-written one. Lines other
 * instances append while we work are copied over just before the rename; writers notice the new inode on
 * their next flush and reopen.
 */
export function compactHistory(file: string, options: CompactOptions): CompactOutcome {
	const lockFile = `${file}.lock`;
	if (!fs.existsSync(file)) {
		return 'missing';
	}

	if (!takeLock(lockFile, options.staleLockMs ?? 30_000, options.now)) {
		return 'locked';
	}

	const temporary = `${file}.compact-${process.pid}`;
	try {
		const original = fs.readFileSync(file);
		const {lines, consumed} = completeLines(original);
		const oldest = options.now - options.maxAgeMs;
		const kept: Array<{line: string; isMarker: boolean}> = [];
		const versions = new Map<string, LatestVersion>();
		for (const line of lines) {
			const record = parseHistoryLine(line);
			if (record) noteVersion(versions, record, line);
			if (record && record.at >= oldest) {
				// A judgment that a check's version is none is as rare as a marker and outlives the results around it.
				kept.push({line, isMarker: record.t === 'm' || record.t === 'n'});
			}
		}

		// Newest first until the budget is spent; markers always fit.
		const budget = Math.floor(options.maxBytes / 2);
		let used = 0;
		const keep = new Array<boolean>(kept.length).fill(false);
		for (let index = kept.length - 1; index >= 0; index--) {
			const entry = kept[index]!;
			const size = Buffer.byteLength(entry.line) + 1;
			if (entry.isMarker || used + size <= budget) {
				keep[index] = true;
				used += size;
			}
		}

		// The versions go last: the writer reads the first line's time to tell when the file is next due.
		const keptLines = kept.filter((_, index) => keep[index]).map(entry => entry.line);
		const output = [...keptLines, ...versionsDropped(versions, new Set(keptLines))].map(line => `${line}\n`).join('');
		fs.writeFileSync(temporary, output, {mode: 0o600});
		// Catch up with whatever was appended since the read, then swap.
		const latest = fs.readFileSync(file);
		if (latest.length > consumed) {
			const tail = completeLines(latest.subarray(consumed));
			if (tail.consumed > 0) {
				fs.appendFileSync(temporary, latest.subarray(consumed, consumed + tail.consumed));
			}
		}

		fs.renameSync(temporary, file);
		return 'compacted';
	} finally {
		fs.rmSync(temporary, {force: true});
		fs.rmSync(lockFile, {force: true});
	}
}
