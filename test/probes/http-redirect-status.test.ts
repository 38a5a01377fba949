import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {StatusRange} from '../../source/config/types.js';
import {probe} from '../../source/probes/http.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {httpCheck, startHttpServer, type TestServer} from '../helpers/http-servers.js';
import {deadline} from '../helpers/probe-checks.js';

/** /old answers 301 to /new, which answers 200. */
let server: TestServer;
beforeAll(async () => {
	server = await startHttpServer((request, response) => {
		if (request.url === '/old') response.writeHead(301, {location: '/new'}).end();
		else if (request.url === '/moved') response.writeHead(301, {location: '/missing'}).end();
		else if (request.url === '/missing') response.writeHead(404, {'content-type': 'text/plain'}).end('not here');
		else if (request.url === '/found') response.writeHead(302, {location: '/new'}).end();
		else response.writeHead(200, {'content-type': 'text/plain'}).end('new home');
	});
});

afterAll(async () => {
	await server.close();
});

async function run(path: string, status: StatusRange[], maxRedirects: number): Promise<ProbeResult> {
	const check = httpCheck(`${server.origin}${path}`, {maxRedirects, expect: {status, maxBytes: 1024 * 1024}});
	return probe(check, deadline(check.timeoutMs));
}

describe('a 3xx expected of a check whose redirects are followed', () => {
	it('fails saying why it can never pass, and how to check the redirect', async () => {
		const result = await run('/old', [{min: 301, max: 301}], 5);
		expect(result.reason).toEqual({code: 'expect:status', message: 'status 200, expected 301 (a redirect was followed: add `maxRedirects: 0` to check the redirect itself)'});
	});

	it('passes with maxRedirects: 0, the hint\'s way', async () => {
		expect((await run('/old', [{min: 301, max: 301}], 0)).outcome).toBe('up');
	});

	it('gets the hint for a 3xx range that held the redirect\'s status', async () => {
		expect((await run('/old', [{min: 300, max: 399}], 5)).reason?.message).toBe('status 200, expected 3xx (a redirect was followed: add `maxRedirects: 0` to check the redirect itself)');
	});

	it('gets no hint when the redirect\'s own status was not expected', async () => {
		// A 302 followed where a 301 was expected: checking the redirect itself would fail as well.
		expect((await run('/found', [{min: 301, max: 301}], 5)).reason?.message).toBe('status 200, expected 301');
		// Success or a redirect was expected, and the redirect led to a 404: the 404 is the news, not the setting.
		expect((await run('/moved', [{min: 200, max: 399}], 5)).reason?.message).toBe('status 404, expected 200-399');
	});

	it('gets no hint when no redirect was followed, nor when a 2xx was expected', async () => {
		expect((await run('/new', [{min: 301, max: 301}], 5)).reason?.message).toBe('status 200, expected 301');
		expect((await run('/old', [{min: 201, max: 201}], 5)).reason?.message).toBe('status 200, expected 201');
	});
});
