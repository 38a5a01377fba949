import type {Check} from '../config/types.js';

/**
 * A check's settings, for telling whether a reload changed it: where it, its `ca` or its `cwd` is written (a line in the file)
 * does not count, nor its `secrets`, which list every check's (load-config.ts): its own are in the values they
 * came from.
 */
export const checkSettings = (check: Check): string => JSON.stringify({...check, source: undefined, caSource: undefined, cwdSource: undefined, secrets: undefined});

/** The check without what only shows it or schedules it (judgingSettings). */
const judging = (check: Check) => ({
	...check,
	source: undefined,
	caSource: undefined,
	cwdSource: undefined,
	secrets: undefined,
	// Each part records the text it was put in: a runbook's `${TEAM}` would count its edit. The values that judge
	// are in the fields they fill (url, headers).
	envParts: undefined,
	name: undefined,
	group: undefined,
	groupDescription: undefined,
	description: undefined,
	owner: undefined,
	runbook: undefined,
	rollback: undefined,
	byHand: undefined,
	intervalMs: undefined,
});

/**
 * The settings that decide a result's state: a state change after an edit of these may be the edit's doing
 * ("(config changed)"); one after a new owner, runbook or interval is the target's.
 */
export const judgingSettings = (check: Check): string => JSON.stringify(judging(check));

/**
 * The settings a probe runs by (what it asks, where, its timeout, what its answer must say): a reload that changes
 * these makes a run in flight, and the result the next interval would bring, the old definition's. Not `slow` nor
 * `retries`, which judge the probe's result after it.
 */
export const probeSettings = (check: Check): string => JSON.stringify({...judging(check), slowMs: undefined, retries: undefined});
