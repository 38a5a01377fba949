import http from 'node:http';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

// One check sends the token; another, a debug endpoint, echoes it in its failing body, in a header it reads the
// version from, and in the reason; a third is named after a tenant another check sends.
const token = 'tok_9f8e7d6c5b4a3210';
const tenant = 'acme-corp-0042';
const env = {UPTOP_TEST_API_TOKEN: token, UPTOP_TEST_TENANT: tenant};

let server: http.Server;
let directory: string;
let configFile: string;

beforeAll(async () => {
	server = http.createServer((request, response) => {
		if (request.url === '/debug') {
			response.writeHead(500, {'content-type': 'application/json', 'x-version': `2.0-${token}`}).end(JSON.stringify({status: `bad token ${token}`, config: {upstream_token: token}}));
			return;
		}

		response.writeHead(200).end('ok');
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as {port: number};
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-cross-secrets-'));
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, [
		'checks:',
		'  - name: api with token',
		`    url: http://127.0.0.1:${port}/health`,
		'    headers: {Authorization: "Bearer ${UPTOP_TEST_API_TOKEN}", X-Tenant: "${UPTOP_TEST_TENANT}"}',
		'  - name: debug endpoint',
		`    url: http://127.0.0.1:${port}/debug`,
		'    owner: "@team"',
		'    version: {header: X-Version}',
		'    expect: {status: 200, json: {status: UP}}',
		`  - name: tenant ${tenant} db`,
		`    url: http://127.0.0.1:${port}/health`,
		'',
	].join('\n'));
});

afterAll(() => {
	server?.closeAllConnections();
	server?.close();
	if (directory) rmSync(directory, {recursive: true, force: true});
});

const state = () => ['--state-dir', path.join(directory, 'state')];

describe('a secret of one check, echoed by another', () => {
	it('is hidden in the other check\'s --once table, --json records and plain lines', async () => {
		const once = await runCli(['--once', ...state(), configFile], {env});
		expect(once.code).toBe(2);
		expect(once.stdout).toContain('debug endpoint');
		expect(once.stdout).toContain('upstream_token');
		expect(once.stdout).toContain('tenant •••• db');
		const json = await runCli(['--once', '--json', ...state(), configFile], {env});
		expect(json.stdout).toContain('"upstream_token');
		// Plain lines (stdout no terminal, neither --once nor --json): the failure with its body, and the version.
		const plain = await runCli([...state(), configFile], {env, timeoutMs: 3000});
		expect(plain.stdout).toMatch(/debug endpoint: pending → failing/);
		expect(plain.stdout).toContain('upstream_token');
		for (const text of [once.stdout, once.stderr, json.stdout, json.stderr, plain.stdout, plain.stderr]) {
			expect(text).not.toContain(token);
			expect(text).not.toContain(tenant);
		}
	}, 20_000);

	it('is hidden in what --only says when it matches no check', async () => {
		const miss = await runCli(['--once', '--only', 'nothing*', ...state(), configFile], {env});
		expect(miss.code).toBe(3);
		expect(miss.stderr).toContain('tenant •••• db');
		expect(miss.stderr).not.toContain(tenant);
	}, 20_000);
});
