import fs from 'node:fs';
import path from 'node:path';
import type {TimerHandle} from '../monitor/types.js';
import {redactDeep} from '../text/redact.js';
import {checkWritable} from './check-writable.js';
import {isLastingHistoryProblem, noteSpaceShortage, shortHistoryProblem} from './history-problem.js';
import {openRefusingForeignSymlink} from './foreign-symlink.js';
import {compactHistory, compactHistoryInSlices, type SlicedCompaction} from './history-compact.js';
import {historyKeyFile} from './history-key.js';
import {processWriterId, type HistoryRecord} from './history-records.js';
import {makeDirectory} from './make-directory.js';
import {StoredIds} from './stored-ids.js';
import type {Secret} from '../config/types.js';

type Unwritten<T> = T extends unknown ? Omit<T, 'w'> : never;
/** A record as the caller hands it over; the writer adds its `w`. */
export type HistoryInput = Unwritten<HistoryRecord>;

export type HistoryWriterOptions = {
	readonly file: string;
	/** Config secrets (every check's `secrets`): redacted from everything written. */
	readonly secrets?: readonly Secret[];
	/**
	 * Every configured check's id. A check whose name holds a secret is written under a keyed hash of it
	 * (hashed-ids.ts); without the ids, or without the key, its records are not kept.
	 */
	readonly checkIds?: readonly string[];
	/** Where the hashing key is kept. Default: `history-key` beside the file. */
	readonly keyFile?: string;
	/** Called once when that key can be neither read nor made. */
	readonly onKeyError?: (error: Error) => void;
	readonly writerId?: string;
	/** Compact when the file grows past this. Default 20 MB. */
	readonly maxBytes?: number;
	/** Entries older than this are dropped by compaction. Default 7 days. */
	readonly maxAgeMs?: number;
	/**
	 * Compact a slice a turn while the process goes on (compactHistoryInSlices): for a process with a screen or a
	 * stream to keep going. Without it, compaction runs to its end inside flush.
	 */
	readonly compactInSlices?: boolean;
	/** Flush as soon as this many records are buffered. Default 200. */
	readonly maxBatch?: number;
	/** With a scheduler, a buffered batch is flushed this long after its first record. Default 1 s. */
	readonly flushIntervalMs?: number;
	/** The engine's clock (or any setTimeout/clearTimeout pair). Without one, the caller calls flush(). */
	readonly scheduler?: {
		setTimeout(callback: () => void, ms: number): TimerHandle;
		clearTimeout(handle: TimerHandle): void;
	};
	/** Wall clock, epoch ms; for the age rule. Default Date.now. */
	readonly now?: () => number;
	/**
	 * History is best effort: a failing disk must not stop the monitor. Called with each write error (`gaps` and
	 * `isStopped` say what it did to the history), and with each failed compaction (the records are written then).
	 */
	readonly onError?: (error: Error) => void;
	/** Called when a flush works again after failed ones: the gap it closed. */
	readonly onRecover?: (gap: HistoryGap) => void;
	/**
	 * Called once at close when a gap is still open and its record could not be written either (the disk still full):
	 * the file does not say what it misses, so a report made from it later will not.
	 */
	readonly onGapUnrecorded?: (gap: HistoryGap, error: Error) => void;
};

/** A stretch of the run whose records are not in the file: the writer could not write them. */
export type HistoryGap = {
	/** When the first record that was lost was handed to the writer, epoch ms (the `now` option's clock). */
	readonly from: number;
	/** When records were written again (the first of them handed over); absent while none are, to the end of the run. */
	readonly until?: number;
	/** The first failure of the gap. */
	readonly error: Error;
};

const hourMs = 3_600_000;
const emptyBuffer = Buffer.alloc(0);

/**
 * Appends history records as JSON Lines. Each flush is ONE write(2) on an O_APPEND descriptor, so lines
 * from two instances on the same config interleave whole, never mixed. Markers are flushed at once
 * (another shell may be waiting for them); results and state changes are batched.
 */
