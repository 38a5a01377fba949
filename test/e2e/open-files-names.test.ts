import {once} from 'node:events';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDnsServer, type DnsServer} from '../helpers/dns-server.js';
import {runToEnd} from '../helpers/run-cli.js';
import {nodeBinary, testStateHome, uptopBinary} from '../helpers/tmux.js';

// Healthy targets: a web server that answers in 2 s (each probe that reaches it holds a socket that long) and a
// DNS server that knows `ok.test`. Every check of them that is not up could only be uptop's own fault.
let web: Server;
let port: number;
let dns: DnsServer;

beforeAll(async () => {
	web = createServer((_request, response) => {
		setTimeout(() => response.writeHead(200).end('ok'), 2000);
	});
	// Any free port: UPTOP_TEST_PORT is open-files-state.test.ts's, which may run at the same time.
	web.listen(0, '127.0.0.1');
	await once(web, 'listening');
	port = (web.address() as {port: number}).port;
	dns = await startDnsServer();
});

afterAll(async () => {
	web.closeAllConnections();
	await new Promise(resolve => web.close(resolve));
	await dns.close();
});

type JsonRow = {name: string; state: string; reason: {code: string; message: string} | null};

/** `uptop --once --json` on `lines` (a checks.yaml) with at most 48 open files: ~20 go to Node itself. */
async function runOutOfFiles(lines: readonly string[]): Promise<{code: number | null; rows: JsonRow[]; stderr: string}> {
	const directory = mkdtempSync(path.join(tmpdir(), 'uptop-open-files-names-'));
	const file = path.join(directory, 'checks.yaml');
	writeFileSync(file, ['defaults: {timeout: 10s, slow: 5s}', 'checks:', ...lines, ''].join('\n'));
	// Without NODE_EXTRA_CA_CERTS: Node reads that file at start-up and would warn when the probes took every descriptor.
	const {NODE_EXTRA_CA_CERTS: _extraCerts, ...inherited} = process.env;
	const {code, stdout, stderr} = await runToEnd(['bash', '-c', 'ulimit -n 48 && exec "$0" "$@"', nodeBinary, uptopBinary, '--once', '--json', file], {
		env: {...inherited, NO_COLOR: '1', XDG_STATE_HOME: testStateHome},
		timeoutMs: 25_000,
	});
	return {code, rows: stdout.trim().split('\n').filter(Boolean).map(line => JSON.parse(line) as JsonRow), stderr};
}

/**
 * 36 checks of the slow server by address, first: they take every descriptor, so that the checks after them (the 33rd
 * on, past the 32 probes run at once) start when none is left. So the first name looked up is looked up out of
 * descriptors, before glibc has read /etc/nsswitch.conf: that lookup says ENOTFOUND, not EMFILE.
 */
function holders(): string[] {
	return Array.from({length: 36}, (_, index) => `  - {name: hold-${String(index).padStart(2, '0')}, url: http://127.0.0.1:${port}/${index}}`);
}

const outOfFiles = {code: 'local:files', message: 'uptop has run out of open files (EMFILE): raise its limit (ulimit -n)'};

/** Rows of `prefix` that could not be probed say uptop's limit and are unknown; the rest are up; none is failing. */
function expectUnknownNotFailing(rows: readonly JsonRow[], prefix: string): void {
	const named = rows.filter(row => row.name.startsWith(prefix));
	expect(named.filter(row => row.state === 'failing').map(row => `${row.name}: ${row.reason?.code} ${row.reason?.message}`)).toEqual([]);
	const unknown = named.filter(row => row.state === 'unknown');
	// The limit was reached while these ran, or the test proves nothing.
	expect(unknown.length).toBeGreaterThan(0);
	for (const row of unknown) {
		expect(row.reason).toEqual(outOfFiles);
	}

	expect(new Set(named.map(row => row.state))).toEqual(new Set(unknown.length === named.length ? ['unknown'] : ['up', 'unknown']));
}

describe('uptop out of open files, on checks that look a name up', () => {
	it('a dns check says uptop cannot tell (unknown), not that the DNS server refused', async () => {
		// c-ares that cannot open its socket says ECONNREFUSED, as if the server had refused the query.
		const queries = Array.from({length: 12}, (_, index) => `  - {name: dns-${String(index).padStart(2, '0')}, kind: dns, query: ok.test, type: A, server: "127.0.0.1:${dns.port}"}`);
		const run = await runOutOfFiles([...holders(), ...queries]);
		expect(run.stderr).toBe('');
		expect(run.rows).toHaveLength(48);
		expectUnknownNotFailing(run.rows, 'dns-');
		expect(run.rows.filter(row => row.state === 'failing')).toEqual([]);
		expect(run.code).toBe(3);
	}, 40_000);

	it('a dns check whose server is a name says uptop cannot tell, not that the resolver\'s name was not found', async () => {
		const queries = Array.from({length: 12}, (_, index) => `  - {name: dns-${String(index).padStart(2, '0')}, kind: dns, query: ok.test, type: A, server: "localhost:${dns.port}"}`);
		const run = await runOutOfFiles([...holders(), ...queries]);
		expect(run.stderr).toBe('');
		expect(run.rows).toHaveLength(48);
		expectUnknownNotFailing(run.rows, 'dns-');
		expect(run.code).toBe(3);
	}, 40_000);

	it('an http check of a host name says uptop cannot tell (unknown), not "DNS: name not found"', async () => {
		// getaddrinfo that cannot open /etc/hosts or a socket says the name does not exist.
		const named = Array.from({length: 12}, (_, index) => `  - {name: named-${String(index).padStart(2, '0')}, url: "http://localhost:${port}/named/${index}"}`);
		const run = await runOutOfFiles([...holders(), ...named]);
		expect(run.stderr).toBe('');
		expect(run.rows).toHaveLength(48);
		expectUnknownNotFailing(run.rows, 'named-');
		expect(run.rows.filter(row => row.state === 'failing')).toEqual([]);
		expect(run.code).toBe(3);
	}, 40_000);

	it('a tcp check of a host name says uptop cannot tell (unknown), not "DNS: name not found"', async () => {
		const named = Array.from({length: 12}, (_, index) => `  - {name: named-${String(index).padStart(2, '0')}, kind: tcp, host: "localhost:${port}"}`);
		const run = await runOutOfFiles([...holders(), ...named]);
		expect(run.stderr).toBe('');
		expect(run.rows).toHaveLength(48);
		expectUnknownNotFailing(run.rows, 'named-');
		expect(run.rows.filter(row => row.state === 'failing')).toEqual([]);
		expect(run.code).toBe(3);
	}, 40_000);
});
