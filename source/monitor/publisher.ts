import {notify} from './notify.js';
import type {Clock, Snapshot, TimerHandle} from './types.js';

export type Publisher = {
	/** Something changed: publish at the next tick (at most one per interval; many changes, one snapshot). */
	markDirty(): void;
	/** Latest snapshot; built on demand when nobody subscribes (then no timer publishes). */
	current(): Snapshot;
	/** Publishes pending changes now. */
	flush(): Snapshot;
	subscribe(listener: (snapshot: Snapshot) => void): () => void;
	/** Clears the timer; pending changes are still published by a final flush(). */
	stop(): void;
};

export type PublisherOptions = {
	readonly clock: Clock;
	readonly publishIntervalMs: number;
	/**
	 * While the last snapshot still has pending rows, at most one per this long instead (if shorter): the first
	 * results show as they come, not a second or more after the screen opened.
	 */
	readonly pendingPublishIntervalMs?: number;
	/**
	 * For this long from the start only (default 5 s, a first round's time): a target that hangs until a long
	 * timeout keeps its row pending, and the rest of the fleet must not be drawn ten times a second meanwhile
	 * (a frame competes with the probes' timing; that is why the live screen's interval is a second).
	 */
	readonly pendingPublishWindowMs?: number;
	readonly initial: Snapshot;
	/** Builds the next snapshot from the engine's state; `sequence` is the one to use. */
	readonly build: (sequence: number) => Snapshot;
};

/** Coalesces engine changes into snapshots: trailing-edge, at most one per `publishIntervalMs`, none when idle. */
export function createPublisher({clock, publishIntervalMs, pendingPublishIntervalMs = publishIntervalMs, pendingPublishWindowMs = 5000, initial, build}: PublisherOptions): Publisher {
	const listeners = new Set<(snapshot: Snapshot) => void>();
	let latest = initial;
	let isDirty = false;
	let isStopped = false;
	let timer: TimerHandle | undefined;
	// The initial all-pending snapshot counts as a publish, so first results batch into the first tick.
	let lastPublishMono = clock.monotonic();
	const pendingUntilMono = lastPublishMono + pendingPublishWindowMs;

	function rebuild(): Snapshot {
		isDirty = false;
		latest = build(latest.sequence + 1);
		return latest;
	}

	function publish(): Snapshot {
		rebuild();
		lastPublishMono = clock.monotonic();
		notify(listeners, latest);
		return latest;
	}

	function arm(): void {
		if (timer !== undefined || isStopped || listeners.size === 0) return;
		const isFirstRound = latest.counts.pending > 0 && clock.monotonic() < pendingUntilMono;
		const intervalMs = isFirstRound ? Math.min(publishIntervalMs, pendingPublishIntervalMs) : publishIntervalMs;
		const delayMs = Math.max(0, lastPublishMono + intervalMs - clock.monotonic());
		timer = clock.setTimeout(() => {
			timer = undefined;
			if (isDirty) publish();
		}, delayMs);
	}

	return {
		markDirty() {
			isDirty = true;
			arm();
		},
		current: () => (isDirty && listeners.size === 0 ? rebuild() : latest),
		flush: () => (isDirty ? publish() : latest),
		subscribe(listener) {
			listeners.add(listener);
			if (isDirty) arm();
			return () => listeners.delete(listener);
		},
		stop() {
			isStopped = true;
			if (timer !== undefined) clock.clearTimeout(timer);
			timer = undefined;
		},
	};
}
