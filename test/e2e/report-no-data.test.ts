import http from 'node:http';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli, startUptop} from '../helpers/run-cli.js';

/** The release report of a run that watched only some of the checks it reports on. */
let server: http.Server;
let directory: string;
let stateDir: string;
let configFile: string;

beforeAll(async () => {
	server = http.createServer((_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'}).end('{"status":"UP"}');
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as {port: number};
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-report-no-data-'));
	stateDir = path.join(directory, 'state');
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, [
		'defaults: {interval: 200ms, timeout: 150ms}',
		'checks:',
		'  - name: orders api',
		`    url: http://127.0.0.1:${port}/health`,
		'  - name: "${REGION} api"',
		`    url: http://127.0.0.1:${port}/edge`,
		'    owner: "@edge-oncall"',
		'',
	].join('\n'));
});

afterAll(() => {
	server?.closeAllConnections();
	server?.close();
	rmSync(directory, {recursive: true, force: true});
});

describe('uptop report on a check nothing was recorded for', () => {
	it('lists it under "Needs attention" as no data, rather than saying nothing needs attention', async () => {
		const watcher = startUptop(['--json', '--state-dir', stateDir, configFile], {env: {REGION: 'zq-watched-region'}});
		expect(await watcher.waitUntil(() => watcher.records().length >= 4, 8000), watcher.stderr()).toBe(true);
		await watcher.stop();
		const mark = await runCli(['mark', '--config', configFile, '--state-dir', stateDir, 'release 42']);
		expect(mark.code, mark.stderr).toBe(0);

		// The report is made with another value: that check's history is kept under the other value's hash.
		const report = await runCli(['report', '--config', configFile, '--state-dir', stateDir], {env: {REGION: 'zq-other-region'}});
		expect(report.code, report.stderr).toBe(0);
		const attention = report.stdout.split('## Needs attention')[1] ?? '';
		expect(attention).toContain('### •••• api — no data\n\n- Now: no result recorded, so nothing is known about it');
		expect(attention).toContain('- Owner: @edge-oncall');
		expect(attention).not.toContain('No check got worse');
		expect(attention).not.toContain('orders api');
		expect(report.stdout).not.toMatch(/zq-(watched|other)-region/);
	}, 20_000);
});
