import {formatHeldFor} from '../config/held-for.js';
import type {Check} from '../config/types.js';
import type {IgnoredVersion} from './types.js';

/**
 * How many different values a check's version may take within the window before uptop stops reading it as a
 * version. A rollout behind a load balancer alternates old and new (two values, at every probe for minutes), a
 * rollback or a fix during it makes three: these stay marked (isMarkedVersionChange in check-entry.ts). Five
 * different values within 10 minutes is no release: a request id, a counter, a time or a pod name read as the
 * version by mistake, which made a deploy marker at every probe (plain lines, history, the report).
 */
export const noisyVersionValues = 5;

/**
 * The window those values must fall in: 10 minutes, or five intervals for a check probed less often than every
 * two minutes, so that a new value at five probes in a row counts whatever the interval.
 */
export function noiseWindowMs(intervalMs: number): number {
	return Math.max(10 * 60_000, 5 * intervalMs);
}

/**
 * Notes that `version` was read at `at`. `seen` holds each value read within the window and when it was last read,
 * oldest first (a Map keeps insertion order: a value read again moves to the end), so it never holds more than
 * noisyVersionValues. Returns the values when this read makes them too many, oldest first.
 */
export function noteVersionRead(seen: Map<string, number>, version: string, at: number, windowMs: number): Array<[string, number]> | undefined {
	seen.delete(version);
	seen.set(version, at);
	for (const [value, lastAt] of seen) {
		if (at - lastAt <= windowMs) break;
		seen.delete(value);
	}

	return seen.size >= noisyVersionValues ? [...seen] : undefined;
}

/** Where the check reads its version, as the config writes it: `json requestId`, `header x-request-id`. */
export function versionSource(check: Check): string {
	if (check.kind !== 'http' || check.version === undefined) return 'version';
	return 'json' in check.version ? `json ${check.version.json}` : `header ${check.version.header}`;
}

// Enough of each value to see they are all different, without a line that never ends.
const shownValues = 3;
const shownValueLength = 16;

/**
 * What every output says once a check's version is ignored: what it read, that no more markers come from it,
 * what to read instead, and why it is no version.
 */
export function describeIgnoredVersion(ignored: IgnoredVersion): string {
	const values = ignored.values.slice(-shownValues).map(value => (value.length > shownValueLength ? `${value.slice(0, shownValueLength - 1)}…` : value));
	const more = ignored.values.length > shownValues ? '…, ' : '';
	const span = ignored.spanMs < 1000 ? 'under a second' : formatHeldFor(ignored.spanMs);
	// What to do first: a narrow detail pane cuts the end.
	return `version (${ignored.source}) is no deployed version, so no more deploy markers from it: read a field that changes only `
		+ `with a deploy (build version, commit); it took ${ignored.values.length} values in ${span} (${more}${values.join(', ')}): `
		+ 'a request id, a counter, a time?';
}
