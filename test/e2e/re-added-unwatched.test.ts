import {spawn, type ChildProcess} from 'node:child_process';
import http from 'node:http';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {historyFileFor} from '../../source/release/history-records.js';
import {requireBuild} from '../helpers/require-build.js';
import {nodeBinary, uptopBinary} from '../helpers/tmux.js';

// An outage two uptops recorded with two minutes between them: a check a reload takes out and puts back keeps those
// two minutes in its `unwatchedMs`, as a restart does.
const port = 21_352;
let server: http.Server | undefined;
let child: ChildProcess | undefined;
let directory: string | undefined;
let isMended = false;

afterEach(async () => {
	if (child?.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	await new Promise<void>(resolve => {
		if (server === undefined) resolve();
		else server.close(() => resolve());
	});
	server = undefined;
	isMended = false;
	if (directory !== undefined) rmSync(directory, {recursive: true, force: true});
});

type Line = {type: string; check?: string; from?: string; to?: string; unwatchedMs?: number | null};

const minute = 60_000;
const withOrders = ['defaults: {interval: 500ms, timeout: 300ms}', 'checks:', `  - {name: web, url: "http://127.0.0.1:${port}/web"}`, `  - {name: orders api, url: "http://127.0.0.1:${port}/orders"}`, ''].join('\n');
const withoutOrders = ['defaults: {interval: 500ms, timeout: 300ms}', 'checks:', `  - {name: web, url: "http://127.0.0.1:${port}/web"}`, ''].join('\n');

describe('a check a reload brings back into an outage recorded across a restart', () => {
	for (const start of ['watched at the start', 'not in the config at the start'] as const) {
		it(`counts the earlier restart's gap as unwatched (${start})`, async () => {
			requireBuild();
			directory = mkdtempSync(path.join(tmpdir(), 'uptop-readded-'));
			server = http.createServer((request, response) => {
				response.writeHead(request.url === '/orders' && !isMended ? 503 : 200).end('x');
			});
			await new Promise<void>(resolve => {
				server!.listen(port, '127.0.0.1', resolve);
			});
			const configFile = path.join(directory, 'checks.yaml');
			writeFileSync(configFile, start === 'watched at the start' ? withOrders : withoutOrders);
			const stateDir = path.join(directory, 'state');
			const historyFile = historyFileFor(configFile, {stateDir});
			mkdirSync(path.dirname(historyFile), {recursive: true});
			const now = Date.now();
			const reason = {code: 'expect:status', message: 'status 503, expected 2xx'};
			const records: unknown[] = [{t: 's', w: 'first', at: now - (20 * minute), id: 'orders api', from: 'up', to: 'failing', reason}];
			for (let at = now - (20 * minute); at <= now - (12 * minute); at += 10_000) records.push({t: 'r', w: 'first', at, id: 'orders api', state: 'failing', latencyMs: 2, reason});
			for (let at = now - (10 * minute); at <= now - 20_000; at += 10_000) records.push({t: 'r', w: 'second', at, id: 'orders api', state: 'failing', latencyMs: 2, reason});
			writeFileSync(historyFile, `${records.map(record => JSON.stringify(record)).join('\n')}\n`);

			child = spawn(nodeBinary, [uptopBinary, '--json', '--state-dir', stateDir, configFile], {stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000, killSignal: 'SIGKILL', env: {...process.env, NO_COLOR: '1'}});
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

			const ordersResults = () => lines().filter(line => line.type === 'result' && line.check === 'orders api').length;
			if (start === 'watched at the start') {
				expect(await waitUntil(() => ordersResults() > 1, 8000), stderr).toBe(true);
				writeFileSync(configFile, withoutOrders);
				expect(await waitUntil(() => stderr.includes('removed'), 5000), stderr).toBe(true);
				await new Promise(resolve => setTimeout(resolve, 1500));
			} else {
				expect(await waitUntil(() => lines().some(line => line.type === 'result'), 8000), stderr).toBe(true);
			}

			writeFileSync(configFile, withOrders);
			const before = ordersResults();
			expect(await waitUntil(() => ordersResults() > before, 8000), stderr).toBe(true);
			isMended = true;
			expect(await waitUntil(() => lines().some(line => line.type === 'state' && line.check === 'orders api'), 8000), stderr).toBe(true);
			const recovery = lines().find(line => line.type === 'state' && line.check === 'orders api')!;
			expect(recovery).toMatchObject({from: 'failing', to: 'up'});
			// The two minutes between the uptops, and the gap from their last result to this run's first.
			expect(recovery.unwatchedMs).toBeGreaterThanOrEqual(2 * minute + 20_000);
			expect(recovery.unwatchedMs).toBeLessThan(2 * minute + 20_000 + 20_000);
		}, 40_000);
	}
});
