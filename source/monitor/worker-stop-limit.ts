import {killGraceMs} from '../probes/kill-grace.js';

/**
 * How long stopping the probe worker may take before it is terminated. Its stop aborts the probes; a command
 * check that ignores SIGTERM holds it for the kill grace, and then its SIGKILL has to land and the group be seen
 * gone. A worker busy when the stop is posted (a large history read at start, a snapshot being sliced) starts
 * that grace late. One second over the grace covers both; a worker still not done is stuck, and is terminated.
 * The exit's own limit (runtime/process-exit.ts) is longer than this, so the terminate is never cut by it.
 */
export const workerStopLimitMs = killGraceMs + 1000;
