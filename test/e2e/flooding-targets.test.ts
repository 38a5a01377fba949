import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli, startUptop, type RunningUptop} from '../helpers/run-cli.js';

/**
 * Two targets that would flood uptop: a Prometheus query API whose answer is 13,000 series with new instance
 * names at every query (a query that left out a label), and a health endpoint whose `requestId`, which the
 * config reads as the version by mistake, is new at every request.
 */
let directory: string;
let configFile: string;
let server: http.Server;
let queries = 0;
let healthRequests = 0;
let watcher: RunningUptop | undefined;

beforeAll(async () => {
	server = http.createServer((request, response) => {
		if (request.url!.startsWith('/api/v1/query')) {
			const round = queries++;
			const result = Array.from({length: 13_000}, (_, index) => ({metric: {instance: `n${round % 3}-${String(index).padStart(5, '0')}`}, value: [1_764_064_800, index === 12_999 ? '0' : '1']}));
			response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({status: 'success', data: {resultType: 'vector', result}}));
			return;
		}

		healthRequests++;
		response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({status: 'UP', version: '1.4.0', requestId: `r${healthRequests}`}));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-flooding-'));
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, [
		'checks:',
		'  - name: nodes up',
		'    kind: prometheus',
		`    url: ${base}`,
		'    query: up',
		'    each: instance',
		'    fail: "== 0"',
		'    interval: 1s',
		'  - name: orders api',
		`    url: ${base}/health`,
		'    interval: 200ms',
		'    version: {json: requestId}',
		'',
	].join('\n'));
});

afterAll(async () => {
	await watcher?.stop();
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
	rmSync(directory, {recursive: true, force: true});
});

describe('targets that would flood uptop', () => {
	it('--once --json: 200 rows and the rest row, each with the counts, the failing series past the cap in the rest row', async () => {
		const run = await runCli(['--once', '--json', '--no-history', '--only', 'nodes up', configFile], {timeoutMs: 15_000});
		expect(run.code, run.stderr).toBe(2);
		const records = run.stdout.trim().split('\n').map(line => JSON.parse(line) as {name: string; state: string; seriesCap: unknown; summary: string});
		expect(records).toHaveLength(201);
		expect(records.every(record => JSON.stringify(record.seriesCap) === '{"returned":13000,"shown":200,"maxRows":200}')).toBe(true);
		const rest = records.find(record => record.name === 'nodes up / (more series)');
		expect(rest?.state).toBe('failing');
	}, 20_000);

	it('plain lines: the cap said once, three markers from the request id, then one line saying it is no version', async () => {
		watcher = startUptop(['--no-history', configFile]);
		const log = () => watcher!.stdout();
		const start = healthRequests;
		// Long enough for the cap to be said again at each probe, and for a marker per request were they still made.
		expect(await watcher.waitUntil(() => queries >= 6 && healthRequests - start >= 20, 15_000), watcher.stderr()).toBe(true);
		await watcher.stop();
		expect(log().match(/nodes up: 13000 series came back/g)).toHaveLength(1);
		expect(log().match(/ marker: orders api /g)).toHaveLength(3);
		expect(log().match(/orders api: version \(json requestId\) is no deployed version/g)).toHaveLength(1);
		// 201 rows a round: never a line for a row past the cap.
		expect(log()).not.toMatch(/nodes up \/ n\d-(00[2-9]|0[1-9]\d|1\d\d)\d\d:/);
	}, 25_000);
});
