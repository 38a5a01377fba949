import type {Check} from '../config/types.js';
import {defaultParkAfterMs as slotHeldAtMostMs} from '../monitor/fleet-concurrency.js';

/** Below this, `validate` notes that `concurrency:` is tight: a real service over a network often takes longer. */
const tightBelowMs = 250;

/**
 * The longest each probe may take for `concurrency` slots to keep every check on its interval: a check whose
 * runs take d ms every interval + d holds d ÷ (interval + d) of a slot (Little's law), so the fleet fits while
 * the sum stays within the cap. Undefined when any probe time fits (a run holds its slot a second at most).
 */
export function longestProbeThatFits(checks: readonly Check[], concurrency: number): number | undefined {
	const held = (probeMs: number) => checks.reduce((sum, check) => sum + probeMs / (check.intervalMs + probeMs), 0);
	if (held(slotHeldAtMostMs) <= concurrency) return undefined;
	let low = 0;
	let high = slotHeldAtMostMs;
	while (high - low > 0.5) {
		const middle = (low + high) / 2;
		if (held(middle) <= concurrency) low = middle;
		else high = middle;
	}

	return low;
}

/** `validate`'s advice when `concurrency:` leaves the checks so little room that ordinary answer times would make them wait. */
export function concurrencyNote(checks: readonly Check[], concurrency: number | undefined): string | undefined {
	if (concurrency === undefined) return undefined;
	const fits = longestProbeThatFits(checks, concurrency);
	if (fits === undefined || fits >= tightBelowMs) return undefined;
	const shown = fits < 10 ? fits.toFixed(1) : String(Math.floor(fits));
	return `note: a cap of ${concurrency} ${concurrency === 1 ? 'probe' : 'probes'} in flight (\`concurrency:\` or --concurrency) keeps these ${checks.length} checks on their intervals only while each probe takes under ${shown} ms; slower answers make them wait their turn (the screen counts them as overdue). Without a cap uptop sizes it from the answer times.`;
}
