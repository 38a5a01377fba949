import {createRequire} from 'node:module';

/**
 * The size the probe worker's old generation may reach before V8 marks and compacts it. Under 200
 * fresh-connection probes a second it gains ~1.1 MB/s: a closed connection stays reachable for young
 * collections until a full one (~1.3 KB with bare node:net, more with undici's objects), a result lives a
 * second, a published view until the next publish. V8 set its limit a few MB above the ~14 MB that stays
 * live, so it collected every 7–10 s, pausing the worker 2–11 ms, and a probe answer arriving meanwhile was
 * timed that much late. With this floor a major collection comes every ~30 s at that rate; the live screen
 * with 200 such checks took 3–12 MB more RSS (docs/benchmarks.md). Node 24's V8 (13.6) honours it; Node 22's
 * (12.4) still collected a worker's old generation at ~25 MB with it, even given on the command line, so
 * there it is not set.
 */
export const probeWorkerOldGenerationMb = 64;

/**
 * The probe worker's semi-spaces start at the size its young generation is capped to (remote-monitor's
 * probeWorkerYoungGenerationMb, two semi-spaces of this size and room for large objects), not at V8's 1 MB:
 * a live screen stops young generations from growing (ui/render-heap.ts), and the worker must not be held
 * below its cap by that.
 */
export const probeWorkerSemiSpaceMb = 2;

/** Whether this V8 keeps the floor (see above): 13 and later. */
export const isOldGenerationFloorHonoured = Number(process.versions.v8.split('.')[0]) >= 13;

let isConfigured = false;

/**
 * Applies `probeWorkerOldGenerationMb` to the isolates created from now on (V8 reads the setting when it
 * sets up a heap, so the running thread keeps its own): call it just before starting the probe worker.
 * Loaded on demand, so node:v8 costs nothing before the first frame.
 */
export function configureProbeWorkerHeap(): void {
	if (isConfigured || !isOldGenerationFloorHonoured) return;
	isConfigured = true;
	const {setFlagsFromString} = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
	setFlagsFromString(`--initial-old-space-size=${probeWorkerOldGenerationMb}`);
	setFlagsFromString(`--min-semi-space-size=${probeWorkerSemiSpaceMb}`);
}
