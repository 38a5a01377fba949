/**
 * A probe module for the engine's worker (`createRemoteMonitor({probeModule})`): the real probes, plus a CPU
 * profile of the worker thread and a list of its event-loop stalls, written to UPTOP_BENCH_PROFILE_DIR after
 * UPTOP_BENCH_PROFILE_MS, or when the worker exits if that comes first. For investigating where the worker's
 * time goes under render load: the bench's render-load run loads it instead of the plain probes only when
 * UPTOP_BENCH_PROFILE_DIR is set.
 */
import {rmSync, writeFileSync} from 'node:fs';
import {Session} from 'node:inspector';
import path from 'node:path';
import {PerformanceObserver} from 'node:perf_hooks';
import {getHeapStatistics} from 'node:v8';

export {probeCheck, closeProbes} from '../../source/probes/index.js';

const directory = process.env.UPTOP_BENCH_PROFILE_DIR;
const durationMs = Number(process.env.UPTOP_BENCH_PROFILE_MS ?? 10_000);
if (directory) {
	const profileFile = path.join(directory, 'worker.cpuprofile');
	const stallsFile = path.join(directory, 'worker-stalls.json');
	const heapFile = path.join(directory, 'worker.heapprofile');
	// Files of an earlier run must not pass for this one's.
	rmSync(profileFile, {force: true});
	rmSync(stallsFile, {force: true});
	rmSync(heapFile, {force: true});
	// The callback form: in the session's own thread it answers at once, so the profile can still be taken
	// in an 'exit' listener, where nothing asynchronous runs.
	const session = new Session();
	session.connect();
	// UPTOP_BENCH_PROFILE_CPU=0: the stalls only, without the sampling profiler's own cost.
	const isProfiling = process.env.UPTOP_BENCH_PROFILE_CPU !== '0';
	if (isProfiling) {
		session.post('Profiler.enable');
		session.post('Profiler.setSamplingInterval', {interval: 250});
		session.post('Profiler.start');
	}

	// UPTOP_BENCH_PROFILE_HEAP=1: where the allocations that outlive a young collection come from. Samples of
	// objects that die young are dropped; those a major collection frees later are kept. What a scavenge
	// promotes fills the old generation and sets how often the worker pauses for a major collection.
	// UPTOP_BENCH_PROFILE_HEAP=all: every allocation, which sets how often it pauses for a young one.
	const heapMode = process.env.UPTOP_BENCH_PROFILE_HEAP;
	const isSamplingHeap = heapMode === '1' || heapMode === 'all';
	if (isSamplingHeap) {
		session.post('HeapProfiler.enable');
		session.post('HeapProfiler.startSampling', {samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: heapMode === 'all'});
	}

	// Where the profile's clock starts on the epoch, to find a late result's moment in it.
	const startedAt = performance.timeOrigin + performance.now();
	const stalls: Array<{atMs: number; gapMs: number}> = [];
	let last = performance.now();
	// Garbage collections of this thread's heap: a stall that lines up with one was not the scheduler.
	// kind: perf_hooks' NODE_PERFORMANCE_GC_* (1 minor, 4 major, 8 incremental, 16 weak callbacks). After a
	// major one, the heap in use (read when the observer runs, just after): how much a collection left.
	const collections: Array<{atMs: number; durationMs: number; kind: number; usedMb?: number}> = [];
	const gcObserver = new PerformanceObserver(list => {
		for (const entry of list.getEntries()) {
			const kind = (entry as {detail?: {kind?: number}}).detail?.kind ?? 0;
			collections.push({atMs: Math.round(entry.startTime * 10) / 10, durationMs: Math.round(entry.duration * 100) / 100, kind, ...(kind === 4 ? {usedMb: Math.round(getHeapStatistics().used_heap_size / 1e4) / 100} : {})});
		}
	});
	gcObserver.observe({entryTypes: ['gc']});
	const tick = setInterval(() => {
		const now = performance.now();
		if (now - last > 4) stalls.push({atMs: Math.round(last), gapMs: Math.round(now - last)});
		last = now;
	}, 2);
	let isWritten = false;
	const write = (): void => {
		if (isWritten) return;
		isWritten = true;
		clearInterval(tick);
		clearTimeout(timer);
		gcObserver.disconnect();
		if (isProfiling) {
			session.post('Profiler.stop', (error, result) => {
				if (!error) writeFileSync(profileFile, JSON.stringify(result.profile));
			});
		}

		if (isSamplingHeap) {
			session.post('HeapProfiler.stopSampling', (error, result) => {
				if (!error) writeFileSync(heapFile, JSON.stringify(result.profile));
			});
		}

		writeFileSync(stallsFile, JSON.stringify({timeOrigin: performance.timeOrigin, profileStartedAt: startedAt, stalls, collections}));
	};

	const timer = setTimeout(write, durationMs);
	process.on('exit', write);
}
