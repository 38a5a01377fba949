import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startUptop} from '../helpers/run-cli.js';

/** A rollout's log: an instance refusing with 503, then the new version answering 200 with a body saying DOWN. */
let server: http.Server;
let answer: 'unavailable' | 'down' = 'unavailable';
let directory: string;
let configFile: string;

beforeAll(async () => {
	server = http.createServer((_request, response) => {
		if (answer === 'unavailable') response.writeHead(503, {'content-type': 'text/plain'}).end('starting');
		else response.writeHead(200, {'content-type': 'application/json'}).end('{"status":"DOWN","db":"unreachable"}');
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-plain-reasons-'));
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, [
		'defaults: {interval: 250ms, timeout: 200ms}',
		'checks:',
		'  - name: orders api',
		`    url: http://127.0.0.1:${port}/health`,
		'    expect: {status: 200, json: {status: UP}}',
		'',
	].join('\n'));
});

afterAll(async () => {
	await new Promise<void>(resolve => server.close(() => resolve()));
	rmSync(directory, {recursive: true, force: true});
});

describe('plain lines of a check that stays failing', () => {
	it('say when it fails for another reason, once a minute at most', async () => {
		const watcher = startUptop(['--no-history', configFile]);
		expect(await watcher.waitUntil(() => watcher.stdout().includes('orders api: pending → failing'), 8000), watcher.stderr()).toBe(true);
		answer = 'down';
		expect(await watcher.waitUntil(() => watcher.stdout().includes('another reason'), 5000), watcher.stdout()).toBe(true);
		// Back to the first reason within the minute: no third line, or a target alternating would write one a probe.
		answer = 'unavailable';
		await new Promise(resolve => setTimeout(resolve, 1500));
		await watcher.stop();
		const lines = watcher.stdout().split('\n').filter(line => line.includes('orders api'));
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatch(/orders api: pending → failing \([\d.]+ ms\) — status 503, expected 200 — body: starting$/);
		expect(lines[1]).toMatch(/orders api: still failing, another reason \([\d.]+ ms\) — .*status.* — body: .*DOWN/);
	}, 20_000);
});
