import {parentPort, workerData} from 'node:worker_threads';
import type {Check} from '../config/types.js';
import type {ProbeCall} from './probe-run.js';
import {readPastHistory, readPastHistoryFor} from '../release/past-history.js';
import {createMonitor} from './monitor.js';
import type {MonitorEvent} from './types.js';
import {createDeltaEncoder, sliceDelta, type FromWorker, type ToWorker, type WorkerInit} from './worker-protocol.js';

// Probes and their timestamps run here, off the render thread: with a busy Ink thread, in-thread timing
// read up to 225 ms late; in a worker it stays within a few ms (shared/notes/performance.md §1).
if (parentPort === null) throw new Error('uptop: worker.js must be started as a worker thread');
const port = parentPort;
const init = workerData as WorkerInit;
const post = (message: FromWorker) => port.postMessage(message);

type ProbeModule = {probeCheck: ProbeCall; closeProbes?: () => Promise<void>; warmUp?: () => Promise<unknown>; forgetChecks?: (configured: ReadonlySet<string>) => void};
const probes = (init.probeModule === undefined ? await import('../probes/index.js') : await import(init.probeModule)) as ProbeModule;
const {probeCheck} = probes;
// Before the first check: the first probes of a cold worker would otherwise carry its one-time costs.
await probes.warmUp?.();
const pastFile = init.pastHistoryFile ?? init.historyFile;
const past = pastFile === undefined ? undefined : readPastHistory(pastFile, init.checks, init.pastMarkerFiles);
if (past?.notice !== undefined) post({type: 'notice', text: past.notice});
const seed = past?.history === undefined ? {} : {initialMarkers: past.history.markers, initialHistory: past.history.results, initialTransitions: past.history.transitions, initialCheckWatch: past.history.checkWatch, initialVersions: past.history.versions, isHistoryRecordedByAnother: past.history.isRecordedByAnother === true};
// Checks a reload adds are seeded from the file the past was read from, as it is then (another name's, when its
// results were the later ones: this run's own file has none of a check it never watched); a problem reading it was said at the start.
const loadHistory = pastFile === undefined ? undefined : async (checks: readonly Check[]) => readPastHistoryFor(pastFile, checks);
const monitor = createMonitor({checks: init.checks, probe: probeCheck, ...init.options, ...seed, loadHistory});
const encode = createDeltaEncoder();

// Events are batched per macrotask: one postMessage for a burst of results instead of one each.
let events: MonitorEvent[] = [];
let isFlushQueued = false;
function flushEvents(): void {
	isFlushQueued = false;
	if (events.length === 0) return;
	post({type: 'events', events});
	events = [];
}

monitor.onEvent(event => {
	events.push(event);
	if (isFlushQueued) return;
	isFlushQueued = true;
	setImmediate(flushEvents);
});
// Snapshots leave in slices one macrotask apart (sliceDelta), in order; probe answers are read in between.
const outbox: FromWorker[] = [];
let isSending = false;
function sendNext(): void {
	const message = outbox.shift();
	if (message === undefined) {
		isSending = false;
		return;
	}

	post(message);
	setImmediate(sendNext);
}

function drainOutbox(): void {
	for (const message of outbox.splice(0)) post(message);
}

monitor.subscribe(snapshot => {
	flushEvents();
	outbox.push(...sliceDelta(encode(snapshot)));
	if (!isSending) {
		isSending = true;
		sendNext();
	}
});

port.on('message', (message: ToWorker) => {
	if (message.type === 'command') {
		monitor.send(message.command);
		if (message.command.type === 'setChecks') probes.forgetChecks?.(new Set(message.command.checks.map(check => check.id)));
		// A key press (pause, probe now, …) shows at once instead of waiting for the next publish tick.
		monitor.flush();
		return;
	}

	if (message.type === 'drain') {
		flushEvents();
		post({type: 'drained'});
		return;
	}

	void monitor.stop().then(async () => {
		// Lets killed command checks exit and closes kept-alive connections before the thread goes.
		await probes.closeProbes?.();
		flushEvents();
		drainOutbox();
		post({type: 'stopped'});
		// Keep-alive sockets and abandoned probes may hold the loop open; the monitor has settled what it can.
		process.exit(0);
	});
});

monitor.start();
