import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {historyFileFor} from '../../source/release/history-records.js';
import {startRawServer, type TestServer} from '../helpers/http-servers.js';
import {nodeBinary, requireBuild, uptopBinary} from '../helpers/tmux.js';

// Slow checks that hold every descriptor uptop may open: opening the history file (to write it, or to read the
// markers another process appends) fails now and then with EMFILE, and works again a moment later. That is no
// "history disabled for this run", which was said while the file kept growing.
let hanging: TestServer;

beforeAll(async () => {
	requireBuild();
	hanging = await startRawServer(() => undefined);
});

afterAll(async () => hanging.close());

describe('history while uptop is out of open files now and then', () => {
	it('is not said to be disabled while it is written, and no EMFILE is said in Node\'s words', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'uptop-history-open-files-'));
		const file = path.join(directory, 'slow.yaml');
		const stateDir = path.join(directory, 'state');
		const checks = Array.from({length: 300}, (_, index) => `  - {name: slow-${index}, url: ${hanging.origin}/${index}}`);
		writeFileSync(file, ['defaults: {interval: 2s, timeout: 1500ms}', 'checks:', ...checks, ''].join('\n'));
		const {NODE_EXTRA_CA_CERTS: _extraCerts, ...inherited} = process.env;
		const child = spawn('sh', ['-c', `ulimit -n 64 && exec "$0" "$@"`, nodeBinary, uptopBinary, '--json', file, '--state-dir', stateDir], {env: {...inherited, NO_COLOR: '1'}, stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const closed = new Promise<number | null>(resolve => child.on('close', resolve));
		await new Promise(resolve => setTimeout(resolve, 7000));
		child.kill('SIGTERM');
		expect(await closed).toBe(0);
		const results = readFileSync(historyFileFor(file, {stateDir}), 'utf8').split('\n').filter(line => line.includes('"t":"r"'));
		// Written all along: the run's probes finished every 2 s.
		expect(results.length).toBeGreaterThan(300);
		expect(stderr).not.toContain('history disabled');
		expect(stderr).not.toContain('too many open files');
		// A failed write, if there was one, is said as what it is, and then that it was written again.
		for (const line of stderr.split('\n').filter(Boolean)) {
			expect(line).toMatch(/^uptop: history (not written since \d\d:\d\d:\d\d \(retrying\): uptop has run out of open files \(EMFILE\): raise its limit \(ulimit -n\)|written again since \d\d:\d\d:\d\d)/);
		}
	}, 30_000);
});
