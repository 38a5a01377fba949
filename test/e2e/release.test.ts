import http from 'node:http';
import {spawn, type ChildProcess} from 'node:child_process';
import {appendFileSync, mkdtempSync, readdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {nodeBinary, uptopBinary} from '../helpers/tmux.js';

let server: http.Server;
let version = '1.4.2';
let directory: string;
let stateDir: string;
let configFile: string;
const running: ChildProcess[] = [];

beforeAll(async () => {
	server = http.createServer((_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({status: 'UP', version}));
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as {port: number};
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-release-'));
	stateDir = path.join(directory, 'state');
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, [
		'defaults: {interval: 200ms, timeout: 150ms}',
		'checks:',
		'  - name: accounts api',
		`    url: http://127.0.0.1:${port}/health`,
		'    owner: "@identity-team"',
		'    version: {json: version}',
		'',
	].join('\n'));
});

afterAll(() => {
	for (const child of running) {
		child.kill('SIGKILL');
	}

	server?.closeAllConnections();
	server?.close();
});

type Line = {type: string; label?: string; source?: string};

function startStream(): {child: ChildProcess; lines: Line[]} {
	const child = spawn(nodeBinary, [uptopBinary, '--json', '--state-dir', stateDir, configFile], {stdio: ['ignore', 'pipe', 'pipe']});
	running.push(child);
	const lines: Line[] = [];
	let buffer = '';
	child.stdout!.on('data', (chunk: Buffer) => {
		buffer += chunk.toString();
		const parts = buffer.split('\n');
		buffer = parts.pop() ?? '';
		for (const part of parts) {
			lines.push(JSON.parse(part) as Line);
		}
	});
	return {child, lines};
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!predicate()) {
		if (Date.now() > deadline) {
			throw new Error(`condition not met within ${timeoutMs} ms`);
		}

		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

async function stop(child: ChildProcess): Promise<void> {
	const closed = new Promise(resolve => {
		child.once('close', resolve);
	});
	child.kill('SIGTERM');
	await closed;
}

describe('deploy markers, history and the release report', () => {
	it('marks a version change, takes `uptop mark` from another shell, keeps history across a restart and reports it', async () => {
		const first = startStream();
		await waitFor(() => first.lines.filter(line => line.type === 'result').length >= 3, 8000);
		version = '1.5.0';
		await waitFor(() => first.lines.some(line => line.type === 'marker' && line.source === 'version'), 5000);
		expect(first.lines.find(line => line.type === 'marker')?.label).toContain('1.5.0');

		const mark = await runCli(['mark', '--config', configFile, '--state-dir', stateDir, 'helm upgrade accounts 1.5.0']);
		expect(mark.code).toBe(0);
		const markedAt = Date.now();
		await waitFor(() => first.lines.some(line => line.type === 'marker' && line.label === 'helm upgrade accounts 1.5.0'), 3000);
		expect(Date.now() - markedAt).toBeLessThan(1500);
		await stop(first.child);

		// A crash mid-write leaves a torn last line; the next start and the report skip it.
		const [historyFile] = readdirSync(path.join(stateDir)).filter(name => name.endsWith('.jsonl'));
		expect(historyFile).toBeDefined();
		appendFileSync(path.join(stateDir, historyFile!), '{"t":"r","at":17');

		const second = startStream();
		await waitFor(() => second.lines.filter(line => line.type === 'result').length >= 2, 8000);
		await stop(second.child);

		const report = await runCli(['report', '--config', configFile, '--state-dir', stateDir]);
		expect(report.code).toBe(0);
		expect(report.stdout).toContain('helm upgrade accounts 1.5.0');
		expect(report.stdout).toContain('accounts api');
		expect(report.stdout).toMatch(/^#/m);
	}, 40_000);
});
