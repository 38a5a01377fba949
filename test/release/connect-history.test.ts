import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createMonitor, type Monitor} from '../../source/monitor/monitor.js';
import {runMark} from '../../source/modes/mark.js';
import {connectHistory, type HistoryConnection} from '../../source/release/connect-history.js';
import {loadHistory} from '../../source/release/history-load.js';
import {historyFileFor} from '../../source/release/history-records.js';
import {makeCheck} from '../monitor/fixtures.js';

let dir: string;
let configPath: string;
let stateDir: string;
let file: string;
const monitors: Monitor[] = [];
const connections: HistoryConnection[] = [];

beforeEach(() => {
	deployed = undefined;
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-connect-'));
	configPath = path.join(dir, 'checks.yaml');
	fs.writeFileSync(configPath, 'checks: []\n');
	stateDir = path.join(dir, 'state');
	file = historyFileFor(configPath, {stateDir});
});
afterEach(async () => {
	for (const connection of connections.splice(0)) {
		connection.close();
	}

	await Promise.all(monitors.splice(0).map(async monitor => monitor.stop()));
	fs.rmSync(dir, {recursive: true, force: true});
});

/** The version the check's target reports, when set (every instance probes the same target). */
let deployed: string | undefined;

/** A real engine on the real clock with one check that answers in 3 ms, connected to the shared file. */
function instance(writerId: string): {monitor: Monitor; connection: HistoryConnection} {
	const monitor = createMonitor({
		checks: [makeCheck('api', {intervalMs: 100})],
		probe: async () => ({outcome: 'up', latencyMs: 3, startedAt: Date.now(), summary: '200 OK', ...(deployed === undefined ? {} : {version: deployed})}),
		publishIntervalMs: 50,
	});
	monitors.push(monitor);
	const connection = connectHistory({monitor, file, writerId, secrets: []});
	connections.push(connection);
	monitor.start();
	return {monitor, connection};
}

const sleep = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

async function until(condition: () => boolean, timeoutMs: number): Promise<number> {
	const started = Date.now();
	while (!condition()) {
		if (Date.now() - started > timeoutMs) {
			throw new Error(`condition not met within ${timeoutMs} ms`);
		}

		await sleep(20);
	}

	return Date.now() - started;
}

describe('connectHistory', () => {
	it('records results and state changes, shares markers between two instances without echoing them back', async () => {
		const a = instance('instance-a');
		const b = instance('instance-b');
		await sleep(400);
		a.monitor.send({type: 'mark', label: 'deploy 2.0', source: 'key'});
		const tookMs = await until(() => b.monitor.flush().markers.some(marker => marker.label === 'deploy 2.0'), 1000);
		expect(tookMs).toBeLessThan(1000);
		// Give any echo time to bounce (and be followed) before counting.
		await sleep(800);
		a.connection.writer.flush();
		b.connection.writer.flush();
		const history = loadHistory(file);
		expect(history.markers.filter(marker => marker.label === 'deploy 2.0')).toHaveLength(1);
		expect(a.monitor.flush().markers.filter(marker => marker.label === 'deploy 2.0')).toHaveLength(1);
		expect(history.results.filter(result => result.id === 'api').length).toBeGreaterThan(4);
		expect(history.transitions.some(transition => transition.id === 'api' && transition.to === 'up')).toBe(true);
		const writers = new Set(fs.readFileSync(file, 'utf8').trimEnd().split('\n').map(line => (JSON.parse(line) as {w: string}).w));
		expect(writers).toEqual(new Set(['instance-a', 'instance-b']));
	});

	it('gives another instance a version marker with its own time and check, not as a fleet-wide marker of its arrival', async () => {
		const a = instance('instance-a');
		const b = instance('instance-b');
		await sleep(400);
		a.monitor.send({type: 'mark', label: 'api 1.4.2 → 1.5.0', source: 'version', checkId: 'api'});
		const sent = a.monitor.flush().markers.find(marker => marker.label === 'api 1.4.2 → 1.5.0')!;
		await until(() => b.monitor.flush().markers.some(marker => marker.label === 'api 1.4.2 → 1.5.0'), 1000);
		const received = b.monitor.flush().markers.find(marker => marker.label === 'api 1.4.2 → 1.5.0');
		expect(received).toEqual(sent);
		expect(received?.checkId).toBe('api');
	});

	it('keeps one marker for a version change that two instances both saw', async () => {
		// An instance in tmux and one logging plain lines both probe the payments api: its redeploy showed twice
		// in the events view, the detail pane and the report ("payments api 1.6.0 → 1.7.0" on two lines).
		deployed = '1.6.0';
		const a = instance('instance-a');
		const b = instance('instance-b');
		await sleep(400);
		deployed = '1.7.0';
		const label = 'api 1.6.0 → 1.7.0';
		await until(() => [a, b].every(({monitor}) => monitor.flush().markers.some(marker => marker.label === label)), 1000);
		// Both have seen their own change and had time to follow the other's.
		await sleep(800);
		for (const {monitor} of [a, b]) expect(monitor.flush().markers.filter(marker => marker.label === label)).toHaveLength(1);
		a.connection.writer.flush();
		b.connection.writer.flush();
		expect(loadHistory(file).markers.filter(marker => marker.label === label)).toHaveLength(1);
	});

	it('brings an `uptop mark` marker into every running instance, recorded once', async () => {
		const a = instance('instance-a');
		const b = instance('instance-b');
		expect(await runMark({configPath, stateDir, label: 'helm upgrade payments 1.5.0', secrets: [], stdout() {}, stderr() {}})).toBe(0);
		await until(() => [a, b].every(({monitor}) => monitor.flush().markers.some(marker => marker.label === 'helm upgrade payments 1.5.0')), 1000);
		await sleep(800);
		a.connection.writer.flush();
		b.connection.writer.flush();
		expect(loadHistory(file).markers.map(marker => marker.label)).toEqual(['helm upgrade payments 1.5.0']);
	});

	it('brings an `uptop mark --check` marker for a check named from the environment into a running instance as that check\'s', async () => {
		// Stored under the check's hashed id: followed as is, it named no check the engine knows.
		fs.writeFileSync(configPath, 'checks:\n  - name: "${SVC} api"\n    url: http://127.0.0.1:9/\n');
		const env = {SVC: 'prodsecret'};
		const check = makeCheck('prodsecret api', {intervalMs: 100, secrets: ['prodsecret']});
		const monitor = createMonitor({checks: [check], probe: async () => ({outcome: 'up', latencyMs: 3, startedAt: Date.now(), summary: '200 OK'}), publishIntervalMs: 50});
		monitors.push(monitor);
		connections.push(connectHistory({monitor, file, writerId: 'running', secrets: check.secrets, checkIds: [check.id]}));
		monitor.start();
		expect(await runMark({configPath, stateDir, env, label: 'helm upgrade 1.5.0', checkName: 'prodsecret api', stdout() {}, stderr() {}})).toBe(0);
		await until(() => monitor.flush().markers.some(marker => marker.label === 'helm upgrade 1.5.0'), 1000);
		expect(monitor.flush().markers.find(marker => marker.label === 'helm upgrade 1.5.0')).toMatchObject({checkId: 'prodsecret api', checkName: '•••• api'});
	});
});
