import type {ValueUnit} from './types.js';

/** Milliseconds in one of each duration suffix a threshold may be written with. */
const durationMs: Readonly<Record<string, number>> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000};

/** Bytes in one of each size suffix, read without regard to case (`kb`, `KB`, `kB`). */
const sizeBytes: Readonly<Record<string, number>> = {b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3, tb: 1e12, tib: 1024 ** 4};

/** Each unit a check may name; the type keeps it whole when a unit is added. */
const isUnit = {s: true, ms: true, bytes: true, '%': true} as const satisfies Record<ValueUnit, true>;

/** What a threshold written with a suffix comes to in the check's unit. */
export type ThresholdInUnit =
	| {readonly kind: 'number'; readonly number: string}
	| {readonly kind: 'mismatch'; readonly measure: 'a duration' | 'a size'}
	| {readonly kind: 'unknown'};

/**
 * `500ms` with `unit: s` → 0.5; `1GiB` with `unit: bytes` → 1073741824. A check without `unit:` is read in
 * Prometheus's base units, seconds and bytes (https://prometheus.io/docs/practices/naming/#base-units), so `5m`
 * is 300 there. A duration for a query in bytes (or a size for one in seconds) has no number to give, nor has a
 * unit uptop does not know (an error of its own).
 */
export function thresholdInUnit(number: number, suffix: string, writtenUnit: unknown): ThresholdInUnit {
	if (writtenUnit !== undefined && !Object.hasOwn(isUnit, String(writtenUnit))) return {kind: 'unknown'};
	const unit = writtenUnit as ValueUnit | undefined;
	const inMs = durationMs[suffix];
	if (inMs !== undefined) {
		if (unit === 'bytes' || unit === '%') return {kind: 'mismatch', measure: 'a duration'};
		return {kind: 'number', number: shortNumber((number * inMs) / (unit === 'ms' ? 1 : 1000))};
	}

	const inBytes = sizeBytes[suffix.toLowerCase()];
	if (inBytes !== undefined) {
		if (unit !== undefined && unit !== 'bytes') return {kind: 'mismatch', measure: 'a size'};
		return {kind: 'number', number: shortNumber(number * inBytes)};
	}

	return {kind: 'unknown'};
}

/** Without the float's noise (`0.30000000000000004`): twelve digits are more than a threshold is written with. */
const shortNumber = (value: number): string => String(Number(value.toPrecision(12)));
