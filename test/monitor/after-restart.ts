import {createMonitor} from '../../source/monitor/monitor.js';
import type {ProbeResult} from '../../source/probes/types.js';
import type {CheckView, State} from '../../source/monitor/types.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {makeCheck} from './fixtures.js';

/**
 * Check `a` (every 10 s) one second into a run that read from the history file an up result 30 s before it
 * started (21 ms) and a failure 20 s before (5 ms, "connection refused (db:5432)"), its first probe answering
 * `result`: the row as the engine publishes it then, `start` the run's start.
 */
export async function rowAfterRestart(result: ProbeResult): Promise<{row: CheckView; start: number; now: number}> {
	const clock = createFakeClock();
	const start = clock.now();
	const initialHistory = [
		{id: 'a', at: start - 30_000, latencyMs: 21, state: 'up' as State},
		{id: 'a', at: start - 20_000, latencyMs: 5, state: 'failing' as State, reason: {code: 'refused' as const, message: 'connection refused (db:5432)'}},
	];
	const monitor = createMonitor({checks: [makeCheck('a', {intervalMs: 10_000})], clock, random: () => 0, initialHistory, async probe() {
		return result;
	}});
	monitor.start();
	await clock.advance(1000);
	const row = monitor.flush().rows[0]!;
	await monitor.stop();
	return {row, start, now: clock.now()};
}
