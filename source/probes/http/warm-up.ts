import {createServer} from 'node:net';
import type {HttpCheck} from '../../config/types.js';
import {probe} from '../http.js';

const answer = 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok';

/**
 * A few real http probes against a throw-away listener on 127.0.0.1, before any check runs. undici compiles
 * its HTTP parser (WebAssembly) on its first connection, between connect and request, and the probe code is
 * cold: the first results of a fresh worker read 10–30 ms high (docs/benchmarks.md). Resolves with how many
 * came back up; never throws (where the listener cannot open, it does nothing).
 */
export async function warmUpHttp(rounds = 3): Promise<number> {
	let upCount = 0;
	const server = createServer(socket => {
		socket.once('data', () => socket.end(answer));
		socket.on('error', () => undefined);
	});
	try {
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', resolve);
		});
		const address = server.address();
		if (address === null || typeof address === 'string') return upCount;
		const check: HttpCheck = {
			id: 'uptop-warm-up', name: 'warm-up', kind: 'http', intervalMs: 1000, timeoutMs: 1000, slowMs: 1000, retries: 0, secrets: [],
			expectSummary: 'status 200', url: `http://127.0.0.1:${address.port}/`, method: 'GET', headers: {},
			expect: {status: [{min: 200, max: 200}], maxBytes: 1024}, maxRedirects: 0, insecure: false, keepAlive: false,
		};
		for (let round = 0; round < rounds; round++) {
			const result = await probe(check, AbortSignal.timeout(1000));
			upCount += result.outcome === 'up' ? 1 : 0;
		}
	} catch {
		// Only a warm-up: the checks run either way.
	} finally {
		server.close();
	}

	return upCount;
}
