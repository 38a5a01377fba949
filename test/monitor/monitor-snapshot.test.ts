import {describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import type {MonitorEvent, Snapshot} from '../../source/monitor/types.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {failing, makeCheck, up, wait} from './fixtures.js';

describe('monitor snapshots and events', () => {
	it('batches 100 results that land in one publish window into one snapshot', async () => {
		const clock = createFakeClock();
		const checks = Array.from({length: 100}, (_, i) => makeCheck(`c${i}`));
		const monitor = createMonitor({checks, clock, concurrency: 100, random: () => 0, probe: async () => up()});
		const published: Snapshot[] = [];
		monitor.subscribe(snapshot => published.push(snapshot));
		monitor.start();
		// While rows are pending the first snapshot comes after 100 ms, not the publish interval.
		await clock.advance(99);
		expect(published).toHaveLength(0);
		await clock.advance(1);
		expect(published).toHaveLength(1);
		expect(published[0]?.counts).toEqual({pending: 0, up: 100, slow: 0, warn: 0, failing: 0, unknown: 0});
		await clock.advance(4000);
		expect(published).toHaveLength(1);
		await monitor.stop();
	});

	it('while a row is still pending publishes every 100 ms, then at its publish interval again', async () => {
		const clock = createFakeClock();
		const checks = [makeCheck('fast', {intervalMs: 60_000}), makeCheck('slow', {intervalMs: 60_000})];
		// The worker's interval: a second between snapshots once every row has a state.
		const monitor = createMonitor({checks, clock, random: () => 0, publishIntervalMs: 1000, probe: async (check, signal) => (check.id === 'slow' ? wait(clock, 350, signal, up(350)) : up())});
		const published: Array<{at: number; pending: number}> = [];
		const start = clock.now();
		monitor.subscribe(snapshot => published.push({at: snapshot.at - start, pending: snapshot.counts.pending}));
		monitor.start();
		await clock.advance(3000);
		expect(published[0]).toEqual({at: 100, pending: 1});
		const settled = published.findIndex(snapshot => snapshot.pending === 0);
		// The slow row's answer at 350 ms shows at once: the last snapshot is more than 100 ms old.
		expect(published[settled]?.at).toBe(350);
		expect(published.slice(0, settled).every(snapshot => snapshot.pending === 1)).toBe(true);
		for (const [index, snapshot] of published.entries()) {
			if (index > settled) expect(snapshot.at - published[index - 1]!.at).toBeGreaterThanOrEqual(1000);
		}

		await monitor.stop();
	});

	it('publishes every 100 ms for a pending row only during the first 5 s: a hanging target does not keep the fleet redrawn ten times a second', async () => {
		const clock = createFakeClock();
		const checks = [makeCheck('hang', {intervalMs: 60_000, timeoutMs: 20_000}), makeCheck('busy', {intervalMs: 200})];
		const monitor = createMonitor({checks, clock, random: () => 0, publishIntervalMs: 1000, probe: async (check, signal) => (check.id === 'hang' ? wait(clock, 12_000, signal, up(12_000)) : up())});
		const times: number[] = [];
		const start = clock.now();
		monitor.subscribe(snapshot => times.push(snapshot.at - start));
		monitor.start();
		await clock.advance(11_000);
		const early = times.filter(at => at < 5000);
		const late = times.filter(at => at > 5200);
		// The busy row changes every 200 ms: early on each change shows, later one snapshot a second.
		expect(early.length).toBeGreaterThanOrEqual(20);
		expect(late.length).toBeGreaterThanOrEqual(5);
		for (let index = 1; index < late.length; index++) expect(late[index]! - late[index - 1]!).toBeGreaterThanOrEqual(1000);
		expect(monitor.getSnapshot().counts.pending).toBe(1);
		await monitor.stop();
	});

	it('publishes at most once per publish interval, and while paused only the time, once a second', async () => {
		const clock = createFakeClock();
		const monitor = createMonitor({checks: [makeCheck('a', {intervalMs: 100})], clock, random: () => 0, publishIntervalMs: 250, probe: async () => up()});
		const start = clock.now();
		const times: number[] = [];
		const sequences: number[] = [];
		monitor.subscribe(snapshot => {
			times.push(snapshot.at - start);
			sequences.push(snapshot.sequence);
		});
		monitor.start();
		await clock.advance(1000);
		// The first after 100 ms (its row was pending until then), the rest one publish interval apart.
		expect(times).toEqual([100, 350, 600, 850]);
		expect(sequences).toEqual([1, 2, 3, 4]);
		monitor.send({type: 'pause'});
		await clock.advance(1000);
		const count = times.length;
		const paused = monitor.getSnapshot();
		await clock.advance(60_000);
		// The screen's clock and ages go on while paused: a snapshot each second, rows unchanged.
		expect(times.length - count).toBe(60);
		expect(times.slice(count).every((at, index) => index === 0 || at - times[count + index - 1]! === 1000)).toBe(true);
		expect(monitor.getSnapshot().rows[0]).toBe(paused.rows[0]);
		await monitor.stop();
	});

	// After ctrl-z and fg the resumed snapshot, old states under a current clock, took the publish interval's one
	// snapshot: the results of the probes run at once on resume showed a second later, and the screen said "up"
	// meanwhile for a target that had gone down while uptop was stopped.
	it('publishes the first results after a resume as they come, then at its publish interval again', async () => {
		const clock = createFakeClock();
		let isDown = false;
		const checks = [makeCheck('a', {intervalMs: 60_000}), makeCheck('b', {intervalMs: 60_000})];
		const monitor = createMonitor({checks, clock, random: () => 0, publishIntervalMs: 1000, probe: async (check, signal) => {
			const result = isDown ? failing() : up();
			return check.id === 'b' ? wait(clock, 300, signal, result) : wait(clock, 20, signal, result);
		}});
		const published: Array<{at: number; states: string}> = [];
		let start = clock.now();
		monitor.subscribe(snapshot => published.push({at: snapshot.at - start, states: snapshot.rows.map(row => `${row.id}:${row.state}`).join(' ')}));
		monitor.start();
		await clock.advance(2000);
		expect(monitor.getSnapshot().counts.up).toBe(2);
		monitor.send({type: 'pause', abandonRunning: true});
		await clock.advance(30_000);
		isDown = true;
		published.length = 0;
		start = clock.now();
		monitor.send({type: 'resume'});
		await clock.advance(1);
		// The resume shows at once, though a paused snapshot (the time, once a second) came less than a second ago.
		expect(published[0]).toEqual({at: 0, states: 'a:up b:up'});
		await clock.advance(99);
		// a answered at 20 ms: shown at 100 ms, as the first round's results are, not at 1000 ms.
		expect(published.at(-1)).toEqual({at: 100, states: 'a:failing b:up'});
		await clock.advance(200);
		expect(published.at(-1)).toEqual({at: 300, states: 'a:failing b:failing'});
		// Every check has answered: the publish interval again.
		await clock.advance(3000);
		for (let index = published.findIndex(snapshot => snapshot.at === 300) + 1; index < published.length; index++) {
			expect(published[index]!.at - published[index - 1]!.at).toBeGreaterThanOrEqual(1000);
		}

		await monitor.stop();
	});

	it('publishes a quiet fleet\'s snapshot once a minute, so its clock and ages do not stop', async () => {
		const clock = createFakeClock();
		const monitor = createMonitor({checks: [makeCheck('a', {intervalMs: 3_600_000})], clock, random: () => 0, publishIntervalMs: 250, probe: async () => up()});
		const start = clock.now();
		const times: number[] = [];
		monitor.subscribe(snapshot => times.push(snapshot.at - start));
		monitor.start();
		await clock.advance(1000);
		// The first result, published 100 ms in (its row was pending).
		expect(times).toEqual([100]);
		// Nothing more for a minute after it (the screen writes nothing meanwhile), then one a minute.
		await clock.advance(59_099);
		expect(times).toEqual([100]);
		await clock.advance(1);
		expect(times).toEqual([100, 60_100]);
		await clock.advance(120_000);
		expect(times).toEqual([100, 60_100, 120_100, 180_100]);
		await monitor.stop();
		expect(clock.pendingTimers()).toBe(0);
	});

	it('publishes each second while a check is not up, so "failing for 0s" and the clock do not stand for a minute', async () => {
		// One dns check every 50 s, failing: between its results the detail pane said "failing for 0s" and the
		// header's clock stood still for 50 s.
		const clock = createFakeClock();
		const monitor = createMonitor({checks: [makeCheck('a', {intervalMs: 50_000})], clock, random: () => 0, publishIntervalMs: 250, probe: async () => failing()});
		const start = clock.now();
		const times: number[] = [];
		monitor.subscribe(snapshot => times.push(snapshot.at - start));
		monitor.start();
		await clock.advance(5000);
		expect(times).toEqual([100, 1100, 2100, 3100, 4100]);
		await monitor.stop();
		expect(clock.pendingTimers()).toBe(0);
	});

	it('hands out frozen, structured-clone-safe snapshots that later results do not change', async () => {
		const clock = createFakeClock();
		let latencyMs = 10;
		const monitor = createMonitor({checks: [makeCheck('a', {intervalMs: 1000})], clock, random: () => 0, probe: async () => up(latencyMs++)});
		monitor.start();
		await clock.advance(0);
		const first = monitor.getSnapshot();
		expect(Object.isFrozen(first)).toBe(true);
		expect(Object.isFrozen(first.rows)).toBe(true);
		expect(Object.isFrozen(first.rows[0])).toBe(true);
		expect(Object.isFrozen(first.rows[0]?.recentLatencyMs)).toBe(true);
		expect(Object.isFrozen(first.rows[0]?.history)).toBe(true);
		expect(Object.isFrozen(first.counts)).toBe(true);
		expect(structuredClone(first)).toEqual(first);
		expect(Array.isArray(first.rows[0]?.recentLatencyMs)).toBe(true);
		await clock.advance(5000);
		const later = monitor.getSnapshot();
		expect(first.rows[0]?.recentLatencyMs).toEqual([10]);
		expect(later.rows[0]?.recentLatencyMs).toEqual([10, 11, 12, 13, 14, 15]);
		expect(later.sequence).toBeGreaterThan(first.sequence);
		await monitor.stop();
	});

	it('fills a row view with recent latencies, percentiles, uptime, history and transitions', async () => {
		const clock = createFakeClock();
		const script: ProbeResult[] = [up(100), up(200), failing(3), up(1500), up(300)];
		const monitor = createMonitor({checks: [makeCheck('a', {intervalMs: 1000})], clock, random: () => 0, probe: async () => script.shift() ?? up(50)});
		monitor.start();
		await clock.advance(4000);
		const row = monitor.getSnapshot().rows[0]!;
		expect(row.recentLatencyMs).toEqual([100, 200, 3, 1500, 300]);
		expect(row.recentStates).toEqual(['up', 'up', 'failing', 'slow', 'up']);
		expect(row.samples).toBe(5);
		expect(row.uptime).toBe(0.8);
		expect(row.uptime1h).toBe(0.8);
		expect(row.uptime24h).toBe(0.8);
		expect(row.p50Ms).toBe(200);
		expect(row.p95Ms).toBe(1500);
		expect(row.history.map(entry => entry.state)).toEqual(['up', 'slow', 'failing', 'up', 'up']);
		expect(row.history[2]?.reason?.code).toBe('refused');
		expect(row.transitions.map(t => `${t.from}>${t.to}`)).toEqual(['slow>up', 'failing>slow', 'up>failing', 'pending>up']);
		expect(row.since).toBe(clock.now());
		await monitor.stop();
	});

	it('emits a result per result and a state event per transition, starting from pending', async () => {
		const clock = createFakeClock();
		const script = [up(), up(), failing(), failing(), up()];
		const monitor = createMonitor({checks: [makeCheck('a', {intervalMs: 1000})], clock, random: () => 0, probe: async () => script.shift() ?? up()});
		const events: MonitorEvent[] = [];
		monitor.onEvent(event => events.push(event));
		monitor.start();
		await clock.advance(4000);
		expect(events.filter(event => event.type === 'result')).toHaveLength(5);
		expect(events.flatMap(event => (event.type === 'state' ? [`${event.from}>${event.to}`] : []))).toEqual(['pending>up', 'up>failing', 'failing>up']);
		await monitor.stop();
	});

	it('records one marker per version change, naming the check and both versions', async () => {
		const clock = createFakeClock();
		const versions = ['1.4.2', undefined, '1.4.2', '1.5.0', '1.5.0', '', '1.5.0', '1.4.2'];
		const monitor = createMonitor({checks: [makeCheck('pay', {name: 'payments api', intervalMs: 1000})], clock, random: () => 0, probe: async () => up(10, {version: versions.shift()})});
		const markerEvents: string[] = [];
		monitor.onEvent(event => {
			if (event.type === 'marker') markerEvents.push(event.marker.label);
		});
		monitor.start();
		await clock.advance(10_000);
		expect(markerEvents).toEqual(['payments api 1.4.2 → 1.5.0', 'payments api 1.5.0 → 1.4.2']);
		const {markers, rows} = monitor.getSnapshot();
		expect(markers.map(marker => [marker.checkId, marker.source])).toEqual([['pay', 'version'], ['pay', 'version']]);
		expect(markers[0]?.at).toBe(clock.now() - 10_000 + 3000);
		expect(rows[0]?.version).toBe('1.4.2');
		await monitor.stop();
	});

	it('gives each row its check\'s real id, also where the display copy hides a secret in the name', async () => {
		const clock = createFakeClock();
		const checks = [makeCheck('tok-77 api', {intervalMs: 1000, secrets: ['tok-77']}), makeCheck('plain', {intervalMs: 1000})];
		const monitor = createMonitor({checks, clock, random: () => 0, probe: async check => (check.id === 'plain' ? up(3) : up(4, {series: [{label: 'eu-1', outcome: 'up', value: 1, summary: 'x=1'}]}))});
		monitor.start();
		await clock.advance(0);
		const rows = monitor.getSnapshot().rows;
		expect(rows.map(row => [row.id, row.checkId, row.check.id])).toEqual([['tok-77 api/eu-1', 'tok-77 api', '•••• api'], ['plain', 'plain', 'plain']]);
		await monitor.stop();
	});

	it('fans a result with series out into one row per series and drops series that disappear', async () => {
		const clock = createFakeClock();
		const series = (labels: string[]) => labels.map(label => ({label, outcome: label === 'db' ? 'failing' as const : 'up' as const, value: 1, summary: `${label}=1`}));
		const script: ProbeResult[] = [up(40, {series: series(['web', 'db'])}), up(41, {series: series(['web', 'db', 'cache'])}), failing(2), up(43, {series: series(['web'])})];
		const monitor = createMonitor({checks: [makeCheck('prom', {intervalMs: 1000})], clock, random: () => 0, probe: async () => script.shift() ?? up()});
		monitor.start();
		await clock.advance(0);
		let rows = monitor.getSnapshot().rows;
		expect(rows.map(row => [row.id, row.seriesLabel, row.state, row.last?.latencyMs])).toEqual([
			['prom/db', 'db', 'failing', 40],
			['prom/web', 'web', 'up', 40],
		]);
		await clock.advance(1000);
		rows = monitor.getSnapshot().rows;
		expect(rows.map(row => [row.id, row.samples])).toEqual([['prom/cache', 1], ['prom/db', 2], ['prom/web', 2]]);
		await clock.advance(1000);
		rows = monitor.getSnapshot().rows;
		expect(rows.map(row => row.state)).toEqual(['failing', 'failing', 'failing']);
		await clock.advance(1000);
		rows = monitor.getSnapshot().rows;
		expect(rows.map(row => [row.id, row.state, row.samples])).toEqual([['prom/web', 'up', 4]]);
		expect(rows[0]?.last?.series).toBeUndefined();
		expect(monitor.getSnapshot().counts.up).toBe(1);
		await monitor.stop();
	});
});
