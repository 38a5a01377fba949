import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {createMonitor, type Monitor} from '../../source/monitor/monitor.js';
import {probeCheck} from '../../source/probes/index.js';
import {createTheme} from '../../source/ui/theme.js';
import {detailLines} from '../../source/ui/view/detail-lines.js';
import {makeCheck} from '../monitor/fixtures.js';
import {runCli, startUptop, type RunningUptop} from '../helpers/run-cli.js';

/**
 * A target that fails two tries in three: each path answers 503 to the first two requests of every round of three
 * and 200 to the third. With `retries: 2` every result is up, and uptime 100 %, as it should be; what the tries
 * cost must still be seen somewhere.
 */
const port = 20_800;
const base = `http://127.0.0.1:${port}`;
let server: http.Server;
let directory: string;
const requests = new Map<string, number>();
let watcher: RunningUptop | undefined;
let monitor: Monitor | undefined;

beforeAll(async () => {
	server = http.createServer((request, response) => {
		const count = (requests.get(request.url!) ?? 0) + 1;
		requests.set(request.url!, count);
		if (count % 3 === 0) response.writeHead(200, {'content-type': 'text/plain'}).end('ok');
		else response.writeHead(503, {'content-type': 'text/plain'}).end('busy');
	});
	await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve));
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-attempts-'));
});

afterEach(async () => {
	if (watcher !== undefined) {
		// SIGTERM first; a stream that does not stop within 5 s is killed.
		const killer = setTimeout(() => process.kill(watcher!.pid, 'SIGKILL'), 5000);
		await watcher.stop();
		clearTimeout(killer);
		watcher = undefined;
	}

	await monitor?.stop();
	monitor = undefined;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
	rmSync(directory, {recursive: true, force: true});
});

function writeConfig(name: string, interval: string): string {
	const file = path.join(directory, `${name}.yaml`);
	writeFileSync(file, ['checks:', `  - name: ${name}`, `    url: ${base}/${name}`, `    interval: ${interval}`, '    retries: 2', ''].join('\n'));
	return file;
}

describe('a result that needed retries', () => {
	it('--once --json: up, and `attempts` says it took three tries', async () => {
		const run = await runCli(['--once', '--json', '--no-history', writeConfig('once', '10s')], {timeoutMs: 15_000});
		expect(run.code, run.stderr).toBe(0);
		const [record] = run.stdout.trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
		expect(record).toMatchObject({name: 'once', state: 'up', uptime: 100, attempts: 3});
	}, 20_000);

	it('--json stream: each result record says how many tries it took', async () => {
		watcher = startUptop(['--json', '--no-history', writeConfig('stream', '300ms')]);
		const results = () => watcher!.records<Record<string, unknown>>().filter(record => record.type === 'result');
		expect(await watcher.waitUntil(() => results().length >= 2, 10_000), watcher.stderr()).toBe(true);
		expect(results().slice(0, 2).map(record => [record.state, record.attempts])).toEqual([['up', 3], ['up', 3]]);
	}, 20_000);

	it('the detail pane: "after 3 tries" in the recent results, and how many of the kept results needed a retry', async () => {
		const check = makeCheck('pane', {url: `${base}/pane`, intervalMs: 200, retries: 2});
		monitor = createMonitor({checks: [check], probe: probeCheck});
		monitor.start();
		const deadline = Date.now() + 10_000;
		while ((monitor.getSnapshot().rows[0]?.samples ?? 0) < 2 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 50));
		const row = monitor.getSnapshot().rows[0]!;
		expect(row.samples).toBeGreaterThanOrEqual(2);
		expect(row.uptime).toBe(1);
		const lines = detailLines(row, {width: 100, now: Date.now(), theme: createTheme({color: false, ascii: false}), hyperlinks: false}).map(line => line.map(segment => segment.text).join(''));
		const recent = lines.slice(lines.findIndex(line => line.startsWith('recent results')) + 1).filter(line => / ago +. up /.test(line));
		expect(recent.length).toBeGreaterThanOrEqual(2);
		expect(recent.every(line => line.includes('after 3 tries'))).toBe(true);
		expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^retried +${row.samples} of ${row.samples} results needed a retry`)));
	}, 20_000);

	it('the detail pane says nothing of retries when none was needed', async () => {
		const check = makeCheck('calm', {url: `${base}/calm`, intervalMs: 200, retries: 2});
		// From here on every request is answered 200 at the first try.
		server.removeAllListeners('request');
		server.on('request', (_request: http.IncomingMessage, response: http.ServerResponse) => response.writeHead(200).end('ok'));
		monitor = createMonitor({checks: [check], probe: probeCheck});
		monitor.start();
		const deadline = Date.now() + 10_000;
		while ((monitor.getSnapshot().rows[0]?.samples ?? 0) < 2 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 50));
		const row = monitor.getSnapshot().rows[0]!;
		const lines = detailLines(row, {width: 100, now: Date.now(), theme: createTheme({color: false, ascii: false}), hyperlinks: false}).map(line => line.map(segment => segment.text).join(''));
		expect(row.samples).toBeGreaterThanOrEqual(2);
		expect(lines.join('\n')).not.toMatch(/needed a retry|after \d+ tries/);
	}, 20_000);
});
