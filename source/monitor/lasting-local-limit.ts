import type {Check} from '../config/types.js';

/** How long a closed connection holds its local port (TIME_WAIT on Linux): a shortage of ports clears within it. */
const timeWaitMs = 60_000;

/**
 * How long a check may go without reaching its target for want of a local address (EADDRNOTAVAIL) and still be
 * `unknown`. A shortage of local ports is momentary: the probes that hold them close, and their ports come free a
 * minute later. A cause that lasts (a `[::1]` target on a host with IPv6 switched off) would read `unknown` for
 * ever: no bell, no outage in the release report, a --wait gate waiting to its deadline. Past three intervals, and
 * at least a minute, it is `failing`.
 */
export function localAddressGraceMs(check: Pick<Check, 'intervalMs'>): number {
	return Math.max(3 * check.intervalMs, timeWaitMs);
}
