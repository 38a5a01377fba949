import type {Check} from '../config/types.js';
import {isLocalLimit} from '../probes/local-limits.js';
import type {ProbeResult} from '../probes/types.js';
import type {State} from './types.js';

/**
 * The one rule that turns a result into what the operator sees. `slow` is decided here, from latency and
 * the check's `slowMs`, so it means the same for every kind; a `warn` stays `warn` however slow it was.
 * A cancelled result says nothing about the target, so it keeps `previous`. Nor does a probe that could not
 * open a descriptor (EMFILE / ENFILE) or find a free local port or address (EADDRNOTAVAIL): uptop's host is short,
 * uptop cannot tell, so it is `unknown`, not an outage in the history, the release report, --once's exit code or a
 * --wait gate, whatever kind of probe hit the limit. Unless the check has not reached its target for so long
 * (`isTargetLongUnreached`, lasting-local-limit.ts) that a missing local address is no shortage but a lasting
 * cause: then it is `failing`, with its `local:address` reason.
 */
export function classifyState(result: ProbeResult | undefined, check: Pick<Check, 'slowMs'>, previous: State = 'pending', isTargetLongUnreached = false): State {
	if (result === undefined) return 'pending';
	switch (result.outcome) {
		case 'failing': {
			if (result.reason?.code === 'local:address' && isTargetLongUnreached) return 'failing';
			return isLocalLimit(result.reason) ? 'unknown' : 'failing';
		}

		case 'warn': {
			return 'warn';
		}

		case 'unknown': {
			return 'unknown';
		}

		case 'cancelled': {
			return previous;
		}

		case 'up': {
			return result.latencyMs >= check.slowMs ? 'slow' : 'up';
		}
	}
}
