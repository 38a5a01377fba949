import http from 'node:http';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

/** A proxy (that answers every request 502) and a target: where uptop's request went tells which it used. */
const proxyPort = 20152;
const targetPort = 20153;
let proxy: http.Server;
let target: http.Server;
const reached: string[] = [];
let directory: string;
let configFile: string;

async function listen(server: http.Server, port: number): Promise<void> {
	await new Promise<void>(resolve => {
		server.listen(port, '127.0.0.1', resolve);
	});
}

beforeAll(async () => {
	proxy = http.createServer((request, response) => {
		reached.push(`proxy ${request.url}`);
		response.writeHead(502).end();
	});
	target = http.createServer((request, response) => {
		reached.push(`target ${request.url}`);
		response.writeHead(200).end('ok');
	});
	await Promise.all([listen(proxy, proxyPort), listen(target, targetPort)]);
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-proxy-'));
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, `checks:\n  - name: api\n    url: http://127.0.0.1:${targetPort}/health\n`);
});

afterAll(() => {
	proxy?.close();
	target?.close();
	rmSync(directory, {recursive: true, force: true});
});

const proxyUrl = `http://ops:hunter2@127.0.0.1:${proxyPort}`;
// The others set empty, as unset: the test's own environment may name a proxy.
const proxyEnv = {HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl, http_proxy: proxyUrl, NODE_USE_ENV_PROXY: '1', https_proxy: '', ALL_PROXY: '', all_proxy: '', NO_PROXY: '', no_proxy: ''};

describe('a proxy named in the environment', () => {
	it('is not used by uptop\'s requests, even with NODE_USE_ENV_PROXY=1: the check goes straight to its target', async () => {
		reached.length = 0;
		const run = await runCli(['--once', '--no-history', configFile], {env: proxyEnv});
		expect(run.code, run.stderr).toBe(0);
		expect(reached).toEqual(['target /health']);
	});

	it('is said by `uptop validate`, by name, never with its value', async () => {
		const run = await runCli(['validate', configFile], {env: proxyEnv});
		expect(run.code).toBe(0);
		expect(run.stdout).toBe('1 check OK\n');
		expect(run.stderr).toBe('note: HTTPS_PROXY, HTTP_PROXY and http_proxy are set, but uptop ignores them: the requests of its 1 check with a url go straight to their targets, not through a proxy as curl\'s would; a target reachable only through the proxy fails (a refused connection, a timeout, a name that does not resolve).\n');
		expect(run.stderr).not.toContain('hunter2');
	});
});
