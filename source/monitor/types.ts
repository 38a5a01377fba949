import type {Check} from '../config/types.js';
import type {ProbeResult, Reason} from '../probes/types.js';
import type {WindowComparison} from '../release/compare.js';

/** What the operator sees for a check. `warn` comes from the probe (plugin WARNING, cert expiring). */
/** `unknown`: the check could not tell (a Nagios plugin's exit 3). */
export type State = 'pending' | 'up' | 'slow' | 'warn' | 'failing' | 'unknown';

export type TimerHandle = {readonly id: number} | ReturnType<typeof setTimeout>;

/**
 * Time, injected so the engine runs under a fake clock in tests.
 * `now()` is wall-clock epoch ms (display, history); `monotonic()` never jumps (durations, schedules).
 */
export type Clock = {
	now(): number;
	monotonic(): number;
	setTimeout(callback: () => void, ms: number): TimerHandle;
	clearTimeout(handle: TimerHandle): void;
};

/** One entry of the short, detailed history shown in the detail pane. */
export type HistoryEntry = {
	/** When the answer came in (epoch ms); the result started `latencyMs` before, the time the pane shows. */
	readonly at: number;
	readonly state: State;
	readonly latencyMs: number;
	/** What came back; empty for a result from an earlier run (`isFromEarlierRun`): the history file keeps none. */
	readonly summary: string;
	readonly reason?: Reason;
	/** Read back from the history file at the start, not probed by this run. */
	readonly isFromEarlierRun?: boolean;
	/** The engine's monotonic ms when it came in; this run's results only. */
	readonly mono?: number;
	/**
	 * After a wall-clock step: `at` as the stepped clock reads it, from `mono` (check-row.ts rebaseEntries). Its age
	 * is measured from this; `at` stays the time of day shown: the step does not make it "20000d ago".
	 */
	readonly ageFrom?: number;
	/** Of those, recorded by another uptop still running on that history, not by an earlier run of this one. */
	readonly isRecordedByAnother?: true;
	/** How many tries the result took, when more than one (`retries:`); absent for a result at the first try. */
	readonly attempts?: number;
};

export type Transition = {
	readonly at: number;
	readonly from: State;
	readonly to: State;
	readonly reason?: Reason;
	/** Since when `from` had held, epoch ms; absent when `from` is pending (nothing had answered yet). */
	readonly fromSince?: number;
	/**
	 * How long `from` had held, with fromSince: on the monotonic clock for the part this run saw (a wall-clock
	 * step does not change it), the wall difference for a part before a restart.
	 */
	readonly fromHeldMs?: number;
	/** Of that time, how long uptop was not running (a restart continued `from` across the gap); absent when none. */
	readonly unwatchedMs?: number;
	/**
	 * The first result after a reload changed the check's settings made this change: it may be the edit (an `expect:`
	 * that now accepts a 503), not the target, that ended the outage. Absent otherwise.
	 */
	readonly afterReload?: true;
};

/**
 * State changes a row's bounded list has dropped, oldest first, each in the run of the one before (isInRun in
 * flap-run.ts; none from pending): how many, and when the first and the last were. When the oldest change kept is
 * in that run too, the run goes on into the kept ones: a flap of 45 changes is "45 changes since" its first.
 */
export type CutRun = {readonly count: number; readonly since: number; readonly lastAt: number};

/** A deployment marker: a version change seen on a check, the `m` key, or `uptop mark`. */
export type Marker = {
	readonly at: number;
	readonly label: string;
	/** The check whose version changed; absent for manual markers (they apply to every check). */
	readonly checkId?: string;
	/**
	 * That check's name as every output shows it (`••••` for a part from `${NAME}`), present whenever `checkId`
	 * is and fixed when the marker is made: the marker outlives its check (a reload may remove it), and the id
	 * holds the secret, so outputs name the check by this, never by `checkId`.
	 */
	readonly checkName?: string;
	readonly source: 'version' | 'key' | 'command';
	/**
	 * A version marker that says where a rollout settled (`api 3.0.0 → 4.0.0 (settled)`): one version held for the
	 * flip window after the rollout's marked changes, the latest of which named the other (check-entry.ts). It ends
	 * the same deploy, so the before side of its comparison is the window before the rollout (windows.ts).
	 */
	readonly isSettled?: true;
	/**
	 * A version marker placed back at its restart's outage (check-entry.ts deployStart): when the new version first
	 * answered, epoch ms. The next deploy's before side starts here, not at `at`: that outage is this deploy's, and
	 * in the next one's baseline it would hide the next restart's own outage (windows.ts beforeBounds).
	 */
	readonly answeredAt?: number;
};

