import type {Check} from '../config/types.js';
import type {ProbeResult} from '../probes/types.js';
import {applyResult, createRow, viewRow, type CheckRow} from './check-row.js';
import {systemClock} from './clock.js';
import {defaultHistoryCapacity} from './latency-history.js';
import {abandonGraceMs, startProbeRun, type ProbeCall, type ProbeRun} from './probe-run.js';
import {freezeSnapshot, initialSnapshot} from './snapshot.js';
import type {CheckView, Clock, Marker, MonitorCommand, MonitorEvent, MonitorHandle, Snapshot, TimerHandle} from './types.js';

export type MonitorOptions = {
	readonly checks: readonly Check[];
	readonly probe: ProbeCall;
	/** Default: the real clock. */
	readonly clock?: Clock;
	/** Probes in flight at most, across all checks. Default 32. */
	readonly concurrency?: number;
	/** 0 ≤ x < 1; spreads first runs. Default Math.random. */
	readonly random?: () => number;
	/** Snapshots are published at most this often. Default 250 ms. */
	readonly publishIntervalMs?: number;
	/** Samples kept per row. Default 8,640 (24 h at 10 s). */
	readonly historyCapacity?: number;
	/** Markers kept. Default 500. */
	readonly markerLimit?: number;
};

export type MonitorStats = {
	readonly inFlight: number;
	readonly maxInFlight: number;
	readonly queued: number;
	/** Probe attempts started, retries included. */
	readonly attempts: number;
	/** Results recorded (cancelled ones are not). */
	readonly results: number;
	/** How late a run started compared with its schedule (waiting for a free slot), worst and total. */
	readonly maxSlipMs: number;
	readonly totalSlipMs: number;
};

export type Monitor = MonitorHandle & {
	start(): void;
	/** Publishes pending changes now instead of at the next publish tick. */
	flush(): Snapshot;
	stats(): MonitorStats;
};

type Entry = {
	check: Check;
	rows: Map<string, CheckRow>;
	timer?: TimerHandle;
	dueMono?: number;
	nextAt?: number;
	isQueued: boolean;
	run?: ProbeRun;
	version?: string;
	isRemoved: boolean;
};

