import {formatBytes} from './format-bytes.js';
import {formatHeldFor} from './held-for.js';
import {thresholdInUnit} from './threshold-unit.js';
import type {ValueUnit} from './types.js';

/**
 * "250ms", "1.25s", "45s", "2m 5s", "3h 4m", "2d 3h": two units at most past a minute, as a state's age reads.
 * Rounded before the unit is chosen, so one amount has one spelling: 999.9 ms is "1s", never "1000ms" beside a
 * threshold of "1s" (a value and its threshold that read alike get the exact number, thresholds.ts).
 */
function formatDurationMs(ms: number): string {
	const shortMs = Number(ms.toPrecision(3));
	if (shortMs < 1000) return `${shortMs}ms`;
	// Below 10 s the fraction matters (a latency of 1.25 s is not 1 s); above it, whole seconds read at a glance.
	const seconds = Number((ms / 1000).toFixed(2));
	if (seconds < 10) return `${seconds}s`;
	return formatHeldFor(ms);
}

function formatMagnitude(value: number, unit: ValueUnit): string {
	switch (unit) {
		case 's': {
			return formatDurationMs(value * 1000);
		}

		case 'ms': {
			return formatDurationMs(value);
		}

		case 'bytes': {
			return formatBytes(value);
		}

		case '%': {
			// Not rounded: nothing is converted, and an SLO's percentages differ in the fifth digit (99.99999 is not 100).
			return `${String(value)} %`;
		}
	}
}

/**
 * A prometheus value as people read it with its `unit:`: 44.92 with `s` → "45s". Without a unit, or for NaN
 * and infinities (no amount to convert), the number as Prometheus gave it, every digit: rounded, 1234567 read
 * 1234570, the same as a threshold of 1234566.
 */
export function formatValue(value: number, unit: ValueUnit | undefined): string {
	// As Prometheus writes them: `+Inf` (a histogram's last bucket), not JavaScript's `Infinity`.
	if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : (value > 0 ? '+Inf' : '-Inf');
	if (unit === undefined) return String(value);
	return value < 0 ? `-${formatMagnitude(-value, unit)}` : formatMagnitude(value, unit);
}

/** The number in the check's unit that a spelling of formatValue's ("2m 5s", "1.5 MiB", "-59.5s") reads as. */
function readBack(shown: string, unit: ValueUnit): number | undefined {
	const sign = shown.startsWith('-') ? -1 : 1;
	let total = 0;
	for (const [, number, suffix] of shown.slice(sign === 1 ? 0 : 1).matchAll(/([\d.]+) ?([a-zA-Z]+)/g)) {
		const amount = thresholdInUnit(Number(number), suffix!, unit);
		if (amount.kind !== 'number') return undefined;
		total += Number(amount.number);
	}

	return sign * total;
}

/** Twelve digits, as threshold-unit.ts keeps: a sum of parts in floats must not differ in its last bit. */
const sameAmount = (a: number, b: number): boolean => Number(a.toPrecision(12)) === Number(b.toPrecision(12));

/**
 * A threshold as formatValue writes the value beside it, when that spelling is the threshold exactly: `unit: s` with
 * `> 120` reads `2m`. When it would round (`> 59.5` is not `1m`, `> 3601` is not `1h`), the exact amount in the
 * unit instead (`59.5s`): what passes and what fails is decided by the threshold written, so the expected line
 * says that one, never a neighbour.
 */
export function formatThreshold(value: number, unit: ValueUnit | undefined): string {
	const shown = formatValue(value, unit);
	if (unit === undefined || unit === '%' || !Number.isFinite(value)) return shown;
	const read = readBack(shown, unit);
	if (read !== undefined && sameAmount(read, value)) return shown;
	return unit === 'bytes' ? `${String(value)} B` : `${String(value)}${unit}`;
}
