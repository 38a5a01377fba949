import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {probe} from '../../source/probes/http.js';
import {httpCheck, startHttpServer, type TestServer} from '../helpers/http-servers.js';

let server: TestServer;

beforeAll(async () => {
	server = await startHttpServer((_request, response) => {
		response.end('ok');
	});
});

afterAll(async () => server.close());

describe('fresh-connection probes', () => {
	it('close their connection without making and formatting an error per probe', async () => {
		// V8 calls Error.prepareStackTrace each time a stack is formatted. undici's default destroy reason
		// (a new ClientDestroyedError, whose stack the socket's destroy formats) did that once per probe and
		// cost 15 % of the CPU at 2,000 probes a second.
		const original = Error.prepareStackTrace;
		let formatted = 0;
		Error.prepareStackTrace = (error, frames) => {
			formatted++;
			return original ? original(error, frames) : `${String(error)}\n${frames.map(frame => `    at ${String(frame)}`).join('\n')}`;
		};

		try {
			for (let index = 0; index < 20; index++) {
				const result = await probe(httpCheck(`${server.origin}/fresh/${index}`, {id: `fresh-${index}`}), AbortSignal.timeout(2000));
				expect(result.outcome).toBe('up');
			}

			await server.allClosed(2000);
		} finally {
			Error.prepareStackTrace = original;
		}

		expect(server.accepted()).toBeGreaterThanOrEqual(20);
		expect(formatted).toBeLessThan(5);
	});
});

describe('warmUpHttp', () => {
	it('runs real probes against its own listener, then closes it and leaves no connection behind', async () => {
		const {warmUpHttp} = await import('../../source/probes/http/warm-up.js');
		const {getActiveResourcesInfo} = await import('node:process');
		const before = getActiveResourcesInfo().filter(kind => kind === 'TCPServerWrap' || kind === 'TCPSocketWrap').length;
		const startedAt = performance.now();
		expect(await warmUpHttp()).toBe(3);
		expect(performance.now() - startedAt).toBeLessThan(3000);
		// Listener and sockets close asynchronously; give them a moment.
		await new Promise(resolve => setTimeout(resolve, 50));
		const after = getActiveResourcesInfo().filter(kind => kind === 'TCPServerWrap' || kind === 'TCPSocketWrap').length;
		expect(after).toBeLessThanOrEqual(before);
	});
});
