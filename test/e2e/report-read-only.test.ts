import {spawn, spawnSync} from 'node:child_process';
import {chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {requireBuild} from '../helpers/require-build.js';
import {nodeBinary, uptopBinary} from '../helpers/tmux.js';

/**
 * A release report someone made read-only (chmod 444) to keep it, in a directory uptop may write in. Root may
 * write any file whatever its mode, so as root the binary runs as nobody through setpriv, as a deploy user would.
 */
const isRoot = process.getuid?.() === 0;
const asUser = isRoot ? ['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
let directory: string;

beforeAll(() => {
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-report-read-only-'));
	// nobody must read the config, make the state directory and write in the directory of the report.
	chmodSync(directory, 0o777);
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

describe('--report FILE that is read-only', () => {
	it.skipIf(isRoot && !existsSync(asUser[0]!))('is refused at the start with exit 3, naming the file and why, and left as it was', () => {
		requireBuild();
		const config = path.join(directory, 'checks.yaml');
		writeFileSync(config, 'checks:\n  - name: api\n    url: http://127.0.0.1:9/health\n', {mode: 0o644});
		const file = path.join(directory, 'release-1.4.md');
		writeFileSync(file, 'the report of release 1.4, kept\n');
		chmodSync(file, 0o444);
		const [program, ...args] = [...asUser, nodeBinary, uptopBinary, '--json', '--state-dir', path.join(directory, 'state'), '--report', file, config];
		// Not refused, it watches until the timeout kills it.
		const uptop = spawnSync(program!, args, {encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}, timeout: 5000, killSignal: 'SIGTERM'});
		expect(uptop.stderr).toBe(`uptop: --report ${file}: it is read-only (mode 0444), so it is not replaced; name another file, or make this one writable to replace it\n`);
		expect(uptop.status).toBe(3);
		expect(uptop.stdout).toBe('');
		expect(readFileSync(file, 'utf8')).toBe('the report of release 1.4, kept\n');
		// Refused before anything was watched: no state directory made.
		expect(readdirSync(directory).sort()).toEqual(['checks.yaml', 'release-1.4.md']);
	}, 20_000);

	it.skipIf(isRoot && !existsSync(asUser[0]!))('made read-only while uptop ran, is kept at exit, said on stderr with exit 1', async () => {
		requireBuild();
		const config = path.join(directory, 'later.yaml');
		writeFileSync(config, 'defaults: {interval: 250ms, timeout: 200ms}\nchecks:\n  - name: api\n    url: http://127.0.0.1:9/health\n', {mode: 0o644});
		const file = path.join(directory, 'release-1.5.md');
		writeFileSync(file, 'an older report\n', {mode: 0o666});
		chmodSync(file, 0o666);
		const [program, ...args] = [...asUser, nodeBinary, uptopBinary, '--json', '--state-dir', path.join(directory, 'state-later'), '--report', file, config];
		const child = spawn(program!, args, {env: {...process.env, NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		const exited = new Promise<number | null>(resolve => {
			child.on('close', code => resolve(code));
		});
		for (let waited = 0; !stdout.includes('\n') && waited < 8000; waited += 50) await new Promise(resolve => setTimeout(resolve, 50));
		expect(stdout, stderr).toContain('\n');
		// The person keeps the old report while the release is watched.
		writeFileSync(file, 'the report of release 1.5, kept\n');
		chmodSync(file, 0o444);
		child.kill('SIGTERM');
		expect(await exited).toBe(1);
		expect(stderr).toMatch(new RegExp(`^uptop: cannot write the report to ${file.replaceAll('.', '\\.')}: it is read-only \\(mode 0444\\), so it is not replaced; `));
		expect(readFileSync(file, 'utf8')).toBe('the report of release 1.5, kept\n');
	}, 20_000);
});
