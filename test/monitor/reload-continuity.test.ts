import {describe, expect, it} from 'vitest';
import {createMonitor, type PastSeed} from '../../source/monitor/monitor.js';
import type {Check} from '../../source/config/types.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {formatUnchangedLine} from '../../source/modes/plain-lines.js';
import type {MonitorEvent} from '../../source/monitor/types.js';
import {failing, makeCheck, up} from './fixtures.js';

const minute = 60_000;

/** `orders-api` failing every 2 s, beside `web`; `loadHistory` stands for the history file the worker reads. */
function setup(loadHistory?: (checks: readonly Check[]) => PastSeed | undefined | Promise<PastSeed | undefined>, isOrdersWatched = true) {
	const clock = createFakeClock();
	const orders = makeCheck('orders-api', {intervalMs: 2000, timeoutMs: 1000});
	const web = makeCheck('web', {intervalMs: 2000, timeoutMs: 1000});
	const monitor = createMonitor({checks: isOrdersWatched ? [orders, web] : [web], clock, random: () => 0, loadHistory, async probe() {
		return failing();
	}});
	const stateEvents: string[] = [];
	const carried: Array<Extract<MonitorEvent, {type: 'result'}>> = [];
	monitor.onEvent(event => {
		if (event.type === 'state') stateEvents.push(`${event.id}: ${event.from}→${event.to}`);
		if (event.type === 'result' && event.continues) carried.push(event);
	});
	const row = (id: string) => monitor.flush().rows.find(view => view.id === id)!;
	return {clock, monitor, orders, web, stateEvents, carried, row};
}

