import http from 'node:http';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli, startUptop} from '../helpers/run-cli.js';

// The release report over a history an uptop killed with kill -9 left behind: the time no uptop ran, and a state
// change the restart found, are said as the plain lines said them.
const port = 19_330;
let server: http.Server;
let directory: string;
let configFile: string;
let isFailing = false;

beforeAll(async () => {
	server = http.createServer((request, response) => {
		response.writeHead(isFailing ? 503 : 200).end('x');
	});
	await new Promise<void>(resolve => {
		server.listen(port, '127.0.0.1', resolve);
	});
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-report-unwatched-'));
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, ['defaults: {interval: 1s, timeout: 500ms}', 'checks:', `  - {name: ctl api, url: "http://127.0.0.1:${port}/ctl"}`, ''].join('\n'));
});

afterAll(() => {
	server?.close();
	rmSync(directory, {recursive: true, force: true});
});

describe('uptop report after uptop was killed and started again while its target failed', () => {
	it('says when no uptop ran, and how much of the state the change left went unwatched', async () => {
		const stateDir = path.join(directory, 'state');
		const first = startUptop(['--state-dir', stateDir, configFile]);
		expect(await first.waitUntil(() => first.stdout().includes('ctl api: pending → up'), 8000)).toBe(true);
		// Long enough for a batch of results to be flushed (every second), then no way out that flushes.
		await new Promise(resolve => setTimeout(resolve, 2500));
		await first.stop('SIGKILL');
		isFailing = true;
		await new Promise(resolve => setTimeout(resolve, 4000));

		const second = startUptop(['--state-dir', stateDir, configFile]);
		expect(await second.waitUntil(() => second.stdout().includes('ctl api: up → failing'), 8000)).toBe(true);
		await new Promise(resolve => setTimeout(resolve, 1500));
		await second.stop();
		const plain = second.stdout().split('\n').find(line => line.includes('up → failing'))!;
		const stopped = /after \S+(?: \S+)? \((\d+s) of it while uptop was stopped\)/.exec(plain);
		expect(stopped, plain).not.toBeNull();

		const report = await runCli(['report', '--state-dir', stateDir, '--config', configFile]);
		expect(report.code, report.stderr).toBe(0);
		expect(report.stdout).toMatch(/^- Not watched: \S+ \S+ UTC → \S+ \S+ UTC \((\d+s), no uptop running\)$/m);
		expect(report.stdout).toMatch(/^- Uptime is of the watched time only: /m);
		// The same unwatched time the plain line gave, from the record the restart wrote.
		expect(report.stdout).toContain(`up → failing after `);
		expect(report.stdout).toContain(`(${stopped![1]!} of it while uptop was stopped)`);
	}, 30_000);
});
