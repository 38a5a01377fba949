import type {Check} from '../config/types.js';
import type {ProbeResult, Reason} from '../probes/types.js';
import {createEntry, recordResult, type CheckEntry, type RecordHooks} from './check-entry.js';
import {continuityMs, rebaseEntries, resumeRow, seedRow, seedTransitions, viewRow, type CheckRow} from './check-row.js';
import {settleRestoredRun, type WatchStart} from './restored-run.js';
import {addUnwatched, isStall} from './unwatched-span.js';
import {redactionMark} from '../text/redact.js';
import {displayCheck} from './display-check.js';
import {createFleetConcurrency, defaultParkAfterMs} from './fleet-concurrency.js';
import {createReleaseTracker, type TrackedRow} from './release-tracker.js';
import {systemClock} from './clock.js';
import {defaultHistoryCapacity} from './latency-history.js';
import {notify} from './notify.js';
import {abandonGraceMs, startProbeRun, type ProbeCall} from './probe-run.js';
import {createPublisher} from './publisher.js';
import {createSlots} from './slots.js';
import {freezeSnapshot, initialSnapshot} from './snapshot.js';
import {keepGoneRow, withoutReturned} from './gone-rows.js';
import type {CheckView, Clock, GoneRow, IgnoredVersion, Marker, MonitorCommand, MonitorEvent, MonitorHandle, Snapshot, State, TimerHandle} from './types.js';
import {versionSource} from './version-noise.js';
import {rowOwner} from './row-owner.js';
import {judgingSettings, probeSettings} from './check-settings.js';
import {repeatsVersionChange} from './version-markers.js';
import {markerLabel} from './marker-label.js';
import {groupById} from './group-by-id.js';

export type MonitorOptions = {
	readonly checks: readonly Check[];
	readonly probe: ProbeCall;
	/** Default: the real clock. */
	readonly clock?: Clock;
	/**
	 * Probes in flight at most, across all checks (not counting parked ones, see parkAfterMs). Default: 32, raised
	 * from the fleet's answer times when its targets are slow (fleet-concurrency.ts).
	 */
	readonly concurrency?: number;
	/**
	 * A probe still waiting after this long gives its slot back and keeps running ("parked"): during an incident
	 * dozens of targets hang until their timeout, and holding a slot each would make the healthy checks queue
	 * behind them. Parked probes cost a socket, not CPU; at most 16 × concurrency are parked. Default 1 s.
	 */
	readonly parkAfterMs?: number;
	/** 0 ≤ x < 1; spreads first runs. Default Math.random. */
	readonly random?: () => number;
	/** Snapshots are published at most this often. Default 250 ms. */
	readonly publishIntervalMs?: number;
	/** While a row is still pending (the first round), at most this often instead, if shorter. Default 100 ms. */
	readonly pendingPublishIntervalMs?: number;
	/** Samples kept per row. Default 8,640 (24 h at 10 s). */
	readonly historyCapacity?: number;
	/** Markers kept, newest. Default 500. */
	readonly markerLimit?: number;
	/** Markers from before this run (the history file), shown from the first snapshot. */
	readonly initialMarkers?: readonly Marker[];
	/** Results from before this run (the history file), oldest first: the baseline survives a restart. */
	readonly initialHistory?: ReadonlyArray<{readonly id: string; readonly at: number; readonly latencyMs: number; readonly state: State; readonly reason?: Reason}>;
	/** State changes from before this run (the history file), oldest first: the detail pane lists them. */
	readonly initialTransitions?: ReadonlyArray<{readonly id: string; readonly at: number; readonly from: State; readonly to: State; readonly reason?: Reason; readonly afterReload?: true}>;
	/**
	 * Of each row id in the history file, where uptops that recorded it started after another's records of it
	 * (LoadedHistory.checkWatch): a state carried over a restart counts the gaps in it as unwatched (restored-run.ts).
	 */
	readonly initialCheckWatch?: ReadonlyArray<{readonly id: string; readonly starts: readonly WatchStart[]}>;
	/** Each check's deployed version when uptop last ran (the history file): a different one now is a deploy marker. */
	readonly initialVersions?: ReadonlyArray<{readonly id: string; readonly version: string; readonly ignored?: IgnoredVersion}>;
	/** Each side of the before/after comparison around the latest marker. Default 30 minutes. */
	readonly releaseWindowMs?: number;
	/**
	 * Another uptop was recording the history when it was read (LoadedHistory.isRecordedByAnother): a state its
	 * latest results left was watched up to now, not left at a restart, for each check whose latest result is recent.
	 */
	readonly isHistoryRecordedByAnother?: boolean;
	/**
	 * What the history file holds now for `checks`, read when a reload adds checks this run has not watched: they
	 * are seeded from it as at a start, and first probed once it is read when it comes as a promise (the worker
	 * reads it without blocking the probes it times). The engine reads no file itself; undefined without a history.
	 */
	readonly loadHistory?: (checks: readonly Check[]) => PastSeed | undefined | Promise<PastSeed | undefined>;
};

