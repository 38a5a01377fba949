import {execFile} from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {handCommand} from '../../source/config/hand-command.js';
import {loadConfig} from '../../source/config/load-config.js';
import type {Check} from '../../source/config/types.js';
import {closeProbes, probeCheck} from '../../source/probes/index.js';
import {requireWorkingCommand, titleFor} from '../helpers/require-component.js';
import {writeFiles} from './temp-files.js';

const isReady = requireWorkingCommand(['curl', '--version'], 'curl');
const env = {TENANT: 'emea-payments'};

type Seen = {readonly path: string; readonly headers: ReadonlyArray<readonly [string, string]>};
const seen: Seen[] = [];
let server: http.Server;
let port: number;

beforeAll(async () => {
	// Keeps each request's path and headers; answers as a Prometheus server or a job's status page would.
	server = http.createServer((request, response) => {
		const pairs: Array<[string, string]> = [];
		for (let index = 0; index < request.rawHeaders.length; index += 2) pairs.push([request.rawHeaders[index]!.toLowerCase(), request.rawHeaders[index + 1]!]);
		seen.push({path: decodeURIComponent(request.url!.replaceAll('+', ' ')), headers: pairs});
		response.setHeader('content-type', 'application/json');
		response.end(request.url!.startsWith('/api/v1/query')
			? JSON.stringify({status: 'success', data: {resultType: 'vector', result: [{metric: {}, value: [1, '3']}]}})
			: JSON.stringify({lastSuccess: new Date().toISOString()}));
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	port = (server.address() as {port: number}).port;
});

afterAll(async () => {
	await closeProbes();
	server.closeAllConnections();
	server.close();
});

function loadChecks(): readonly Check[] {
	const directory = writeFiles({'checks.yaml': `
checks:
  - name: report job
    kind: freshness
    url: http://127.0.0.1:${port}/status
    field: lastSuccess
    maxAge: 1h
    headers: {X-Tenant: "\${TENANT}"}
  - name: queue depth
    kind: prometheus
    url: http://127.0.0.1:${port}/
    query: sum(rabbitmq_queue_messages_ready{job="jobs"})
    headers: {X-Tenant: "\${TENANT}"}
`});
	return loadConfig(path.join(directory, 'checks.yaml'), {env}).checks;
}

/**
 * The request as a server reads it, without `Connection: keep-alive`, which the probe's pooled client says and
 * HTTP/1.1 means anyway: the path, and each header's name and value, in name order.
 */
function request({path: requestPath, headers}: Seen): {path: string; headers: string[]} {
	return {path: requestPath, headers: headers.filter(([name]) => name !== 'connection').map(([name, value]) => `${name}: ${value}`).sort()};
}

describe('handCommand for the kinds that GET JSON', () => {
	it.skipIf(!isReady)(titleFor('sends the request the probe sends: its headers, and the probe\'s user agent, uptop', isReady, 'curl'), async () => {
		for (const check of loadChecks()) {
			seen.length = 0;
			// eslint-disable-next-line no-await-in-loop
			const result = await probeCheck(check, AbortSignal.timeout(5000));
			expect(result.outcome, check.name).toBe('up');
			// Not execFileSync: the server answers from this process.
			// eslint-disable-next-line no-await-in-loop
			await promisify(execFile)('bash', ['-c', handCommand(check)], {env: {...env, PATH: process.env.PATH}});
			expect(seen, check.name).toHaveLength(2);
			expect(request(seen[1]!), check.name).toEqual(request(seen[0]!));
			// A gateway or WAF may refuse a request with no user agent (a managed rule set blocks it): the probe says it is
			// uptop, as an http check's does.
			expect(seen[0]!.headers.filter(([name]) => name === 'user-agent'), check.name).toEqual([['user-agent', 'uptop']]);
		}
	});
});