export class HistoryWriter {
	readonly file: string;
	readonly writerId: string;
	lastError: Error | undefined;
	/**
	 * Set when a write failed in a way that lasts until someone changes the setup (history-problem.ts): nothing more
	 * is tried this run. A full disk or a shortage of descriptors is tried again at every flush instead.
	 */
	isStopped = false;
	private readonly lostSpans: HistoryGap[] = [];
	/** Lines this writer left torn during the open gap: its `g` record says so (GapRecord `torn`). */
	private tornInGap = 0;
	/** When the first record of the batch buffered now was handed over: where a gap starts if it is lost. */
	private batchSince: number | undefined;
	private secrets: readonly Secret[];
	private readonly options: HistoryWriterOptions;
	private buffer: string[] = [];
	private fd: number | undefined;
	private timer: TimerHandle | undefined;
	private lastAgeCheckAt = Number.NEGATIVE_INFINITY;
	/**
	 * The file's size after this writer's last whole write, which ended in a newline; undefined when unknown (just
	 * opened, or a write failed part way). Another size means someone else wrote since: the last byte is read then.
	 */
	private endsAt: number | undefined;
	private closed = false;
	/** A compaction in slices under way (compactInSlices): one at a time. */
	private compaction: SlicedCompaction | undefined;
	private readonly ids: StoredIds;
	/**
	 * Why checks named from the environment are not kept, until a flush says it: after a write that worked, as a
	 * place the file cannot be written to either is said once, by onError, and not twice.
	 */
	private unsaidKeyError: Error | undefined;

	constructor(options: HistoryWriterOptions) {
		this.options = options;
		this.file = options.file;
		this.writerId = options.writerId ?? processWriterId;
		this.secrets = options.secrets ?? [];
		this.ids = new StoredIds({
			keyFile: options.keyFile ?? historyKeyFile(path.dirname(options.file)),
			secrets: this.secrets,
			checkIds: options.checkIds ?? [],
			onKeyError: error => {
				this.unsaidKeyError = error;
			},
		});
	}

	/** Every stretch of this run whose records could not be written, oldest first; the last may still be open. */
	get gaps(): readonly HistoryGap[] {
		return this.lostSpans;
	}

	/** A reloaded config: its secrets are kept out of the file, and its checks' ids (when given) hashed as they need. */
	setSecrets(secrets: readonly Secret[], checkIds?: readonly string[]): void {
		this.secrets = secrets;
		this.ids.setConfig(secrets, checkIds);
	}

	/** A stored id (a marker's `checkId` another process wrote) as the id of the configured check it names. */
	realId(storedId: string): string {
		return this.ids.real(storedId);
	}

	append(record: HistoryInput): void {
		if (this.closed || this.isStopped) {
			return;
		}

		this.batchSince ??= this.now();

		const id = 'id' in record ? record.id : 'checkId' in record ? record.checkId : undefined;
		const storedId = id === undefined ? undefined : this.ids.stored(id);
		if (id !== undefined && storedId === undefined) {
			if (this.unsaidKeyError !== undefined) this.scheduleFlush();
			return;
		}

		const redacted = redactDeep({...record, w: this.writerId}, this.secrets);
		// After redacting: a hashed id holds no secret, but a short one (SVC=a) could still match part of its hex.
		const stored = storedId === id ? redacted : 'id' in redacted ? {...redacted, id: storedId!} : {...redacted, checkId: storedId!};
		const line = JSON.stringify(stored);
		this.buffer.push(line);
		if (record.t === 'm' || this.buffer.length >= (this.options.maxBatch ?? 200)) {
			this.flush();
		} else {
			this.scheduleFlush();
		}
	}

