import {createRequire} from 'node:module';
import {isOldGenerationFloorHonoured} from '../monitor/probe-worker-heap.js';

/**
 * Stops V8 from growing the young generations of this process any further. Ink builds every frame anew, a
 * styled object per terminal cell, so the render thread allocates ~17 MB a second with 200 changing rows in a
 * 120×60 pane, and V8 doubled its young generation each time enough survived until it reached 128 MB (64 MB
 * semi-spaces, the same with --max-old-space-size=1024): 365 MB resident after 90 s, of which ~20 MB was live.
 * Held at the size it has when the first frame is up, the CLI stays near 270 MB after minutes of that load
 * (docs/benchmarks.md). Start-up is untouched: V8 sizes a heap when it creates it, so this changes nothing
 * before the first frame, and the probe worker is created at its own cap (probe-worker-heap.ts).
 */
export function stopYoungGenerationGrowth(): void {
	// Only where the worker is also given its starting size (configureProbeWorkerHeap, the same V8 versions):
	// otherwise the worker would be held at V8's 1 MB semi-spaces.
	if (!isOldGenerationFloorHonoured) return;
	const {setFlagsFromString} = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
	setFlagsFromString('--semi-space-growth-factor=1');
}
