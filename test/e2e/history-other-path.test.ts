import {spawn, type ChildProcess} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {historyFileFor} from '../../source/release/history-records.js';
import {requireBuild} from '../helpers/require-build.js';
import {nodeBinary, uptopBinary} from '../helpers/tmux.js';

// One config, two names: the real path a person types, and a symlink to it. An uptop restarted through the other
// name must find the past the first one recorded, or an outage 20 minutes old reads as new ("pending → failing").
const port = 21_351;
let child: ChildProcess | undefined;
let directory: string | undefined;

afterEach(() => {
	if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	if (directory !== undefined) rmSync(directory, {recursive: true, force: true});
});

type Line = {type: string; id?: string; state?: string; from?: string; to?: string};

async function watchFirstResults(args: readonly string[]): Promise<{lines: Line[]; stderr: string}> {
	child = spawn(nodeBinary, [uptopBinary, '--json', ...args], {stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000, killSignal: 'SIGKILL', env: {...process.env, NO_COLOR: '1'}});
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	child.stderr!.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const lines = () => stdout.split('\n').slice(0, -1).map(line => JSON.parse(line) as Line);
	const deadline = Date.now() + 8000;
	while (lines().filter(line => line.type === 'result').length < 2 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 50));
	child.kill('SIGTERM');
	await new Promise(resolve => {
		child!.once('close', resolve);
	});
	return {lines: lines(), stderr};
}

describe('a config watched through a symlink after a run by its real path, and the other way round', () => {
	for (const order of ['real path first', 'symlink first'] as const) {
		it(`goes on with the outage the other name's run recorded (${order})`, async () => {
			requireBuild();
			directory = mkdtempSync(path.join(tmpdir(), 'uptop-other-path-'));
			const real = path.join(directory, 'releases', 'v1');
			mkdirSync(real, {recursive: true});
			const realConfig = path.join(real, 'checks.yaml');
			writeFileSync(realConfig, ['defaults: {interval: 250ms, timeout: 200ms}', 'checks:', `  - {name: orders api, url: "http://127.0.0.1:${port}/orders"}`, ''].join('\n'));
			const linkConfig = path.join(directory, 'checks.yaml');
			symlinkSync(realConfig, linkConfig);
			const stateDir = path.join(directory, 'state');
			const [first, second] = order === 'real path first' ? [realConfig, linkConfig] : [linkConfig, realConfig];
			// The first run: nothing listens on the port, so the check fails and a state change is recorded.
			const earlier = await watchFirstResults(['--state-dir', stateDir, first]);
			expect(earlier.lines.some(line => line.type === 'state' && line.to === 'failing'), earlier.stderr).toBe(true);
			expect(readdirSync(stateDir).filter(name => name.endsWith('.jsonl'))).toEqual([path.basename(historyFileFor(first, {stateDir, isWatcher: true}))]);
			// Restarted through the other name: the outage goes on.
			const later = await watchFirstResults(['--state-dir', stateDir, second]);
			expect(later.lines.filter(line => line.type === 'result').length, later.stderr).toBeGreaterThan(0);
			// No "pending → failing": the first result found the state the earlier run left.
			expect(later.lines.filter(line => line.type === 'state'), later.stderr).toEqual([]);
			expect(later.lines.find(line => line.type === 'result')).toMatchObject({state: 'failing'});
		}, 30_000);
	}
});
