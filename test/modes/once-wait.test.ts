import {describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import {runOnce} from '../../source/modes/once.js';
import {failing, makeCheck, up} from '../monitor/fixtures.js';
import {FakeMonitor, makeSnapshot} from '../ui/helpers.js';

/** Probes counted per check; `answer` decides each result from the check and how often it was probed before. */
function countingProbe(answer: (id: string, calls: number) => ReturnType<typeof up>) {
	const calls = new Map<string, number>();
	return {
		calls,
		async probe(check: {readonly id: string}) {
			const count = calls.get(check.id) ?? 0;
			calls.set(check.id, count + 1);
			await new Promise(resolve => setImmediate(resolve));
			return answer(check.id, count);
		},
	};
}

describe('runOnce with a wait', () => {
	it('runs every check again each round, one probe at a time too, until a round finds them all up, and says how it went', async () => {
		// One probe at a time: at each recheck `b` waits for the slot `a` holds, showing its last round's result.
		const checks = [makeCheck('a', {intervalMs: 60_000}), makeCheck('b', {intervalMs: 60_000})];
		const {calls, probe} = countingProbe((id, count) => (id === 'b' && count === 0 ? failing() : up()));
		const monitor = createMonitor({checks, probe, concurrency: 1});
		const progress: string[] = [];
		let output = '';
		const code = await runOnce({checks, monitor, isJson: true, write: text => (output += text), concurrency: 1, waitMs: 10_000, progress: line => progress.push(line)});
		expect(code).toBe(0);
		expect(Object.fromEntries(calls)).toEqual({a: 2, b: 2});
		expect(output.trim().split('\n').map(line => (JSON.parse(line) as {state: string}).state)).toEqual(['up', 'up']);
		expect(progress).toEqual(['uptop: waiting up to 10s for every check to be up', 'uptop: not up yet: b (failing)', expect.stringMatching(/^uptop: every check up after \d+(\.\d)?s$/)]);
	}, 15_000);

	it('probes each check once a round, not on its own schedule between rounds', async () => {
		// Rounds at 0, 2 s and the deadline (2.5 s); the checks' 100 ms interval would have probed them ~25 times.
		const checks = [makeCheck('a', {intervalMs: 100}), makeCheck('b', {intervalMs: 100})];
		const {calls, probe} = countingProbe(id => (id === 'b' ? failing() : up()));
		const monitor = createMonitor({checks, probe});
		const progress: string[] = [];
		const code = await runOnce({checks, monitor, isJson: false, write: () => undefined, waitMs: 2500, progress: line => progress.push(line)});
		expect(code).toBe(2);
		expect(Object.fromEntries(calls)).toEqual({a: 3, b: 3});
		// The set of checks not up did not change: said once, then in the last line.
		expect(progress.slice(1)).toEqual(['uptop: not up yet: b (failing)', expect.stringMatching(/^uptop: not every check up after 2\.\ds: b \(failing\)$/)]);
	}, 15_000);

	it('does not end a round on the results of the round before, which a snapshot still shows after the recheck', async () => {
		// The in-thread engine marks a rechecked row running at once; one whose snapshots lag (a worker's) shows
		// the last round's result, not running, until the new one is in. The real engine cannot be made to lag.
		const engine = new FakeMonitor(makeSnapshot([{name: 'billing', state: 'pending'}]));
		let rounds = 0;
		engine.send = command => {
			if (command.type !== 'recheck') return;
			rounds++;
			const state = rounds === 1 ? 'failing' : 'up';
			setTimeout(() => {
				engine.publish(makeSnapshot([{name: 'billing', state}]));
				engine.emit({type: 'result', id: 'billing', at: Date.now(), state, result: state === 'up' ? up() : failing()});
			}, 50);
		};

		const monitor = Object.assign(engine, {start() {}, flush: () => engine.getSnapshot()});
		const checks = [makeCheck('billing')];
		expect(await runOnce({checks, monitor, isJson: false, write: () => undefined, waitMs: 2500})).toBe(0);
		expect(rounds).toBe(2);
	}, 15_000);
});
