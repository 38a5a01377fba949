import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {PrometheusCheck} from '../../source/config/types.js';
import {createMonitor} from '../../source/monitor/monitor.js';
import type {MonitorEvent} from '../../source/monitor/types.js';
import {eventRecord} from '../../source/modes/json-record.js';
import {createPlainStream} from '../../source/modes/plain-stream.js';
import {closeProbes, probeCheck} from '../../source/probes/index.js';
import {common} from '../helpers/probe-checks.js';

/**
 * A Prometheus query API whose answers are set by the test: first none (a timeout, the check's own row failing),
 * then queue a at 150, then only queue b at 3.
 */
describe('a fanned-out row that leaves the query\'s answer', () => {
	let server: http.Server;
	let url = '';
	let answer: Array<[string, string]> | 'stall' = 'stall';
	beforeAll(async () => {
		server = http.createServer((_request, response) => {
			if (answer === 'stall') return;
			const result = answer.map(([queue, value]) => ({metric: {queue}, value: [1_764_064_800, value]}));
			response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({status: 'success', data: {resultType: 'vector', result}}));
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		await closeProbes();
		server.closeAllConnections();
		await new Promise(resolve => server.close(resolve));
	});

	it('ends its state with a change to pending that says why, in the stream, the plain lines and the snapshot', async () => {
		const check: PrometheusCheck = {...common('queues', {intervalMs: 150, timeoutMs: 100}), kind: 'prometheus', url, query: 'queue_depth', each: 'queue', headers: {}, warn: {op: '>=', value: 50}, fail: {op: '>=', value: 100}};
		const checksById = new Map([[check.id, check]]);
		const monitor = createMonitor({checks: [check], probe: probeCheck, random: () => 0});
		const lines: string[] = [];
		const plain = createPlainStream(line => lines.push(line), () => checksById);
		const states: Array<Record<string, unknown>> = [];
		let results = 0;
		const afterResults = (count: number) => new Promise<void>(resolve => {
			const target = results + count;
			const off = monitor.onEvent(event => {
				if (event.type === 'result' && results >= target) {
					off();
					resolve();
				}
			});
		});
		monitor.onEvent((event: MonitorEvent) => {
			plain.onEvent(event);
			if (event.type === 'result') results++;
			const record = eventRecord(event, checksById);
			if (record?.type === 'state') states.push(record);
		});
		monitor.start();
		await afterResults(1);
		answer = [['a', '150']];
		await afterResults(2);
		answer = [['b', '3']];
		await afterResults(2);
		const snapshot = monitor.flush();
		await monitor.stop();

		expect(snapshot.rows.map(row => row.seriesLabel)).toEqual(['b']);
		const changes = states.map(record => `${String(record.name)}: ${String(record.from)} → ${String(record.to)}${record.reason ? ` (${(record.reason as {message: string}).message})` : ''}`);
		expect(changes).toEqual([
			'queues: pending → failing (timeout after 0.1s (Prometheus query))',
			'queues: failing → pending (now a row per queue: the query\'s answer has series)',
			'queues / a: pending → failing (value 150 >= 100 (fail))',
			'queues / a: failing → pending (no longer in the query\'s answer)',
			'queues / b: pending → up',
		]);
		const gone = states.find(record => record.name === 'queues / a' && record.to === 'pending')!;
		expect(gone).toMatchObject({check: 'queues', series: 'a', state: 'pending', reason: {code: 'no_data'}});
		expect(gone.fromDurationMs).toBeGreaterThan(0);
		expect(lines.some(line => /queues \/ a: failing → pending .*no longer in the query's answer/.test(line))).toBe(true);
	}, 20_000);
});
