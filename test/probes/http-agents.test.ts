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
