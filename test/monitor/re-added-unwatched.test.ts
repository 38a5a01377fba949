import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createMonitor, type PastSeed} from '../../source/monitor/monitor.js';
import type {Transition} from '../../source/monitor/types.js';
import {readPastHistoryFor} from '../../source/release/past-history.js';
import {loadHistoryFor} from '../../source/release/real-ids.js';
import {createFakeClock, type FakeClock} from '../helpers/fake-clock.js';
import {failing, makeCheck, up} from './fixtures.js';

const minute = 60_000;
const orders = makeCheck('orders-api', {intervalMs: 10_000, timeoutMs: 1000});
const web = makeCheck('web', {intervalMs: 10_000, timeoutMs: 1000});
let dir: string;
let file: string;
beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-readded-'));
	file = path.join(dir, 'checks-0123456789ab.jsonl');
});
afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

/**
 * An outage of `orders-api` the history file records from 20 minutes ago, by one uptop until 12 minutes ago and, after
 * 2 minutes nobody watched (a restart), by another until a minute ago: those 2 minutes are part of the outage's unwatched time.
 */
function writeOutage(clock: FakeClock): void {
	const now = clock.now();
	const lines: unknown[] = [{t: 's', at: now - (20 * minute), id: 'orders-api', from: 'up', to: 'failing', w: '1-a'}];
	for (let at = now - (20 * minute); at <= now - (12 * minute); at += 10_000) lines.push({t: 'r', at, id: 'orders-api', state: 'failing', latencyMs: 5, w: '1-a'});
	for (let at = now - (10 * minute); at <= now - minute; at += 10_000) lines.push({t: 'r', at, id: 'orders-api', state: 'failing', latencyMs: 5, w: '2-b'});
	fs.writeFileSync(file, `${lines.map(line => JSON.stringify(line)).join('\n')}\n`);
}

function watch(clock: FakeClock, checks: typeof orders[], seed: PastSeed | undefined, answer: {isUp: boolean}) {
	const monitor = createMonitor({checks, clock, random: () => 0, initialHistory: seed?.results, initialTransitions: seed?.transitions, initialCheckWatch: seed?.checkWatch,
		loadHistory: async added => readPastHistoryFor(file, added),
		async probe() {
			return answer.isUp ? up() : failing();
		}});
	const changes: Transition[] = [];
	monitor.onEvent(event => {
		if (event.type === 'state' && event.id === 'orders-api') changes.push(event as unknown as Transition);
	});
	return {monitor, changes};
}

async function settleRead(clock: FakeClock): Promise<void> {
	// The real file is read without blocking: real time for it, then the fake timers.
	for (let turn = 0; turn < 20; turn++) {
		await new Promise(resolve => setTimeout(resolve, 5));
		await clock.flush();
	}
}

describe('the time nobody watched, in a state a reload brings back', () => {
	it('a check removed by a reload and added back in the same run keeps the earlier restart\'s gap in its outage', async () => {
		const clock = createFakeClock();
		writeOutage(clock);
		const answer = {isUp: false};
		const {monitor, changes} = watch(clock, [orders, web], loadHistoryFor(file, [orders, web]), answer);
		monitor.start();
		await clock.advance(5000);
		monitor.send({type: 'setChecks', checks: [web]});
		await clock.advance(5000);
		monitor.send({type: 'setChecks', checks: [orders, web]});
		await clock.advance(5000);
		answer.isUp = true;
		await clock.advance(20_000);
		expect(changes.map(change => `${change.from}→${change.to}`)).toEqual(['failing→up']);
		// 2 minutes between the two earlier uptops, and the minute before this one started.
		expect(changes[0]!.unwatchedMs).toBeGreaterThanOrEqual(3 * minute);
		expect(changes[0]!.unwatchedMs).toBeLessThan(3 * minute + 10_000);
		await monitor.stop();
	});

	it('a check removed before its first result and added back in the same run keeps it too', async () => {
		const clock = createFakeClock();
		writeOutage(clock);
		const answer = {isUp: false};
		const {monitor, changes} = watch(clock, [orders, web], loadHistoryFor(file, [orders, web]), answer);
		monitor.send({type: 'setChecks', checks: [web]});
		monitor.start();
		await clock.advance(5000);
		monitor.send({type: 'setChecks', checks: [orders, web]});
		await clock.advance(5000);
		answer.isUp = true;
		await clock.advance(20_000);
		expect(changes.map(change => `${change.from}→${change.to}`)).toEqual(['failing→up']);
		expect(changes[0]!.unwatchedMs).toBeGreaterThanOrEqual(3 * minute);
		expect(changes[0]!.unwatchedMs).toBeLessThan(3 * minute + 20_000);
		await monitor.stop();
	});

	it('a check added by a reload, seeded from the history file, keeps the earlier restart\'s gap in its outage', async () => {
		const clock = createFakeClock();
		writeOutage(clock);
		const answer = {isUp: false};
		const {monitor, changes} = watch(clock, [web], loadHistoryFor(file, [web]), answer);
		monitor.start();
		await clock.advance(5000);
		monitor.send({type: 'setChecks', checks: [orders, web]});
		await settleRead(clock);
		await clock.advance(5000);
		answer.isUp = true;
		await clock.advance(20_000);
		expect(changes.map(change => `${change.from}→${change.to}`)).toEqual(['failing→up']);
		expect(changes[0]!.unwatchedMs).toBeGreaterThanOrEqual(3 * minute);
		expect(changes[0]!.unwatchedMs).toBeLessThan(3 * minute + 20_000);
		await monitor.stop();
	});
});
