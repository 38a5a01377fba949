import {floorPercent} from '../text/floor-percent.js';

/** Latency for a narrow column: `<0.1ms`, `0.4ms`, `87ms`, `1.24s`, `12.5s`, `3m05s`. */
export function formatLatency(latencyMs: number | undefined, none = '-'): string {
	if (latencyMs === undefined || !Number.isFinite(latencyMs)) {
		return none;
	}

	// A loopback or same-rack answer takes a fraction of a millisecond: `0ms` would read as nothing measured.
	if (latencyMs < 0.95) {
		return latencyMs < 0.05 ? '<0.1ms' : `${latencyMs.toFixed(1)}ms`;
	}

	if (latencyMs < 1000) {
		return `${Math.round(latencyMs)}ms`;
	}

	if (latencyMs < 10_000) {
		return `${(latencyMs / 1000).toFixed(2)}s`;
	}

	if (latencyMs < 60_000) {
		return `${(latencyMs / 1000).toFixed(1)}s`;
	}

	const seconds = Math.round(latencyMs / 1000);
	return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** Uptime fraction 0..1 as a percentage; never shows 100% unless it is exactly 1. */
export function formatPercent(fraction: number | undefined, none = '-'): string {
	if (fraction === undefined || !Number.isFinite(fraction)) {
		return none;
	}

	if (fraction >= 1) {
		return '100%';
	}

	return `${floorPercent(fraction, 1).toFixed(1)}%`;
}

/** `5s`, `3m`, `2h`, `4d` — how long ago `at` was, seen from `now` (both epoch ms). */
export function formatAge(at: number, now: number): string {
	// Whole seconds of the clock, as formatClock shows `at` and the header `now`: two events of one second are the same age.
	const seconds = Math.max(0, Math.floor(now / 1000) - Math.floor(at / 1000));
	if (seconds < 60) {
		return `${seconds}s`;
	}

	if (seconds < 3600) {
		return `${Math.floor(seconds / 60)}m`;
	}

	if (seconds < 86_400) {
		return `${Math.floor(seconds / 3600)}h`;
	}

	return `${Math.floor(seconds / 86_400)}d`;
}

/** Local wall-clock time `HH:MM:SS` of an epoch-ms instant. */
export function formatClock(at: number): string {
	const date = new Date(at);
	const two = (value: number) => String(value).padStart(2, '0');
	return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}
