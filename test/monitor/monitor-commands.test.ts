import {describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {makeCheck, up, wait} from './fixtures.js';

function setup(checks = [makeCheck('a', {intervalMs: 1000}), makeCheck('b', {intervalMs: 1000})], latencyMs = 0) {
	const clock = createFakeClock();
	const calls: string[] = [];
	const signals: AbortSignal[] = [];
	const monitor = createMonitor({checks, clock, random: () => 0, probe: async (check, signal) => {
		calls.push(check.id);
		signals.push(signal);
		return latencyMs === 0 ? up(10) : wait(clock, latencyMs, signal, up(latencyMs));
	}});
	return {clock, calls, signals, monitor};
}

describe('monitor commands', () => {
	it('recheck runs one check now, without waiting for its interval', async () => {
		const {clock, calls, monitor} = setup();
		monitor.start();
		await clock.advance(0);
		expect(calls).toEqual(['a', 'b']);
		monitor.send({type: 'recheck', id: 'b'});
		await clock.flush();
		expect(calls).toEqual(['a', 'b', 'b']);
		monitor.send({type: 'recheck'});
		await clock.flush();
		expect(calls).toEqual(['a', 'b', 'b', 'a', 'b']);
		await monitor.stop();
	});

	it('pause lets in-flight probes finish but starts no new ones; resume reschedules', async () => {
		const {clock, calls, monitor} = setup(undefined, 200);
		monitor.start();
		await clock.advance(100);
		monitor.send({type: 'pause'});
		await clock.advance(100);
		const paused = monitor.getSnapshot();
		expect(paused.isPaused).toBe(true);
		expect(paused.rows.map(row => row.state)).toEqual(['up', 'up']);
		expect(paused.rows.map(row => row.nextAt)).toEqual([undefined, undefined]);
		await clock.advance(60_000);
		expect(calls).toEqual(['a', 'b']);
		monitor.send({type: 'resume'});
		await clock.advance(1000);
		expect(calls).toEqual(['a', 'b', 'a', 'b']);
		expect(monitor.getSnapshot().isPaused).toBe(false);
		await monitor.stop();
	});

	it('pause with abandonRunning aborts the probes in flight and records none of them; resume runs them again', async () => {
		const {clock, calls, signals, monitor} = setup(undefined, 200);
		const results: string[] = [];
		monitor.onEvent(event => {
			if (event.type === 'result') results.push(event.id);
		});
		monitor.start();
		await clock.advance(100);
		expect(monitor.getSnapshot().rows.map(row => row.isRunning)).toEqual([true, true]);
		monitor.send({type: 'pause', abandonRunning: true});
		expect(signals.map(signal => signal.aborted)).toEqual([true, true]);
		// The process is stopped here (ctrl-z) for longer than any deadline: nothing is recorded meanwhile.
		await clock.advance(60_000);
		const paused = monitor.getSnapshot();
		expect(paused.isPaused).toBe(true);
		expect(paused.rows.map(row => row.state)).toEqual(['pending', 'pending']);
		expect(paused.rows.map(row => row.isRunning)).toEqual([false, false]);
		expect(results).toEqual([]);
		expect(calls).toEqual(['a', 'b']);
		monitor.send({type: 'resume'});
		await clock.advance(1000);
		expect(calls).toEqual(['a', 'b', 'a', 'b']);
		expect(results).toEqual(['a', 'b']);
		expect(monitor.getSnapshot().rows.map(row => row.state)).toEqual(['up', 'up']);
		await monitor.stop();
	});

	it('a recheck while paused runs once and does not restart the schedule', async () => {
		const {clock, calls, monitor} = setup();
		monitor.start();
		await clock.advance(0);
		monitor.send({type: 'pause'});
		monitor.send({type: 'recheck', id: 'a'});
		await clock.advance(10_000);
		expect(calls).toEqual(['a', 'b', 'a']);
		await monitor.stop();
	});

	it('setChecks keeps history for checks that stay, adds new ones and drops removed ones', async () => {
		const {clock, calls, signals, monitor} = setup([makeCheck('a', {intervalMs: 1000}), makeCheck('b', {intervalMs: 1000, timeoutMs: 5000})], 500);
		monitor.start();
		await clock.advance(2000);
		expect(monitor.getSnapshot().rows.map(row => [row.id, row.samples])).toEqual([['a', 2], ['b', 2]]);
		// b is in flight now (its third run started at 3000 − 1000): removing it aborts that probe as a shutdown.
		await clock.advance(1100);
		const inFlightB = signals.at(-1)!;
		expect(inFlightB.aborted).toBe(false);
		monitor.send({type: 'setChecks', checks: [makeCheck('a', {intervalMs: 1000, name: 'renamed a'}), makeCheck('c', {intervalMs: 1000})]});
		expect(inFlightB.aborted).toBe(true);
		expect((inFlightB.reason as DOMException).name).toBe('AbortError');
		await clock.advance(1000);
		const rows = monitor.getSnapshot().rows;
		expect(rows.map(row => row.id)).toEqual(['a', 'c']);
		expect(rows[0]?.check.name).toBe('renamed a');
		expect(rows[0]?.samples).toBeGreaterThanOrEqual(3);
		expect(rows[1]?.state).toBe('up');
		const callsBefore = calls.filter(id => id === 'b').length;
		await clock.advance(10_000);
		expect(calls.filter(id => id === 'b').length).toBe(callsBefore);
		await monitor.stop();
	});

	it('a shorter interval from a reload takes effect without waiting out the old one', async () => {
		const {clock, calls, monitor} = setup([makeCheck('a', {intervalMs: 60_000})]);
		monitor.start();
		await clock.advance(0);
		monitor.send({type: 'setChecks', checks: [makeCheck('a', {intervalMs: 1000})]});
		await clock.advance(1000);
		expect(calls).toEqual(['a', 'a']);
		await monitor.stop();
	});

	it('mark adds a marker to the snapshot and emits it', async () => {
		const {clock, monitor} = setup();
		const seen: string[] = [];
		monitor.onEvent(event => {
			if (event.type === 'marker') seen.push(event.marker.label);
		});
		monitor.send({type: 'mark', label: 'helm upgrade payments 1.5.0', source: 'command'});
		expect(seen).toEqual(['helm upgrade payments 1.5.0']);
		expect(monitor.getSnapshot().markers).toEqual([{at: clock.now(), label: 'helm upgrade payments 1.5.0', source: 'command'}]);
		await monitor.stop();
	});

	it('hides a config secret typed into a marker\'s note, as the history file does', async () => {
		const {monitor} = setup([makeCheck('a', {secrets: ['s3cr3t-tok-9f8e7d6c'], headers: {authorization: 'Bearer s3cr3t-tok-9f8e7d6c'}}), makeCheck('b')]);
		const seen: string[] = [];
		monitor.onEvent(event => {
			if (event.type === 'marker') seen.push(event.marker.label);
		});
		monitor.send({type: 'mark', label: 'rollback after s3cr3t-tok-9f8e7d6c leaked', source: 'key'});
		expect(monitor.getSnapshot().markers.map(marker => marker.label)).toEqual(['rollback after •••• leaked']);
		expect(seen).toEqual(['rollback after •••• leaked']);
		await monitor.stop();
	});

	it('keeps the time and the check of a marker another process wrote, in time order, never in the future', async () => {
		const {clock, monitor} = setup();
		await clock.advance(10_000);
		const now = clock.now();
		monitor.send({type: 'mark', label: 'rollback', source: 'key'});
		monitor.send({type: 'mark', label: 'payments api 1.4.2 → 1.5.0', source: 'version', at: now - 300, checkId: 'a'});
		monitor.send({type: 'mark', label: 'from a fast clock', source: 'command', at: now + 60_000});
		expect(monitor.getSnapshot().markers).toEqual([
			{at: now - 300, label: 'payments api 1.4.2 → 1.5.0', source: 'version', checkId: 'a', checkName: 'a'},
			{at: now, label: 'rollback', source: 'key'},
			{at: now, label: 'from a fast clock', source: 'command'},
		]);
		await monitor.stop();
	});

	it('shows markers from before this run from the first snapshot and keeps adding to them', async () => {
		const clock = createFakeClock();
		const earlier = {at: clock.now() - 60_000, label: 'payments api 1.4.2 → 1.5.0', checkId: 'a', source: 'version' as const};
		const monitor = createMonitor({checks: [makeCheck('a')], clock, probe: async () => up(), initialMarkers: [earlier]});
		expect(monitor.getSnapshot().markers).toEqual([{...earlier, checkName: 'a'}]);
		monitor.send({type: 'mark', label: 'rollback', source: 'key'});
		expect(monitor.getSnapshot().markers.map(marker => marker.label)).toEqual(['payments api 1.4.2 → 1.5.0', 'rollback']);
		await monitor.stop();
	});

	it('stop aborts in-flight probes as a shutdown, records nothing for them and leaves no timer behind', async () => {
		const {clock, signals, monitor} = setup(undefined, 500);
		monitor.start();
		await clock.advance(100);
		const before = monitor.getSnapshot();
		expect(before.rows.every(row => row.isRunning)).toBe(true);
		await monitor.stop();
		expect(signals.map(signal => (signal.reason as DOMException).name)).toEqual(['AbortError', 'AbortError']);
		const after = monitor.getSnapshot();
		expect(after.rows.map(row => [row.state, row.samples])).toEqual([['pending', 0], ['pending', 0]]);
		expect(clock.pendingTimers()).toBe(0);
		monitor.send({type: 'recheck'});
		await clock.advance(10_000);
		expect(signals).toHaveLength(2);
	});

	it('stop gives a probe that ignores the abort one second, then resolves anyway', async () => {
		const clock = createFakeClock();
		const monitor = createMonitor({checks: [makeCheck('a')], clock, random: () => 0, probe: async () => new Promise<ProbeResult>(() => {})});
		monitor.start();
		await clock.advance(0);
		let isStopped = false;
		const stopping = monitor.stop().then(() => {
			isStopped = true;
		});
		await clock.advance(999);
		expect(isStopped).toBe(false);
		await clock.advance(1);
		await stopping;
		expect(isStopped).toBe(true);
		expect(clock.pendingTimers()).toBe(0);
	});
});
