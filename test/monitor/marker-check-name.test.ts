import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {loadConfig} from '../../source/config/load-config.js';
import {createMonitor} from '../../source/monitor/monitor.js';
import type {Marker} from '../../source/monitor/types.js';
import {eventRecord} from '../../source/modes/json-record.js';
import {closeProbes, probeCheck} from '../../source/probes/index.js';
import {createTheme} from '../../source/ui/theme.js';
import {eventLines} from '../../source/ui/view/event-lines.js';
import {startHttpServer, type TestServer} from '../helpers/http-servers.js';

const secret = 'tok-5Vq81zRr';
const env = {SVC: secret};
let server: TestServer;
let directory: string;
let version = '1.0';

beforeAll(async () => {
	server = await startHttpServer((_request, response) => {
		response.writeHead(200, {'x-version': version}).end('ok');
	});
	directory = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-marker-name-'));
});

afterAll(async () => {
	await closeProbes();
	await server?.close();
	fs.rmSync(directory, {recursive: true, force: true});
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('timed out waiting');
		await new Promise(resolve => {
			setTimeout(resolve, 20);
		});
	}
}

describe('a marker of a check named from the environment', () => {
	it('names its check •••• in the events view and the --json stream after a reload removed the check', async () => {
		const file = path.join(directory, 'checks.yaml');
		const secretCheck = `  - {name: "\${SVC} api", url: "${server.origin}/api", version: {header: x-version}, interval: 200ms, timeout: 150ms}`;
		const orders = `  - {name: orders api, url: "${server.origin}/orders", interval: 200ms, timeout: 150ms}`;
		fs.writeFileSync(file, ['checks:', secretCheck, orders, ''].join('\n'));
		const first = loadConfig(file, {env});
		const monitor = createMonitor({checks: first.checks, probe: probeCheck, publishIntervalMs: 20});
		const markers: Marker[] = [];
		monitor.onEvent(event => {
			if (event.type === 'marker') markers.push(event.marker);
		});
		monitor.start();
		try {
			await waitFor(() => monitor.getSnapshot().rows.some(row => row.version === '1.0'));
			version = '1.1';
			await waitFor(() => markers.some(marker => marker.source === 'version'));
			monitor.send({type: 'mark', label: 'canary', source: 'key', checkId: `${secret} api`});

			fs.writeFileSync(file, ['checks:', orders, ''].join('\n'));
			const reloaded = loadConfig(file, {env});
			monitor.send({type: 'setChecks', checks: reloaded.checks});
			await waitFor(() => monitor.getSnapshot().rows.length === 1 && monitor.getSnapshot().markers.length === 2);

			const snapshot = monitor.getSnapshot();
			const theme = createTheme({color: false, ascii: false});
			for (const width of [60, 100, 200]) {
				const lines = eventLines(snapshot, {width, theme}).map(line => line.map(segment => segment.text).join(''));
				expect(lines.join('\n'), `at ${width}`).not.toContain(secret);
				expect(lines.find(line => line.includes('canary')), `at ${width}`).toMatch(/canary \(key, •••• api\)/);
				expect(lines.find(line => line.includes('→')), `at ${width}`).toMatch(/│ deploy {2}•••• api 1\.0 → 1\.1 \(version\) *$/);
			}

			const checksById = new Map(reloaded.checks.map(check => [check.id, check] as const));
			const records = snapshot.markers.map(marker => eventRecord({type: 'marker', marker}, checksById));
			expect(JSON.stringify(records)).not.toContain(secret);
			expect(records).toEqual([
				expect.objectContaining({type: 'marker', label: '•••• api 1.0 → 1.1', source: 'version', check: '•••• api'}),
				expect.objectContaining({type: 'marker', label: 'canary', source: 'key', check: '•••• api'}),
			]);
		} finally {
			await monitor.stop();
		}
	}, 15_000);
});
