import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startHttpServer, type TestServer} from '../helpers/http-servers.js';
import {runCli} from '../helpers/run-cli.js';

// The bundle runs regular expressions in dist/regex-thread.js, found beside the chunk that starts it.

let directory: string;
const servers: TestServer[] = [];

beforeAll(async () => {
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-regex-thread-'));
	const stuck = await startHttpServer((_request, response) => {
		response.writeHead(200, {'content-type': 'text/plain'}).end(`${'a'.repeat(40)}!`);
	});
	const healthy = await startHttpServer((_request, response) => {
		response.writeHead(200, {'content-type': 'text/plain'}).end('ok');
	});
	servers.push(stuck, healthy);
	writeFileSync(path.join(directory, 'checks.yaml'), [
		'defaults: {interval: 1s, timeout: 1s}',
		'checks:',
		`  - {name: backtracks, url: "${stuck.origin}/", expect: {body: "/(a+)+$/"}}`,
		`  - {name: healthy, url: "${healthy.origin}/", expect: {body: "/^ok$/"}}`,
		'',
	].join('\n'));
});

afterAll(async () => {
	await Promise.all(servers.map(async server => server.close()));
	rmSync(directory, {recursive: true, force: true});
});

describe('uptop --once with a regular expression that backtracks', () => {
	it('fails that check saying so, and leaves the healthy one up and fast', async () => {
		const run = await runCli(['--once', '--json', '--no-history', 'checks.yaml'], {cwd: directory});
		const rows = run.stdout.trim().split('\n').map(line => JSON.parse(line) as {name: string; state: string; latencyMs: number; reason: {message: string} | null});
		const byName = new Map(rows.map(row => [row.name, row]));
		expect(byName.get('backtracks')?.reason?.message, run.stderr).toBe('body: /(a+)+$/ stopped after 500 ms, unfinished (it backtracks on this text: avoid nested repeats such as (a+)+)');
		expect(byName.get('healthy')?.state).toBe('up');
		expect(byName.get('healthy')?.latencyMs).toBeLessThan(200);
		expect(run.code).toBe(2);
	}, 20_000);
});
