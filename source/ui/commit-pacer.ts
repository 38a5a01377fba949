import type {Clock, TimerHandle} from '../monitor/types.js';

export type CommitPacer = {
	/**
	 * Runs `commit` at the end of this turn, or when the window since the last commit ends if that is later; the
	 * latest commit asked for meanwhile is the one that runs, once.
	 */
	request(commit: () => void): void;
	/**
	 * Runs `commit` at the end of this turn whatever the window, in place of any commit still waiting: what a
	 * prompt echoes is read as it is typed, and a typist's keys come at most a dozen or so a second.
	 */
	requestNow(commit: () => void): void;
	/** Drops a commit still waiting: the screen is going away. */
	cancel(): void;
};

/**
 * Paces the screen's commits of what keys change: the first key after a pause is drawn at once, and keys that
 * keep coming (a held `j`) are drawn at most once per `intervalMs`, each commit carrying all of them. Ink's own
 * frame cap could do the second part, but it is shared with the engine's snapshots: a key pressed just after a
 * data frame waited out the whole window (up to 100 ms at 10 frames a second), and a higher cap would let a
 * held key draw three times the frames, each a full rewrite of the table while it scrolls.
 */
export function createCommitPacer(intervalMs: number, clock: Clock): CommitPacer {
	let lastAt = Number.NEGATIVE_INFINITY;
	let waiting: (() => void) | undefined;
	let timer: TimerHandle | undefined;
	let isQueued = false;

	const flush = (): void => {
		const commit = waiting;
		waiting = undefined;
		if (commit !== undefined) {
			lastAt = clock.monotonic();
			commit();
		}
	};

	const flushAtEndOfTurn = (): void => {
		// At the end of this turn, not now: one key can make several changes (pin the selection, then move
		// it), and they must be drawn together, not the first at once and the rest a window later.
		isQueued = true;
		queueMicrotask(() => {
			isQueued = false;
			flush();
		});
	};

	return {
		request(commit) {
			waiting = commit;
			if (isQueued || timer !== undefined) {
				return;
			}

			const sinceLast = clock.monotonic() - lastAt;
			if (sinceLast >= intervalMs) {
				flushAtEndOfTurn();
				return;
			}

			timer = clock.setTimeout(() => {
				timer = undefined;
				flush();
			}, intervalMs - sinceLast);
		},
		requestNow(commit) {
			waiting = commit;
			if (timer !== undefined) clock.clearTimeout(timer);
			timer = undefined;
			if (!isQueued) flushAtEndOfTurn();
		},
		cancel() {
			if (timer !== undefined) clock.clearTimeout(timer);
			timer = undefined;
			waiting = undefined;
		},
	};
}
