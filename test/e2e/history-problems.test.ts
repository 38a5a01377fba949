import http from 'node:http';
import {existsSync, mkdirSync, mkdtempSync, renameSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startUptop} from '../helpers/run-cli.js';
import {hasTmux, nodeBinary, requireBuild, shellQuote, TmuxPane, uptopBinary} from '../helpers/tmux.js';

const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

// History is best effort: a state directory uptop cannot use must not stop it, and must not be written over
// the live screen. A regular file where the directory should be makes every history call fail (as root too,
// where a read-only directory would not).
let server: http.Server;
let directory: string;
let blockedStateHome: string;
const panes: TmuxPane[] = [];

beforeAll(async () => {
	requireBuild();

	server = http.createServer((_request, response) => response.end('ok'));
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as {port: number};
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-history-problems-'));
	blockedStateHome = path.join(directory, 'state-is-a-file');
	writeFileSync(blockedStateHome, 'not a directory\n');
	writeFileSync(path.join(directory, 'checks.yaml'), ['defaults: {interval: 500ms, timeout: 400ms}', 'checks:', `  - {name: orders api, url: http://127.0.0.1:${port}/ok}`, ''].join('\n'));
});

afterAll(() => {
	for (const pane of panes) {
		pane.kill();
	}

	server?.close();
});

describe('a history directory uptop cannot use', () => {
	it.skipIf(isTmuxMissing)('the live screen starts, says so in its banner, and says it again on stderr after quitting', async () => {
		const command = `sh -c ${shellQuote(`${nodeBinary} ${uptopBinary} checks.yaml; echo "EXIT=$?"; sleep 30`)}`;
		// Wide enough for the banner's path on one line wherever the run's temporary directory is.
		const pane = TmuxPane.start(command, {cwd: directory, env: {XDG_STATE_HOME: blockedStateHome}, columns: 200});
		panes.push(pane);
		const screen = await pane.waitFor(text => /up\s+orders api/.test(text) && text.includes('history disabled for this run'));
		const lines = screen.split('\n');
		// Header, banner, table: nothing written across them.
		expect(lines[0]).toMatch(/^uptop · checks\.yaml /);
		// In words, naming the path to fix, not Node's "ENOTDIR: not a directory, mkdir '…'".
		expect(lines[1]).toMatch(/history disabled for this run: \S*state-is-a-file is a file, not a directory/);
		expect(screen).not.toMatch(/^uptop: /m);
		pane.sendKeys('q');
		const after = await pane.waitFor(text => text.includes('EXIT='));
		expect(after).toContain('EXIT=0');
		expect(after).toMatch(/^uptop: history disabled for this run: \S*state-is-a-file is a file, not a directory/m);
	}, 30_000);

	it.skipIf(isTmuxMissing)('a history directory that goes bad while the screen is up is reported in the banner, not over the table', async () => {
		const stateHome = path.join(directory, 'state-goes-bad');
		mkdirSync(stateHome);
		const command = `sh -c ${shellQuote(`${nodeBinary} ${uptopBinary} checks.yaml; echo "EXIT=$?"; sleep 30`)}`;
		const pane = TmuxPane.start(command, {cwd: directory, env: {XDG_STATE_HOME: stateHome}});
		panes.push(pane);
		await pane.waitFor(text => /up\s+orders api/.test(text));
		const historyDirectory = path.join(stateHome, 'uptop');
		const deadline = Date.now() + 5000;
		while (!existsSync(historyDirectory) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 50));
		// Moved away in one step, not removed file by file: uptop may be writing into it at that moment, and a
		// recursive remove then fails on a directory that is no longer empty (ENOTEMPTY, seen in CI).
		renameSync(historyDirectory, `${historyDirectory}.gone`);
		writeFileSync(historyDirectory, 'not a directory\n');
		const screen = await pane.waitFor(text => text.includes('history disabled for this run'));
		expect(screen.split('\n')[0]).toMatch(/^uptop · checks\.yaml /);
		expect(screen).not.toMatch(/^uptop: /m);
		pane.sendKeys('q');
		expect(await pane.waitFor(text => text.includes('EXIT='))).toMatch(/^uptop: history disabled for this run/m);
	}, 30_000);

	it('--json streams results and reports the history problem once on stderr', async () => {
		const uptop = startUptop(['--json', 'checks.yaml'], {cwd: directory, env: {XDG_STATE_HOME: blockedStateHome}});
		const streamed = await uptop.waitUntil(() => uptop.stdout().split('\n').filter(line => line.includes('"type":"result"')).length >= 3, 8000);
		const code = await uptop.stop();
		expect(streamed).toBe(true);
		expect(code).toBe(0);
		const problems = uptop.stderr().trim().split('\n');
		// One line for one problem: the load that failed first on the same path is not said again.
		expect(problems).toEqual([`uptop: history disabled for this run: ${blockedStateHome} is a file, not a directory; point --state-dir at a directory uptop may write, or run with --no-history`]);
		expect(problems.every(line => line.startsWith('uptop: history '))).toBe(true);
	});
});
