import {describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import {goneRowLimit} from '../../source/monitor/gone-rows.js';
import {initialSnapshot} from '../../source/monitor/snapshot.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {createDeltaDecoder, createDeltaEncoder} from '../../source/monitor/worker-protocol.js';
import {listEvents} from '../../source/ui/view/event-list.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {failing, makeCheck, up} from './fixtures.js';

const pods = (labels: readonly string[], outcome: 'up' | 'failing') => up(5, {series: labels.map(label => ({label, outcome, value: 1, summary: `${label}=1`}))});
const names = (count: number, from = 0) => Array.from({length: count}, (_, index) => `pod-${String(from + index).padStart(3, '0')}`);

describe('rows no longer watched, for the events view', () => {
	it('keeps a removed check\'s changes once, with its row again, when a reload adds it back', async () => {
		const clock = createFakeClock();
		const results: ProbeResult[] = [up(), failing(), up()];
		const checks = [makeCheck('api', {intervalMs: 1000}), makeCheck('ledger', {intervalMs: 1000})];
		const monitor = createMonitor({checks, clock, random: () => 0, probe: async check => (check.id === 'ledger' ? results.shift() ?? up() : up())});
		monitor.start();
		await clock.advance(2000);
		monitor.send({type: 'setChecks', checks: [checks[0]!]});
		expect(monitor.flush().gone?.map(({view, why}) => [view.id, why])).toEqual([['ledger', 'removed']]);
		monitor.send({type: 'setChecks', checks});
		const snapshot = monitor.flush();
		expect(snapshot.gone).toBeUndefined();
		const ledger = listEvents(snapshot).filter(item => item.kind === 'change' && item.row.id === 'ledger');
		expect(ledger.map(item => item.kind === 'change' && [item.transition.from, item.transition.to, item.gone])).toEqual([['failing', 'up', undefined], ['up', 'failing', undefined]]);
		await monitor.stop();
	});

	it('keeps no row that only came up and went: a release replacing every pod adds no line per pod', async () => {
		const clock = createFakeClock();
		const script = [pods(names(3), 'up'), pods(names(3, 3), 'up')];
		const monitor = createMonitor({checks: [makeCheck('pods', {intervalMs: 1000})], clock, random: () => 0, probe: async () => script.shift() ?? pods(names(3, 3), 'up')});
		monitor.start();
		await clock.advance(1000);
		expect(monitor.flush().gone).toBeUndefined();
		await monitor.stop();
	});

	it(`keeps the newest ${goneRowLimit} gone rows, and carries them to the screen's thread`, async () => {
		const clock = createFakeClock();
		const all = names(goneRowLimit + 20);
		const script = [pods(all, 'up'), pods(all, 'failing'), pods(['survivor'], 'up')];
		const checks = [makeCheck('pods', {intervalMs: 1000})];
		const monitor = createMonitor({checks, clock, random: () => 0, probe: async () => script.shift() ?? pods(['survivor'], 'up')});
		const encode = createDeltaEncoder();
		const decode = createDeltaDecoder(initialSnapshot(checks, clock.now()));
		monitor.start();
		await clock.advance(2000);
		const snapshot = monitor.flush();
		expect(snapshot.gone).toHaveLength(goneRowLimit);
		expect(snapshot.gone!.at(-1)!.view.id).toBe(`pods/${all.at(-1)!}`);
		expect(snapshot.gone!.every(({view, why}) => why === 'leftAnswer' && view.history.length === 0)).toBe(true);
		const copy = decode(structuredClone(encode(snapshot)));
		expect(copy.gone).toEqual(snapshot.gone);
		expect(decode(structuredClone(encode(monitor.flush()))).gone).toEqual(snapshot.gone);
		await monitor.stop();
	});
});
