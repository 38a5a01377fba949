import type {Socket} from 'node:net';
import {setTimeout as sleep} from 'node:timers/promises';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {closeHttpAgents, probe} from '../../source/probes/http.js';
import {setKeptConnectionMaxAgeForTests} from '../../source/probes/http/agents.js';
import {phasesText} from '../../source/ui/view/phases-text.js';
import {hasOpenssl, makeCertificates, type TestCertificates} from '../helpers/certs.js';
import {httpCheck, startHttpServer, startHttpsServer, type TestServer} from '../helpers/http-servers.js';
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

describe.skipIf(!hasOpenssl())('https checks with keepAlive (openssl-made certificates)', () => {
	let certs: TestCertificates;
	const maxAgeMs = 600;

	beforeAll(() => {
		certs = makeCertificates();
		setKeptConnectionMaxAgeForTests(maxAgeMs);
	});

	afterAll(() => {
		setKeptConnectionMaxAgeForTests(undefined);
		certs?.remove();
	});

	it('a certificate swapped for a bad one is seen once the kept connection reaches its age limit, and the phases say which results came over it', async () => {
		const server = await startHttpsServer(certs.valid, (_request, response) => response.end('ok'));
		servers.push(server);
		const check = httpCheck(`${server.origin}/`, {id: 'keep-alive-rollout', keepAlive: true, ca: certs.caPath});
		const first = await probe(check, deadline(2000));
		expect(first.outcome).toBe('up');
		expect(first.phases?.tlsMs).toBeGreaterThan(0);
		expect(first.phases?.reusedConnectionAgeMs).toBeUndefined();
		expect(phasesText(first.phases!)).not.toContain('reused');

		// The rollout: new handshakes get a certificate no CA vouches for; the kept connection still has the old one.
		server.useCertificate(certs.selfSigned);
		const reused = await probe(check, deadline(2000));
		expect(reused.outcome).toBe('up');
		expect(reused.certificate?.subject).toBe('valid');
		expect(reused.phases?.tlsMs).toBeUndefined();
		expect(reused.phases?.reusedConnectionAgeMs).toBeGreaterThanOrEqual(0);
		expect(reused.phases?.reusedConnectionAgeMs).toBeLessThan(maxAgeMs);
		expect(phasesText(reused.phases!)).toMatch(/^reused connection \(connected 0s ago\), ttfb /);

		await sleep(maxAgeMs + 50);
		const renewed = await probe(check, deadline(2000));
		expect(renewed.reason?.code).toBe('tls:self_signed');
		expect(renewed.certificate?.subject).toBe('self');
		expect(renewed.phases?.reusedConnectionAgeMs).toBeUndefined();
		expect(server.accepted()).toBe(2);
	});
});
