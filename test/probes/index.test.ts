import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Check} from '../../source/config/types.js';
import {probeCheck} from '../../source/probes/index.js';
import {startDnsServer, type DnsServer} from '../helpers/dns-server.js';
import {common, deadline} from '../helpers/probe-checks.js';

let server: http.Server;
let dns: DnsServer;
let port = 0;

beforeAll(async () => {
	server = http.createServer((request, response) => {
		if (request.url === '/metrics/api/v1/query?query=up') {
			response.end(JSON.stringify({status: 'success', data: {resultType: 'scalar', result: [0, '1']}}));
		} else {
			response.end(JSON.stringify({status: 'UP', last_success: new Date(Date.now() - 5000).toISOString()}));
		}
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	port = (server.address() as AddressInfo).port;
	dns = await startDnsServer();
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
	await dns.close();
});

describe('probeCheck', () => {
	it('dispatches every kind to its probe', async () => {
		const checks: Check[] = [
			{
				...common('http'),
				kind: 'http',
				url: `http://127.0.0.1:${port}/health`,
				method: 'GET',
				headers: {},
				expect: {status: [{min: 200, max: 299}], maxBytes: 1024 * 1024},
				maxRedirects: 5,
				insecure: false,
				keepAlive: false,
			},
			{...common('tcp'), kind: 'tcp', host: '127.0.0.1', port},
			{...common('dns'), kind: 'dns', name: 'ok.test', type: 'A', server: `127.0.0.1:${dns.port}`},
			{...common('command'), kind: 'command', run: ['/bin/echo', 'OK - echo'], shell: false, env: {}},
			{...common('freshness'), kind: 'freshness', url: `http://127.0.0.1:${port}/job`, field: 'last_success', maxAgeMs: 60_000, headers: {}},
			{...common('prometheus'), kind: 'prometheus', url: `http://127.0.0.1:${port}/metrics`, query: 'up', headers: {}},
		];
		const results = await Promise.all(checks.map(async check => probeCheck(check, deadline(3000))));
		expect(results.map(result => result.outcome)).toEqual(['up', 'up', 'up', 'up', 'up', 'up']);
		expect(results[1]!.summary).toBe(`connected to 127.0.0.1:${port}`);
		expect(results[2]!.summary).toBe('2 answers: 10.0.0.1, 10.0.0.2');
		expect(results[3]!.summary).toBe('OK - echo');
		expect(results[4]!.summary).toBe('last success 5s ago');
		expect(results[5]!.value).toBe(1);
	});

	it('dispatches tls (a plain port fails the handshake rather than hanging)', async () => {
		const result = await probeCheck({...common('tls'), kind: 'tls', host: '127.0.0.1', port, warnDays: 14, failDays: 3}, deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason?.code).toBe('tls:handshake');
	});

	it('turns a probe bug into an internal result instead of throwing', async () => {
		const bogus = {...common('bogus'), kind: 'bogus'} as unknown as Check;
		const result = await probeCheck(bogus, deadline(1000));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'internal', message: 'uptop internal error: unknown check kind bogus'});
		expect(typeof result.startedAt).toBe('number');
	});
});

describe('closeProbes', () => {
	it('waits for a killed command group before resolving', async () => {
		const {closeProbes} = await import('../../source/probes/index.js');
		const controller = new AbortController();
		const running = probeCheck({...common('hang'), kind: 'command', run: ['/bin/sh', '-c', 'trap "" TERM; echo started; while :; do sleep 1; done'], shell: false, env: {}}, controller.signal);
		await new Promise(resolve => setTimeout(resolve, 200));
		controller.abort(new DOMException('quit', 'AbortError'));
		expect((await running).outcome).toBe('cancelled');
		const started = performance.now();
		await closeProbes();
		// The group ignores SIGTERM, so only the SIGKILL after the 2 s grace ends it.
		expect(performance.now() - started).toBeGreaterThan(1500);
	});
});
