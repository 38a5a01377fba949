import type {Marker, State} from '../../source/monitor/types.js';
import type {HistoryResult, HistoryTransition} from '../../source/release/history-load.js';
import {logNormalLatencies, mulberry32} from './random.js';

export const deployAt = Date.UTC(2026, 10, 25, 14, 30);
export const secret = 'tok-XYZ-123';
const stepMs = 15_000;

/**
 * A scripted release: 35 minutes before and 30 after a `helm upgrade` marker, one result per 15 s per check.
 * "payments api" gets 50 % slower and fails twice after the deploy (once for 2 min, then from 14:58 on,
 * still failing at the end); the failure message echoes a URL with a secret token. "search" is unchanged.
 */
export function scriptedRelease(): {results: HistoryResult[]; transitions: HistoryTransition[]; markers: Marker[]; now: number} {
	const random = mulberry32(2026);
	const draw = logNormalLatencies(random, 80, 0.2);
	const results: HistoryResult[] = [];
	const transitions: HistoryTransition[] = [];
	const reason = {code: 'refused' as const, message: `connection refused: http://127.0.0.1:9/health?token=${secret}`};
	const states = new Map<string, State>();
	const add = (id: string, at: number, state: State, latencyMs: number) => {
		const previous = states.get(id) ?? 'pending';
		if (previous !== state) {
			transitions.push({at, id, from: previous, to: state, ...(state === 'failing' ? {reason} : {})});
			states.set(id, state);
		}

		results.push({at, id, state, latencyMs, ...(state === 'failing' ? {reason} : {})});
	};

	for (let index = -140; index < 120; index++) {
		const at = deployAt + index * stepMs;
		const [paymentsLatency, searchLatency] = draw(2) as [number, number];
		const isFailing = (index >= 10 && index < 18) || index >= 112;
		add('payments api', at, isFailing ? 'failing' : 'up', index < 0 ? paymentsLatency : paymentsLatency * 1.5);
		add('search', at, 'up', searchLatency);
	}

	return {
		results,
		transitions,
		markers: [
			{at: deployAt - 3_600_000, label: 'an older deploy', source: 'key'},
			{at: deployAt, label: 'helm upgrade payments 1.5.0', source: 'command'},
			{at: deployAt + 20_000, label: 'version 1.5.0', checkId: 'payments api', source: 'version'},
		],
		now: deployAt + 120 * stepMs,
	};
}
