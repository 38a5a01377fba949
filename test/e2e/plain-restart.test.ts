import http from 'node:http';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startUptop} from '../helpers/run-cli.js';

let server: http.Server;
let directory: string;
let configFile: string;
/** What /mending answers: 503 until a test mends it. */
let isMended = false;

beforeAll(async () => {
	server = http.createServer((request, response) => {
		response.writeHead(request.url === '/ok' || (request.url === '/mending' && isMended) ? 200 : 503).end('x');
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as {port: number};
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-plain-restart-'));
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, ['defaults: {interval: 1s, timeout: 500ms}', 'checks:', `  - {name: orders api, url: "http://127.0.0.1:${port}/ok"}`, `  - {name: billing api, url: "http://127.0.0.1:${port}/down"}`, ''].join('\n'));
});

afterAll(() => {
	server?.close();
});

/** The plain lines (stdout a pipe) of one run, until both checks have had one. */
async function plainRun(stateDir: string): Promise<string[]> {
	const uptop = startUptop(['--state-dir', stateDir, configFile]);
	await uptop.waitUntil(() => uptop.stdout().includes('orders api') && uptop.stdout().includes('billing api'), 8000);
	await uptop.stop();
	return uptop.stdout().split('\n').filter(Boolean);
}

describe('plain lines across a restart (an SSH drop, a service manager restarting uptop)', () => {
	it('says once where each check stands, as a change the first time and as before the restart the next', async () => {
		const stateDir = path.join(directory, 'state');
		const first = await plainRun(stateDir);
		expect(first.find(line => line.includes('billing api'))).toMatch(/^\S+Z billing api: pending → failing \([\d.]+ ms\) — status 503, expected 2xx — body: x$/);
		expect(first.find(line => line.includes('orders api'))).toMatch(/^\S+Z orders api: pending → up \([\d.]+ ms\)$/);

		const second = await plainRun(stateDir);
		// Nothing changed across the restart: no "pending →" line, but a line per check all the same.
		expect(second.filter(line => line.includes('→'))).toEqual([]);
		expect(second.filter(line => line.includes('billing api'))).toEqual([expect.stringMatching(/^\S+Z billing api: failing, as before the restart \([\d.]+ ms\) — status 503, expected 2xx — body: x$/)]);
		expect(second.filter(line => line.includes('orders api'))).toEqual([expect.stringMatching(/^\S+Z orders api: up, as before the restart \([\d.]+ ms\)$/)]);
	});

	it('says the state came from another uptop on the same history, and counts none of the outage as unwatched', async () => {
		// The README's pattern: a screen in tmux, and `uptop >> uptop.log` beside it on the same state directory.
		// The log's uptop read the screen's latest results and said "as before the restart", and the recovery
		// "(5s of it while uptop was stopped)", while the screen had watched it all along.
		const {port} = server.address() as {port: number};
		const file = path.join(directory, 'shared.yaml');
		writeFileSync(file, ['defaults: {interval: 1s, timeout: 500ms}', 'checks:', `  - {name: search api, url: "http://127.0.0.1:${port}/mending"}`, ''].join('\n'));
		const stateDir = path.join(directory, 'shared-state');
		const screen = startUptop(['--state-dir', stateDir, file]);
		try {
			await screen.waitUntil(() => screen.stdout().includes('pending → failing'), 8000);
			// Its results go on being recorded while the second starts: a gap of a second or two before its first.
			await new Promise(resolve => setTimeout(resolve, 2500));
			const log = startUptop(['--state-dir', stateDir, file]);
			try {
				await log.waitUntil(() => log.stdout().includes('search api'), 8000);
				expect(log.stdout()).toMatch(/^\S+Z search api: failing, as another uptop recorded it \([\d.]+ ms\) — status 503/);
				isMended = true;
				await log.waitUntil(() => log.stdout().includes('failing → up'), 8000);
				expect(log.stdout()).toMatch(/search api: failing → up after \d+s \(/);
				expect(log.stdout()).not.toContain('while uptop was stopped');
			} finally {
				await log.stop();
			}
		} finally {
			await screen.stop();
		}
	}, 30_000);
});
