import type {Check} from '../config/types.js';
import {redactDeep, redactionMark} from '../probes/redact.js';

const cache = new WeakMap<Check, Check>();

/**
 * The check as snapshots carry it to the screen, `--json` and reports: every config secret (values from
 * `${ENV}`, tokens, URL passwords) replaced by `••••` in every field, so no view of a check can leak one.
 * Probes keep the real check; only views get this copy. Cached per check object (one per config load).
 */
export function displayCheck(check: Check): Check {
	let display = cache.get(check);
	if (display === undefined) {
		display = Object.freeze({...redactDeep(check, check.secrets), secrets: check.secrets.map(() => redactionMark)}) as Check;
		cache.set(check, display);
	}

	return display;
}
