import {chmodSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {describe, expect, it} from 'vitest';
import {runToEnd} from '../helpers/run-cli.js';
import {nodeBinary, testStateHome, uptopBinary} from '../helpers/tmux.js';

type JsonRow = {name: string; state: string; reason: {code: string; message: string} | null};

describe('uptop out of open files, with command checks', () => {
	it('reads the commands it could not start as unknown (local:files), and does not crash', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'uptop-open-files-commands-'));
		// Each run holds its two output pipes for a second: 30 at once need more descriptors than the limit leaves.
		const script = path.join(directory, 'slow.sh');
		writeFileSync(script, '#!/bin/sh\nsleep 1\necho OK\n');
		chmodSync(script, 0o755);
		const file = path.join(directory, 'checks.yaml');
		const checks = Array.from({length: 30}, (_, index) => `  - {name: cmd-${String(index).padStart(2, '0')}, kind: command, run: [${script}]}`);
		writeFileSync(file, ['defaults: {timeout: 10s, slow: 5s}', 'checks:', ...checks, ''].join('\n'));
		// Without NODE_EXTRA_CA_CERTS: Node reads that file at start-up and would warn when the probes took every descriptor.
		const {NODE_EXTRA_CA_CERTS: _extraCerts, ...inherited} = process.env;
		const {code, stdout, stderr} = await runToEnd(['sh', '-c', 'ulimit -n 48 && exec "$0" "$@"', nodeBinary, uptopBinary, '--once', '--json', file], {
			env: {...inherited, NO_COLOR: '1', XDG_STATE_HOME: testStateHome},
			timeoutMs: 25_000,
		});

		expect(stderr).toBe('');
		const rows = stdout.trim().split('\n').map(line => JSON.parse(line) as JsonRow);
		expect(rows).toHaveLength(30);
		const unknown = rows.filter(row => row.state === 'unknown');
		expect(unknown.length).toBeGreaterThan(0);
		for (const row of unknown) {
			expect(row.reason).toEqual({code: 'local:files', message: 'uptop has run out of open files (EMFILE): raise its limit (ulimit -n)'});
		}

		expect(rows.filter(row => row.state === 'up').length).toBeGreaterThan(0);
		expect(new Set(rows.map(row => row.state))).toEqual(new Set(['up', 'unknown']));
		// Nagios UNKNOWN: uptop could not tell, which is not the exit of a crash (1).
		expect(code).toBe(3);
	}, 40_000);
});
