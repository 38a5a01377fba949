import {spawn} from 'node:child_process';
import http from 'node:http';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {requireBuild} from '../helpers/require-build.js';
import {nodeBinary, testStateHome, uptopBinary} from '../helpers/tmux.js';

let server: http.Server;
let directory: string;
let configFile: string;

beforeAll(async () => {
	server = http.createServer((_request, response) => {
		response.writeHead(503).end('down');
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as {port: number};
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-stderr-closed-'));
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, ['checks:', `  - {name: billing api, url: "http://127.0.0.1:${port}/"}`, ''].join('\n'));
});

afterAll(() => {
	server?.closeAllConnections();
	server?.close();
	rmSync(directory, {recursive: true, force: true});
});

describe('stderr whose reader has gone', () => {
	it('does not cost `--once --wait` its table and exit code: the progress lines are lost, the result is not', async () => {
		// `2> >(grep -m1 waiting)` in a deploy script: the reader takes the first progress line and leaves. The
		// next line failed asynchronously (EPIPE), and that error ended uptop as an internal error: exit 1, no table.
		requireBuild();
		const child = spawn(nodeBinary, [uptopBinary, '--once', '--no-history', '--wait', '3s', configFile], {env: {...process.env, NO_COLOR: '1', XDG_STATE_HOME: testStateHome}, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		child.stderr.once('data', () => {
			child.stderr.destroy();
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
		const code = await new Promise<number | null>(resolve => {
			child.on('close', exitCode => resolve(exitCode));
		});
		clearTimeout(timer);
		expect(stdout.split('\n')[0]).toMatch(/^UPTOP CRITICAL - 1 failing/);
		expect(code).toBe(2);
	}, 20_000);
});