/** The history file's results and state changes, as seeded into checks (MonitorOptions.initialHistory and co.). */
export type PastSeed = {
	readonly results: NonNullable<MonitorOptions['initialHistory']>;
	readonly transitions: NonNullable<MonitorOptions['initialTransitions']>;
	readonly checkWatch?: MonitorOptions['initialCheckWatch'];
	readonly isRecordedByAnother?: boolean;
};

export type MonitorStats = {
	/** The cap on probes in flight now. */
	readonly concurrency: number;
	/** A moving average of how late the checks' timers fire: how far behind the engine's thread is. */
	readonly timerLatenessMs: number;
	readonly inFlight: number;
	readonly maxInFlight: number;
	/** Runs that gave their slot back after parkAfterMs (stuck on a hung target). */
	readonly parked: number;
	readonly queued: number;
	/** Probe attempts started, retries included. */
	readonly attempts: number;
	/** Results recorded (cancelled ones are not). */
	readonly results: number;
	/** How late runs started compared with their schedule (a late timer, or waiting for a free slot): worst and total. */
	readonly maxSlipMs: number;
	readonly totalSlipMs: number;
};

export type Monitor = MonitorHandle & {
	/** Schedules every check's first run, jittered over [0, min(interval, 1 s, fleet size / 320 per second)). */
	start(): void;
	/** Publishes pending changes now instead of at the next publish tick. */
	flush(): Snapshot;
	stats(): MonitorStats;
};

/**
 * How old a snapshot may get with nothing changed. Paused, or with a check not up, the screen's clock and ages go
 * on each second: whoever paused is looking at it, and during an incident "failing for 0s" must not stand for a
 * minute between one check's results (a 50 s interval) while the clock above it stops. Otherwise once a minute, so
 * a quiet fleet all up (checks every hour) does not show a clock stuck an hour back while writing next to nothing
 * (unless a check waits for a free slot).
 */
function snapshotMaxAgeMs(latest: Snapshot): number {
	const {failing, warn, unknown, slow} = latest.counts;
	// A check waiting for a free slot: the detail pane says how overdue it is, which must not stand for a minute.
	return latest.isPaused || failing + warn + unknown + slow > 0 || latest.rows.some(row => row.waitingSince !== undefined) ? 1000 : 60_000;
}

/**
 * How far the wall clock may drift from the monotonic one before it counts as stepped: NTP slews the clock by
 * at most 0.5 ms a second, a step moves it at once.
 */
const clockStepMs = 1000;
/**
 * The wall clock gone ahead of the monotonic one by up to this is taken for a sleep (a laptop's lid, a VM paused):
 * Linux's monotonic clock stands still while the machine is suspended, and the time passed must count ("failing
 * for 8h" after a night). Further ahead, or behind at all, it is a clock corrected (a bad hardware clock, NTP): the
 * monotonic measure stands. A forward step of NTP within it reads as a sleep: from inside the two look the same.
 */
const longestSleepMs = 30 * 86_400_000;

