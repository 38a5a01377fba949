import {describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import {initialSnapshot} from '../../source/monitor/snapshot.js';
import {createDeltaDecoder, createDeltaEncoder} from '../../source/monitor/worker-protocol.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {makeCheck, up} from './fixtures.js';

describe('snapshot deltas between the worker and the screen', () => {
	it('sends only changed rows and rebuilds equal snapshots that keep unchanged rows identical', async () => {
		const clock = createFakeClock();
		const checks = [makeCheck('a', {intervalMs: 1000}), makeCheck('b', {intervalMs: 60_000})];
		const monitor = createMonitor({checks, clock, random: () => 0, probe: async () => up()});
		const encode = createDeltaEncoder();
		const decode = createDeltaDecoder(initialSnapshot(checks, clock.now()));
		monitor.start();
		await clock.advance(0);
		const first = monitor.flush();
		const firstDelta = structuredClone(encode(first));
		expect(firstDelta.changed.map(row => row.id)).toEqual(['a', 'b']);
		const firstCopy = decode(firstDelta);
		expect(firstCopy).toEqual(first);
		await clock.advance(1000);
		const second = monitor.flush();
		const secondDelta = structuredClone(encode(second));
		expect(secondDelta.changed.map(row => row.id)).toEqual(['a']);
		expect(secondDelta.markers).toBeUndefined();
		const secondCopy = decode(secondDelta);
		expect(secondCopy).toEqual(second);
		expect(secondCopy.rows[1]).toBe(firstCopy.rows[1]);
		expect(Object.isFrozen(secondCopy.rows[0]?.history)).toBe(true);
		monitor.send({type: 'setChecks', checks: [checks[1]!]});
		const third = decode(structuredClone(encode(monitor.flush())));
		expect(third.rows.map(row => row.id)).toEqual(['b']);
		await monitor.stop();
	});
});
