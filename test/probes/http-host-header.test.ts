import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {HttpCheck} from '../../source/config/types.js';
import {closeHttpAgents, probe} from '../../source/probes/http.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {createTestPki, readPem, type TestPki} from '../helpers/tls-certs.js';
import {httpCheck, startHttpServer, startHttpsServer, type TestServer} from '../helpers/http-servers.js';
import {deadline} from '../helpers/probe-checks.js';
import {requireComponent, titleFor} from '../helpers/require-component.js';

const hasOpenssl = requireComponent('/usr/bin/openssl', 'openssl');
const timeoutMs = 1000;
let pki: TestPki;
const servers: TestServer[] = [];

/** Answers every request with a 302 to its `to` query parameter, and anything else with 200. */
const redirecting = (request: {url?: string}, response: {writeHead: (status: number, headers?: Record<string, string>) => {end: () => void}}): void => {
	const to = new URL(request.url ?? '/', 'http://x').searchParams.get('to');
	response.writeHead(to === null ? 200 : 302, to === null ? {} : {location: to}).end();
};

async function run(url: string, overrides: Partial<HttpCheck> = {}): Promise<ProbeResult> {
	return probe(httpCheck(url, {timeoutMs, ...overrides}), deadline(timeoutMs));
}

afterAll(async () => {
	await closeHttpAgents();
	await Promise.all(servers.map(async server => server.close()));
	pki?.cleanup();
});

describe('a custom Host header and redirects', () => {
	it('is sent on a redirect to the same host name, as curl -L does, and dropped on one to another host name', async () => {
		const first = await startHttpServer(redirecting);
		const next = await startHttpServer(redirecting);
		servers.push(first, next);
		const samePlace = await run(`${first.origin}/start?to=${encodeURIComponent(`http://127.0.0.1:${next.port}/same`)}`, {headers: {host: 'a.example'}});
		expect(samePlace.outcome).toBe('up');
		expect(next.requests.at(-1)).toMatchObject({url: '/same', headers: {host: 'a.example'}});
		const elsewhere = await run(`${first.origin}/start?to=${encodeURIComponent(`http://localhost:${next.port}/other`)}`, {headers: {host: 'a.example'}});
		expect(elsewhere.outcome).toBe('up');
		expect(first.requests.at(-1)?.headers.host).toBe('a.example');
		expect(next.requests.at(-1)).toMatchObject({url: '/other', headers: {host: `localhost:${next.port}`}});
	});
});

describe.skipIf(!hasOpenssl)(titleFor('a custom Host header over TLS (openssl-made certificates)', hasOpenssl, 'openssl'), () => {
	beforeAll(() => {
		pki = createTestPki();
	});

	it('a redirect to another host name checks that host\'s certificate, not the Host header\'s name', async () => {
		// The check reaches the virtual host a.example through an address; it sends the client on to localhost.
		const first = await startHttpsServer(readPem(pki.leaf('virtual-host', ['a.example'], -1, 30)), redirecting);
		const next = await startHttpsServer(readPem(pki.leaf('local', ['localhost'], -1, 30)), redirecting);
		servers.push(first, next);
		const result = await run(`${first.origin}/start?to=${encodeURIComponent(`https://localhost:${next.port}/on`)}`, {headers: {host: 'a.example'}, ca: pki.caFile});
		expect(result.reason).toBeUndefined();
		expect(result.outcome).toBe('up');
		expect(next.requests.at(-1)).toMatchObject({url: '/on', headers: {host: `localhost:${next.port}`}});
	});

	it('the certificate is checked against the Host header\'s name, and a mismatch names that name, not the URL\'s host', async () => {
		const virtual = await startHttpsServer(readPem(pki.leaf('b-host', ['b.example'], -1, 30)), redirecting);
		servers.push(virtual);
		const matching = await startHttpsServer(readPem(pki.leaf('a-host', ['a.example'], -1, 30)), redirecting);
		servers.push(matching);
		expect((await run(`${matching.origin}/`, {headers: {host: 'a.example'}, ca: pki.caFile})).outcome).toBe('up');
		const result = await run(`${virtual.origin}/`, {headers: {host: 'a.example:8443'}, ca: pki.caFile});
		expect(result.reason).toEqual({code: 'tls:hostname', message: 'TLS: certificate does not match a.example (the Host header\'s name)'});
		// An address is no TLS server name: with one in the Host header the URL's host is checked, and named.
		const address = await run(`${virtual.origin}/`, {headers: {host: '10.0.0.1'}, ca: pki.caFile});
		expect(address.reason).toEqual({code: 'tls:hostname', message: 'TLS: certificate does not match 127.0.0.1'});
	});
});
