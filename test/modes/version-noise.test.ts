import fs from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {loadConfig} from '../../source/config/load-config.js';
import {createMonitor} from '../../source/monitor/monitor.js';
import type {MonitorEvent} from '../../source/monitor/types.js';
import {eventRecord} from '../../source/modes/json-record.js';
import {createPlainStream} from '../../source/modes/plain-stream.js';
import {closeProbes, probeCheck} from '../../source/probes/index.js';
import {connectHistory} from '../../source/release/connect-history.js';
import {loadHistory} from '../../source/release/history-load.js';
import {prepareReport} from '../../source/release/prepare-report.js';
import {renderReport} from '../../source/release/report.js';
import {createTheme} from '../../source/ui/theme.js';
import {detailLines} from '../../source/ui/view/detail-lines.js';

/**
 * A service whose health answer has a request id beside its version, and a checks.yaml that reads the request id
 * as the version by mistake: every probe reads a new "version".
 */
describe('a check that reads a request id as its version', () => {
	let server: http.Server;
	let directory = '';
	let requests = 0;
	beforeAll(async () => {
		server = http.createServer((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({status: 'UP', version: '1.4.0', requestId: `9f${String(requests++).padStart(6, '0')}`}));
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		directory = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-version-noise-'));
	});
	afterAll(async () => {
		await closeProbes();
		server.closeAllConnections();
		await new Promise(resolve => server.close(resolve));
		fs.rmSync(directory, {recursive: true, force: true});
	});

	it('marks it a few times, then says once on every output that it is no version, and marks no more', async () => {
		const file = path.join(directory, 'checks.yaml');
		fs.writeFileSync(file, [
			'checks:',
			'  - name: orders api',
			`    url: http://127.0.0.1:${(server.address() as AddressInfo).port}/health`,
			// Its timeout is the interval: under load a probe may time out and read no version, so the values below
			// are five different ones, not five in a row.
			'    interval: 100ms',
			'    version: {json: requestId}',
			'',
		].join('\n'));
		const {checks} = loadConfig(file);
		const checksById = new Map(checks.map(check => [check.id, check] as const));
		const historyFile = path.join(directory, 'history.jsonl');
		const monitor = createMonitor({checks, probe: probeCheck, random: () => 0});
		const connection = connectHistory({monitor, file: historyFile, secrets: []});
		const lines: string[] = [];
		const plain = createPlainStream(line => lines.push(line), () => checksById);
		const records: Array<Record<string, unknown>> = [];
		let results = 0;
		const enough = new Promise<void>(resolve => {
			monitor.onEvent((event: MonitorEvent) => {
				plain.onEvent(event);
				const record = eventRecord(event, checksById);
				if (record !== undefined && record.type !== 'result') records.push(record);
				if (event.type === 'result' && ++results === 30) resolve();
			});
		});
		monitor.start();
		await enough;
		await monitor.stop();
		connection.close();

		// Three markers before the fifth value within the window: then none, for 25 more new values.
		expect(lines.filter(line => line.includes(' marker: '))).toHaveLength(3);
		const said = lines.filter(line => line.includes('no deployed version'));
		expect(said).toHaveLength(1);
		expect(said[0]).toMatch(/^\S+Z orders api: version \(json requestId\) is no deployed version, so no more deploy markers from it: read a field that changes only with a deploy \(build version, commit\); it took 5 values in (under a second|\d+s) \(…, 9f\d{6}, 9f\d{6}, 9f\d{6}\): a request id, a counter, a time\?$/);

		const ignored = records.filter(record => record.type === 'versionIgnored');
		expect(ignored).toHaveLength(1);
		expect(ignored[0]).toMatchObject({name: 'orders api', check: 'orders api', series: null, source: 'json requestId'});
		expect(new Set(ignored[0]!.values as string[]).size).toBe(5);
		expect(records.filter(record => record.type === 'marker')).toHaveLength(3);

		const row = monitor.flush().rows[0]!;
		const pane = detailLines(row, {width: 80, now: Date.now(), theme: createTheme({color: false, ascii: false}), hyperlinks: false}).map(line => line.map(segment => segment.text).join(''));
		const at = pane.findIndex(line => /^version +9f\d{6} *$/.test(line));
		expect(at).toBeGreaterThan(-1);
		const under = pane.slice(at + 1);
		expect(under.slice(0, under.findIndex(line => !line.startsWith(' '))).map(line => line.trim()).join(' ')).toMatch(/^version \(json requestId\) is no deployed version, so no more deploy markers from it: read a field that changes only with a deploy \(build version, commit\); it took 5 values in .*: a request id, a counter, a time\?$/);

		// The report, from the history file: the markers it made, and why there are no more.
		const history = loadHistory(historyFile);
		expect(history.ignoredVersions?.map(item => [item.id, item.ignored.source])).toEqual([['orders api', 'json requestId']]);
		const input = prepareReport({configFile: 'checks.yaml', checks, history, now: Date.now()});
		if ('error' in input) throw new Error(input.error);
		const report = renderReport(input);
		expect(report).toMatch(/^- No version markers from orders api since .*: version \(json requestId\) is no deployed version/m);
		// The three markers its values made before they were judged are no deploys either: not listed, not compared around.
		expect(report).toMatch(/^- No version markers from orders api since [^:]+:\d\d:\d\d UTC \(its 3 markers before that left out\): /m);
		expect(report).not.toContain('(version change)');
		expect(report).toContain('no marker yet, nothing to compare');

		// A restart that reads it from the same place goes on ignoring it: no marker from the first value it reads.
		const again = createMonitor({checks, probe: probeCheck, random: () => 0, initialVersions: history.versions});
		const after: MonitorEvent[] = [];
		let more = 0;
		await new Promise<void>(resolve => {
			again.onEvent(event => {
				after.push(event);
				if (event.type === 'result' && ++more === 10) resolve();
			});
			again.start();
		});
		await again.stop();
		expect(after.filter(event => event.type === 'marker' || event.type === 'versionIgnored')).toEqual([]);
		expect(again.flush().rows[0]!.versionIgnored?.source).toBe('json requestId');
	}, 30_000);
});
