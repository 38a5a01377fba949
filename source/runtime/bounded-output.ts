/** What a bounded writer writes to: Node's stdout, or any stream with the same backlog count. */
export type BacklogStream = {
	readonly writableLength: number;
	write(text: string, callback?: (error?: Error | null) => void): boolean;
};

/** Default bytes of output held for a reader that is not reading: minutes of a busy fleet's NDJSON. */
export const defaultMaxBacklogBytes = 16 * 1024 * 1024;

/**
 * stdout for a stream that runs for weeks. On Linux a pipe to stdout is written asynchronously: a reader that
 * stops reading (`uptop --json | less` left on a page, a stalled log shipper) made uptop keep every line it could
 * not take, ~1 MB a second for 2,000 checks, until memory ran out. Past `maxBacklogBytes` waiting, lines are
 * dropped and counted (the probes, the history file and the state go on); once the reader has taken what was
 * waiting, the line `notice(count)` says how many are missing.
 */
export function createBoundedWriter(stream: BacklogStream, notice: (dropped: number) => string, maxBacklogBytes = defaultMaxBacklogBytes): (text: string) => void {
	let dropped = 0;
	let isWaiting = false;
	const onTaken = (error?: Error | null): void => {
		isWaiting = false;
		const count = dropped;
		dropped = 0;
		// A stream that failed says so through its own error handler; there is no reader left to tell.
		if (count > 0 && !error) stream.write(notice(count));
	};

	return text => {
		if (stream.writableLength > maxBacklogBytes) {
			dropped++;
			if (!isWaiting) {
				isWaiting = true;
				// Called once everything written before it is taken. Not 'drain': that comes only after a write that
				// returned false, and below the stream's own high-water mark (a 10 KB limit on a 16 KB pipe) none does.
				stream.write('', onTaken);
			}

			return;
		}

		stream.write(text);
	};
}

/** `UPTOP_MAX_STDOUT_BACKLOG` (bytes, a whole number ≥ 1024) when it is one, else the default. */
export function maxBacklogFromEnv(value: string | undefined): number {
	const bytes = Number(value);
	return value !== undefined && Number.isInteger(bytes) && bytes >= 1024 ? bytes : defaultMaxBacklogBytes;
}