/** Builds the engine. Nothing runs until `start()`. */
export function createMonitor(options: MonitorOptions): Monitor {
	const clock = options.clock ?? systemClock;
	const random = options.random ?? Math.random;
	const parkAfterMs = options.parkAfterMs ?? defaultParkAfterMs;
	const fixed = (concurrency: number | undefined) => concurrency === undefined ? undefined : Math.max(1, Math.floor(concurrency));
	let fixedConcurrency = fixed(options.concurrency);
	const capacity = options.historyCapacity ?? defaultHistoryCapacity;
	const markerLimit = options.markerLimit ?? 500;
	const eventListeners = new Set<(event: MonitorEvent) => void>();
	const tracked = new Set<Promise<void>>();
	let entries = new Map<string, CheckEntry>();
	/**
	 * Checks a reload removed in this run, by id, with their rows: one added back (a block commented out and back in,
	 * an included file briefly missing) goes on from them, as a restart would from the history file.
	 */
	const removedEntries = new Map<string, CheckEntry>();
	let markers: readonly Marker[] = [];
	/** Rows that left the table with changes of their own: the events view keeps listing them (gone-rows.ts). */
	let gone: readonly GoneRow[] = [];
	/** Version markers that came from another instance (through the history file): see repeatsVersionChange. */
	const followedVersionMarkers = new WeakSet<Marker>();
	let isStarted = false;
	let isPaused = false;
	/** Since the last resume, the checks that have not answered yet (publisher.hurry). */
	const awaitedAfterResume = new Set<CheckEntry>();
	let isStopped = false;
	let stopping: Promise<void> | undefined;
	const counters = {attempts: 0, results: 0, maxSlipMs: 0, totalSlipMs: 0};
	const fleet = createFleetConcurrency(parkAfterMs, clock.monotonic());
	for (const check of options.checks) {
		entries.set(check.id, createEntry(check, clock.now(), clock.monotonic(), capacity));
		fleet.set(check.id, check.intervalMs);
	}

	markers = Object.freeze((options.initialMarkers ?? []).slice(-markerLimit).map(marker => Object.freeze(withShownCheck(marker))));
	const slots = createSlots<CheckEntry>(fixedConcurrency ?? fleet.capAt(clock.monotonic(), 0), startRun);
	seedHistory([...entries.values()], {results: options.initialHistory ?? [], transitions: options.initialTransitions ?? [], checkWatch: options.initialCheckWatch, isRecordedByAnother: options.isHistoryRecordedByAnother === true});
	for (const {id, version, ignored} of options.initialVersions ?? []) {
		const entry = entries.get(id);
		if (entry === undefined) continue;
		entry.version = version;
		// Judged by the earlier run and still read from the same place: a restart must not mark it all over again.
		if (ignored !== undefined && ignored.source === versionSource(entry.check)) entry.versionIgnored = ignored;
	}

	/** Time the machine slept (see longestSleepMs), added to the monotonic clock for the rows' times. */
	let sleptMs = 0;
	/** Wall minus the rows' monotonic time, as of the last wall-clock step (or the start): views show row times on it. */
	let clockOffset = clock.now() - clock.monotonic();

	/**
	 * The wall time and the rows' monotonic time (the engine's, plus any sleep) of now. A sleep found is added to
	 * the latter; a step of the wall clock measures every view's ages afresh against it, or "failing for" would
	 * jump by the step or stand still until it was made up.
	 */
	function rowTime(): {at: number; mono: number} {
		const at = clock.now();
		let mono = clock.monotonic() + sleptMs;
		const drift = at - mono - clockOffset;
		if (drift > clockStepMs && drift <= longestSleepMs) {
			sleptMs += drift;
			mono += drift;
			noteUnwatched(drift, at, mono);
		} else if (Math.abs(drift) > clockStepMs) {
			clockOffset = at - mono;
			for (const entry of [...entries.values(), ...removedEntries.values()]) for (const row of entry.rows.values()) rebaseEntries(row, clockOffset);
		}

		return {at, mono};
	}

	/** Up to when (the engine's monotonic ms) a stopped process was counted as unwatched: later timers of the same stop add only what is past it. */
	let stallCountedUntil = clock.monotonic();

	/** A check's timer fired `lateMs` late: a stop of the process (isStall) is time no row was watched. */
	function noteLateTimer(entry: CheckEntry, lateMs: number): void {
		if (!isStall(lateMs, entry.check.intervalMs)) return;
		const now = clock.monotonic();
		const spanMs = now - Math.max(now - lateMs, stallCountedUntil);
		stallCountedUntil = now;
		if (spanMs <= 0) return;
		const {at, mono} = rowTime();
		noteUnwatched(spanMs, at, mono);
	}

	/**
	 * Time ending now in which uptop watched nothing (a sleep, a stop): every row's state held it unwatched, those of
	 * checks a reload removed too, as one added back goes on with its state (resumeRow).
	 */
	function noteUnwatched(spanMs: number, at: number, mono: number): void {
		for (const entry of [...entries.values(), ...removedEntries.values()]) {
			for (const row of entry.rows.values()) addUnwatched(row, spanMs, at, mono);
			touch(entry);
		}
	}

	const release = createReleaseTracker({windowMs: options.releaseWindowMs});
	let releaseMarkers = markers;

	const publisher = createPublisher({clock, publishIntervalMs: options.publishIntervalMs ?? 250, pendingPublishIntervalMs: options.pendingPublishIntervalMs ?? 100, maxAgeMs: snapshotMaxAgeMs, initial: Object.freeze({...initialSnapshot(options.checks, clock.now()), markers}), build});
	const hooks: RecordHooks = {
		capacity,
		onRow(row, result, transition, isContinued) {
			release.markDirty();
			if (eventListeners.size === 0) return;
			const at = clock.now();
			const continues = isContinued ? {continues: true as const, ...(row.continued?.isRecordedByAnother ? {isRecordedByAnother: true as const} : {}), ...(row.continued?.isReAdded ? {isReAdded: true as const} : {})} : {};
			notify(eventListeners, {type: 'result', id: row.id, at, state: row.state, result, ...continues});
			if (transition) notify(eventListeners, {type: 'state', id: row.id, at, from: transition.from, to: transition.to, reason: transition.reason, fromSince: transition.fromSince, fromHeldMs: transition.fromHeldMs, ...(transition.unwatchedMs === undefined ? {} : {unwatchedMs: transition.unwatchedMs}), ...(transition.afterReload ? {afterReload: true as const} : {})});
		},
		// The engine's own version change, unless another instance's record of it came first.
		onMarker(marker: Marker) {
			if (!repeatsVersionChange(markers, marker, latest => followedVersionMarkers.has(latest))) addMarker(marker);
		},
		onRowGone(row, transition, entry, isFannedOut) {
			release.markDirty();
			gone = keepGoneRow(gone, viewOf(entry, row, transition.at), transition.at, isFannedOut ? 'fannedOut' : 'leftAnswer');
			publisher.markDirty();
			notify(eventListeners, {type: 'state', id: row.id, at: transition.at, from: transition.from, to: transition.to, reason: transition.reason, fromSince: transition.fromSince, fromHeldMs: transition.fromHeldMs, ...(transition.unwatchedMs === undefined ? {} : {unwatchedMs: transition.unwatchedMs})});
		},
		onVersionIgnored(entry, ignored) {
			notify(eventListeners, {type: 'versionIgnored', id: entry.check.id, at: ignored.at, ignored});
		},
	};

	function build(sequence: number): Snapshot {
		const {at} = rowTime();

		// Before/after comparisons exist only once there is a marker; until then publishing skips them entirely.
		if (markers.length > 0) {
			const releaseRows: TrackedRow[] = [];
			for (const entry of entries.values()) for (const row of entry.rows.values()) releaseRows.push({row, checkId: entry.check.id});
			release.update(releaseRows, markers, at, releaseMarkers !== markers);
			releaseMarkers = markers;
		}
		const rows: CheckView[] = [];
		for (const entry of entries.values()) {
			const extras = extrasOf(entry);
			for (const row of entry.rows.values()) {
				row.view ??= viewRow(row, extras, at, clockOffset);
				rows.push(row.view);
			}
		}

		return freezeSnapshot({at, rows: Object.freeze(rows), isPaused, markers, gone, sequence});
	}

	function extrasOf(entry: CheckEntry) {
		return {checkId: entry.check.id, check: displayCheck(entry.check), version: entry.version, versionIgnored: entry.versionIgnored, nextAt: entry.nextAt, waitingSince: entry.waitingSince, isRunning: entry.run !== undefined};
	}

	/** A row's view as the next snapshot would show it. */
	function viewOf(entry: CheckEntry, row: CheckRow, at: number): CheckView {
		row.view ??= viewRow(row, extrasOf(entry), at, clockOffset);
		return row.view;
	}

	// The entry's rows show its schedule (nextAt, isRunning): their views are rebuilt at the next publish.
	function touch(entry: CheckEntry): void {
		for (const row of entry.rows.values()) row.view = undefined;
		publisher.markDirty();
	}

	/**
	 * A delay in [0, min(interval, 1 s, fleet size × 1/320 s)) that spreads first runs, so checks do not probe in
	 * step. A large fleet is spread over a second: all due at once, their timers fired late together and held the
	 * engine's cap on probes in flight at 32 for seconds (2,000 checks answering in 100 ms: every check answered
	 * after 4.8 s instead of 2.8 s). A small one starts within a fraction of it, at most 320 first runs a second
	 * (what 32 slots carry with answers in 100 ms): 50 checks have a state within 160 ms, not up to a second.
	 */
	const jitterMs = (check: Check) => random() * Math.min(check.intervalMs, 1000, entries.size * (1000 / 320));

	function schedule(entry: CheckEntry, delayMs: number): void {
		if (entry.timer !== undefined) clock.clearTimeout(entry.timer);
		entry.dueMono = clock.monotonic() + delayMs;
		entry.nextAt = clock.now() + delayMs;
		entry.timer = clock.setTimeout(() => {
			entry.timer = undefined;
			if (entry.dueMono !== undefined) {
				fleet.noteTimerLateness(clock.monotonic() - entry.dueMono);
				noteLateTimer(entry, clock.monotonic() - entry.dueMono);
			}

			requestRun(entry);
		}, delayMs);
		touch(entry);
	}

	function unschedule(entry: CheckEntry): void {
		if (entry.timer !== undefined) clock.clearTimeout(entry.timer);
		entry.timer = undefined;
		entry.dueMono = undefined;
		entry.nextAt = undefined;
		entry.waitingSince = undefined;
		slots.withdraw(entry);
	}

	function requestRun(entry: CheckEntry): void {
		if (isStopped || entry.isRemoved || entry.run !== undefined) return;
		slots.acquire(entry);
		// Every slot busy: the view says so now, not once the check is a second late and the next snapshot comes.
		if (slots.isWaiting(entry) && entry.waitingSince === undefined) {
			entry.waitingSince = entry.nextAt ?? clock.now();
			touch(entry);
		}
	}

	// Called by the slots once this entry holds one; a queued entry's slip is how long it waited.
	function startRun(entry: CheckEntry): void {
		entry.runStartedMono = clock.monotonic();
		if (entry.dueMono !== undefined) {
			const slipMs = Math.max(0, entry.runStartedMono - entry.dueMono);
			counters.maxSlipMs = Math.max(counters.maxSlipMs, slipMs);
			counters.totalSlipMs += slipMs;
		}

		unschedule(entry);
		entry.isRunAfterReload = entry.isChangedByReload === true;
		entry.isChangedByReload = false;
		attempt(entry, 0);
		entry.parkTimer = clock.setTimeout(() => {
			entry.parkTimer = undefined;
			// Retries replace the run but keep the slot, so any run of this entry still going is parked.
			if (entry.run !== undefined) slots.park(entry);
		}, parkAfterMs);
		touch(entry);
	}

	function fitSlots(): void {
		const next = fixedConcurrency ?? fleet.capAt(clock.monotonic(), slots.capacity, slots.waiting);
		if (next !== slots.capacity) slots.resize(next);
	}

	function clearParkTimer(entry: CheckEntry): void {
		if (entry.parkTimer !== undefined) clock.clearTimeout(entry.parkTimer);
		entry.parkTimer = undefined;
	}

	function attempt(entry: CheckEntry, attemptNumber: number): void {
		counters.attempts++;
		const run = startProbeRun({
			clock,
			probe: options.probe,
			check: entry.check,
			attempt: attemptNumber,
			onSettled: (result, isStalled) => settle(entry, run, result, isStalled),
			onUntracked: () => tracked.delete(run.settled),
			forgivesStall: entry.wasStalled !== true,
		});
		entry.run = run;
		tracked.add(run.settled);
	}

	function settle(entry: CheckEntry, run: CheckEntry['run'], result: ProbeResult, isStalled: boolean): void {
		if (run === undefined || entry.run !== run) return;
		const {retries} = entry.check;
		if (result.outcome === 'failing' && run.attempt < retries && !isStopped && !entry.isRemoved) {
			// The retry reads the check as it is now: after a reload that changed it, its answer is the edit's.
			if (entry.isChangedByReload === true) {
				entry.isRunAfterReload = true;
				entry.isChangedByReload = false;
			}

			attempt(entry, run.attempt + 1);
			return;
		}

		entry.run = undefined;
		entry.wasStalled = isStalled;
		if (result.outcome !== 'cancelled') {
			if (entry.runStartedMono !== undefined) {
				fleet.noteRun(entry.check.id, clock.monotonic() - entry.runStartedMono);
				fitSlots();
			}

			counters.results++;
			const now = rowTime();
			recordResult(entry, retries > 0 ? {...result, attempt: run.attempt} : result, now.at, now.mono, hooks, entry.isRunAfterReload === true);
		} else {
			keepReloadMark(entry);
		}

		entry.isRunAfterReload = false;

		if (!isPaused && !isStopped && !entry.isRemoved) schedule(entry, entry.check.intervalMs);
		touch(entry);
		// After touch: the round's last answer is published as soon as the others were, the calm applies after it.
		if (result.outcome !== 'cancelled') noteAnsweredAfterResume(entry);
		clearParkTimer(entry);
		slots.release(entry);
	}

	function cancel(entry: CheckEntry): void {
		unschedule(entry);
		if (entry.run === undefined) return;
		entry.run.cancel();
		entry.run = undefined;
		keepReloadMark(entry);
		clearParkTimer(entry);
		slots.release(entry);
	}

	/** A run after a reload that changed the check gave no result (cancelled): the next run's result is the one marked. */
	function keepReloadMark(entry: CheckEntry): void {
		if (entry.isRunAfterReload === true) entry.isChangedByReload = true;
		entry.isRunAfterReload = false;
	}

	function seedHistory(targets: readonly CheckEntry[], seed: PastSeed): void {
		const byId = groupById(seed.results);
		const transitionsById = groupById(seed.transitions);
		const watchById = groupById(seed.checkWatch ?? []);
		const startsOf = (id: string) => watchById.get(id)?.[0]?.starts ?? [];
		const isHistoryRecordedByAnother = seed.isRecordedByAnother === true;
		// Another uptop on the file records a check's results only if it watches that check (not `--group db` beside a
		// full screen) and is not paused: its latest result of the check is then at most a round or two old, a round
		// of a failing check being its interval and every attempt's timeout (retries).
		const now = clock.now();
		const roundMs = (check: Check): number => check.intervalMs + ((check.retries + 1) * check.timeoutMs);
		const isRecordedByAnother = (check: Check, kept: ReadonlyArray<{readonly at: number}> | undefined): boolean =>
			isHistoryRecordedByAnother && kept !== undefined && kept.length > 0 && now - kept.at(-1)!.at <= 2 * roundMs(check);
		for (const entry of targets) {
			const row = entry.rows.get(entry.check.id);
			if (row === undefined) continue;
			const kept = byId.get(entry.check.id);
			if (kept !== undefined) seedRow(row, kept.slice(-capacity), continuityMs(entry.check), isRecordedByAnother(entry.check, kept));
			const changes = transitionsById.get(entry.check.id);
			if (changes !== undefined) seedTransitions(row, entry.check, changes);
			settleRestoredRun(row, entry.check, changes ?? [], startsOf(row.id));
		}

		// Series rows of fanned-out checks exist only once a result names them: their history waits beside the
		// check (check-entry.ts). One pass over the file's ids, each given to the check that owns it.
		const checksById = new Map(targets.map(entry => [entry.check.id, entry.check] as const));
		for (const id of new Set([...byId.keys(), ...transitionsById.keys()])) {
			const owner = rowOwner(id, checksById);
			if (owner?.series === undefined || owner.check.kind !== 'prometheus' || owner.check.each === undefined) continue;
			const entry = entries.get(owner.check.id)!;
			const kept = byId.get(id);
			(entry.restoredSeries ??= new Map()).set(id, {samples: kept ?? [], transitions: transitionsById.get(id) ?? [], starts: startsOf(id), isRecordedByAnother: isRecordedByAnother(entry.check, kept)});
		}
	}

	/**
	 * `marker` with its check's name as every output shows it, taken from the config when the check is configured
	 * here (`••••` for a part from `${NAME}`; the id holds the secret). One that is not (a marker from the history
	 * file for a check this instance does not watch) keeps the name it came with, or none that could leak.
	 */
	function withShownCheck(marker: Marker): Marker {
		if (marker.checkId === undefined) return marker;
		const entry = entries.get(marker.checkId);
		return {...marker, checkName: entry === undefined ? marker.checkName ?? redactionMark : displayCheck(entry.check).name};
	}

	function shownLabel(label: string): string {
		return markerLabel(label, [...entries.values()].map(entry => entry.check));
	}

	function addMarker(marker: Marker): void {
		release.markDirty();
		const frozen = Object.freeze(marker);
		// In time order: the latest marker of a check is the last that applies to it. One that another process
		// wrote a moment before a local one arrives after it, so it goes before it.
		const kept = markers.slice(Math.max(0, markers.length - markerLimit + 1));
		let index = kept.length;
		while (index > 0 && kept[index - 1]!.at > frozen.at) index--;
		kept.splice(index, 0, frozen);
		markers = Object.freeze(kept);
		publisher.markDirty();
		notify(eventListeners, {type: 'marker', marker: frozen});
	}

	function setChecks(checks: readonly Check[]): void {
		forgetLongRemoved();
		const next = new Map<string, CheckEntry>();
		const unseen: CheckEntry[] = [];
		const redefined: CheckEntry[] = [];
		for (const check of checks) {
			const existing = entries.get(check.id) ?? resumed(check.id);
			fleet.set(check.id, check.intervalMs);
			if (existing === undefined) {
				const now = rowTime();
				const entry = createEntry(check, now.at, now.mono, capacity);
				next.set(check.id, entry);
				unseen.push(entry);
				continue;
			}

			// Added back: scheduled again like a new check.
			if (existing.isRemoved) {
				existing.isRemoved = false;
				// One whose history is still being read is scheduled once it is seeded (startUnseen).
				if (isStarted && !isPaused && existing.awaitingSeed === undefined) schedule(existing, jitterMs(check));
			}

			const previousIntervalMs = existing.check.intervalMs;
			// The state change its next result makes may be the edit's doing (an `expect:` that now accepts a 503).
			if (judgingSettings(existing.check) !== judgingSettings(check)) existing.isChangedByReload = true;
			if (!existing.isRemoved && probeSettings(existing.check) !== probeSettings(check)) redefined.push(existing);
			// Reading the version from elsewhere (the fix the notice asks for) judges it afresh, and its first value
			// there is no deploy: it was never compared with what the other place said.
			if (versionSource(existing.check) !== versionSource(check)) {
				existing.versionIgnored = undefined;
				existing.versionsSeen = undefined;
				existing.version = undefined;
				existing.lastVersionChange = undefined;
			}

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
			fleet.delete(id);
			entry.isRemoved = true;
			entry.removedMono = clock.monotonic();
			cancel(entry);
			removedEntries.set(id, entry);
			const {at} = rowTime();
			for (const row of entry.rows.values()) gone = keepGoneRow(gone, viewOf(entry, row, at), at, 'removed');
		}

		entries = next;
		for (const entry of redefined) reprobe(entry);
		// A check first watched now may have a history from earlier runs: seeded as at a start, so its first result
		// continues the state they left instead of starting a new outage.
		const past = unseen.length > 0 ? options.loadHistory?.(unseen.map(entry => entry.check)) : undefined;
		if (past instanceof Promise) {
			for (const entry of unseen) entry.awaitingSeed = 'waiting';
			past.then(seed => startUnseen(unseen, seed), () => startUnseen(unseen, undefined));
		} else {
			startUnseen(unseen, past);
		}

		fitSlots();
		publisher.markDirty();
	}

	/**
	 * A check a reload changed what it probes (`run`, `url`, `expect`, its timeout): a run in flight asks what the
	 * file no longer says, and its result would stand beside the new target in the detail pane until the next
	 * interval (a minute, an hour). It is dropped (not recorded), and the new definition probed within the spread new
	 * checks get (jitterMs), so that a reload of many is not one burst. One already queued for a slot runs it anyway;
	 * while paused, a dropped run (a recheck) is run again at once.
	 */
	function reprobe(entry: CheckEntry): void {
		const wasRunning = entry.run !== undefined;
		if (wasRunning) {
			cancel(entry);
			touch(entry);
		}

		if (!isStarted || slots.isWaiting(entry)) return;
		if (isPaused) {
			// Paused, a run is the operator's recheck: it asks again, of the new definition, rather than vanish.
			if (wasRunning) requestRun(entry);
			return;
		}

		const dueInMs = entry.dueMono === undefined ? Number.POSITIVE_INFINITY : entry.dueMono - clock.monotonic();
		schedule(entry, Math.max(0, Math.min(dueInMs, jitterMs(entry.check))));
	}

	/**
	 * Checks a reload added, seeded from what their history held and then scheduled. Those removed again meanwhile, or
	 * probed already, are left as they are. A recheck or a resume while the file was being read waited for it: run
	 * first, the check lost its past for the run, its outage starting anew at "pending → failing".
	 */
	function startUnseen(unseen: readonly CheckEntry[], seed: PastSeed | undefined): void {
		if (isStopped) return;
		const asked = new Set(unseen.filter(entry => entry.awaitingSeed === 'asked'));
		for (const entry of unseen) entry.awaitingSeed = undefined;
		const waiting = unseen.filter(entry => entries.get(entry.check.id) === entry && entry.run === undefined && [...entry.rows.values()].every(row => row.entries.length === 0));
		if (seed !== undefined) seedHistory(waiting, seed);
		for (const entry of waiting) {
			if (entry.timer !== undefined || slots.isWaiting(entry)) continue;
			// A recheck asked while the file was read runs now, paused or not, as it would have then.
			if (asked.has(entry)) requestRun(entry);
			else if (isStarted && !isPaused) schedule(entry, jitterMs(entry.check));
		}

		publisher.markDirty();
	}

	/**
	 * Removed checks whose return could no longer continue their state (continuityMs) let their rows go: kept, every
	 * check ever removed in a long run would hold its samples. One added back later reads the history file instead.
	 */
	function forgetLongRemoved(): void {
		const now = clock.monotonic();
		for (const [id, entry] of removedEntries) {
			if (now - (entry.removedMono ?? now) > continuityMs(entry.check)) removedEntries.delete(id);
		}
	}

	/** The entry of a check a reload removed in this run, made ready to go on (resumeRow); still marked removed. */
	function resumed(id: string): CheckEntry | undefined {
		const entry = removedEntries.get(id);
		if (entry === undefined) return undefined;
		removedEntries.delete(id);
		const now = rowTime();
		for (const row of entry.rows.values()) resumeRow(row, now.at, now.mono);
		gone = withoutReturned(gone, new Set(entry.rows.keys()));
		return entry;
	}

	// A recheck while paused runs once: the operator asked for it, and the schedule stays paused.
	function recheck(id?: string): void {
		const targets = id === undefined ? [...entries.values()] : [entries.get(id)].filter(entry => entry !== undefined);
		for (const entry of targets) {
			if (entry.run !== undefined || slots.isWaiting(entry)) continue;
			if (entry.awaitingSeed !== undefined) {
				entry.awaitingSeed = 'asked';
				continue;
			}

			unschedule(entry);
			requestRun(entry);
		}
	}

	function setPaused(paused: boolean): void {
		if (paused === isPaused) return;
		isPaused = paused;
		if (paused) slots.clear();
		awaitedAfterResume.clear();
		for (const entry of entries.values()) {
			if (paused) unschedule(entry);
			// Resuming spreads the runs again, like a start, instead of firing every check at once.
			// One whose history is still being read is scheduled once it is seeded (startUnseen).
			else if (isStarted && entry.run === undefined && entry.awaitingSeed === undefined) schedule(entry, jitterMs(entry.check));
			if (!paused && isStarted && !entry.isRemoved) awaitedAfterResume.add(entry);
			touch(entry);
		}

		if (paused || awaitedAfterResume.size === 0) {
			publisher.calm();
			publisher.markDirty();
		} else {
			// The rows still show what they were before the pause (or the stop): their new results show as they come.
			publisher.hurry();
		}
	}

	/** After a resume, the round's result that ends the hurry (publisher.hurry). */
	function noteAnsweredAfterResume(entry: CheckEntry): void {
		if (!awaitedAfterResume.delete(entry) || awaitedAfterResume.size > 0) return;
		publisher.calm();
	}

	function abandonRunning(): void {
		for (const entry of entries.values()) {
			if (entry.run === undefined) continue;
			cancel(entry);
			touch(entry);
		}
	}

	function send(command: MonitorCommand): void {
		if (isStopped) return;
		switch (command.type) {
			case 'recheck': {
				recheck(command.id);
				break;
			}

			case 'pause': {
				setPaused(true);
				if (command.abandonRunning === true) abandonRunning();
				break;
			}

			case 'resume': {
				setPaused(false);
				break;
			}

			case 'mark': {
				const now = clock.now();
				const at = Number.isFinite(command.at) ? Math.min(command.at!, now) : now;
				// The events view and the details read the marker from here: a secret in a typed note is hidden here.
				const label = shownLabel(command.label);
				// A version marker another instance placed back at its restart's outage keeps where the new version answered.
				const answeredAt = command.source === 'version' && Number.isFinite(command.answeredAt) && command.answeredAt! > at ? {answeredAt: command.answeredAt!} : {};
				const marker = withShownCheck({at, label, source: command.source, ...(command.checkId === undefined ? {} : {checkId: command.checkId, checkName: command.checkName}), ...answeredAt});
				// A version change another instance recorded as well (it reaches us through the history file) is one deploy.
				if (repeatsVersionChange(markers, marker)) break;
				addMarker(marker);
				if (marker.source === 'version') followedVersionMarkers.add(marker);
				break;
			}

			case 'setChecks': {
				setChecks(command.checks);
				break;
			}

			case 'setConcurrency': {
				fixedConcurrency = fixed(command.concurrency);
				fitSlots();
				break;
			}
		}
	}

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

	return {
		start() {
			if (isStarted || isStopped) return;
			isStarted = true;
			if (!isPaused) for (const entry of entries.values()) schedule(entry, jitterMs(entry.check));
		},
		getSnapshot: () => publisher.current(),
		flush: () => publisher.flush(),
		subscribe: listener => publisher.subscribe(listener),
		onEvent(listener) {
			eventListeners.add(listener);
			return () => eventListeners.delete(listener);
		},
		send,
		shownLabel,
		stats: () => ({...counters, concurrency: slots.capacity, timerLatenessMs: fleet.timerLatenessMs, inFlight: slots.inFlight, maxInFlight: slots.maxInFlight, parked: slots.parked, queued: slots.waiting}),
		async stop() {
			stopping ??= (async () => {
				isStopped = true;
				publisher.stop();
				slots.clear();
				for (const entry of entries.values()) cancel(entry);
				await settleOrGiveUp([...tracked]);
				publisher.flush();
			})();
			return stopping;
		},
	};
}
