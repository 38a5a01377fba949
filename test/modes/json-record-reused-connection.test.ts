import {once} from 'node:events';
import {createServer, type Server} from 'node:http';
import {afterEach, describe, expect, it} from 'vitest';
import {eventRecord} from '../../source/modes/json-record.js';
import {closeHttpAgents, probe} from '../../source/probes/http.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {httpCheck} from '../helpers/http-servers.js';
import {deadline} from '../helpers/probe-checks.js';

/**
 * A result that came over a kept-alive connection says so in the `--json` stream, as the detail pane's "reused
 * connection (connected 40s ago)" does: a reader comparing latencies knows which ones had no connect or handshake.
 */
let server: Server | undefined;
afterEach(async () => {
	await closeHttpAgents();
	server?.closeAllConnections();
	server?.close();
	server = undefined;
});

describe('a --json result over a kept-alive connection', () => {
	it('carries phases.reusedConnectionAgeMs, and a result on a fresh connection has none', async () => {
		// A real server that keeps its connections open between requests (Node's default), on this task's port.
		server = createServer((_request, response) => response.end('ok'));
		server.listen(21_300, '127.0.0.1');
		await once(server, 'listening');
		const check = httpCheck('http://127.0.0.1:21300/health', {id: 'json-reused', keepAlive: true});
		const byId = new Map([[check.id, check]]);
		const record = (result: ProbeResult) => eventRecord({type: 'result', id: check.id, at: result.startedAt, state: 'up', result}, byId)!;

		const fresh = await probe(check, deadline(2000));
		expect(fresh.outcome).toBe('up');
		expect(record(fresh).phases).toHaveProperty('connectMs');
		expect(record(fresh).phases).not.toHaveProperty('reusedConnectionAgeMs');

		const reused = await probe(check, deadline(2000));
		expect(reused.phases?.reusedConnectionAgeMs).toBeDefined();
		const phases = record(reused).phases as Record<string, number>;
		expect(phases).not.toHaveProperty('connectMs');
		expect(phases.reusedConnectionAgeMs).toBe(reused.phases!.reusedConnectionAgeMs);
		expect(phases.reusedConnectionAgeMs).toBeGreaterThanOrEqual(0);
		expect(phases.reusedConnectionAgeMs).toBeLessThan(2000);
		// In the documented order: after the phases measured, so a reader's columns keep their places.
		expect(Object.keys(phases).at(-1)).toBe('reusedConnectionAgeMs');
	});
});
