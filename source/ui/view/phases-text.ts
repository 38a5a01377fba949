import type {Phases} from '../../probes/types.js';
import {formatAge, formatLatency} from '../format.js';

/**
 * `dns 2ms, connect 5ms, tls 12ms, ttfb 40ms, transfer 1ms, total 60ms`: the phases the probe timed, in order. Over
 * a kept connection, `reused connection (connected 40s ago), ttfb 3ms, …`: why no connect or TLS is there, and
 * that the certificate shown is that connection's.
 */
export function phasesText(phases: Phases): string {
	const parts: string[] = [];
	if (phases.reusedConnectionAgeMs !== undefined) {
		parts.push(`reused connection (connected ${formatAge(0, phases.reusedConnectionAgeMs)} ago)`);
	}

	const add = (name: string, value: number | undefined) => {
		if (value !== undefined) {
			parts.push(`${name} ${formatLatency(value)}`);
		}
	};

	add('dns', phases.dnsMs);
	add('connect', phases.connectMs);
	add('tls', phases.tlsMs);
	add('ttfb', phases.ttfbMs);
	add('transfer', phases.transferMs);
	add('total', phases.totalMs);
	return parts.join(', ');
}
