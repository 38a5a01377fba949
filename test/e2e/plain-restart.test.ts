import http from 'node:http';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startUptop} from '../helpers/run-cli.js';

let server: http.Server;
let directory: string;
let configFile: string;

beforeAll(async () => {
	server = http.createServer((request, response) => {
		response.writeHead(request.url === '/ok' ? 200 : 503).end('x');
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as {port: number};
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-plain-restart-'));
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, ['defaults: {interval: 1s, timeout: 500ms}', 'checks:', `  - {name: orders api, url: "http://127.0.0.1:${port}/ok"}`, `  - {name: billing api, url: "http://127.0.0.1:${port}/down"}`, ''].join('\n'));
});

afterAll(() => {
	server?.close();
});

/** The plain lines (stdout a pipe) of one run, until both checks have had one. */
async function plainRun(stateDir: string): Promise<string[]> {
	const uptop = startUptop(['--state-dir', stateDir, configFile]);
	await uptop.waitUntil(() => uptop.stdout().includes('orders api') && uptop.stdout().includes('billing api'), 8000);
	await uptop.stop();
	return uptop.stdout().split('\n').filter(Boolean);
}

describe('plain lines across a restart (an SSH drop, a service manager restarting uptop)', () => {
	it('says once where each check stands, as a change the first time and as before the restart the next', async () => {
		const stateDir = path.join(directory, 'state');
		const first = await plainRun(stateDir);
		expect(first.find(line => line.includes('billing api'))).toMatch(/^\S+Z billing api: pending → failing \([\d.]+ ms\) — status 503, expected 2xx — body: x$/);
		expect(first.find(line => line.includes('orders api'))).toMatch(/^\S+Z orders api: pending → up \([\d.]+ ms\)$/);

		const second = await plainRun(stateDir);
		// Nothing changed across the restart: no "pending →" line, but a line per check all the same.
		expect(second.filter(line => line.includes('→'))).toEqual([]);
		expect(second.filter(line => line.includes('billing api'))).toEqual([expect.stringMatching(/^\S+Z billing api: failing, as before the restart \([\d.]+ ms\) — status 503, expected 2xx — body: x$/)]);
		expect(second.filter(line => line.includes('orders api'))).toEqual([expect.stringMatching(/^\S+Z orders api: up, as before the restart \([\d.]+ ms\)$/)]);
	});
});
