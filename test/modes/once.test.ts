import {describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import {runOnce} from '../../source/modes/once.js';
import {failing, makeCheck, up} from '../monitor/fixtures.js';

describe('runOnce', () => {
	it('finishes when the last result is in, not at the engine\'s next publish tick', async () => {
		const checks = Array.from({length: 40}, (_, index) => makeCheck(`c${index}`, {intervalMs: 60_000}));
		// A publish tick an hour away: only results, not ticks, can end the run in time.
		const monitor = createMonitor({checks, publishIntervalMs: 3_600_000, async probe(check) {
			await new Promise(resolve => setImmediate(resolve));
			return check.id === 'c7' ? failing() : up();
		}});
		let output = '';
		const run = runOnce({checks, monitor, isJson: true, write: text => (output += text)});
		const tooLate = new Promise<'too late'>(resolve => {
			setTimeout(() => resolve('too late'), 4000).unref();
		});
		expect(await Promise.race([run, tooLate])).toBe(2);
		const records = output.trim().split('\n').map(line => JSON.parse(line) as {name: string; state: string});
		expect(records).toHaveLength(40);
		expect(records.filter(record => record.state === 'failing').map(record => record.name)).toEqual(['c7']);
	});
});
