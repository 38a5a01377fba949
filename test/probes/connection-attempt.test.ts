import net from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {TcpCheck} from '../../source/config/types.js';
import {closeHttpAgents, probe as httpProbe} from '../../source/probes/http.js';
import {probe as tcpProbe} from '../../source/probes/tcp.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {httpCheck, startHttpServer, type TestServer} from '../helpers/http-servers.js';
import {common, deadline} from '../helpers/probe-checks.js';

/**
 * A probe builds its socket when it is called and connects on the next tick. Holding the thread between the
 * two stands for whatever else the probing thread does meanwhile (other probes starting in the same turn):
 * with an address that time is not the target's; with a name the lookup runs in it, so it counts.
 */
const holdMs = 300;

function hold(): void {
	const end = performance.now() + holdMs;
	while (performance.now() < end) {
		// Busy: the thread does nothing else meanwhile.
	}
}

async function heldAfterCall(start: () => Promise<ProbeResult>): Promise<ProbeResult> {
	const pending = start();
	hold();
	return pending;
}

let server: TestServer;
const listener = net.createServer(socket => {
	socket.on('error', () => {});
});

beforeAll(async () => {
	server = await startHttpServer((_request, response) => {
		response.end('ok');
	});
	await new Promise<void>(resolve => listener.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
	await closeHttpAgents();
	await server.close();
	await new Promise(resolve => listener.close(resolve));
});

describe('latency starts at the connection attempt', () => {
	it('http to an address: the time before the connect call is not counted', async () => {
		const result = await heldAfterCall(async () => httpProbe(httpCheck(`http://127.0.0.1:${server.port}/`), deadline(5000)));
		expect(result.outcome).toBe('up');
		expect(result.latencyMs).toBeLessThan(holdMs);
		expect(result.phases?.connectMs).toBeLessThan(holdMs);
	});

	it('http to a name: the lookup is the target\'s time, so the clock starts at the call', async () => {
		const result = await heldAfterCall(async () => httpProbe(httpCheck(`http://localhost:${server.port}/`), deadline(5000)));
		expect(result.outcome).toBe('up');
		expect(result.latencyMs).toBeGreaterThanOrEqual(holdMs);
		expect(result.phases?.dnsMs).toBeGreaterThanOrEqual(holdMs);
	});

	it('tcp to an address, likewise', async () => {
		const {port} = listener.address() as net.AddressInfo;
		const check: TcpCheck = {...common('tcp'), kind: 'tcp', host: '127.0.0.1', port};
		const result = await heldAfterCall(async () => tcpProbe(check, deadline(5000)));
		expect(result.outcome).toBe('up');
		expect(result.latencyMs).toBeLessThan(holdMs);
		expect(result.phases?.connectMs).toBeLessThan(holdMs);
	});
});
