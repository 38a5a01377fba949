import type {CheckView, HistoryEntry, Marker, ReleaseView, State, Transition} from '../../source/monitor/types.js';
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

const verdicts: ReleaseView['verdict'][] = ['worse', 'better', 'no change', 'too early'];

/** The marker of `releasedFleet`: a manual marker from `uptop mark`, 75 s before the snapshot (7 samples ago). */
export const releaseMarker: Marker = {at: baseAt - 75_000, label: 'helm upgrade payments 1.5.0', source: 'command'};

/**
 * `largeFleet` after a release: sample times 10 s apart ending at the snapshot, and a before/after
 * comparison on every row that has samples, the four verdicts in turn.
 */
export function releasedFleet(count: number): CheckView[] {
	return largeFleet(count).map((row, index) => {
		if (row.recentLatencyMs.length === 0) {
			return row;
		}

		const recentAt = row.recentLatencyMs.map((_, step) => baseAt - (row.recentLatencyMs.length - step) * 10_000);
		const verdict = verdicts[index % verdicts.length]!;
		const release: ReleaseView = {
			verdict,
			markerLabel: releaseMarker.label,
			markerAt: releaseMarker.at,
			p50: {before: 40, after: verdict === 'worse' ? 62 : 38, delta: verdict === 'worse' ? 22 : -2, deltaPct: verdict === 'worse' ? 0.55 : -0.05},
			p95: {before: 90, after: verdict === 'worse' ? 140 : 60, delta: verdict === 'worse' ? 50 : -30, deltaPct: verdict === 'worse' ? 50 / 90 : -30 / 90},
			errorRate: {before: 0.01, after: verdict === 'worse' ? 0.08 : 0.01, delta: verdict === 'worse' ? 0.07 : 0},
			pLatency: verdict === 'no change' ? 0.41 : 0.0002,
			pErrors: verdict === 'worse' ? 0.004 : 0.9,
			samples: verdict === 'too early' ? {before: 36, after: 6} : {before: 36, after: 24},
			reasons: verdict === 'worse' ? ['p95 +56 %', 'error rate +7 pts'] : verdict === 'better' ? ['p95 -33 %'] : [],
		};
		return {...row, recentAt, release};
	});
}
