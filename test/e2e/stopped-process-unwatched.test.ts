import {spawn, type ChildProcess} from 'node:child_process';
import http from 'node:http';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {requireBuild} from '../helpers/require-build.js';
import {nodeBinary, uptopBinary} from '../helpers/tmux.js';

// An uptop stopped for minutes (a suspended laptop, a VM paused, kill -STOP) watched nothing meanwhile: an outage
// across it says so in `unwatchedMs`, as one across a restart does, or "failing for 8m" reads as eight minutes seen.
const port = 21_350;
const stoppedMs = 6000;
let server: http.Server | undefined;
let child: ChildProcess | undefined;
let directory: string | undefined;

afterEach(async () => {
	if (child?.exitCode === null && child.signalCode === null) {
		child.kill('SIGCONT');
		child.kill('SIGKILL');
	}

	await new Promise<void>(resolve => {
		if (server === undefined) resolve();
		else server.close(() => resolve());
	});
	if (directory !== undefined) rmSync(directory, {recursive: true, force: true});
});

type Line = {type: string; from?: string; to?: string; fromDurationMs?: number | null; unwatchedMs?: number | null};

describe('an uptop stopped for several intervals', () => {
	it('counts the time it was stopped as not watched in the state it found afterwards', async () => {
		requireBuild();
		directory = mkdtempSync(path.join(tmpdir(), 'uptop-stopped-'));
		const configFile = path.join(directory, 'checks.yaml');
		writeFileSync(configFile, ['defaults: {interval: 500ms, timeout: 300ms}', 'checks:', `  - {name: orders api, url: "http://127.0.0.1:${port}/orders"}`, ''].join('\n'));
		// Nothing listens yet: refused, failing.
		child = spawn(nodeBinary, [uptopBinary, '--json', '--no-history', configFile], {stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000, killSignal: 'SIGKILL', env: {...process.env, NO_COLOR: '1'}});
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		child.stderr!.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		const lines = () => stdout.split('\n').slice(0, -1).map(line => JSON.parse(line) as Line);
		const waitUntil = async (predicate: () => boolean, limitMs: number) => {
			const deadline = Date.now() + limitMs;
			while (!predicate() && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 50));
			return predicate();
		};

		expect(await waitUntil(() => lines().some(line => line.type === 'state' && line.to === 'failing'), 8000), stderr).toBe(true);
		child.kill('SIGSTOP');
		await new Promise(resolve => setTimeout(resolve, stoppedMs));
		server = http.createServer((_request, response) => {
			response.writeHead(200).end('ok');
		});
		await new Promise<void>(resolve => {
			server!.listen(port, '127.0.0.1', resolve);
		});
		child.kill('SIGCONT');
		expect(await waitUntil(() => lines().some(line => line.type === 'state' && line.to === 'up'), 8000), stderr).toBe(true);
		const recovery = lines().find(line => line.type === 'state' && line.to === 'up')!;
		expect(recovery.from).toBe('failing');
		// The whole stop but the round it was due in (500 ms), and not more than the outage held.
		expect(recovery.unwatchedMs).toBeGreaterThanOrEqual(stoppedMs - 1000);
		expect(recovery.unwatchedMs).toBeLessThanOrEqual(recovery.fromDurationMs!);
	}, 40_000);
});
