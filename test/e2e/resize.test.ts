import http from 'node:http';
import net from 'node:net';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {hasTmux, nodeBinary, requireBuild, TmuxPane, uptopBinary} from '../helpers/tmux.js';

const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

/** A port nothing listens on: one the kernel gave out and took back. */
async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as net.AddressInfo;
	await new Promise(resolve => {
		server.close(resolve);
	});
	return port;
}

/**
 * A fleet like a real one: checks with a group and an owner beside checks with neither (their rows share a long
 * run of blanks with the row above, where a frame written as changes to a wrapped one kept the wrong text), a
 * version column, failing, warn and unknown rows.
 */
function fleet(port: number, closed: number): {yaml: string; names: string[]} {
	const checks = [
		['static site', `url: http://127.0.0.1:${port}/ok`, 'group: platform'],
		['health json', `url: http://127.0.0.1:${port}/ver`, 'group: platform', 'version: {json: version}'],
		['down svc', `url: http://127.0.0.1:${port}/fail`, 'group: jobs'],
		['closed port http', `url: http://127.0.0.1:${closed}/`, 'group: platform'],
		['closed tcp', 'kind: tcp', `host: "127.0.0.1:${closed}"`],
		['open tcp', 'kind: tcp', `host: "127.0.0.1:${port}"`],
		['cmd warn', 'kind: command', 'run: [sh, -c, "echo DISK WARNING; exit 1"]', 'group: jobs'],
		['cmd unknown', 'kind: command', 'run: [sh, -c, "echo UNKNOWN; exit 3"]'],
		['payments-api eu-west-1 primary health', `url: http://127.0.0.1:${port}/ok`, 'group: payments'],
		['payments-api us-east-1 primary health', `url: http://127.0.0.1:${port}/ok`, 'group: payments'],
		['versioned svc', `url: http://127.0.0.1:${port}/ver`, 'group: platform', 'version: {json: version}', 'owner: "@ver-team"'],
		['toggle svc', `url: http://127.0.0.1:${port}/ok`, 'group: jobs'],
		['bare api', `url: http://127.0.0.1:${port}/ok`],
		['prüfung 日本語 check', `url: http://127.0.0.1:${port}/ok`, 'owner: "@jp-team"'],
		['ledger', `url: http://127.0.0.1:${port}/ok`, 'group: payments'],
		['search', `url: http://127.0.0.1:${port}/ok`],
	];
	const yaml = [
		'defaults: {interval: 1s, timeout: 1s}',
		'groups:',
		'  payments: {owner: "@payments-oncall"}',
		'  platform: {owner: "@platform-sre"}',
		'  jobs: {owner: "@data-eng-with-a-long-handle"}',
		'checks:',
		...checks.map(([name, ...lines]) => `  - name: ${name!}\n${lines.map(line => `    ${line}`).join('\n')}`),
		'',
	].join('\n');
	return {yaml, names: checks.map(([name]) => name!)};
}

const rowPattern = /^[> ] [✗✓◔!?○] (?:failing|unknown|warn|slow|pending|up)\s+(\S.*?)\s{2,}/;

describe.skipIf(isTmuxMissing)('the live screen after the terminal is resized', () => {
	let server: http.Server;
	let directory: string;
	let names: string[] = [];
	const panes: TmuxPane[] = [];

	beforeAll(async () => {
		requireBuild();
		server = http.createServer((request, response) => {
			if (request.url === '/fail') {
				response.writeHead(500).end('down');
				return;
			}

			response.writeHead(200, {'content-type': 'application/json'}).end(request.url === '/ver' ? '{"version":"1.4.2"}' : '{"status":"UP"}');
		});
		await new Promise<void>(resolve => {
			server.listen(0, '127.0.0.1', resolve);
		});
		const config = fleet((server.address() as net.AddressInfo).port, await closedPort());
		names = config.names;
		directory = mkdtempSync(path.join(tmpdir(), 'uptop-resize-'));
		writeFileSync(path.join(directory, 'checks.yaml'), config.yaml);
	});

	afterAll(() => {
		for (const pane of panes) pane.kill();
		server?.close();
	});

	it.each([
		['narrowed, the rows filling the screen', 120, 19, 110, 19],
		['narrowed, with rows to spare', 120, 30, 100, 30],
		['narrowed and made shorter', 120, 30, 90, 19],
		['widened', 100, 19, 130, 19],
	])('draws every row whole, each check once, when %s', async (_name, columns, rows, toColumns, toRows) => {
		const pane = TmuxPane.start(`${nodeBinary} ${uptopBinary} --no-history checks.yaml`, {cwd: directory, columns, rows});
		panes.push(pane);
		await pane.waitFor(text => /failing\s+down svc/.test(text) && /warn\s+cmd warn/.test(text) && /unknown\s+cmd unknown/.test(text), 20_000);
		pane.resize(toColumns, toRows);
		// What a person sees once the drag is over: given time to settle, the screen must be a whole frame.
		await new Promise(resolve => {
			setTimeout(resolve, 1500);
		});
		const lines = pane.capture().split('\n');
		const table = lines.slice(2).filter(line => line.trim() !== '' && !line.includes('? help'));
		const shown = table.map(line => rowPattern.exec(line)?.[1]);
		expect(shown.every(name => name !== undefined), lines.join('\n')).toBe(true);
		expect(new Set(shown).size, lines.join('\n')).toBe(shown.length);
		expect(shown.length).toBe(Math.min(names.length, toRows - 3));
		expect(lines.filter(line => line.includes('? help')), lines.join('\n')).toHaveLength(1);
		for (const line of lines) expect([...line].length).toBeLessThanOrEqual(toColumns);
		pane.sendKeys('q');
	}, 60_000);
});
