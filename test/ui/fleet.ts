import type {CheckView, HistoryEntry, State, Transition} from '../../source/monitor/types.js';
import {baseAt, makeRow, type RowInput} from './helpers.js';

const states: State[] = ['up', 'up', 'slow', 'up', 'failing', 'warn', 'up', 'pending'];
const groups = ['payments', 'search', 'identity', 'platform', undefined];

/** A fleet of `count` checks with long names, owners, versions, history and transitions. */
export function largeFleet(count: number): CheckView[] {
	return Array.from({length: count}, (_, index) => {
		const state = states[index % states.length]!;
		const input: RowInput = {
			name: index === 0 ? 'payments api gateway with a remarkably long descriptive name that cannot fit' : `service ${String(index).padStart(2, '0')}`,
			state,
			group: groups[index % groups.length],
			owner: `@team-${index % 7}-oncall`,
			latencyMs: 20 + ((index * 37) % 900),
		};
		return detailed(makeRow(input), index);
	});
}

function detailed(row: CheckView, index: number): CheckView {
	const history: HistoryEntry[] = Array.from({length: 10}, (_, step) => ({
		at: baseAt - step * 10_000,
		state: step % 4 === 3 ? 'failing' : 'up',
		latencyMs: 30 + step * 5,
		summary: step % 4 === 3 ? 'connection refused' : '200 OK · 512 B',
	}));
	const transitions: Transition[] = [
		{at: baseAt - 60_000, from: 'up', to: row.state, reason: row.state === 'failing' ? {code: 'refused', message: 'connection refused'} : undefined},
		{at: baseAt - 600_000, from: 'pending', to: 'up'},
	];
	const latencies = Array.from({length: 60}, (_, step) => 20 + ((step * 13 + index) % 80));
	const recentStates: State[] = latencies.map((_, step) => (step % 17 === 16 ? 'failing' : 'up'));
	return {
		...row,
		recentLatencyMs: row.state === 'pending' ? [] : latencies,
		recentStates: row.state === 'pending' ? [] : recentStates,
		history: row.state === 'pending' ? [] : history,
		transitions: row.state === 'pending' ? [] : transitions,
		version: row.state === 'pending' ? undefined : `v1.${index}.0`,
		uptime1h: 0.98,
		uptime24h: 0.995,
		since: baseAt - 60_000,
		last: row.last && {
			...row.last,
			phases: {dnsMs: 1, connectMs: 2, tlsMs: 5, ttfbMs: 20, transferMs: 1, totalMs: 29},
			excerpt: '{"status":"degraded",\n"db":"timeout"}',
			certificate: {validTo: baseAt + 20 * 86_400_000, daysLeft: 20, subject: 'CN=payments.example'},
			perfdata: [{label: 'time', value: 0.029, unit: 's'}],
			notes: ['insecure: TLS not verified'],
		},
	};
}
