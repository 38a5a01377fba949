import http from 'node:http';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {historyFileFor} from '../../source/release/history-records.js';
import {startUptop, type RunningUptop} from '../helpers/run-cli.js';

// A state held longer than the results a restart reads back (5,000 a check): its start is the state change the file
// recorded, not the oldest result kept. An on-call reading "failing for 13h" of a 21 h outage after a restart was
// told the outage began eight hours later than it did.
const port = 20_750;
const hourMs = 3_600_000;
let server: http.Server;
let directory: string;
let isMended = false;
const running: RunningUptop[] = [];

beforeAll(async () => {
	server = http.createServer((_request, response) => {
		response.writeHead(isMended ? 200 : 503).end('x');
	});
	await new Promise<void>(resolve => {
		server.listen(port, '127.0.0.1', resolve);
	});
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-restart-long-'));
});

afterAll(async () => {
	for (const uptop of running) await uptop.stop('SIGKILL');
	server?.close();
	rmSync(directory, {recursive: true, force: true});
});

type Stateline = {type: string; from: string; to: string; fromDurationMs: number | null; unwatchedMs: number | null};

describe('a restart after a state held longer than the results read back', () => {
	it('counts "failing for" from the recorded change, and the time no uptop ran within it as unwatched', async () => {
		const configFile = path.join(directory, 'checks.yaml');
		writeFileSync(configFile, ['defaults: {interval: 1s, timeout: 500ms}', 'checks:', `  - {name: orders api, url: "http://127.0.0.1:${port}/orders"}`, ''].join('\n'));
		const stateDir = path.join(directory, 'state');
		const historyFile = historyFileFor(configFile, {stateDir});
		mkdirSync(path.dirname(historyFile), {recursive: true});
		// Failing for 21 h, a result every 10 s (7,560 of them), written by two uptops: the first stopped 18 h ago and
		// the second started two minutes later, which continued the outage (no state change recorded at its start).
		const now = Date.now();
		const failedAt = now - (21 * hourMs);
		const restartedAt = now - (18 * hourMs);
		const records: unknown[] = [{t: 's', w: 'first', at: failedAt, id: 'orders api', from: 'up', to: 'failing', reason: {code: 'expect:status', message: 'status 503, expected 2xx'}}];
		for (let at = failedAt; at <= now - 20_000; at += 10_000) {
			if (at > restartedAt - 120_000 && at < restartedAt) continue;
			records.push({t: 'r', w: at < restartedAt ? 'first' : 'second', at, id: 'orders api', state: 'failing', latencyMs: 2, reason: {code: 'expect:status', message: 'status 503, expected 2xx'}});
		}

		writeFileSync(historyFile, `${records.map(record => JSON.stringify(record)).join('\n')}\n`);
		const uptop = startUptop(['--json', '--state-dir', stateDir, configFile]);
		running.push(uptop);
		const lines = () => uptop.records<Stateline>().filter(record => record.type === 'state');
		expect(await uptop.waitUntil(() => uptop.records<{type: string}>().some(record => record.type === 'result'), 8000), uptop.stderr()).toBe(true);
		isMended = true;
		expect(await uptop.waitUntil(() => lines().length > 0, 8000), uptop.stderr()).toBe(true);
		const recovery = lines()[0]!;
		expect(recovery).toMatchObject({from: 'failing', to: 'up'});
		const heldMs = Date.now() - failedAt;
		expect(recovery.fromDurationMs).toBeGreaterThan(heldMs - 60_000);
		expect(recovery.fromDurationMs).toBeLessThanOrEqual(heldMs);
		// The two minutes between the uptops 18 h ago, and the time from the last recorded result to this run's first.
		expect(recovery.unwatchedMs).toBeGreaterThanOrEqual(120_000 + 20_000);
		expect(recovery.unwatchedMs).toBeLessThan(120_000 + 20_000 + 30_000);
		await uptop.stop();
	}, 30_000);
});
