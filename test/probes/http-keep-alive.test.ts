import type {Socket} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import {closeHttpAgents, probe} from '../../source/probes/http.js';
import {httpCheck, startHttpServer, type TestServer} from '../helpers/http-servers.js';
import {deadline} from '../helpers/probe-checks.js';

const servers: TestServer[] = [];

afterEach(async () => {
	await closeHttpAgents();
	await Promise.all(servers.splice(0).map(async server => server.close()));
});

/**
 * A server whose idle timeout is the check's interval, at its worst: it closes a kept connection exactly as the
 * next request arrives on it, without answering it (a reset, as when unread bytes meet a close, or a plain close).
 * Every first request on a connection is answered.
 */
async function idleCloser(how: 'reset' | 'close'): Promise<TestServer> {
	const answered = new WeakSet<Socket>();
	const server = await startHttpServer((request, response) => {
		const {socket} = request;
		if (answered.has(socket)) {
			if (how === 'reset') {
				socket.resetAndDestroy();
			} else {
				socket.destroy();
			}

			return;
		}

		answered.add(socket);
		request.resume();
		request.on('end', () => response.end('ok'));
	});
	servers.push(server);
	return server;
}

describe('http checks with keepAlive', () => {
	for (const how of ['reset', 'close'] as const) {
		it(`a POST whose kept connection the server ${how === 'reset' ? 'resets' : 'closes'} as it arrives is sent again on a fresh connection, not failed`, async () => {
			const server = await idleCloser(how);
			const check = httpCheck(`${server.origin}/submit`, {id: `keep-alive-post-${how}`, keepAlive: true, method: 'POST', body: '{"ping":1}', headers: {'content-type': 'application/json'}});
			const results = [];
			for (let round = 0; round < 3; round++) {
				results.push(await probe(check, deadline(2000)));
			}

			expect(results.map(result => result.reason?.message ?? result.outcome)).toEqual(['up', 'up', 'up']);
			// Each probe after the first: one request on the kept connection, which died, and one on a new one. No
			// other connection: a TLS handshake asking "is this a TLS port?" would be one.
			expect(server.accepted()).toBe(3);
			expect(server.requests.map(request => request.method)).toEqual(['POST', 'POST', 'POST', 'POST', 'POST']);
		});
	}
});
