import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {loadConfig} from '../../source/config/load-config.js';
import {createMonitor} from '../../source/monitor/monitor.js';
import {historyFileFor} from '../../source/release/history-records.js';
import {attachHistory} from '../../source/runtime/attach-history.js';

const directories: string[] = [];
afterEach(() => {
	for (const directory of directories.splice(0)) fs.rmSync(directory, {recursive: true, force: true});
});

const sleep = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

/** What attachHistory says while the monitor runs 400 ms with its history in `stateDir`. */
async function noticesOfARun(monitor: ReturnType<typeof createMonitor>, config: ReturnType<typeof loadConfig>, stateDir: string): Promise<string[]> {
	const notices: string[] = [];
	const history = attachHistory(monitor, config, {isEnabled: true, stateDir}, message => notices.push(message));
	monitor.start();
	await sleep(400);
	await monitor.stop();
	history.close();
	return notices;
}

describe('attachHistory after a reload', () => {
	it('keeps the reloaded config\'s secrets out of the file and reports on its checks', async () => {
		const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-attach-'));
		directories.push(directory);
		const file = path.join(directory, 'checks.yaml');
		const stateDir = path.join(directory, 'state');
		const reportFile = path.join(directory, 'report.md');
		const env = {PAYMENTS_TOKEN: 'tok-7Hq2x9Lw'};
		fs.writeFileSync(file, 'checks:\n  - {name: orders api, url: "http://127.0.0.1:9/orders", interval: 100ms, timeout: 50ms}\n');
		const first = loadConfig(file, {env});
		// A probe that echoes a secret it was not told about: the history file is the last line of defence.
		const monitor = createMonitor({checks: first.checks, publishIntervalMs: 20, probe: async check => ({outcome: 'failing', latencyMs: 3, startedAt: Date.now(), summary: '500', reason: {code: 'expect:status', message: `500 from ${check.name}, body says tok-7Hq2x9Lw`}})});
		const history = attachHistory(monitor, first, {isEnabled: true, stateDir, reportFile});
		monitor.start();
		monitor.send({type: 'mark', label: 'release 1', source: 'key'});

		fs.writeFileSync(file, 'checks:\n  - {name: payments api, url: "http://127.0.0.1:9/pay?token=${PAYMENTS_TOKEN}", interval: 100ms, timeout: 50ms}\n');
		const reloaded = loadConfig(file, {env});
		monitor.send({type: 'setChecks', checks: reloaded.checks});
		history.setConfig(reloaded);
		await sleep(400);
		await monitor.stop();
		history.close();

		const written = fs.readFileSync(historyFileFor(file, {stateDir}), 'utf8');
		expect(written).toContain('body says ••••');
		expect(written).not.toContain('tok-7Hq2x9Lw');
		const report = fs.readFileSync(reportFile, 'utf8');
		expect(report).toContain('payments api');
		expect(report).not.toContain('orders api');
	});

	it('reports on the checks --only / --group select, not the whole file', async () => {
		const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-attach-'));
		directories.push(directory);
		const file = path.join(directory, 'checks.yaml');
		const reportFile = path.join(directory, 'report.md');
		fs.writeFileSync(file, 'checks:\n  - {name: orders api, group: shop, url: "http://127.0.0.1:9/o", interval: 100ms, timeout: 50ms}\n  - {name: billing job, group: jobs, url: "http://127.0.0.1:9/b", interval: 100ms, timeout: 50ms}\n');
		const config = loadConfig(file, {env: {}});
		const watched = config.checks.filter(check => check.group === 'shop');
		const monitor = createMonitor({checks: watched, publishIntervalMs: 20, probe: async () => ({outcome: 'up', latencyMs: 3, startedAt: Date.now(), summary: '200 OK'})});
		const history = attachHistory(monitor, config, {isEnabled: true, stateDir: path.join(directory, 'state'), reportFile, filters: {only: [], group: ['shop']}});
		monitor.start();
		monitor.send({type: 'mark', label: 'release 2', source: 'key'});
		await sleep(300);
		await monitor.stop();
		history.close();
		const report = fs.readFileSync(reportFile, 'utf8');
		expect(report).toContain('orders api');
		expect(report).not.toContain('billing job');
	});
});

