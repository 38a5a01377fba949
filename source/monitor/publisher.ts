import {notify} from './notify.js';
import type {Clock, Snapshot, TimerHandle} from './types.js';

export type Publisher = {
	/** Something changed: publish at the next tick (at most one per interval; many changes, one snapshot). */
	markDirty(): void;
	/** Latest snapshot; built on demand when nobody subscribes (then no timer publishes). */
	current(): Snapshot;
	/**
	 * A round the screen waits for begins (probing resumed, after ctrl-z and `fg` too): the change is published at
	 * once, and later ones at the pending interval, as the first round's are, until `calm()` (every check has
	 * answered) or for `pendingPublishWindowMs` at most. Otherwise the resumed snapshot, old states under a current
	 * clock, took the interval's one snapshot, and the results that replace them waited a second behind it.
	 */
	hurry(): void;
	/** The round `hurry` began is in: back to one snapshot per publish interval. */
	calm(): void;
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
	/**
	 * The oldest the latest snapshot may get while someone subscribes, even with nothing changed, as the latest
	 * snapshot decides (undefined: no limit). Its time is the screen's clock and every age on it ("failing for
	 * 4s"): left alone while nothing changed, they go on saying "4s" an hour later, as if uptop had hung.
	 */
	readonly maxAgeMs?: (latest: Snapshot) => number | undefined;
	readonly initial: Snapshot;
	/** Builds the next snapshot from the engine's state; `sequence` is the one to use. */
	readonly build: (sequence: number) => Snapshot;
};

/** Coalesces engine changes into snapshots: trailing-edge, at most one per `publishIntervalMs`, none when idle. */
export function createPublisher({clock, publishIntervalMs, pendingPublishIntervalMs = publishIntervalMs, pendingPublishWindowMs = 5000, maxAgeMs, initial, build}: PublisherOptions): Publisher {
	const listeners = new Set<(snapshot: Snapshot) => void>();
	let latest = initial;
	let isDirty = false;
	let isStopped = false;
	let timer: TimerHandle | undefined;
	let ageTimer: TimerHandle | undefined;
	// The initial all-pending snapshot counts as a publish, so first results batch into the first tick.
	let lastPublishMono = clock.monotonic();
	const pendingUntilMono = lastPublishMono + pendingPublishWindowMs;
	let hurryUntilMono: number | undefined;

	function rebuild(): Snapshot {
		isDirty = false;
		latest = build(latest.sequence + 1);
		return latest;
	}

	function publish(): Snapshot {
		rebuild();
		lastPublishMono = clock.monotonic();
		armAge();
		notify(listeners, latest);
		return latest;
	}

	function clearAge(): void {
		if (ageTimer !== undefined) clock.clearTimeout(ageTimer);
		ageTimer = undefined;
	}

	function armAge(): void {
		clearAge();
		const limitMs = maxAgeMs?.(latest);
		if (limitMs === undefined || isStopped || listeners.size === 0) return;
		ageTimer = clock.setTimeout(() => {
			ageTimer = undefined;
			publish();
		}, Math.max(0, lastPublishMono + limitMs - clock.monotonic()));
	}

	function arm(): void {
		if (timer !== undefined || isStopped || listeners.size === 0) return;
		const isFirstRound = latest.counts.pending > 0 && clock.monotonic() < pendingUntilMono;
		const isHurried = hurryUntilMono !== undefined && clock.monotonic() < hurryUntilMono;
		const intervalMs = isFirstRound || isHurried ? Math.min(publishIntervalMs, pendingPublishIntervalMs) : publishIntervalMs;
		setTimer(Math.max(0, lastPublishMono + intervalMs - clock.monotonic()));
	}

	function setTimer(delayMs: number): void {
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
		hurry() {
			hurryUntilMono = clock.monotonic() + pendingPublishWindowMs;
			isDirty = true;
			if (isStopped || listeners.size === 0) return;
			// On a timer, not here: the command that began the round may come from a listener's own call stack.
			if (timer !== undefined) clock.clearTimeout(timer);
			setTimer(0);
		},
		calm() {
			hurryUntilMono = undefined;
		},
		current: () => (isDirty && listeners.size === 0 ? rebuild() : latest),
		flush: () => (isDirty ? publish() : latest),
		subscribe(listener) {
			listeners.add(listener);
			if (isDirty) arm();
			if (ageTimer === undefined) armAge();
			return () => {
				listeners.delete(listener);
				if (listeners.size === 0) clearAge();
			};
		},
		stop() {
			isStopped = true;
			if (timer !== undefined) clock.clearTimeout(timer);
			timer = undefined;
			clearAge();
		},
	};
}
