import {Worker, type WorkerOptions} from 'node:worker_threads';
import type {MonitorOptions} from './monitor.js';
import {configureProbeWorkerHeap} from './probe-worker-heap.js';
import {threadExecArgv} from '../runtime/thread-exec-argv.js';
import {threadFileUrl} from '../threads/thread-file-url.js';
import {initialSnapshot} from './snapshot.js';
import {markerLabel} from './marker-label.js';
import {workerStopLimitMs} from './worker-stop-limit.js';
import type {MonitorEvent, MonitorHandle, Snapshot} from './types.js';
import {createDeltaAssembler, createDeltaDecoder, type FromWorker, type ToWorker, type WorkerInit} from './worker-protocol.js';

export type RemoteMonitorOptions = Pick<MonitorOptions, 'checks' | 'concurrency' | 'historyCapacity' | 'initialMarkers' | 'initialHistory' | 'initialTransitions' | 'initialVersions' | 'releaseWindowMs'> & {
	/**
	 * Snapshots reach this thread at most this often. Default 1 s (the engine's own default is 250 ms): each
	 * snapshot is a screen frame, and on two cores a frame of a 200-row table competes with the worker for CPU
	 * and made its latency tail ~10× longer (docs/benchmarks.md). Commands are still answered at once.
	 */
	readonly publishIntervalMs?: number;
	/**
	 * The worker script. Default: `worker.js` next to the running file (dist/worker.js beside dist/uptop.js
	 * in the bundle), or `worker.ts` run through tsx when running from source.
	 */
	readonly workerUrl?: URL;
	/** URL of a module exporting `probeCheck`, loaded in the worker instead of the built-in probes (tests). */
	readonly probeModule?: string;
	/** Called when the worker crashes or exits on its own: the monitor then stops updating. */
	readonly onError?: (error: Error) => void;
	/** The history file the worker seeds the engine from (instead of `initial*`, which it then overrides). */
	readonly historyFile?: string;
	/** The history the worker reads the past from at start, when not `historyFile` (another name of the config's, written later). */
	readonly pastHistoryFile?: string;
	/** The histories of the config's other names, whose markers are taken beside the past's (merged-markers.ts). */
	readonly pastMarkerFiles?: readonly string[];
	/** Something the worker has to tell the user that does not stop it (the history file could not be read). */
	readonly onNotice?: (text: string) => void;
	/**
	 * Do not start the worker until `start()`: the live screen draws its first frame first, so the worker's
	 * start-up (parsing the probes) does not compete with it. Commands sent before are delivered on start.
	 */
	readonly isDeferred?: boolean;
	/** How long stop() waits for the worker to abort its probes and exit before terminating it. Default workerStopLimitMs (3 s). */
	readonly stopTimeoutMs?: number;
};

export type RemoteMonitor = MonitorHandle & {
	/** Starts the worker of a monitor made with `isDeferred`; otherwise, and after the first call, does nothing. */
	start(): void;
	/**
	 * Resolves once every event the engine had emitted when the worker read this request has reached the event
	 * listeners (messages from the worker arrive in order), or the worker is gone, or after `limitMs`. An exit
	 * awaits it before the history's last flush: results the worker had already sent were still on their way.
	 */
	drain(limitMs: number): Promise<void>;
	onError(listener: (error: Error) => void): () => void;
};

export const remotePublishIntervalMs = 1000;

/**
 * The probe worker's young generation (two 2 MB semi-spaces). Left to itself V8 grew it to 16 MB semi-spaces,
 * and each scavenge then held the worker ~7 ms on average and up to 16 ms under the render load (19 in 29 s);
 * probe answers that arrived meanwhile were timed that much late. Capped, scavenges come about eight times as
 * often but hold it ~1.6 ms on average. At 2,000 fresh checks the same cap left CPU alike and lowered the
 * event-loop delay p99 and RSS (docs/benchmarks.md).
 */
export const probeWorkerYoungGenerationMb = 6;

function defaultWorkerUrl(): URL {
	return threadFileUrl('worker', import.meta.url);
}

/** The thread settings of the probe worker started from `workerUrl` (its loader and its young generation). */
export function probeWorkerOptions(workerUrl: URL): Pick<WorkerOptions, 'execArgv' | 'resourceLimits'> {
	return {execArgv: threadExecArgv(workerUrl), resourceLimits: {maxYoungGenerationSizeMb: probeWorkerYoungGenerationMb}};
}

