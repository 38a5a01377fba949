import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {describe, expect, it} from 'vitest';
import {canNarrowLocalPorts, withFewLocalPorts} from '../helpers/few-local-ports.js';
import {runToEnd} from '../helpers/run-cli.js';
import {nodeBinary, testStateHome, uptopBinary} from '../helpers/tmux.js';

// Two local ports for uptop's connections, and the target's port: all in a network namespace of the test's own.
const firstLocalPort = 19_230;
const lastLocalPort = 19_231;
const targetPort = 19_225;
const isAvailable = canNarrowLocalPorts(firstLocalPort, lastLocalPort);

/**
 * Inside the namespace: a healthy target that answers in 2 s (each probe that reaches it holds a local port that
 * long), then `uptop --once --json` on the checks file; exits with uptop's code.
 */
const driver = `
import {spawn} from 'node:child_process';
import {createServer} from 'node:http';
const [uptop, file, port] = process.argv.slice(2);
createServer((_request, response) => setTimeout(() => response.writeHead(200).end('ok'), 2000)).listen(Number(port), '127.0.0.1', () => {
	const child = spawn(process.execPath, [uptop, '--once', '--json', file], {stdio: 'inherit'});
	child.on('close', code => process.exit(code ?? 1));
});
`;

type JsonRow = {name: string; state: string; reason: {code: string; message: string} | null};

describe.skipIf(!isAvailable)(`uptop out of local ports${isAvailable ? '' : ' (skipped: no network namespace here)'}`, () => {
	it('says it cannot tell (unknown), never that a target that is fine is failing', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'uptop-local-ports-'));
		const file = path.join(directory, 'checks.yaml');
		const checks = Array.from({length: 6}, (_, index) => `  - {name: port-${index}, url: http://127.0.0.1:${targetPort}/${index}}`);
		writeFileSync(file, ['defaults: {timeout: 10s, slow: 5s}', 'checks:', ...checks, ''].join('\n'));
		const script = path.join(directory, 'driver.mjs');
		writeFileSync(script, driver);
		const {code, stdout, stderr} = await runToEnd(withFewLocalPorts(firstLocalPort, lastLocalPort, [nodeBinary, script, uptopBinary, file, String(targetPort)]), {
			env: {...process.env, NO_COLOR: '1', XDG_STATE_HOME: testStateHome},
			timeoutMs: 25_000,
		});

		expect(stderr).toBe('');
		const rows = stdout.trim().split('\n').map(line => JSON.parse(line) as JsonRow);
		expect(rows).toHaveLength(6);
		// Two probes took the two local ports and reached the target, which is fine.
		expect(rows.filter(row => row.state === 'up').length).toBeGreaterThan(0);
		// The others could not connect for want of a local port: uptop's host, not the target, and said so.
		const unknown = rows.filter(row => row.state === 'unknown');
		expect(unknown.length).toBeGreaterThan(0);
		for (const row of unknown) {
			expect(row.reason).toEqual({code: 'local:address', message: `this host has no free local port or address for 127.0.0.1:${targetPort} (EADDRNOTAVAIL)`});
		}

		expect(rows.filter(row => row.state === 'failing')).toEqual([]);
		// Nagios UNKNOWN, not CRITICAL: a deploy gate is not told of an outage that did not happen.
		expect(code).toBe(3);
	}, 40_000);
});