	/** Writes the buffered batch now. Never throws: errors go to onError and `lastError`. */
	flush(): void {
		if (this.timer !== undefined) {
			this.options.scheduler?.clearTimeout(this.timer);
			this.timer = undefined;
		}

		if (this.isStopped || (this.buffer.length === 0 && this.unsaidKeyError === undefined)) {
			return;
		}

		const lines = this.buffer;
		this.buffer = [];
		const batchSince = this.batchSince ?? this.now();
		this.batchSince = undefined;
		const keyError = this.unsaidKeyError;
		this.unsaidKeyError = undefined;
		let fd: number | undefined;
		let bytes: Buffer | undefined;
		let offset = 0;
		try {
			if (lines.length === 0) {
				// Only to say the key error after a write that would work: no file is made for it.
				if (this.fd === undefined) checkWritable(this.file);
			} else {
				fd = this.descriptor();
				const size = fs.fstatSync(fd).size;
				const written = [...this.gapLine(batchSince), ...lines];
				bytes = Buffer.from(`${this.endsInTornLine(fd, size) ? '\n' : ''}${written.join('\n')}\n`);
				// Until the whole batch is in, the file may end in part of it.
				this.endsAt = undefined;
				// A regular file takes the whole buffer in one write; the loop only matters on a full disk.
				while (offset < bytes.length) {
					offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
				}

				this.endsAt = size + bytes.length;
			}
		} catch (error) {
			// Part of the batch went in and stopped mid-line (the disk filled): a torn line of ours, in the gap.
			if (bytes !== undefined && offset > 0 && bytes[offset - 1] !== 0x0A) this.tornInGap++;
			this.failWrite(error, batchSince);
			return;
		}

		this.recover(batchSince);
		if (fd !== undefined) {
			try {
				this.maybeCompact(fd);
			} catch (error) {
				// The batch is in the file: a compaction that failed loses nothing, the file only stays long.
				this.fail(error);
			}
		}

		if (keyError !== undefined) this.options.onKeyError?.(keyError);
	}

	private now(): number {
		return (this.options.now ?? Date.now)();
	}

	/** A batch lost: a gap opens where it began (or goes on), and a lasting problem stops the writer. */
	private failWrite(error: unknown, batchSince: number): void {
		const failure = error instanceof Error ? error : new Error(String(error));
		noteSpaceShortage(failure, path.dirname(this.options.file));
		const open = this.lostSpans.at(-1);
		if (open === undefined || open.until !== undefined) this.lostSpans.push({from: batchSince, error: failure});
		if (isLastingHistoryProblem(failure)) {
			this.isStopped = true;
			this.buffer = [];
		}

		this.fail(failure);
	}

	/**
	 * The record of the gap this batch closes, first in it: written with it or lost with it, so a report made from the
	 * file later knows what the file misses (history-records.ts GapRecord). None while no gap is open.
	 */
	private gapLine(batchSince: number): string[] {
		const open = this.lostSpans.at(-1);
		if (open === undefined || open.until !== undefined) return [];
		const torn = this.tornInGap === 0 ? {} : {torn: this.tornInGap};
		return [JSON.stringify(redactDeep({t: 'g', at: batchSince, from: open.from, why: shortHistoryProblem(open.error), ...torn, w: this.writerId}, this.secrets))];
	}

	/** A batch written after lost ones: the gap ends where it began. */
	private recover(batchSince: number): void {
		const open = this.lostSpans.at(-1);
		if (open === undefined || open.until !== undefined) return;
		const closed = {...open, until: batchSince};
		this.tornInGap = 0;
		this.lostSpans[this.lostSpans.length - 1] = closed;
		this.options.onRecover?.(closed);
	}

	private scheduleFlush(): void {
		if (this.options.scheduler && this.timer === undefined) {
			this.timer = this.options.scheduler.setTimeout(() => {
				this.timer = undefined;
				this.flush();
			}, this.options.flushIntervalMs ?? 1000);
		}
	}

	close(): void {
		if (this.closed) return;
		this.flush();
		this.recordOpenGap();
		// On the way out a compaction under way is dropped, the file as it was: the next start cuts it.
		this.compaction?.abandon();
		this.compaction = undefined;
		this.closed = true;
		if (this.fd !== undefined) {
			fs.closeSync(this.fd);
			this.fd = undefined;
		}
	}

	/**
	 * A gap still open at exit (the last batches lost, or space freed after the last flush) is otherwise in no record: its
	 * `g` record is tried once more on its own, the run's end as the gap's. A place that cannot be used is not tried.
	 */
	private recordOpenGap(): void {
		const open = this.lostSpans.at(-1);
		if (this.isStopped || open === undefined || open.until !== undefined) return;
		const until = this.now();
		try {
			const fd = this.descriptor();
			const size = fs.fstatSync(fd).size;
			const bytes = Buffer.from(`${this.endsInTornLine(fd, size) ? '\n' : ''}${this.gapLine(until).join('\n')}\n`);
			this.endsAt = undefined;
			let offset = 0;
			while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
			this.endsAt = size + bytes.length;
		} catch (error) {
			this.options.onGapUnrecorded?.(open, error instanceof Error ? error : new Error(String(error)));
			return;
		}

		this.lostSpans[this.lostSpans.length - 1] = {...open, until};
	}