/**
 * A check whose version changed too often to be one (version-noise.ts): no deploy markers come from it any more.
 * `values`: the different values read within the window, oldest first; `spanMs`: from the oldest one's last read
 * to the read that made them too many; `source`: where the check reads it (`json requestId`).
 */
export type IgnoredVersion = {readonly at: number; readonly values: readonly string[]; readonly spanMs: number; readonly source: string};

/**
 * Did the latest deployment change this check? The window before the latest marker compared with the window
 * after it (source/release/compare.ts), with the marker it was measured around.
 */
export type ReleaseView = WindowComparison & {
	readonly markerLabel: string;
	readonly markerAt: number;
	/** The marker's check, for a marker of one check: tells it from a marker of every check with the same time and note. */
	readonly markerCheckId?: string;
};

/** Everything the screen and the headless modes need about one row. Immutable; plain data (structured-clone safe). */
export type CheckView = {
	/** Row identity: the check id, or `checkId/label` for a series of a fanned-out check. */
	readonly id: string;
	/**
	 * The engine's id of the row's check, for commands and markers: `check` is the display copy, whose id reads
	 * `•••• api` when the name holds a secret.
	 */
	readonly checkId: string;
	readonly check: Check;
	/** The series label for fanned-out rows. */
	readonly seriesLabel?: string;
	readonly state: State;
	/** Latest result; absent while pending. */
	readonly last?: ProbeResult;
	/** Latencies of the most recent results, oldest first (for the sparkline). */
	readonly recentLatencyMs: readonly number[];
	/** States matching `recentLatencyMs`, so the sparkline can mark failures. */
	readonly recentStates: readonly State[];
	/** 95th percentile over the kept history, ms; undefined with no samples. */
	readonly p95Ms?: number;
	readonly p50Ms?: number;
	/** Fraction 0..1 of results that were not failing over the kept history; undefined with no samples. */
	readonly uptime?: number;
	readonly uptime1h?: number;
	readonly uptime24h?: number;
	/**
	 * When the oldest sample kept was taken (epoch ms); undefined with none. The ring keeps `historyCapacity` samples
	 * (24 h at 10 s, 2h 24m at 1 s): a window it does not reach back across is said with the span it covers.
	 */
	readonly keptFrom?: number;
	readonly samples: number;
	/**
	 * Of `samples`, how many results needed a retry (a try failed before the one that counted). This run's only: the
	 * history file does not keep it.
	 */
	readonly retried?: number;
	/** Newest first, bounded. */
	readonly history: readonly HistoryEntry[];
	/** Newest first, bounded. */
	readonly transitions: readonly Transition[];
	/** Older state changes than `transitions` holds happened and were not kept (a flapping check). */
	readonly transitionsCut?: true;
	/**
	 * How many they were, so the events view can tell whether cutRun and firstChange account for them all, or an
	 * older change is missing from the list.
	 */
	readonly transitionsDropped?: number;
	/** The newest run of the changes `transitions` dropped, so a flap longer than the bounded list is counted whole. */
	readonly cutRun?: CutRun;
	/**
	 * The row's change from pending (its first result) once `transitions` has dropped it: the events view still
	 * counts it with the checks that came up in its round, and at its time.
	 */
	readonly firstChange?: Transition;
	/**
	 * How many of transitionsDropped came before firstChange (an earlier run's, from the history file); absent when
	 * none did. The events view puts "older state changes not kept" below firstChange's line when only those are
	 * missing, since nothing after it is.
	 */
	readonly droppedBeforeFirstChange?: number;
	/**
	 * This run's first result (epoch ms) found the state the earlier run left in the history file, so no state
	 * change was recorded for it: the events view says "failing, as before the restart" where the plain lines do.
	 */
	readonly continued?: Continued;
	readonly version?: string;
	/** Set once the check's version is judged not to be one: the detail pane says so and why. */
	readonly versionIgnored?: IgnoredVersion;
	/**
	 * Since when the check has been in its current state, epoch ms as the snapshot's clock reads it: `at - since` is
	 * how long, measured on the monotonic clock for this run's part, whatever wall-clock steps came between.
	 */
	readonly since?: number;
	/** Planned next probe, epoch ms; undefined while paused or running. */
	readonly nextAt?: number;
	/**
	 * Since when (epoch ms) the check has been due and waiting for one of the engine's slots, every one busy
	 * (`concurrency:`): its results are older than its interval says. Absent when it is not waiting.
	 */
	readonly waitingSince?: number;
	readonly isRunning: boolean;
	/** Start times (epoch ms) matching `recentLatencyMs`, so markers can be drawn on the sparkline. */
	readonly recentAt?: readonly number[];
	/** Before/after the latest marker; absent when there is no marker yet. */
	readonly release?: ReleaseView;
};

export type StateCounts = Readonly<Record<State, number>>;

