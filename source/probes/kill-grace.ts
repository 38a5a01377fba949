/**
 * Between SIGTERM and SIGKILL for a command check's process group (at its deadline, or on the way out). A leaf of
 * its own: the exit's budget (monitor/worker-stop-limit.ts) is reckoned from it without loading the probes.
 */
export const killGraceMs = 2000;