/** The engine in a worker thread; starts at once (or on `start()` with `isDeferred`). Commands are forwarded, snapshots and events come back. */
export function createRemoteMonitor(options: RemoteMonitorOptions): RemoteMonitor {
	const workerUrl = options.workerUrl ?? defaultWorkerUrl();
	const init: WorkerInit = {
		checks: options.checks,
		options: {
			concurrency: options.concurrency,
			publishIntervalMs: options.publishIntervalMs ?? remotePublishIntervalMs,
			historyCapacity: options.historyCapacity,
			initialMarkers: options.initialMarkers,
			initialHistory: options.initialHistory,
			initialTransitions: options.initialTransitions,
			initialVersions: options.initialVersions,
			releaseWindowMs: options.releaseWindowMs,
		},
		probeModule: options.probeModule,
		historyFile: options.historyFile,
		...(options.pastHistoryFile === undefined || options.pastHistoryFile === options.historyFile ? {} : {pastHistoryFile: options.pastHistoryFile}),
		...(options.pastMarkerFiles === undefined || options.pastMarkerFiles.length === 0 ? {} : {pastMarkerFiles: options.pastMarkerFiles}),
	};
	const snapshotListeners = new Set<(snapshot: Snapshot) => void>();
	const eventListeners = new Set<(event: MonitorEvent) => void>();
	const errorListeners = new Set<(error: Error) => void>();
	if (options.onError) errorListeners.add(options.onError);
	/** The checks the engine watches, for the secrets a marker's label hides (setChecks replaces them). */
	let checks = options.checks;
	let current: Snapshot = Object.freeze({...initialSnapshot(options.checks, Date.now()), markers: Object.freeze([...(options.initialMarkers ?? [])])});
	const decode = createDeltaDecoder(current);
	let hasExited = false;
	let isStopping = false;
	let exited: () => void = () => {};
	const exitPromise = new Promise<void>(resolve => {
		exited = resolve;
	});

	let worker: Worker | undefined;
	/** Who waits for each `drain` posted, in order: the worker answers them in the order they were sent. */
	const drained: Array<() => void> = [];
	// Commands sent to a deferred monitor before it starts; delivered in order once the worker is up.
	let pending: ToWorker[] = [];
	function spawn(): void {
		if (worker !== undefined || isStopping) return;
		configureProbeWorkerHeap();
		const started = new Worker(workerUrl, {workerData: init, ...probeWorkerOptions(workerUrl)});
		worker = started;

		// A crash fires 'error' and then 'exit': the first says why, so it is the one reported. Said without the
		// program's name: the caller's line starts with it.
		let hasFailed = false;
		function fail(error: Error): void {
			if (isStopping || hasFailed) return;
			hasFailed = true;
			for (const listener of errorListeners) listener(error);
		}

		const assemble = createDeltaAssembler();
		started.on('message', (message: FromWorker) => {
			if (message.type === 'rows' || message.type === 'snapshot') {
				const delta = assemble(message);
				if (delta === undefined) return;
				current = decode(delta);
				for (const listener of snapshotListeners) listener(current);
			} else if (message.type === 'events') {
				for (const event of message.events) for (const listener of eventListeners) listener(event);
			} else if (message.type === 'notice') {
				options.onNotice?.(message.text);
			} else if (message.type === 'drained') {
				drained.shift()?.();
			}
		});
		started.on('error', error => {
			fail(new Error(`the monitor worker crashed: ${error.message}`, {cause: error}));
		});
		started.on('messageerror', error => {
			fail(new Error(`a message from the monitor worker could not be read: ${error.message}`, {cause: error}));
		});
		started.on('exit', code => {
			hasExited = true;
			exited();
			// Its messages were all delivered before 'exit': nothing more is on its way.
			for (const resolve of drained.splice(0)) resolve();
			fail(new Error(`the monitor worker exited unexpectedly (code ${code})`));
		});
		for (const message of pending) started.postMessage(message);
		pending = [];
	}

	const post = (message: ToWorker) => {
		if (worker === undefined) pending.push(message);
		else if (!hasExited) worker.postMessage(message);
	};

	if (options.isDeferred !== true) spawn();

	return {
		getSnapshot: () => current,
		subscribe(listener) {
			snapshotListeners.add(listener);
			return () => snapshotListeners.delete(listener);
		},
		onEvent(listener) {
			eventListeners.add(listener);
			return () => eventListeners.delete(listener);
		},
		onError(listener) {
			errorListeners.add(listener);
			return () => errorListeners.delete(listener);
		},
		send(command) {
			if (command.type === 'setChecks') checks = command.checks;
			post({type: 'command', command});
		},
		shownLabel: label => markerLabel(label, checks),
		start: spawn,
		async drain(limitMs) {
			if (worker === undefined || hasExited) return;
			let timer: ReturnType<typeof setTimeout> | undefined;
			const answered = new Promise<void>(resolve => {
				drained.push(resolve);
			});
			worker.postMessage({type: 'drain'} satisfies ToWorker);
			await Promise.race([answered, new Promise<void>(resolve => {
				timer = setTimeout(resolve, limitMs);
			})]);
			clearTimeout(timer);
		},
		async stop() {
			if (worker === undefined) {
				// Never started: nothing runs, and nothing may start later.
				isStopping = true;
				hasExited = true;
				exited();
				return;
			}

			if (hasExited) return;
			isStopping = true;
			post({type: 'stop'});
			let timer: ReturnType<typeof setTimeout> | undefined;
			const timeout = new Promise<'timeout'>(resolve => {
				timer = setTimeout(resolve, options.stopTimeoutMs ?? workerStopLimitMs, 'timeout');
			});
			const outcome = await Promise.race([exitPromise, timeout]);
			clearTimeout(timer);
			if (outcome === 'timeout') await worker.terminate();
		},
	};
}
