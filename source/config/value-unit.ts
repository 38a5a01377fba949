import {formatBytes} from './format-bytes.js';
import {formatHeldFor} from './held-for.js';
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