describe('a check a reload removes and adds back', () => {
	it('goes on with the same outage, samples and recent results, with no new "pending → failing"', async () => {
		const {clock, monitor, orders, web, stateEvents, carried, row} = setup();
		monitor.start();
		await clock.advance(2 * minute);
		const before = row('orders-api');
		expect(before.state).toBe('failing');
		monitor.send({type: 'setChecks', checks: [web]});
		await clock.advance(3000);
		monitor.send({type: 'setChecks', checks: [orders, web]});
		await clock.advance(2000);
		const after = row('orders-api');
		expect(after.state).toBe('failing');
		expect(after.since).toBe(before.since);
		expect(after.samples).toBeGreaterThan(before.samples!);
		expect(after.history.length).toBeGreaterThan(1);
		expect(after.transitions.map(change => `${change.from}→${change.to}`)).toEqual(['pending→failing']);
		expect(stateEvents.filter(event => event.startsWith('orders-api'))).toEqual(['orders-api: pending→failing']);
		// The log says where the state came from: uptop ran all along, no restart, nothing of it unwatched.
		expect(after.continued).toMatchObject({state: 'failing', isReAdded: true});
		expect(carried).toHaveLength(1);
		expect(formatUnchangedLine(carried[0]!, {check: orders})).toContain('orders-api: failing, as before it was removed');
		await monitor.stop();
	});

	it('goes on with the outage\'s own length when the wall clock was stepped back while it was removed', async () => {
		const {clock, monitor, orders, web, stateEvents, row} = setup();
		monitor.start();
		await clock.advance(2 * minute);
		monitor.send({type: 'setChecks', checks: [web]});
		await clock.advance(3000);
		// An NTP correction of an hour, while the check was commented out.
		clock.stepWall(-60 * minute);
		monitor.send({type: 'setChecks', checks: [orders, web]});
		await clock.advance(2000);
		const snapshot = monitor.flush();
		const after = snapshot.rows.find(view => view.id === 'orders-api')!;
		expect(after.state).toBe('failing');
		// Failing since the first probe, two minutes and some seconds ago by the monotonic clock: not "for 0s".
		expect(snapshot.at - after.since!).toBeGreaterThanOrEqual(2 * minute);
		expect(snapshot.at - after.since!).toBeLessThan(3 * minute);
		expect(row('web').state).toBe('failing');
		expect(stateEvents.filter(event => event.startsWith('orders-api'))).toEqual(['orders-api: pending→failing']);
		await monitor.stop();
	});

	it('lets a removed check\'s rows go once a return could no longer continue its state; one back later reads its history', async () => {
		const asked: string[][] = [];
		const {clock, monitor, orders, web, row} = setup(checks => {
			asked.push(checks.map(check => check.id));
			return undefined;
		});
		monitor.start();
		await clock.advance(2 * minute);
		monitor.send({type: 'setChecks', checks: [web]});
		await clock.advance(minute);
		monitor.send({type: 'setChecks', checks: [orders, web]});
		await clock.advance(2000);
		// Back within minutes: its rows went on, with no history read.
		expect(asked).toEqual([]);
		expect(row('orders-api').continued).toMatchObject({isReAdded: true});
		monitor.send({type: 'setChecks', checks: [web]});
		await clock.advance(10 * minute);
		// Kept, every check ever removed would hold its samples for good.
		monitor.send({type: 'setChecks', checks: [orders, web]});
		await clock.advance(2000);
		expect(asked).toEqual([['orders-api']]);
		expect(row('orders-api').transitions.map(change => `${change.from}→${change.to}`)).toEqual(['pending→failing']);
		await monitor.stop();
	});

	it('goes on after every check was deleted and restored', async () => {
		const {clock, monitor, orders, web, stateEvents, row} = setup();
		monitor.start();
		await clock.advance(minute);
		const since = row('web').since;
		monitor.send({type: 'setChecks', checks: []});
		await clock.advance(1000);
		monitor.send({type: 'setChecks', checks: [orders, web]});
		await clock.advance(2000);
		expect(row('web').state).toBe('failing');
		expect(row('web').since).toBe(since);
		expect(stateEvents).toEqual(['orders-api: pending→failing', 'web: pending→failing']);
		await monitor.stop();
	});

	it('a check first watched after a reload is seeded from the history file, as at a start', async () => {
		const asked: string[][] = [];
		let startedAt = 0;
		const {clock, monitor, orders, web, stateEvents, row} = setup(checks => {
			asked.push(checks.map(check => check.id));
			const results = [];
			for (let at = startedAt - (2 * minute); at < startedAt; at += 2000) results.push({id: 'orders-api', at, latencyMs: 5, state: 'failing' as const});
			return {results, transitions: [{id: 'orders-api', at: startedAt - (2 * minute), from: 'up' as const, to: 'failing' as const}]};
		}, false);
		startedAt = clock.now();
		monitor.start();
		await clock.advance(2000);
		monitor.send({type: 'setChecks', checks: [orders, web]});
		await clock.advance(2000);
		expect(asked).toEqual([['orders-api']]);
		const view = row('orders-api');
		expect(view.state).toBe('failing');
		expect(view.since).toBe(startedAt - (2 * minute));
		expect(view.samples).toBeGreaterThan(60);
		expect(stateEvents.filter(event => event.startsWith('orders-api'))).toEqual([]);
		await monitor.stop();
	});

	it('a history read without blocking (the worker\'s): the added check is first probed once it is seeded', async () => {
		let startedAt = 0;
		let deliver: (seed: PastSeed) => void = () => {};
		const {clock, monitor, orders, web, stateEvents, row} = setup(() => new Promise<PastSeed>(resolve => {
			deliver = resolve;
		}), false);
		startedAt = clock.now();
		monitor.start();
		await clock.advance(2000);
		monitor.send({type: 'setChecks', checks: [orders, web]});
		await clock.advance(5000);
		// The file is still being read: no probe yet, so no "pending → failing" of a new outage.
		expect(row('orders-api').state).toBe('pending');
		expect(row('orders-api').samples).toBe(0);
		const results = [];
		for (let at = startedAt - (2 * minute); at < startedAt; at += 2000) results.push({id: 'orders-api', at, latencyMs: 5, state: 'failing' as const});
		deliver({results, transitions: [{id: 'orders-api', at: startedAt - (2 * minute), from: 'up' as const, to: 'failing' as const}]});
		await clock.advance(2000);
		const view = row('orders-api');
		expect(view.state).toBe('failing');
		expect(view.since).toBe(startedAt - (2 * minute));
		expect(stateEvents.filter(event => event.startsWith('orders-api'))).toEqual([]);
		await monitor.stop();
	});

	it('a history that names none of the added checks: they are probed as soon as it is read', async () => {
		const {clock, monitor, orders, web, row} = setup(async () => undefined, false);
		monitor.start();
		await clock.advance(2000);
		monitor.send({type: 'setChecks', checks: [orders, web]});
		await clock.advance(2000);
		expect(row('orders-api').state).toBe('failing');
		await monitor.stop();
	});
});

describe('a check a reload removed, while uptop was stopped', () => {
	it('counts the stop as unwatched in the outage it goes on with when added back', async () => {
		const clock = createFakeClock();
		const orders = makeCheck('orders-api', {intervalMs: 2000, timeoutMs: 1000});
		const web = makeCheck('web', {intervalMs: 2000, timeoutMs: 1000});
		let isMended = false;
		const monitor = createMonitor({checks: [orders, web], clock, random: () => 0, async probe(check) {
			return check.id === 'orders-api' && isMended ? up() : failing();
		}});
		const changes: Array<{from: string; to: string; unwatchedMs?: number}> = [];
		monitor.onEvent(event => {
			if (event.type === 'state' && event.id === 'orders-api') changes.push(event);
		});
		monitor.start();
		await clock.advance(10_000);
		monitor.send({type: 'setChecks', checks: [web]});
		await clock.advance(1000);
		// kill -STOP for 20 s: web's timer fires that late, and nothing was watched meanwhile.
		clock.stop(20_000);
		await clock.advance(1000);
		monitor.send({type: 'setChecks', checks: [orders, web]});
		await clock.advance(3000);
		isMended = true;
		await clock.advance(3000);
		expect(changes.map(change => `${change.from}→${change.to}`)).toEqual(['pending→failing', 'failing→up']);
		expect(changes[1]!.unwatchedMs).toBeGreaterThanOrEqual(18_000);
		expect(changes[1]!.unwatchedMs).toBeLessThanOrEqual(21_000);
		await monitor.stop();
	});
});
