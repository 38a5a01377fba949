import fs from 'node:fs';
import path from 'node:path';
import type {TimerHandle} from '../monitor/types.js';
import {redact, redactDeep} from '../probes/redact.js';
import {compactHistory} from './history-compact.js';
import {processWriterId, type HistoryRecord} from './history-records.js';
import {makeDirectory} from './make-directory.js';

type Unwritten<T> = T extends unknown ? Omit<T, 'w'> : never;
/** A record as the caller hands it over; the writer adds its `w`. */
export type HistoryInput = Unwritten<HistoryRecord>;

export type HistoryWriterOptions = {
	readonly file: string;
	/** Config secrets (every check's `secrets`): redacted from everything written. */
	readonly secrets?: readonly string[];
	readonly writerId?: string;
	/** Compact when the file grows past this. Default 20 MB. */
	readonly maxBytes?: number;
	/** Entries older than this are dropped by compaction. Default 7 days. */
	readonly maxAgeMs?: number;
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
	/** History is best effort: a failing disk must not stop the monitor. Called with each write error. */
	readonly onError?: (error: Error) => void;
};

const hourMs = 3_600_000;

/**
 * Whether a record belongs to a check whose name holds a secret (`name: "${SVC} api"`: every value from the
 * environment is one). Written, its id would read "•••• api": it matches no check when read back, and is the
 * same for every such check, so one's history would be restored into another's. Such records are not kept
 * (`uptop validate` notes it; docs/config.md says to keep names out of the environment).
 */
function namesSecret(id: string, secrets: readonly string[]): boolean {
	return secrets.length > 0 && redact(id, secrets) !== id;
}

/**
 * Appends history records as JSON Lines. Each flush is ONE write(2) on an O_APPEND descriptor, so lines
 * from two instances on the same config interleave whole, never mixed. Markers are flushed at once
 * (another shell may be waiting for them); results and state changes are batched.
 */
export class HistoryWriter {
	readonly file: string;
	readonly writerId: string;
	lastError: Error | undefined;
	private secrets: readonly string[];
	private readonly options: HistoryWriterOptions;
	private buffer: string[] = [];
	private fd: number | undefined;
	private timer: TimerHandle | undefined;
	private lastAgeCheckAt = Number.NEGATIVE_INFINITY;
	private needsNewline = false;
	private closed = false;
	/** namesSecret per id, for the secrets of now: every result asks, and the answer changes only with them. */
	private readonly hiddenIds = new Map<string, boolean>();

	constructor(options: HistoryWriterOptions) {
		this.options = options;
		this.file = options.file;
		this.writerId = options.writerId ?? processWriterId;
		this.secrets = options.secrets ?? [];
	}

	setSecrets(secrets: readonly string[]): void {
		this.secrets = secrets;
		this.hiddenIds.clear();
	}

	private isHiddenId(id: string | undefined): boolean {
		if (id === undefined) return false;
		let isHidden = this.hiddenIds.get(id);
		if (isHidden === undefined) {
			isHidden = namesSecret(id, this.secrets);
			// Series come and go (pod names): start over rather than keep every id ever seen.
			if (this.hiddenIds.size >= 10_000) this.hiddenIds.clear();
			this.hiddenIds.set(id, isHidden);
		}

		return isHidden;
	}

	append(record: HistoryInput): void {
		if (this.closed || this.isHiddenId('id' in record ? record.id : record.checkId)) {
			return;
		}

		const line = JSON.stringify(redactDeep({...record, w: this.writerId}, this.secrets));
		this.buffer.push(line);
		if (record.t === 'm' || this.buffer.length >= (this.options.maxBatch ?? 200)) {
			this.flush();
		} else if (this.options.scheduler && this.timer === undefined) {
			this.timer = this.options.scheduler.setTimeout(() => {
				this.timer = undefined;
				this.flush();
			}, this.options.flushIntervalMs ?? 1000);
		}
	}

	/** Writes the buffered batch now. Never throws: errors go to onError and `lastError`. */
	flush(): void {
		if (this.timer !== undefined) {
			this.options.scheduler?.clearTimeout(this.timer);
			this.timer = undefined;
		}

		if (this.buffer.length === 0) {
			return;
		}

		const lines = this.buffer;
		this.buffer = [];
		try {
			const fd = this.descriptor();
			const bytes = Buffer.from(`${this.needsNewline ? '\n' : ''}${lines.join('\n')}\n`);
			this.needsNewline = false;
			let written = 0;
			// A regular file takes the whole buffer in one write; the loop only matters on a full disk.
			while (written < bytes.length) {
				written += fs.writeSync(fd, bytes, written, bytes.length - written);
			}

			this.maybeCompact(fd);
		} catch (error) {
			this.fail(error);
		}
	}

	close(): void {
		this.flush();
		this.closed = true;
		if (this.fd !== undefined) {
			fs.closeSync(this.fd);
			this.fd = undefined;
		}
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
		const fd = fs.openSync(this.file, 'a', 0o600);
		// A crash can leave a torn last line; start on a fresh line so our first record stays whole.
		const size = fs.fstatSync(fd).size;
		if (size > 0) {
			const last = Buffer.alloc(1);
			const reader = fs.openSync(this.file, 'r');
			try {
				fs.readSync(reader, last, 0, 1, size - 1);
			} finally {
				fs.closeSync(reader);
			}

			this.needsNewline = last[0] !== 0x0A;
		}

		this.fd = fd;
		return fd;
	}

	private maybeCompact(fd: number): void {
		const maxBytes = this.options.maxBytes ?? 20_000_000;
		const maxAgeMs = this.options.maxAgeMs ?? 7 * 24 * hourMs;
		const now = (this.options.now ?? Date.now)();
		let due = fs.fstatSync(fd).size > maxBytes;
		if (!due && now - this.lastAgeCheckAt >= Math.min(hourMs, maxAgeMs)) {
			this.lastAgeCheckAt = now;
			due = this.oldestAt() < now - maxAgeMs;
		}

		if (due && compactHistory(this.file, {maxBytes, maxAgeMs, now}) === 'compacted') {
			fs.closeSync(fd);
			this.fd = undefined;
		}
	}

	private oldestAt(): number {
		const head = Buffer.alloc(4096);
		const reader = fs.openSync(this.file, 'r');
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
