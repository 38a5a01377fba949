import {execFile} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {nodeBinary, requireBuild, shellQuote, uptopBinary} from '../helpers/tmux.js';

/*
 * `uptop --once | head -1` under `set -o pipefail`, or `| grep -q`: the reader may leave before the table is all
 * written. The verdict is known by then; the exit code is a deploy gate's answer and must not turn into 0.
 */
let directory: string;
let configFile: string;

beforeAll(async () => {
	requireBuild();
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-once-reader-gone-'));
	// A port nothing listens on: every check fails at once, refused.
	const server = net.createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as net.AddressInfo;
	await new Promise(resolve => server.close(resolve));
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, `checks:\n${Array.from({length: 3}, (_, index) => `  - {name: db ${index}, kind: tcp, host: "127.0.0.1:${port}"}\n`).join('')}`);
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

const run = promisify(execFile);

describe('--once whose reader leaves before the table is written', () => {
	it.each([['the table', ''], ['--json', ' --json'], ['--wait', ' --wait 1s']])('exits with the verdict, not 0 (%s)', async (_name, flags) => {
		// `true` has gone before uptop writes a byte: its first write meets a closed pipe.
		const {stdout} = await run('bash', ['-c', `${nodeBinary} ${uptopBinary} --once${flags} --no-history ${shellQuote(configFile)} 2>/dev/null | true; echo "uptop=\${PIPESTATUS[0]}"`], {timeout: 20_000});
		expect(stdout.trim()).toBe('uptop=2');
	});
});
