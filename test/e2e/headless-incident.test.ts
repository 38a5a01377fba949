import http from 'node:http';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli, startUptop} from '../helpers/run-cli.js';

/*
 * An incident as the headless outputs tell it: a database is down, so the services in front of it answer 503
 * with a body that names the cause, and the table's "status 503, expected 200" does not.
 */
const cause = (service: string) => `{"error":"${service}: database 127.0.0.1:5432 connection refused"}`;

let server: http.Server;
let base: string;
let directory: string;

function writeConfig(name: string, lines: readonly string[]): string {
	const file = path.join(directory, name);
	writeFileSync(file, `${lines.join('\n')}\n`);
	return file;
}

beforeAll(async () => {
	server = http.createServer((request, response) => {
		const url = request.url ?? '/';
		if (url === '/ok') {
			response.writeHead(200, {'content-type': 'application/json'}).end('{"status":"UP"}');
		} else if (url.startsWith('/echo')) {
			// A proxy that echoes what it was sent: the token must not come back out of uptop.
			response.writeHead(503, {'content-type': 'text/plain'}).end(`rejected ${request.headers.authorization ?? ''}\n\u001B]0;pwned\u0007retry later — 日本`);
		} else {
			response.writeHead(503, {'content-type': 'application/json'}).end(cause(url.slice(1)));
		}
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	base = `http://127.0.0.1:${(server.address() as {port: number}).port}`;
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-incident-'));
});

afterAll(() => {
	server?.closeAllConnections();
	server?.close();
});

describe('plain state-change lines during an incident', () => {
	const config = () => writeConfig('plain.yaml', [
		'defaults: {interval: 250ms, timeout: 200ms}',
		'checks:',
		`  - {name: orders api, url: ${base}/orders}`,
		`  - {name: stock api, url: ${base}/ok}`,
		`  - {name: gateway, url: "${base}/echo", headers: {Authorization: "Bearer \${INCIDENT_TOKEN}"}}`,
	]);

	it('say what came back for a check that turned failing, not for one that came up', async () => {
		const uptop = startUptop(['--no-history', config()], {env: {INCIDENT_TOKEN: 'tok-incident-9'}});
		await uptop.waitUntil(() => uptop.stdout().split('\n').length > 3, 8000);
		await uptop.stop();
		const output = uptop.stdout();
		expect(output).toMatch(/ orders api: pending → failing \(\S+ ms\) — status 503, expected 2xx — body: \{"error":"orders: database 127\.0\.0\.1:5432 connection refused"\}$/m);
		expect(output).toMatch(/ stock api: pending → up \(\S+ ms\)$/m);
		expect(output).toMatch(/ gateway: pending → failing .* — body: rejected •••• ⏎ \^\[\]0;pwned\^Gretry later — 日本$/m);
		expect(output).not.toContain('tok-incident-9');
		expect(output).not.toContain('\u001B');
	});

	it('keep to ASCII with --ascii, the excerpt included', async () => {
		const uptop = startUptop(['--no-history', '--ascii', config()], {env: {INCIDENT_TOKEN: 'tok-incident-9'}});
		await uptop.waitUntil(() => uptop.stdout().split('\n').length > 3, 8000);
		await uptop.stop();
		const output = uptop.stdout();
		expect(output).not.toMatch(/[^\u0000-\u007F]/u);
		expect(output).toMatch(/ gateway: pending -> failing .* - body: rejected \*\*\*\* \| \^\[\]0;pwned\^Gretry later - \?\?\?\?$/m);
	});
});

describe('--json during an incident', () => {
	const config = () => writeConfig('json.yaml', [
		'defaults: {interval: 250ms, timeout: 200ms}',
		'checks:',
		`  - {name: orders api, url: ${base}/orders}`,
		`  - {name: stock api, url: ${base}/ok}`,
		`  - {name: gateway, url: "${base}/echo", headers: {Authorization: "Bearer \${INCIDENT_TOKEN}"}}`,
	]);

	it('--once --json gives each check that is not up what came back as `excerpt`, and null to one that is up', async () => {
		const run = await runCli(['--once', '--json', '--no-history', config()], {env: {INCIDENT_TOKEN: 'tok-incident-9'}});
		expect(run.code).toBe(2);
		const records = run.stdout.trim().split('\n').map(line => JSON.parse(line) as {name: string; excerpt: string | null});
		expect(records.map(record => [record.name, record.excerpt])).toEqual([
			['orders api', cause('orders')],
			['stock api', null],
			['gateway', 'rejected •••• ⏎ ^[]0;pwned^Gretry later — 日本'],
		]);
		expect(run.stdout).not.toContain('tok-incident-9');
	});

	it('the stream carries the same `excerpt` in its results', async () => {
		const uptop = startUptop(['--json', '--no-history', config()], {env: {INCIDENT_TOKEN: 'tok-incident-9'}});
		const results = () => uptop.records<{type: string; name: string; excerpt: string | null}>().filter(record => record.type === 'result');
		await uptop.waitUntil(() => new Set(results().map(record => record.name)).size === 3, 8000);
		await uptop.stop();
		const excerptOf = (name: string) => results().find(record => record.name === name)?.excerpt;
		expect(excerptOf('orders api')).toBe(cause('orders'));
		expect(excerptOf('stock api')).toBeNull();
		expect(excerptOf('gateway')).toBe('rejected •••• ⏎ ^[]0;pwned^Gretry later — 日本');
		expect(uptop.stdout()).not.toContain('tok-incident-9');
	});
});

describe('--once during an incident', () => {
	it('says the owner, runbook and rollback that 23 failing checks share once, each check with its own body and target', async () => {
		const services = Array.from({length: 23}, (_, index) => `svc-${String(index + 1).padStart(2, '0')}`);
		const file = writeConfig('incident.yaml', [
			'defaults:',
			'  owner: "@db-oncall"',
			'  runbook: https://wiki.example/db-down',
			'  rollback: |',
			'    helm rollback orders-db',
			'    then replay the queue',
			'checks:',
			`  - {name: stock api, url: ${base}/ok}`,
			...services.map(service => `  - {name: ${service}, url: ${base}/${service}}`),
		]);
		const run = await runCli(['--once', '--no-history', file]);
		expect(run.code).toBe(2);
		const followUp = run.stdout.slice(run.stdout.indexOf('\n\n') + 2).trimEnd().split('\n');
		expect(followUp.slice(0, 5)).toEqual([
			'23 checks share this owner, runbook and rollback:',
			'  owner     @db-oncall',
			'  runbook   https://wiki.example/db-down',
			'  rollback  helm rollback orders-db',
			'            then replay the queue',
		]);
		expect(followUp.slice(5, 8)).toEqual([
			'  failing  svc-01',
			`    body      ${cause('svc-01')}`,
			`    target    GET ${base}/svc-01`,
		]);
		for (const service of services) expect(followUp).toContain(`    body      ${cause(service)}`);
		expect(followUp.filter(line => line.includes('@db-oncall'))).toHaveLength(1);
		expect(followUp).toHaveLength(5 + (23 * 3));
	});
});
