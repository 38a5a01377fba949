import {describe, expect, it} from 'vitest';
import {goneRowLimit} from '../../source/monitor/gone-rows.js';
import {createMonitor} from '../../source/monitor/monitor.js';
import {initialSnapshot} from '../../source/monitor/snapshot.js';
import {createDeltaAssembler, createDeltaDecoder, createDeltaEncoder, sliceDelta} from '../../source/monitor/worker-protocol.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {failing, makeCheck, up} from './fixtures.js';

describe('snapshot deltas between the worker and the screen', () => {
	it('carries every state across, unknown included, in the row and its recent states', async () => {
		const clock = createFakeClock();
		const checks = [makeCheck('plugin', {intervalMs: 1000})];
		let calls = 0;
		const monitor = createMonitor({checks, clock, random: () => 0, probe: async () => (calls++ % 2 === 0 ? {...up(), outcome: 'unknown' as const, reason: {code: 'command:unknown' as const, message: 'UNKNOWN: no data'}} : up())});
		const decode = createDeltaDecoder(initialSnapshot(checks, clock.now()));
		const encode = createDeltaEncoder();
		monitor.start();
		await clock.advance(2100);
		const snapshot = monitor.flush();
		const copy = decode(structuredClone(encode(snapshot)));
		expect(copy.rows[0]!.state).toBe('unknown');
		expect(copy.rows[0]!.recentStates).toEqual(['unknown', 'up', 'unknown']);
		expect(copy.counts.unknown).toBe(1);
		await monitor.stop();
	});

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

	it('sends a row\'s check once and only the new detail entries, and still rebuilds equal snapshots', async () => {
		const clock = createFakeClock();
		const checks = [makeCheck('fast', {intervalMs: 100})];
		let count = 0;
		// Alternating answers make state changes, so both detail lists (results and transitions) keep growing.
		const monitor = createMonitor({checks, clock, random: () => 0, probe: async () => (++count % 3 === 0 ? failing() : up())});
		const encode = createDeltaEncoder();
		const decode = createDeltaDecoder(initialSnapshot(checks, clock.now()));
		monitor.start();
		let sentChecks = 0;
		for (let round = 0; round < 6; round++) {
			// 10 results a round: in round 3 the 20-entry list has turned over completely since round 1.
			await clock.advance(round === 0 ? 0 : 1000);
			const snapshot = monitor.flush();
			const delta = structuredClone(encode(snapshot));
			const wire = delta.changed[0]!;
			sentChecks += wire.check === undefined ? 0 : 1;
			if (round > 0) {
				expect(wire.history.isFull).toBe(false);
				expect(wire.history.items.length).toBeLessThanOrEqual(10);
			}

			expect(wire.recentLatencyMs).toBeInstanceOf(Float64Array);
			expect(decode(delta)).toEqual(snapshot);
		}

		expect(snapshotHistoryLength(monitor.flush())).toBe(20);
		expect(sentChecks).toBe(1);
		await monitor.stop();
	});

	it('sends only the rows that left since the last snapshot, drops the oldest past the limit, and rebuilds the same list', async () => {
		// A release replacing many pods adds a gone row at a time: sending the whole list each time cost a clone of
		// up to a hundred views per row that left.
		const clock = createFakeClock();
		const checks = Array.from({length: goneRowLimit + 6}, (_, index) => makeCheck(`pod-${String(index).padStart(3, '0')}`, {intervalMs: 60_000}));
		const monitor = createMonitor({checks, clock, random: () => 0, probe: async () => failing()});
		const encode = createDeltaEncoder();
		const decode = createDeltaDecoder(initialSnapshot(checks, clock.now()));
		monitor.start();
		await clock.advance(0);
		expect(decode(structuredClone(encode(monitor.flush())))).toEqual(monitor.flush());
		const sendAndCheck = (goneSince: number) => {
			const snapshot = monitor.flush();
			const delta = structuredClone(encode(snapshot));
			expect(delta.gone?.isFull).toBe(false);
			expect(delta.gone?.items).toHaveLength(goneSince);
			expect(delta.gone?.items.map(row => row.view.id)).toEqual(snapshot.gone!.slice(-goneSince).map(row => row.view.id));
			expect(decode(delta)).toEqual(snapshot);
		};

		let watched = checks;
		// One pod at a time, then three at once, then enough to pass the limit: the oldest gone rows are dropped.
		for (const count of [1, 1, 3, goneRowLimit - 2]) {
			watched = watched.slice(count);
			monitor.send({type: 'setChecks', checks: watched});
			await clock.advance(1);
			sendAndCheck(count);
		}

		expect(monitor.flush().gone).toHaveLength(goneRowLimit);
		expect(monitor.flush().gone![0]!.view.id).toBe('pod-003');
		// A pod back in the table takes its row out of the middle of the list: sent whole, rebuilt the same.
		monitor.send({type: 'setChecks', checks: [checks[50]!, ...watched]});
		await clock.advance(1);
		const back = monitor.flush();
		const delta = structuredClone(encode(back));
		expect(delta.gone?.isFull).toBe(true);
		expect(decode(delta)).toEqual(back);
		// Nothing left since: nothing sent.
		await clock.advance(1);
		expect(structuredClone(encode(monitor.flush())).gone).toBeUndefined();
		await monitor.stop();
	});
});

describe('slicing a snapshot delta into messages', () => {
	it('sends changed rows ahead in slices and reassembles the same delta, in order', async () => {
		const clock = createFakeClock();
		const checks = Array.from({length: 60}, (_, index) => makeCheck(`c${String(index).padStart(2, '0')}`, {intervalMs: 1000}));
		const monitor = createMonitor({checks, clock, random: () => 0, probe: async () => up()});
		monitor.start();
		await clock.advance(0);
		const snapshot = monitor.flush();
		const delta = createDeltaEncoder()(snapshot);
		expect(delta.changed).toHaveLength(60);
		const messages = sliceDelta(delta, 25).map(message => structuredClone(message));
		expect(messages.map(message => (message.type === 'rows' ? message.rows.length : message.type))).toEqual([25, 25, 'snapshot']);
		const assemble = createDeltaAssembler();
		const assembled = messages.map(message => assemble(message));
		expect(assembled.slice(0, 2)).toEqual([undefined, undefined]);
		expect(assembled[2]).toEqual(structuredClone(delta));
		expect(createDeltaDecoder(initialSnapshot(checks, clock.now()))(assembled[2]!)).toEqual(snapshot);
		// A small delta is one message, and the assembler starts afresh after each snapshot.
		await clock.advance(1000);
		const small = sliceDelta({...createDeltaEncoder()(monitor.flush()), changed: []});
		expect(small.map(message => message.type)).toEqual(['snapshot']);
		expect(assemble(small[0]!)?.changed).toEqual([]);
		await monitor.stop();
	});
});

function snapshotHistoryLength(snapshot: ReturnType<ReturnType<typeof createMonitor>['flush']>): number {
	return snapshot.rows[0]!.history.length;
}

