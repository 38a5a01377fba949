import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {createMonitor, type Monitor} from '../../source/monitor/monitor.js';
import {probeCheck, closeProbes} from '../../source/probes/index.js';
import type {MonitorEvent} from '../../source/monitor/types.js';
import {connectHistory, type HistoryConnection} from '../../source/release/connect-history.js';
import {loadHistory} from '../../source/release/history-load.js';
import {prepareReport} from '../../source/release/prepare-report.js';
import {renderReport} from '../../source/release/report.js';
import {formatStateLine} from '../../source/modes/plain-lines.js';
import {eventRecord} from '../../source/modes/json-record.js';
import {httpCheck, startHttpServer, type TestServer} from '../helpers/http-servers.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {failing, makeCheck, up, wait} from './fixtures.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const started = Date.now();
	while (!condition()) {
		if (Date.now() - started > timeoutMs) throw new Error('timed out');
		await new Promise(resolve => {
			setTimeout(resolve, 20);
		});
	}
}

describe('a reload that changes a failing check', () => {
	it('marks the state change it makes as following a config change: events, --json, plain line, history, report', async () => {
		let status = 503;
		const server: TestServer = await startHttpServer((_request, response) => {
			response.writeHead(status).end('answer');
		});
		cleanups.push(async () => server.close());
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-reload-change-'));
		cleanups.push(() => fs.rmSync(dir, {recursive: true, force: true}));
		const file = path.join(dir, 'history.jsonl');
		const check = {...httpCheck(`${server.origin}/orders`, {intervalMs: 100, timeoutMs: 1000}), id: 'orders-api', name: 'orders-api'};
		const monitor: Monitor = createMonitor({checks: [check], probe: probeCheck, publishIntervalMs: 50});
		const states: Array<Extract<MonitorEvent, {type: 'state'}>> = [];
		monitor.onEvent(event => {
			if (event.type === 'state') states.push(event);
		});
		const connection: HistoryConnection = connectHistory({monitor, file, secrets: []});
		cleanups.push(async () => {
			await monitor.stop();
			connection.close();
			await closeProbes();
		});
		monitor.start();
		await until(() => states.length === 1);
		expect(states[0]).toMatchObject({from: 'pending', to: 'failing'});
		expect(states[0]!.afterReload).toBeUndefined();

		monitor.send({type: 'setChecks', checks: [{...check, expect: {...check.expect, status: [{min: 503, max: 503}]}, expectSummary: 'status 503'}]});
		await until(() => states.length === 2);
		const recovery = states[1]!;
		expect(recovery).toMatchObject({from: 'failing', to: 'up', afterReload: true});
		expect(monitor.flush().rows[0]!.transitions[0]).toMatchObject({from: 'failing', to: 'up', afterReload: true});

		const byId = new Map([['orders-api', check]]);
		expect(formatStateLine(recovery, {check})).toMatch(/orders-api: failing → up after \d+(ms|s)? ?.*\(config changed\)/);
		expect(eventRecord(recovery, byId)).toMatchObject({type: 'state', from: 'failing', to: 'up', afterReload: true});
		expect(eventRecord(states[0]!, byId)).toMatchObject({afterReload: false});

		// A change after the first result under the new settings is the target's doing.
		status = 200;
		await until(() => states.length === 3);
		expect(states[2]).toMatchObject({from: 'up', to: 'failing'});
		expect(states[2]!.afterReload).toBeUndefined();

		connection.close();
		const history = loadHistory(file);
		expect(history.transitions.map(change => change.afterReload ?? false)).toEqual([false, true, false]);
		const input = prepareReport({configFile: 'checks.yaml', checks: [check], history, now: Date.now()});
		if ('error' in input) throw new Error(input.error);
		expect(renderReport(input)).toMatch(/failing → up \(config changed\)/);
	}, 15_000);

	it('marks the result of the first run started after the reload, not one in flight under the settings before it', async () => {
		const clock = createFakeClock();
		const check = makeCheck('orders-api', {intervalMs: 1000});
		const accepting = {...check, expectSummary: 'status 503', expect: {...check.expect, status: [{min: 503, max: 503}]}};
		const monitor = createMonitor({checks: [check], clock, random: () => 0, probe: async (probed, signal) => wait(clock, 500, signal, probed.expectSummary === 'status 503' ? up(500) : failing(500))});
		const states: Array<Extract<MonitorEvent, {type: 'state'}>> = [];
		monitor.onEvent(event => {
			if (event.type === 'state') states.push(event);
		});
		monitor.start();
		await clock.advance(1700);
		// The second run (from 1500 to 2000) is in flight: its failing result would be the old settings' answer. It is
		// dropped, not recorded (reload-changed-probe.test.ts), and the run after the reload is the one marked.
		const samples = monitor.flush().rows[0]!.samples;
		monitor.send({type: 'setChecks', checks: [accepting]});
		await clock.advance(400);
		expect(states.map(change => `${change.from}→${change.to}`)).toEqual(['pending→failing']);
		expect(monitor.flush().rows[0]!.samples).toBe(samples);
		await clock.advance(1500);
		expect(states.at(-1)).toMatchObject({from: 'failing', to: 'up', afterReload: true});
		await monitor.stop();
	});

	it('marks a run whose retry, judged by the new settings, was still going at the reload; the run after it is not marked', async () => {
		const clock = createFakeClock();
		const check = makeCheck('orders-api', {intervalMs: 1000, retries: 1});
		const accepting = {...check, expectSummary: 'status 503', expect: {...check.expect, status: [{min: 503, max: 503}]}};
		let calls = 0;
		let isTargetDown = false;
		const monitor = createMonitor({checks: [check], clock, random: () => 0, probe: async (probed, signal) => {
			calls++;
			return wait(clock, 300, signal, probed.expectSummary === 'status 503' && !isTargetDown ? up(300) : failing(300));
		}});
		const states: Array<Extract<MonitorEvent, {type: 'state'}>> = [];
		monitor.onEvent(event => {
			if (event.type === 'state') states.push(event);
		});
		monitor.start();
		while (states.length === 0) await clock.advance(50);
		expect(states[0]).toMatchObject({from: 'pending', to: 'failing'});
		// The second run's first attempt (the third probe) is in flight under the old settings when the reload comes;
		// its retry reads the new ones and answers up.
		while (calls < 3) await clock.advance(50);
		monitor.send({type: 'setChecks', checks: [accepting]});
		while (states.length < 2) await clock.advance(50);
		expect(states[1]).toMatchObject({from: 'failing', to: 'up', afterReload: true});
		// The mark went with that result: the next change, the target's doing, carries none.
		isTargetDown = true;
		while (states.length < 3) await clock.advance(50);
		expect(states[2]).toMatchObject({from: 'up', to: 'failing'});
		expect(states[2]!.afterReload).toBeUndefined();
		await monitor.stop();
	});

	it('does not mark a change after an edit of what only describes the check (owner, runbook, interval)', async () => {
		const clock = createFakeClock();
		// The runbook holds a `${TEAM}`: the loader records the text each variable was put in.
		const runbookPart = (runbook: string) => [{name: 'TEAM', value: 'payments', substituted: runbook, at: runbook.indexOf('payments')}];
		const check = makeCheck('orders-api', {intervalMs: 1000, runbook: 'https://wiki.example/payments/api-old', envParts: runbookPart('https://wiki.example/payments/api-old')});
		const described = {...check, owner: 'team-orders', runbook: 'https://wiki.example/payments/api-new', envParts: runbookPart('https://wiki.example/payments/api-new'), rollback: 'helm rollback orders', description: 'orders', intervalMs: 500};
		let isTargetUp = false;
		const monitor = createMonitor({checks: [check], clock, random: () => 0, probe: async (_probed, signal) => wait(clock, 100, signal, isTargetUp ? up(100) : failing(100))});
		const states: Array<Extract<MonitorEvent, {type: 'state'}>> = [];
		monitor.onEvent(event => {
			if (event.type === 'state') states.push(event);
		});
		monitor.start();
		while (states.length === 0) await clock.advance(50);
		monitor.send({type: 'setChecks', checks: [described]});
		isTargetUp = true;
		while (states.length < 2) await clock.advance(50);
		expect(states[1]).toMatchObject({from: 'failing', to: 'up'});
		expect(states[1]!.afterReload).toBeUndefined();
		await monitor.stop();
	});
});