describe('attachHistory with a check named from the environment', () => {
	const setUp = () => {
		const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-attach-'));
		directories.push(directory);
		const file = path.join(directory, 'checks.yaml');
		fs.writeFileSync(file, 'checks:\n  - {name: "${SVC} api", url: "http://127.0.0.1:9/a", interval: 100ms, timeout: 50ms}\n  - {name: orders api, url: "http://127.0.0.1:9/o", interval: 100ms, timeout: 50ms}\n');
		const config = loadConfig(file, {env: {SVC: 'paysecret'}});
		const monitor = createMonitor({checks: config.checks, publishIntervalMs: 20, probe: async () => ({outcome: 'failing', latencyMs: 3, startedAt: Date.now(), summary: '503', reason: {code: 'expect:status', message: 'status 503'}})});
		return {directory, file, config, monitor, stateDir: path.join(directory, 'state')};
	};

	it('reports on it from its hashed records, named as every output names it', async () => {
		// Its records were not written, so the --report said nothing of it but its name.
		const {directory, file, config, monitor, stateDir} = setUp();
		const reportFile = path.join(directory, 'report.md');
		const history = attachHistory(monitor, config, {isEnabled: true, stateDir, reportFile});
		monitor.start();
		monitor.send({type: 'mark', label: 'release 3', source: 'key'});
		await sleep(400);
		await monitor.stop();
		history.close();
		const written = fs.readFileSync(historyFileFor(file, {stateDir}), 'utf8');
		expect(written).toMatch(/"id":"h:[\da-f]{16}","state":"failing"/);
		const report = fs.readFileSync(reportFile, 'utf8');
		expect(report).not.toContain('paysecret');
		// Under "Needs attention": failing at the end of the window, with its last message, as orders api is.
		expect(report).toMatch(/•••• api.*failing/);
		expect(report).toMatch(/orders api.*failing/);
	});

	it('says once, and keeps the other checks, when the key can be neither read nor made', async () => {
		const {file, config, monitor, stateDir} = setUp();
		fs.mkdirSync(path.join(stateDir, 'history-key'), {recursive: true});
		const notices = await noticesOfARun(monitor, config, stateDir);
		expect(notices).toEqual([`history of checks named from the environment not kept: ${path.join(stateDir, 'history-key')} is a directory, where uptop keeps a file; move it away, or point --state-dir at a directory uptop may write, or run with --no-history`]);
		const ids = new Set(fs.readFileSync(historyFileFor(file, {stateDir}), 'utf8').split('\n').filter(Boolean).map(line => (JSON.parse(line) as {id?: string}).id));
		expect([...ids]).toEqual(['orders api']);
	});

	it('says only that history is off when its directory cannot be used, not also that the key cannot be made', async () => {
		const {monitor, config, stateDir} = setUp();
		fs.writeFileSync(stateDir, 'a file where the state directory should be');
		const notices = await noticesOfARun(monitor, config, stateDir);
		expect(notices).toEqual([expect.stringMatching(/^history disabled for this run: /)]);
	});

	it.skipIf(!fs.existsSync('/proc/self'))('names a state directory that cannot be made once, not again for the markers it cannot follow', async () => {
		// Two lines named /proc/uptop-…: "markers added by `uptop mark` not read: …" from the follower, which makes the
		// directory first, and then the writer's own line about the same directory.
		const {monitor, config} = setUp();
		const stateDir = '/proc/uptop-no-such-directory';
		const notices = await noticesOfARun(monitor, config, stateDir);
		expect(notices).toHaveLength(1);
		// A file system that takes no directories takes none at the next try either: the history is off for the run.
		expect(notices[0]).toMatch(/^history disabled for this run: the file system at \/proc refuses to make the directory \/proc\/uptop-no-such-directory \(ENOENT\)/);
	});
});
