import {createRequire} from 'node:module';
import {pathToFileURL} from 'node:url';
import {Worker} from 'node:worker_threads';
import type {MonitorOptions} from './monitor.js';
import {initialSnapshot} from './snapshot.js';
import type {MonitorEvent, MonitorHandle, Snapshot} from './types.js';
import {createDeltaDecoder, type FromWorker, type ToWorker, type WorkerInit} from './worker-protocol.js';

export type RemoteMonitorOptions = Pick<MonitorOptions, 'checks' | 'concurrency' | 'historyCapacity' | 'initialMarkers' | 'initialHistory' | 'releaseWindowMs'> & {
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
	/** How long stop() waits for the worker to abort its probes and exit before terminating it. Default 5 s. */
	readonly stopTimeoutMs?: number;
};

export type RemoteMonitor = MonitorHandle & {
	onError(listener: (error: Error) => void): () => void;
};

export const remotePublishIntervalMs = 1000;

function defaultWorkerUrl(): URL {
	return new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
}

// From source (tests, tsx) the worker is TypeScript importing `.js` specifiers: it needs the tsx loader.
function execArgvFor(workerUrl: URL): string[] {
	if (!workerUrl.pathname.endsWith('.ts')) return [];
	const loader = createRequire(import.meta.url).resolve('tsx');
	return ['--import', pathToFileURL(loader).href];
}

/** The engine in a worker thread; starts at once. Commands are forwarded, snapshots and events come back. */
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
			releaseWindowMs: options.releaseWindowMs,
		},
		probeModule: options.probeModule,
	};
	const snapshotListeners = new Set<(snapshot: Snapshot) => void>();
	const eventListeners = new Set<(event: MonitorEvent) => void>();
	const errorListeners = new Set<(error: Error) => void>();
	if (options.onError) errorListeners.add(options.onError);
	let current: Snapshot = Object.freeze({...initialSnapshot(options.checks, Date.now()), markers: Object.freeze([...(options.initialMarkers ?? [])])});
	const decode = createDeltaDecoder(current);
	let hasExited = false;
	let isStopping = false;
	let exited: () => void = () => {};
	const exitPromise = new Promise<void>(resolve => {
		exited = resolve;
	});

	const worker = new Worker(workerUrl, {workerData: init, execArgv: execArgvFor(workerUrl)});

	// A crash fires 'error' and then 'exit': the first says why, so it is the one reported.
	let hasFailed = false;
	function fail(error: Error): void {
		if (isStopping || hasFailed) return;
		hasFailed = true;
		for (const listener of errorListeners) listener(error);
	}

	worker.on('message', (message: FromWorker) => {
		if (message.type === 'snapshot') {
			current = decode(message.delta);
			for (const listener of snapshotListeners) listener(current);
		} else if (message.type === 'events') {
			for (const event of message.events) for (const listener of eventListeners) listener(event);
		}
	});
	worker.on('error', error => {
		fail(new Error(`uptop: the monitor worker crashed: ${error.message}`, {cause: error}));
	});
	worker.on('messageerror', error => {
		fail(new Error(`uptop: a message from the monitor worker could not be read: ${error.message}`, {cause: error}));
	});
	worker.on('exit', code => {
		hasExited = true;
		exited();
		fail(new Error(`uptop: the monitor worker exited unexpectedly (code ${code})`));
	});

	const post = (message: ToWorker) => {
		if (!hasExited) worker.postMessage(message);
	};

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
			post({type: 'command', command});
		},
		async stop() {
			if (hasExited) return;
			isStopping = true;
			post({type: 'stop'});
			let timer: ReturnType<typeof setTimeout> | undefined;
			const timeout = new Promise<'timeout'>(resolve => {
				timer = setTimeout(resolve, options.stopTimeoutMs ?? 5000, 'timeout');
			});
			const outcome = await Promise.race([exitPromise, timeout]);
			clearTimeout(timer);
			if (outcome === 'timeout') await worker.terminate();
		},
	};
}
