import {gzipSync} from 'node:zlib';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {FreshnessCheck, PrometheusCheck} from '../../source/config/types.js';
import {probe as freshnessProbe} from '../../source/probes/freshness.js';
import {probe as prometheusProbe} from '../../source/probes/prometheus.js';
import {startHttpServer, type TestServer} from '../helpers/http-servers.js';
import {common, deadline} from '../helpers/probe-checks.js';

const encodedNote = 'body is gzip-encoded and was not decoded';

let server: TestServer;
beforeAll(async () => {
	// A reverse proxy that compresses whatever it is given, asked or not: the JSON arrives as gzip bytes.
	server = await startHttpServer((request, response) => {
		const json = request.url?.startsWith('/api/v1/query')
			? {status: 'success', data: {resultType: 'vector', result: [{metric: {job: 'api'}, value: [1_764_064_800, '1']}]}}
			: {last_success: new Date().toISOString()};
		const body = request.url?.includes('plain') ? Buffer.from(JSON.stringify(json)) : gzipSync(JSON.stringify(json));
		response.writeHead(200, {'content-type': 'application/json', ...(request.url?.includes('plain') ? {} : {'content-encoding': 'gzip'})}).end(body);
	});
});

afterAll(async () => {
	await server.close();
});

const freshness = (url: string): FreshnessCheck => ({...common('nightly'), kind: 'freshness', maxAgeMs: 3_600_000, headers: {}, url, field: 'last_success'});
const prometheus = (url: string): PrometheusCheck => ({...common('prom'), kind: 'prometheus', url, query: 'up', headers: {}});

describe('a JSON endpoint that answers gzip unasked', () => {
	it('a freshness check says the body was gzip-encoded, not only "invalid JSON"', async () => {
		const result = await freshnessProbe(freshness(`${server.origin}/jobs`), deadline(2000));
		expect(result.reason).toEqual({code: 'protocol', message: expect.stringMatching(/^HTTP 200: invalid JSON from 127\.0\.0\.1:\d+$/)});
		expect(result.excerpt).toBeUndefined();
		expect(result.notes).toEqual([encodedNote]);
	});

	it('a prometheus check says it too', async () => {
		const result = await prometheusProbe(prometheus(server.origin), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.notes).toContain(encodedNote);
	});

	it('a body that is read as JSON gets no such note', async () => {
		const result = await freshnessProbe(freshness(`${server.origin}/jobs-plain`), deadline(2000));
		expect(result.outcome).toBe('up');
		expect(result.notes).toBeUndefined();
	});
});
