import {spawn} from 'node:child_process';
import {closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {nodeBinary, requireBuild, shellQuote, uptopBinary} from '../helpers/tmux.js';

/** A watcher that ends because its stdout went away must not leave its presence file in the state directory. */
let directory: string;
let configFile: string;

beforeAll(() => {
	requireBuild();
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-presence-exit-'));
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, 'defaults: {interval: 200ms, timeout: 150ms}\nchecks:\n  - {name: quick job, kind: command, run: ["true"]}\n');
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

/** Runs `command` in a shell until it exits, killing it after 10 s: its exit code. */
async function runShell(command: string, stdout: 'pipe' | number = 'pipe'): Promise<number | null> {
	return new Promise(resolve => {
		const child = spawn('sh', ['-c', command], {stdio: ['ignore', stdout, 'pipe']});
		const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
		child.on('close', code => {
			clearTimeout(timer);
			resolve(code);
		});
	});
}

const presenceFiles = (stateDir: string): string[] => readdirSync(stateDir).filter(name => name.endsWith('.watching'));

describe('the watcher presence file', () => {
	it('is removed when the reader of --json closes the pipe (`| head -n 1`)', async () => {
		const stateDir = path.join(directory, 'state-pipe');
		const code = await runShell(`${shellQuote(nodeBinary)} ${shellQuote(uptopBinary)} --json --state-dir ${shellQuote(stateDir)} ${shellQuote(configFile)} | head -n 1 > /dev/null`);
		expect(code).toBe(0);
		// The watcher ran there: it made the directory as it started following the history file.
		expect(existsSync(stateDir)).toBe(true);
		expect(presenceFiles(stateDir)).toEqual([]);
	}, 20_000);

	it('is removed when stdout cannot be written (a full disk)', async () => {
		const stateDir = path.join(directory, 'state-full');
		const full = openSync('/dev/full', 'w');
		const code = await runShell(`exec ${shellQuote(nodeBinary)} ${shellQuote(uptopBinary)} --json --state-dir ${shellQuote(stateDir)} ${shellQuote(configFile)}`, full);
		closeSync(full);
		expect(code).toBe(1);
		expect(presenceFiles(stateDir)).toEqual([]);
	}, 20_000);
});