/** Builds the engine. Nothing runs until `start()`. */
export function createMonitor(options: MonitorOptions): Monitor {
	const clock = options.clock ?? systemClock;
	const random = options.random ?? Math.random;
	const concurrency = Math.max(1, options.concurrency ?? 32);
	const publishIntervalMs = options.publishIntervalMs ?? 250;
	const capacity = options.historyCapacity ?? defaultHistoryCapacity;
	const markerLimit = options.markerLimit ?? 500;
	const snapshotListeners = new Set<(snapshot: Snapshot) => void>();
	const eventListeners = new Set<(event: MonitorEvent) => void>();
	const tracked = new Set<Promise<void>>();
	let entries = new Map<string, Entry>();
	let queue: Entry[] = [];
	let queueHead = 0;
	let markers: readonly Marker[] = Object.freeze([]);
	let current = initialSnapshot(options.checks, clock.now());
	let isStarted = false;
	let isPaused = false;
	let isStopped = false;
	let isDirty = false;
	let publishTimer: TimerHandle | undefined;
	// The initial all-pending snapshot counts as a publish, so first results batch into the first tick.
	let lastPublishMono = clock.monotonic();
	let stopping: Promise<void> | undefined;
	const counters = {inFlight: 0, maxInFlight: 0, attempts: 0, results: 0, maxSlipMs: 0, totalSlipMs: 0};

	const newEntry = (check: Check): Entry => ({check, rows: new Map([[check.id, createRow(check.id, clock.now(), capacity)]]), isQueued: false, isRemoved: false});
	for (const check of options.checks) entries.set(check.id, newEntry(check));

	function emit<T>(listeners: Set<(value: T) => void>, value: T): void {
		for (const listener of listeners) {
			try {
				listener(value);
			} catch (error) {
				// A broken listener is a bug to surface, but it must not corrupt the engine's state mid-update.
				queueMicrotask(() => {
					throw error;
				});
			}
		}
	}

	function touch(entry: Entry): void {
		for (const row of entry.rows.values()) row.view = undefined;
		markDirty();
	}

	function markDirty(): void {
		isDirty = true;
		if (publishTimer !== undefined || isStopped || snapshotListeners.size === 0) return;
		const delayMs = Math.max(0, lastPublishMono + publishIntervalMs - clock.monotonic());
		publishTimer = clock.setTimeout(() => {
			publishTimer = undefined;
			if (isDirty) publish();
		}, delayMs);
	}

	function build(): Snapshot {
		const at = clock.now();
		const rows: CheckView[] = [];
		for (const entry of entries.values()) {
			const extras = {check: entry.check, version: entry.version, nextAt: entry.nextAt, isRunning: entry.run !== undefined};
			for (const row of entry.rows.values()) {
				row.view ??= viewRow(row, extras, at);
				rows.push(row.view);
			}
		}

		isDirty = false;
		return freezeSnapshot({at, rows: Object.freeze(rows), isPaused, markers, sequence: current.sequence + 1});
	}

	function publish(): Snapshot {
		current = build();
		lastPublishMono = clock.monotonic();
		emit(snapshotListeners, current);
		return current;
	}

	function schedule(entry: Entry, delayMs: number): void {
		if (entry.timer !== undefined) clock.clearTimeout(entry.timer);
		entry.dueMono = clock.monotonic() + delayMs;
		entry.nextAt = clock.now() + delayMs;
		entry.timer = clock.setTimeout(() => {
			entry.timer = undefined;
			requestRun(entry);
		}, delayMs);
		touch(entry);
	}

	function unschedule(entry: Entry): void {
		if (entry.timer !== undefined) clock.clearTimeout(entry.timer);
		entry.timer = undefined;
		entry.dueMono = undefined;
		entry.nextAt = undefined;
		entry.isQueued = false;
	}

	const jitterMs = (check: Check) => random() * Math.min(check.intervalMs, 1000);

	function requestRun(entry: Entry): void {
		if (isStopped || entry.isRemoved || entry.run !== undefined || entry.isQueued) return;
		if (counters.inFlight < concurrency) {
			startRun(entry);
			return;
		}

		entry.isQueued = true;
		queue.push(entry);
	}

	function drainQueue(): void {
		while (counters.inFlight < concurrency && queueHead < queue.length) {
			const entry = queue[queueHead++]!;
			if (!entry.isQueued || entry.isRemoved) continue;
			entry.isQueued = false;
			startRun(entry);
		}

		if (queueHead > 256 && queueHead * 2 > queue.length) {
			queue = queue.slice(queueHead);
			queueHead = 0;
		}
	}

	function startRun(entry: Entry): void {
		counters.inFlight++;
		counters.maxInFlight = Math.max(counters.maxInFlight, counters.inFlight);
		if (entry.dueMono !== undefined) {
			const slipMs = Math.max(0, clock.monotonic() - entry.dueMono);
			counters.maxSlipMs = Math.max(counters.maxSlipMs, slipMs);
			counters.totalSlipMs += slipMs;
		}

		unschedule(entry);
		attempt(entry, 0);
		touch(entry);
	}

	function attempt(entry: Entry, attemptNumber: number): void {
		counters.attempts++;
		const run = startProbeRun({
			clock,
			probe: options.probe,
			check: entry.check,
			attempt: attemptNumber,
			onSettled: result => settle(entry, run, result),
			onUntracked: () => tracked.delete(run.settled),
		});
		entry.run = run;
		tracked.add(run.settled);
	}

	function settle(entry: Entry, run: ProbeRun, result: ProbeResult): void {
		if (entry.run !== run) return;
		const {retries} = entry.check;
		if (result.outcome === 'failing' && run.attempt < retries && !isStopped && !entry.isRemoved) {
			attempt(entry, run.attempt + 1);
			return;
		}

		entry.run = undefined;
		counters.inFlight--;
		if (result.outcome !== 'cancelled') record(entry, retries > 0 ? {...result, attempt: run.attempt} : result);
		if (!isPaused && !isStopped && !entry.isRemoved) schedule(entry, entry.check.intervalMs);
		touch(entry);
		drainQueue();
	}

	function cancel(entry: Entry): void {
		unschedule(entry);
		if (entry.run === undefined) return;
		entry.run.cancel();
		entry.run = undefined;
		counters.inFlight--;
	}

	function record(entry: Entry, result: ProbeResult): void {
		const at = clock.now();
		const {check} = entry;
		counters.results++;
		if (result.version) {
			if (entry.version && entry.version !== result.version) {
				addMarker({at, label: `${check.name} ${entry.version} → ${result.version}`, checkId: check.id, source: 'version'});
			}

			entry.version = result.version;
		}

		const series = result.series ?? [];
		if (series.length > 0) {
			const rows = new Map<string, CheckRow>();
			for (const item of [...series].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0))) {
				const id = `${check.id}/${item.label}`;
				const row = entry.rows.get(id) ?? createRow(id, at, capacity, item.label);
				rows.set(id, row);
				const {series: _series, ...rest} = result;
				applyRow(row, check, {...rest, outcome: item.outcome, reason: item.reason, summary: item.summary, value: item.value}, at);
			}

			entry.rows = rows;
			return;
		}

		for (const row of entry.rows.values()) applyRow(row, check, result, at);
	}

	function applyRow(row: CheckRow, check: Check, result: ProbeResult, at: number): void {
		const transition = applyResult(row, check, result, at);
		if (eventListeners.size === 0) return;
		emit(eventListeners, {type: 'result', id: row.id, at, state: row.state, result});
		if (transition) emit(eventListeners, {type: 'state', id: row.id, at, from: transition.from, to: transition.to, reason: transition.reason});
	}

	function addMarker(marker: Marker): void {
		const frozen = Object.freeze(marker);
		markers = Object.freeze([...markers.slice(Math.max(0, markers.length - markerLimit + 1)), frozen]);
		markDirty();
		emit(eventListeners, {type: 'marker', marker: frozen});
	}

	function setChecks(checks: readonly Check[]): void {
		const next = new Map<string, Entry>();
		for (const check of checks) {
			const existing = entries.get(check.id);
			if (existing === undefined) {
				const entry = newEntry(check);
				next.set(check.id, entry);
				if (isStarted && !isPaused && !isStopped) schedule(entry, jitterMs(check));
				continue;
			}

			const previousIntervalMs = existing.check.intervalMs;
			existing.check = check;
			next.set(check.id, existing);
			// A shorter interval takes effect now rather than after the old, longer wait.
			if (existing.timer !== undefined && existing.dueMono !== undefined && check.intervalMs < previousIntervalMs) {
				schedule(existing, Math.max(0, Math.min(existing.dueMono - clock.monotonic(), check.intervalMs)));
			}

			touch(existing);
		}

		for (const [id, entry] of entries) {
			if (next.has(id)) continue;
			entry.isRemoved = true;
			cancel(entry);
		}

		entries = next;
		markDirty();
		drainQueue();
	}

	function recheck(id?: string): void {
		const targets = id === undefined ? [...entries.values()] : [entries.get(id)].filter(entry => entry !== undefined);
		for (const entry of targets) {
			if (entry.run !== undefined || entry.isQueued) continue;
			unschedule(entry);
			requestRun(entry);
		}
	}

	function pause(): void {
		if (isPaused) return;
		isPaused = true;
		for (const entry of entries.values()) {
			unschedule(entry);
			touch(entry);
		}

		queue = [];
		queueHead = 0;
		markDirty();
	}

	function resume(): void {
		if (!isPaused) return;
		isPaused = false;
		if (isStarted && !isStopped) for (const entry of entries.values()) if (entry.run === undefined) schedule(entry, jitterMs(entry.check));
		markDirty();
	}

	return {
		start() {
			if (isStarted || isStopped) return;
			isStarted = true;
			if (!isPaused) for (const entry of entries.values()) schedule(entry, jitterMs(entry.check));
		},
		getSnapshot() {
			// Without subscribers nothing is published on a timer, so build on demand.
			if (isDirty && snapshotListeners.size === 0) current = build();
			return current;
		},
		flush: () => (isDirty ? publish() : current),
		subscribe(listener) {
			snapshotListeners.add(listener);
			if (isDirty) markDirty();
			return () => snapshotListeners.delete(listener);
		},
		onEvent(listener) {
			eventListeners.add(listener);
			return () => eventListeners.delete(listener);
		},
		send(command: MonitorCommand) {
			if (isStopped) return;
			switch (command.type) {
				case 'recheck': {
					recheck(command.id);
					break;
				}

				case 'pause': {
					pause();
					break;
				}

				case 'resume': {
					resume();
					break;
				}

				case 'mark': {
					addMarker({at: clock.now(), label: command.label, source: command.source});
					break;
				}

				case 'setChecks': {
					setChecks(command.checks);
					break;
				}
			}
		},
		stats: () => ({...counters, queued: queue.length - queueHead}),
		async stop() {
			stopping ??= (async () => {
				isStopped = true;
				if (publishTimer !== undefined) clock.clearTimeout(publishTimer);
				publishTimer = undefined;
				for (const entry of entries.values()) cancel(entry);
				queue = [];
				queueHead = 0;
				await settleOrGiveUp([...tracked]);
				if (isDirty) publish();
			})();
			return stopping;
		},
	};

	// Well-behaved probes settle right after the abort; one that ignores it gets the same grace as at a deadline.
	async function settleOrGiveUp(pending: Array<Promise<void>>): Promise<void> {
		if (pending.length === 0) return;
		let timer: TimerHandle | undefined;
		const grace = new Promise<void>(resolve => {
			timer = clock.setTimeout(resolve, abandonGraceMs);
		});
		await Promise.race([Promise.all(pending), grace]);
		if (timer !== undefined) clock.clearTimeout(timer);
	}
}
