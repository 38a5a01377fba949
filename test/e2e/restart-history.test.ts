import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {historyFileFor} from '../../source/release/history-records.js';
import {startHttpServer, type TestServer} from '../helpers/http-servers.js';
import {hasTmux, nodeBinary, requireBuild, shellQuote, TmuxPane, uptopBinary} from '../helpers/tmux.js';

const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

// A restart after an SSH drop: the live screen carries on from what the last run left in the history file,
// read by the probe worker after the first frame (it used to be read before it, ~400 ms for a full file).
let server: TestServer;
let directory: string;
const panes: TmuxPane[] = [];

beforeAll(async () => {
	requireBuild();
	server = await startHttpServer((_request, response) => response.end('ok'));
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-restart-'));
	const configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, ['checks:', `  - {name: orders api, url: ${server.origin}/ok, interval: 1m}`, ''].join('\n'));
	const stateDir = path.join(directory, 'state');
	const historyFile = historyFileFor(configFile, {stateDir});
	mkdirSync(path.dirname(historyFile), {recursive: true});
	const now = Date.now();
	const records = [
		...Array.from({length: 20}, (_, index) => ({t: 'r', at: now - ((20 - index) * 30_000), id: 'orders api', state: 'up', latencyMs: 40 + index})),
		{t: 's', at: now - (11 * 60_000), id: 'orders api', from: 'pending', to: 'up'},
		{t: 'm', at: now - (5 * 60_000), label: 'helm upgrade orders 2.0', source: 'command'},
		{t: 'm', at: now - (4 * 60_000), label: 'orders api 1.9 → 2.0', checkId: 'orders api', source: 'version'},
	];
	writeFileSync(historyFile, `${records.map(record => JSON.stringify(record)).join('\n')}\n`);
});

afterAll(() => {
	for (const pane of panes) pane.kill();
	void server?.close();
});

describe.skipIf(isTmuxMissing)('the live screen after a restart', () => {
	it('shows the samples, p95 and deploy markers the last run left, and goes from a check\'s marker to the check', async () => {
		const command = `sh -c ${shellQuote(`${nodeBinary} ${uptopBinary} --state-dir state checks.yaml; echo "EXIT=$?"; sleep 30`)}`;
		const pane = TmuxPane.start(command, {cwd: directory});
		panes.push(pane);
		await pane.waitFor(text => /up\s+orders api/.test(text));
		pane.sendKeys('Enter');
		// The 20 results from the file and the first of this run.
		const detail = await pane.waitFor(text => /uptime\s+100% \(21 samples\)/.test(text));
		expect(detail).toMatch(/p95 5\dms/);
		pane.sendKeys('Escape');
		// Sent together, ESC and e read as alt-e.
		await pane.waitFor(text => !text.includes('│ owner'));
		pane.sendKeys('e');
		await pane.waitFor(text => text.includes('deploy  helm upgrade orders 2.0 (uptop mark)'));
		// This run's first result found the state the last run left: said as the plain lines say it, under the cursor.
		const events = await pane.waitFor(text => /> .*orders api {2}up, as before the restart/.test(text));
		expect(events).toContain('enter go to check');
		// Down to the version change of orders api, and enter: its row selected and its details open.
		pane.sendKeys('j');
		await pane.waitFor(text => /> .*deploy {2}orders api 1\.9 → 2\.0 \(version\)/.test(text));
		pane.sendKeys('Enter');
		const jumped = await pane.waitFor(text => /uptime\s+100% \(\d+ samples\)/.test(text) && !text.includes('events, newest first'));
		expect(jumped).toMatch(/>.*orders api/);
		pane.sendKeys('q');
		expect(await pane.waitFor(text => text.includes('EXIT='))).toContain('EXIT=0');
	}, 30_000);

	it('says how long the state had held of the changes the last run saw, as it said then', async () => {
		// The history file keeps no "since": the change before says it. The last run saw orders api fail for
		// 1m 34s and recover, then fail again 3 minutes later.
		const runDirectory = mkdtempSync(path.join(tmpdir(), 'uptop-restart-changes-'));
		const configFile = path.join(runDirectory, 'checks.yaml');
		writeFileSync(configFile, ['checks:', `  - {name: orders api, url: ${server.origin}/ok, interval: 1m}`, ''].join('\n'));
		const historyFile = historyFileFor(configFile, {stateDir: path.join(runDirectory, 'state')});
		mkdirSync(path.dirname(historyFile), {recursive: true});
		const now = Date.now();
		const records = [
			{t: 'r', at: now - (10 * 60_000), id: 'orders api', state: 'failing', latencyMs: 3},
			{t: 's', at: now - (10 * 60_000), id: 'orders api', from: 'pending', to: 'failing'},
			{t: 's', at: now - (10 * 60_000) + 94_000, id: 'orders api', from: 'failing', to: 'up'},
			{t: 's', at: now - (10 * 60_000) + 274_000, id: 'orders api', from: 'up', to: 'failing'},
			{t: 'r', at: now - 30_000, id: 'orders api', state: 'failing', latencyMs: 3},
		];
		writeFileSync(historyFile, `${records.map(record => JSON.stringify(record)).join('\n')}\n`);
		const pane = TmuxPane.start(`${nodeBinary} ${uptopBinary} --state-dir state checks.yaml`, {cwd: runDirectory});
		panes.push(pane);
		await pane.waitFor(text => /up\s+orders api/.test(text));
		pane.sendKeys('e');
		// This run's first result is up: the failing the last run left had held since its last result 30 s
		// ago (the one before is too long before it to tell), as the live change says.
		const events = await pane.waitFor(text => /orders api {2}failing → up after 3\ds/.test(text));
		expect(events).toMatch(/orders api {2}up → failing after 3m\s/);
		expect(events).toMatch(/orders api {2}failing → up after 1m 34s/);
		pane.sendKeys('q');
	}, 30_000);
});