	private fail(error: unknown): void {
		this.lastError = error instanceof Error ? error : new Error(String(error));
		this.options.onError?.(this.lastError);
	}

	/** The open descriptor, reopened when compaction (ours or another instance's) replaced the file. */
	private descriptor(): number {
		if (this.fd !== undefined) {
			let current: fs.Stats | undefined;
			try {
				current = fs.statSync(this.file);
			} catch {
				current = undefined;
			}

			if (current?.ino === fs.fstatSync(this.fd).ino) {
				return this.fd;
			}

			fs.closeSync(this.fd);
			this.fd = undefined;
		}

		makeDirectory(path.dirname(this.file), 0o700);
		// Read and write: the last byte is read before a batch (endsInTornLine). O_APPEND still puts every write at the end.
		// A symlink another user planted in a shared state directory is not followed (foreign-symlink.ts).
		const fd = openRefusingForeignSymlink(this.file, fs.constants.O_RDWR | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o600);
		this.endsAt = undefined;
		this.fd = fd;
		return fd;
	}

	/**
	 * Whether the file ends part way through a line: a process killed mid-write (this one's earlier run, or another
	 * instance on the same file while this one runs), or this writer's own batch cut short by a full disk. A batch
	 * appended to it would glue its first record to that torn line and lose it. Only when the size is not the one
	 * this writer's last write left is the last byte read: one fstat a flush otherwise.
	 */
	private endsInTornLine(fd: number, size: number): boolean {
		const last = Buffer.alloc(1);
		let end = size;
		for (let tries = 0; tries < 3; tries++) {
			if (end === 0 || end === this.endsAt) return false;
			if (fs.readSync(fd, last, 0, 1, end - 1) === 1 && last[0] === 0x0A) return false;
			// Another instance's write under way grows the file a page at a time: the line it has not finished yet is
			// no torn one, and a newline before our batch would leave an empty line after it. A write of nothing waits
			// for one under way (the kernel holds the file's lock for each write), so what is read next is what stays.
			fs.writeSync(fd, emptyBuffer, 0, 0);
			const now = fs.fstatSync(fd).size;
			if (now === end) return true;
			end = now;
		}

		return true;
	}

	private maybeCompact(fd: number): void {
		const maxBytes = this.options.maxBytes ?? 20_000_000;
		const maxAgeMs = this.options.maxAgeMs ?? 7 * 24 * hourMs;
		const now = this.now();
		let due = fs.fstatSync(fd).size > maxBytes;
		if (!due && now - this.lastAgeCheckAt >= Math.min(hourMs, maxAgeMs)) {
			this.lastAgeCheckAt = now;
			due = this.oldestAt() < now - maxAgeMs;
		}

		if (!due) return;
		if (this.options.compactInSlices) {
			if (this.compaction !== undefined) return;
			const compaction = compactHistoryInSlices(this.file, {maxBytes, maxAgeMs, now});
			this.compaction = compaction;
			// The descriptor notices the new file at the next flush (descriptor() compares inodes) and reopens.
			void compaction.done.then(() => undefined, error => {
				this.fail(error);
			}).finally(() => {
				if (this.compaction === compaction) this.compaction = undefined;
			});
			return;
		}

		if (compactHistory(this.file, {maxBytes, maxAgeMs, now}) === 'compacted') {
			fs.closeSync(fd);
			this.fd = undefined;
		}
	}

	private oldestAt(): number {
		const head = Buffer.alloc(4096);
		const reader = openRefusingForeignSymlink(this.file, fs.constants.O_RDONLY, 0);
		try {
			const length = fs.readSync(reader, head, 0, head.length, 0);
			const match = /"at":(\d+)/.exec(head.subarray(0, length).toString('utf8'));
			return match ? Number(match[1]) : Number.POSITIVE_INFINITY;
		} finally {
			fs.closeSync(reader);
		}
	}
}

export function openHistoryWriter(options: HistoryWriterOptions): HistoryWriter {
	return new HistoryWriter(options);
}
