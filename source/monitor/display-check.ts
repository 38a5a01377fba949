import type {Check} from '../config/types.js';
import {redactDeep, redactionMark} from '../probes/redact.js';
import {sanitize} from '../probes/sanitize.js';

const cache = new WeakMap<Check, Check>();

/** Every string in plain objects and arrays made safe for a terminal; anything else is kept as it is. */
function sanitizeDeep<T>(value: T): T {
	if (typeof value === 'string') {
		return sanitize(value, {multiline: true, maxLength: Number.MAX_SAFE_INTEGER}) as T;
	}

	if (Array.isArray(value)) {
		return value.map(item => sanitizeDeep(item)) as T;
	}

	if (typeof value === 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, sanitizeDeep(item)])) as T;
	}

	return value;
}

/**
 * The check as snapshots carry it to the screen, `--json` and reports: every config secret (values from
 * `${ENV}`, tokens, URL passwords) replaced by `••••` in every field, so no view of a check can leak one, and
 * every control character made visible (the fields people read are refused with one at load; an expected
 * body pattern or a command's argument may still hold one). Probes keep the real check; only views get this
 * copy. Cached per check object (one per config load).
 */
export function displayCheck(check: Check): Check {
	let display = cache.get(check);
	if (display === undefined) {
		display = Object.freeze({...sanitizeDeep(redactDeep(check, check.secrets)), secrets: check.secrets.map(() => redactionMark)}) as Check;
		cache.set(check, display);
	}

	return display;
}
