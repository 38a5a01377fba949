import {once} from 'node:events';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runToEnd} from '../helpers/run-cli.js';
import {nodeBinary, testStateHome, uptopBinary} from '../helpers/tmux.js';

// A healthy target that takes its time: every probe that reaches it holds its socket for 2 s, then passes.
let server: Server;
let origin: string;

beforeAll(async () => {
	server = createServer((_request, response) => {
		setTimeout(() => response.writeHead(200).end('ok'), 2000);
	});
	// A runner that hands out ports to parallel jobs sets UPTOP_TEST_PORT; otherwise any free one.
	server.listen(Number(process.env.UPTOP_TEST_PORT ?? 0), '127.0.0.1');
	await once(server, 'listening');
	const address = server.address() as {port: number};
	origin = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
});

type JsonRow = {name: string; state: string; reason: {code: string; message: string} | null};

describe('uptop out of open files, against healthy targets', () => {
	it('says it cannot tell (unknown), never that a target that is fine is failing', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'uptop-open-files-state-'));
		const file = path.join(directory, 'checks.yaml');
		const checks = Array.from({length: 60}, (_, index) => `  - {name: slow-${String(index).padStart(2, '0')}, url: ${origin}/${index}}`);
		writeFileSync(file, ['defaults: {timeout: 10s, slow: 5s}', 'checks:', ...checks, ''].join('\n'));
		// Without NODE_EXTRA_CA_CERTS: Node reads that file at start-up and would warn when the probes took every descriptor.
		const {NODE_EXTRA_CA_CERTS: _extraCerts, ...inherited} = process.env;
		// ~20 descriptors go to Node itself; 60 probes that each hold a socket for 2 s need more than the rest.
		const {code, stdout, stderr} = await runToEnd(['bash', '-c', 'ulimit -n 48 && exec "$0" "$@"', nodeBinary, uptopBinary, '--once', '--json', file], {
			env: {...inherited, NO_COLOR: '1', XDG_STATE_HOME: testStateHome},
			timeoutMs: 25_000,
		});

		expect(stderr).toBe('');
		const rows = stdout.trim().split('\n').map(line => JSON.parse(line) as JsonRow);
		expect(rows).toHaveLength(60);
		const unknown = rows.filter(row => row.state === 'unknown');
		// Some probes could not open a socket: uptop cannot tell how those targets are, and says why.
		expect(unknown.length).toBeGreaterThan(0);
		for (const row of unknown) {
			expect(row.reason).toEqual({code: 'local:files', message: 'uptop has run out of open files (EMFILE): raise its limit (ulimit -n)'});
		}

		// The others reached the target, which is fine; none is failing.
		expect(rows.filter(row => row.state === 'failing')).toEqual([]);
		expect(rows.filter(row => row.state === 'up').length).toBeGreaterThan(0);
		expect(new Set(rows.map(row => row.state))).toEqual(new Set(['up', 'unknown']));
		// Nagios UNKNOWN, not CRITICAL: a deploy gate is not told of an outage that did not happen.
		expect(code).toBe(3);
	}, 40_000);
});
