import http from 'node:http';
import {afterEach, describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import {closeProbes} from '../../source/probes/index.js';
import {eventRecord} from '../../source/modes/json-record.js';
import {markerFromRecord, parseHistoryLine, recordFromEvent, type MarkerRecord} from '../../source/release/history-records.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {httpCheck} from '../helpers/http-servers.js';
import {realProbes} from '../helpers/real-probes.js';

const frontPort = 21_410;
const upstreamPorts = [21_411, 21_412];
const servers: http.Server[] = [];

async function listen(server: http.Server, port: number): Promise<void> {
	servers.push(server);
	await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve));
}

afterEach(async () => {
	for (const server of servers.splice(0)) {
		server.closeAllConnections();
		await new Promise(resolve => server.close(resolve));
	}

	await closeProbes();
});

describe('a rolling update of two upstreams behind a round-robin front', () => {
	it('records where the rollout settled, so its latest marker names the version that finished', async () => {
		const versions = ['3.0.0', '3.0.0'];
		for (const [index, port] of upstreamPorts.entries()) {
			await listen(http.createServer((_request, response) => {
				response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({version: versions[index]}));
			}), port);
		}

		// nginx's default: each request to the next upstream in turn.
		let next = 0;
		await listen(http.createServer((request, response) => {
			const port = upstreamPorts[next++ % upstreamPorts.length]!;
			http.get({host: '127.0.0.1', port, path: request.url}, upstream => {
				response.writeHead(upstream.statusCode ?? 502, upstream.headers);
				upstream.pipe(response);
			}).on('error', () => response.writeHead(502).end());
		}), frontPort);

		const clock = createFakeClock();
		const probes = realProbes();
		const check = httpCheck(`http://127.0.0.1:${frontPort}/version`, {id: 'api', name: 'api', intervalMs: 1000, version: {json: 'version'}});
		const monitor = createMonitor({checks: [check], clock, random: () => 0, probe: probes.probe});
		try {
			monitor.start();
			await probes.advance(clock, 60);
			// The first upstream rolls to 4.0.0: answers alternate for 30 s, then the second one does too.
			versions[0] = '4.0.0';
			await probes.advance(clock, 30);
			versions[1] = '4.0.0';
			await probes.advance(clock, 20);
			const labels = () => monitor.flush().markers.map(marker => marker.label);
			expect(labels()).toEqual(['api 3.0.0 → 4.0.0', 'api 4.0.0 → 3.0.0']);

			// A minute of 4.0.0 alone (the flip window): the rollout is over, and it went to 4.0.0.
			await probes.advance(clock, 60);
			const snapshot = monitor.flush();
			expect(snapshot.markers.map(marker => marker.label)).toEqual(['api 3.0.0 → 4.0.0', 'api 4.0.0 → 3.0.0', 'api 3.0.0 → 4.0.0 (settled)']);
			const settled = snapshot.markers.at(-1)!;
			// Where 4.0.0 began to hold: the last answer from 3.0.0 was a second before.
			expect(settled.at - clock.now()).toBeGreaterThan(-81_000);
			expect(settled.at - clock.now()).toBeLessThanOrEqual(-79_000);
			expect(settled).toMatchObject({checkId: 'api', source: 'version'});
			expect(snapshot.rows[0]!.release?.markerLabel).toBe('api 3.0.0 → 4.0.0 (settled)');
			// Compared with the minute before the rollout, not with the rollout's mix.
			expect(snapshot.rows[0]!.release?.runsWith).toBe('api 3.0.0 → 4.0.0');

			// `--json` says which marker is the settling, not only in its label: a reader needs no text match.
			const jsonRecords = snapshot.markers.map(marker => eventRecord({type: 'marker', marker}, new Map([['api', check]])));
			expect(jsonRecords.map(record => record?.['settled'])).toEqual([false, false, true]);
			expect(jsonRecords[2]).toEqual({type: 'marker', label: 'api 3.0.0 → 4.0.0 (settled)', source: 'version', check: 'api', settled: true, at: new Date(settled.at).toISOString()});

			// Marked once: more answers from 4.0.0 add nothing.
			await probes.advance(clock, 30);
			expect(labels()).toHaveLength(3);
		} finally {
			await monitor.stop();
		}
	}, 60_000);
});

describe('a settled marker in the history file', () => {
	it('stays one after a round trip, so a report compares it with the window before the rollout too', () => {
		const marker = {at: 1, label: 'api 3.0.0 → 4.0.0 (settled)', checkId: 'api', checkName: 'api', source: 'version', isSettled: true} as const;
		const record = parseHistoryLine(JSON.stringify(recordFromEvent({type: 'marker', marker})));
		expect(record?.t).toBe('m');
		expect(markerFromRecord(record as MarkerRecord)).toEqual(marker);
	});
});
