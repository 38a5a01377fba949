import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {PrometheusCheck} from '../../source/config/types.js';
import {createMonitor} from '../../source/monitor/monitor.js';
import type {MonitorEvent, Snapshot} from '../../source/monitor/types.js';
import {eventRecord, checkRecord} from '../../source/modes/json-record.js';
import {formatOnceTable} from '../../source/modes/once.js';
import {createPlainStream} from '../../source/modes/plain-stream.js';
import {closeProbes, probeCheck} from '../../source/probes/index.js';
import {common} from '../helpers/probe-checks.js';

/**
 * A Prometheus query API whose answer is 1,000 series with new pod names at every query (a query that left out
 * a label, over pods that come and go), the pods whose number ends in 7 failing.
 */
describe('a check with each: whose query returns many series that change at every probe', () => {
	let server: http.Server;
	let url = '';
	let queries = 0;
	beforeAll(async () => {
		server = http.createServer((_request, response) => {
			const round = queries++;
			const result = Array.from({length: 1000}, (_, index) => ({
				metric: {pod: `orders-${String(round).padStart(3, '0')}-${String(index).padStart(4, '0')}`, job: 'orders'},
				value: [1_764_064_800, index % 10 === 7 ? '0' : '1'],
			}));
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

	it('keeps 200 rows and the rest row, drops the rows of series gone, and says the cap once on every output', async () => {
		const check: PrometheusCheck = {...common('orders pods', {intervalMs: 20}), kind: 'prometheus', url, query: 'up{job="orders"}', each: 'pod', headers: {}, fail: {op: '==', value: 0}};
		const monitor = createMonitor({checks: [check], probe: probeCheck, random: () => 0});
		const lines: string[] = [];
		const plain = createPlainStream(line => lines.push(line), () => new Map([[check.id, check]]));
		const records: Array<Record<string, unknown>> = [];
		const rounds = 8;
		const snapshots: Snapshot[] = [];
		let seen = 0;
		let isQueued = false;
		const done = new Promise<void>(resolve => {
			monitor.onEvent((event: MonitorEvent) => {
				plain.onEvent(event);
				const record = eventRecord(event, new Map([[check.id, check]]));
				if (record?.type === 'result' && record.series === '(more series)') records.push(record);
				if (event.type === 'result' && !isQueued) {
					// One answer's rows are recorded together, and replace the rows before them at the end: look after that.
					isQueued = true;
					queueMicrotask(() => {
						isQueued = false;
						snapshots.push(monitor.flush());
						if (++seen === rounds) resolve();
					});
				}
			});
		});
		monitor.start();
		await done;
		await monitor.stop();

		for (const [index, snapshot] of snapshots.entries()) {
			expect(snapshot.rows).toHaveLength(201);
			// Only this answer's pods have rows: those of the answers before are gone, with their histories.
			const pods = snapshot.rows.map(row => row.seriesLabel).filter(label => label !== '(more series)');
			expect(new Set(pods.map(label => label!.slice(0, 'orders-000'.length))).size).toBe(1);
			if (index > 0) expect(pods[0]).not.toBe(snapshots[index - 1]!.rows.find(row => row.seriesLabel !== '(more series)')!.seriesLabel);
		}

		const last = snapshots.at(-1)!;
		const rest = last.rows.find(row => row.seriesLabel === '(more series)')!;
		expect(rest.state).toBe('failing');
		expect(rest.last?.reason?.message).toBe('800 series past the first 200 rows (1000 came back); worst: value 0 == 0 (fail)');
		const note = '1000 series came back, more than the 200 rows a check shows: 200 have rows (the first by pod), the other 800 share the row (more series); narrow the query with a label matcher, or use topk(200, …)';
		// The detail pane of any row of the check shows the note.
		expect(last.rows.every(row => row.last?.notes?.[0] === note)).toBe(true);
		expect(checkRecord(rest).seriesCap).toEqual({returned: 1000, shown: 200, maxRows: 200});
		expect(records.every(record => JSON.stringify(record.seriesCap) === '{"returned":1000,"shown":200,"maxRows":200}')).toBe(true);
		expect(formatOnceTable(last, {columns: 200})).toMatch(/^failing +orders pods \/ \(more series\) .* 800 series past the first 200 rows \(1000 came back\)/m);

		const capLines = lines.filter(line => line.includes('series came back'));
		expect(capLines).toHaveLength(1);
		expect(capLines[0]).toMatch(/^\S+Z orders pods: 1000 series came back, more than the 200 rows/);
		// What the plain lines keep does not grow with every pod name they ever printed a line for.
		expect(plain.kept).toBeLessThanOrEqual(202);
	}, 30_000);
});
