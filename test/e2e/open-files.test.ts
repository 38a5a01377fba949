import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startRawServer, type TestServer} from '../helpers/http-servers.js';
import {runToEnd} from '../helpers/run-cli.js';
import {nodeBinary, testStateHome, uptopBinary} from '../helpers/tmux.js';

// A target that accepts connections and never answers: every probe holds its socket until its timeout.
let hanging: TestServer;

beforeAll(async () => {
	hanging = await startRawServer(() => undefined);
});

afterAll(async () => hanging.close());

/** Runs `uptop ARGS` with its open-file limit (soft and hard: Node raises the soft one to the hard one) at `limit`. */
async function runWithOpenFiles(limit: number, args: readonly string[]): Promise<{code: number | null; stdout: string; stderr: string}> {
	// Without NODE_EXTRA_CA_CERTS (set on some machines): Node reads that file on a thread of its own at start-up,
	// and on a busy machine it got there after the probes had taken every descriptor, so Node's own warning
	// ("Ignoring extra certs … Too many open files") was on stderr. uptop's output is what this test is about.
	const {NODE_EXTRA_CA_CERTS: _extraCerts, ...inherited} = process.env;
	return runToEnd(['sh', '-c', `ulimit -n ${limit} && exec "$0" "$@"`, nodeBinary, uptopBinary, ...args], {
		env: {...inherited, NO_COLOR: '1', XDG_STATE_HOME: testStateHome},
		timeoutMs: 20_000,
	});
}

describe('uptop out of open files', () => {
	it('says the limit is uptop\'s own, per check, and carries on', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'uptop-open-files-'));
		const file = path.join(directory, 'checks.yaml');
		const checks = Array.from({length: 60}, (_, index) => `  - {name: hang-${String(index).padStart(2, '0')}, url: ${hanging.origin}/${index}}`);
		writeFileSync(file, ['defaults: {timeout: 1500ms}', 'checks:', ...checks, ''].join('\n'));
		// ~20 descriptors go to Node itself; 60 hanging probes (32 at once, more once the first are parked) need the rest.
		const run = await runWithOpenFiles(48, ['--once', '--json', file]);
		expect(run.stderr).toBe('');
		const records = run.stdout.trim().split('\n').map(line => JSON.parse(line) as {name: string; reason: {code: string; message: string} | null});
		expect(records).toHaveLength(60);
		const byCode = new Map<string, typeof records>();
		for (const record of records) {
			const code = record.reason?.code ?? 'none';
			byCode.set(code, [...(byCode.get(code) ?? []), record]);
		}
		// Some probes could not open a socket: named as uptop's limit, not as an unknown error or the target's.
		expect(byCode.get('local:files')?.length ?? 0).toBeGreaterThan(0);
		expect(byCode.get('local:files')![0]!.reason!.message).toBe('uptop has run out of open files (EMFILE): raise its limit (ulimit -n)');
		// The others reached the target and timed out on it, as they should.
		expect(byCode.get('timeout:headers')?.length ?? 0).toBeGreaterThan(0);
		expect([...byCode.keys()].sort()).toEqual(['local:files', 'timeout:headers']);
		expect(run.code).toBe(2);
	}, 30_000);
});