export type Snapshot = {
	/** Epoch ms when this snapshot was made; the UI computes ages from it, never from Date.now(). */
	readonly at: number;
	readonly rows: readonly CheckView[];
	readonly counts: StateCounts;
	readonly isPaused: boolean;
	readonly markers: readonly Marker[];
	/**
	 * Rows no longer watched whose state changes the events view still lists (an outage during a release stays
	 * visible after its pod's series left the answer), oldest gone first, bounded (gone-rows.ts). Absent: none.
	 */
	readonly gone?: readonly GoneRow[];
	/** Monotonic counter, increases with every published snapshot. */
	readonly sequence: number;
};

/**
 * A row that left the table with state changes of its own: `view` as it was last (its lists of results emptied),
 * `at` when it went, `why`: a reload removed its check, its series left the query's answer, or it was the check's own row and the check
 * now has a row per series.
 */
export type GoneRow = {readonly view: CheckView; readonly at: number; readonly why: 'removed' | 'leftAnswer' | 'fannedOut'};

export type MonitorEvent =
	/**
	 * `continues`: the first result after a restart, in the state the earlier run left (so no `state` event);
	 * `isRecordedByAnother`: that state was another running uptop's, recorded in the history this one read;
	 * `isReAdded`: it was this run's, before a reload removed the check and a later one added it back.
	 */
	| {readonly type: 'result'; readonly id: string; readonly at: number; readonly state: State; readonly result: ProbeResult; readonly continues?: true; readonly isRecordedByAnother?: true; readonly isReAdded?: true}
	| {readonly type: 'state'; readonly id: string; readonly at: number; readonly from: State; readonly to: State; readonly reason?: Reason; readonly fromSince?: number; readonly fromHeldMs?: number; readonly unwatchedMs?: number; readonly afterReload?: true}
	| {readonly type: 'marker'; readonly marker: Marker}
	/** A check's version changed too often to be one: from now on no markers from it (said once). `id` is the check's. */
	| {readonly type: 'versionIgnored'; readonly id: string; readonly at: number; readonly ignored: IgnoredVersion};

/**
 * A first result after a restart in the state the earlier run left (CheckView.continued), with what that result
 * said: the row's recent results move on within minutes, and the events view's line would lose its reason.
 */
export type Continued = {
	readonly at: number;
	readonly state: State;
	readonly reason?: Reason;
	/** The state was another running uptop's (a screen beside a log), not one left at a restart: "as another uptop recorded it". */
	readonly isRecordedByAnother?: true;
	/** The state was this run's, before a reload removed the check and a later one added it back: "as before it was removed". */
	readonly isReAdded?: true;
};

/** Intents the UI and the CLI send to the engine. */
export type MonitorCommand =
	| {readonly type: 'recheck'; readonly id?: string}
	/**
	 * Stops scheduling. `abandonRunning`: also cancels the probes in flight and records none of them, for a
	 * pause because the process is about to stop (ctrl-z): a probe's clock runs on while the process is
	 * stopped, so its result would time the stop, not the target. They run again on resume.
	 */
	| {readonly type: 'pause'; readonly abandonRunning?: boolean}
	| {readonly type: 'resume'}
	/**
	 * A deploy marker. `at` and `checkId` come with a marker another process wrote (`uptop mark`, a second
	 * instance's version change): it keeps its own time (never later than now) and stays on its check.
	 * `checkName` names that check when it is not configured here (see Marker); a configured one is named by its config.
	 */
	| {readonly type: 'mark'; readonly label: string; readonly source: Marker['source']; readonly at?: number; readonly checkId?: string; readonly checkName?: string; readonly answeredAt?: number}
	| {readonly type: 'setChecks'; readonly checks: readonly Check[]}
	/** A fixed cap on probes in flight (`concurrency:`, `--concurrency`); without one the engine sizes it from the fleet. */
	| {readonly type: 'setConcurrency'; readonly concurrency?: number};

/**
 * What the UI holds: the in-thread Monitor and the worker-backed RemoteMonitor both satisfy it.
 * `subscribe` delivers coalesced snapshots, a few per second at most.
 */
export type MonitorHandle = {
	getSnapshot(): Snapshot;
	subscribe(listener: (snapshot: Snapshot) => void): () => void;
	onEvent(listener: (event: MonitorEvent) => void): () => void;
	send(command: MonitorCommand): void;
	stop(): Promise<void>;
	/** Worker-backed handles report a crashed or vanished engine here; the in-thread engine has none. */
	onError?(listener: (error: Error) => void): () => void;
	/**
	 * A marker label as the engine will keep it, config secrets hidden (marker-label.ts): what the status line
	 * repeats after `m`, as the marker itself reaches the screen only with a later snapshot.
	 */
	shownLabel?(label: string): string;
};
