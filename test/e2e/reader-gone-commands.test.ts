import {spawn} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {nodeBinary, requireBuild, shellQuote, uptopBinary} from '../helpers/tmux.js';

/*
 * `uptop --json | head -n 1`: once head has its line, uptop's next write meets a closed pipe and it exits. A command
 * check still running then is stopped as on any other exit: SIGTERM to its process group, and SIGKILL after the
 * grace when it ignores that, as a plugin stuck in a kernel wait or a careless script may.
 */
let directory: string;

beforeAll(() => {
	requireBuild();
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-reader-gone-'));
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

const isAlive = (pid: number): boolean => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

describe('stdout\'s reader going away while a command check runs', () => {
	it('stops the check\'s process group, with SIGKILL when it ignores SIGTERM', async () => {
		const pidFile = path.join(directory, 'stubborn.pid');
		const configFile = path.join(directory, 'checks.yaml');
		writeFileSync(configFile, [
			'checks:',
			'  - name: quick',
			'    kind: command',
			'    interval: 300ms',
			'    run: ["true"]',
			'  - name: stubborn',
			'    kind: command',
			'    timeout: 30s',
			'    interval: 60s',
			// The shell ignores SIGTERM, and so does the sleep it runs (an ignored signal stays ignored across exec).
			`    run: [sh, -c, ${JSON.stringify(`trap '' TERM; echo $$ > ${shellQuote(pidFile)}; sleep 30`)}]`,
			'',
		].join('\n'));
		// The reader leaves once it has a line and the stubborn check has started (on a busy machine the quick one's
		// line can come first).
		const reader = `{ head -n 1; while [ ! -s ${shellQuote(pidFile)} ]; do sleep 0.05; done; }`;
		const pipeline = spawn('sh', ['-c', `${nodeBinary} ${uptopBinary} --json --no-history ${shellQuote(configFile)} | ${reader}`], {stdio: ['ignore', 'pipe', 'pipe']});
		let output = '';
		pipeline.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
		});
		const code = await new Promise<number | null>(resolve => {
			pipeline.on('exit', resolve);
		});
		expect(code).toBe(0);
		expect(output.split('\n').filter(Boolean)).toHaveLength(1);
		expect(existsSync(pidFile)).toBe(true);
		const pid = Number(readFileSync(pidFile, 'utf8'));
		// The pipeline ends when uptop has: its cleanups ran first, and SIGKILL follows a 2 s grace.
		const deadline = Date.now() + 5000;
		while (isAlive(pid) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 100));
		expect(isAlive(pid), 'the stubborn check\'s shell outlived uptop').toBe(false);
	});
	it('exits 1, not 0, when the --report FILE it was asked for cannot be written on the way out', async () => {
		const configFile = path.join(directory, 'quick.yaml');
		writeFileSync(configFile, ['checks:', '  - name: quick', '    kind: command', '    interval: 300ms', '    run: ["true"]', ''].join('\n'));
		// The report's directory is there when uptop starts (it checks) and gone, removed by the reader, when it exits.
		const reportDirectory = path.join(directory, 'reports');
		mkdirSync(reportDirectory);
		const report = path.join(reportDirectory, 'release.md');
		const stateDir = path.join(directory, 'state');
		const reader = `{ head -n 1 > /dev/null; rm -r ${shellQuote(reportDirectory)}; }`;
		const pipeline = spawn('bash', ['-c', `${nodeBinary} ${uptopBinary} --json --state-dir ${shellQuote(stateDir)} --report ${shellQuote(report)} ${shellQuote(configFile)} | ${reader}; echo "uptop=\${PIPESTATUS[0]}"`], {stdio: ['ignore', 'pipe', 'pipe']});
		let output = '';
		pipeline.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
		});
		let errors = '';
		pipeline.stderr.on('data', (chunk: Buffer) => {
			errors += chunk.toString();
		});
		await new Promise(resolve => {
			pipeline.on('exit', resolve);
		});
		expect(errors).toMatch(/report/);
		expect(output.trim()).toBe('uptop=1');
	});
});
