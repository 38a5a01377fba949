import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {FreshnessCheck, PrometheusCheck} from '../../source/config/types.js';
import {closeProbes, probeCheck} from '../../source/probes/index.js';
import {common, deadline} from '../helpers/probe-checks.js';

// A Prometheus and a job status endpoint behind Basic auth, written as `http://user:password@host/` in the config.
const user = 'monitor';
const password = 'promPW-12345';
let server: http.Server;
let origin: string;
const seen: Array<string | undefined> = [];

beforeAll(async () => {
	server = http.createServer((request, response) => {
		seen.push(request.headers.authorization);
		if (request.headers.authorization !== `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`) {
			response.writeHead(401, {'content-type': 'application/json'}).end('{"error":"unauthorized"}');
			return;
		}

		const body = request.url?.startsWith('/api/v1/query')
			? {status: 'success', data: {resultType: 'vector', result: [{metric: {}, value: [Date.now() / 1000, '3']}]}}
			: {lastSuccess: new Date().toISOString()};
		response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(body));
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	origin = `http://${user}:${password}@127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	server.close();
	await closeProbes();
});

describe('a prometheus or freshness url with credentials', () => {
	it('sends them as Basic auth, as an http check does', async () => {
		const prometheus: PrometheusCheck = {...common('queue depth', {secrets: [password]}), kind: 'prometheus', url: origin, query: 'queue_depth', headers: {}};
		const result = await probeCheck(prometheus, deadline(2000));
		expect(result).toMatchObject({outcome: 'up'});
		const freshness: FreshnessCheck = {...common('nightly', {secrets: [password]}), kind: 'freshness', url: `${origin}/status`, field: 'lastSuccess', maxAgeMs: 3_600_000, headers: {}};
		expect(await probeCheck(freshness, deadline(2000))).toMatchObject({outcome: 'up'});
		expect(seen.every(header => header?.startsWith('Basic '))).toBe(true);
	});

	it('hides the Basic value in a body that echoes it', async () => {
		const echo = http.createServer((request, response) => {
			response.writeHead(500, {'content-type': 'text/plain'}).end(`refused ${request.headers.authorization ?? ''}`);
		});
		await new Promise<void>(resolve => {
			echo.listen(0, '127.0.0.1', resolve);
		});
		try {
			const url = `http://${user}:${password}@127.0.0.1:${(echo.address() as AddressInfo).port}/status`;
			const freshness: FreshnessCheck = {...common('nightly', {secrets: [password]}), kind: 'freshness', url, field: 'lastSuccess', maxAgeMs: 3_600_000, headers: {}};
			const result = await probeCheck(freshness, deadline(2000));
			expect(JSON.stringify(result)).toContain('refused');
			expect(JSON.stringify(result)).not.toContain(Buffer.from(`${user}:${password}`).toString('base64'));
		} finally {
			echo.closeAllConnections();
			echo.close();
		}
	});

	it('leaves an Authorization header the check sets as it is', async () => {
		seen.length = 0;
		const freshness: FreshnessCheck = {...common('nightly', {secrets: [password]}), kind: 'freshness', url: `${origin}/status`, field: 'lastSuccess', maxAgeMs: 3_600_000, headers: {authorization: 'Bearer other'}};
		const result = await probeCheck(freshness, deadline(2000));
		expect(seen).toEqual(['Bearer other']);
		expect(result.outcome).toBe('failing');
		expect(JSON.stringify(result)).not.toContain(password);
	});
});
