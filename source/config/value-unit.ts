import {formatBytes} from './format-bytes.js';
import {formatNumber} from './format-number.js';
import {formatHeldFor} from './held-for.js';
import type {ValueUnit} from './types.js';

/** "250ms", "1.25s", "45s", "2m 5s", "3h 4m", "2d 3h": two units at most past a minute, as a state's age reads. */
function formatDurationMs(ms: number): string {
	if (ms < 1000) return `${Number(ms.toPrecision(3))}ms`;
	// Below 10 s the fraction matters (a latency of 1.25 s is not 1 s); above it, whole seconds read at a glance.
	if (ms < 10_000) return `${Number((ms / 1000).toFixed(2))}s`;
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
			return `${formatNumber(value)} %`;
		}
	}
}

/**
 * A prometheus value as people read it with its `unit:`: 44.92 with `s` → "45s". Without a unit, or for NaN
 * and infinities (no amount to convert), the number as Prometheus gave it.
 */
export function formatValue(value: number, unit: ValueUnit | undefined): string {
	if (unit === undefined || !Number.isFinite(value)) return formatNumber(value);
	return value < 0 ? `-${formatMagnitude(-value, unit)}` : formatMagnitude(value, unit);
}
