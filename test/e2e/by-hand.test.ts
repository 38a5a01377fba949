import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {mkdtempSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {requireWorkingCommand, titleFor} from '../helpers/require-component.js';
import {nodeBinary, TmuxPane, uptopBinary} from '../helpers/tmux.js';

const isReady = requireWorkingCommand(['tmux', '-V'], 'tmux') && requireWorkingCommand(['curl', '--version'], 'curl');

const token = 'tok-7c1e55-by-hand';
const env = {UPTOP_TEST_TOKEN: token};

let server: http.Server;
let directory: string;
let configFile: string;
let port: number;

beforeAll(async () => {
	// 418 only for the right token, 401 otherwise: a command that dropped the header, or sent the variable's name
	// instead of its value, gets another status than the probe.
	server = http.createServer((request, response) => {
		response.writeHead(request.headers.authorization === `Bearer ${token}` ? 418 : 401).end('short and stout');
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	port = (server.address() as {port: number}).port;
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-by-hand-'));
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, [
		'checks:',
		'  - name: teapot api',
		`    url: http://127.0.0.1:${port}/brew?pot=it's`,
		'    interval: 1s',
		'    timeout: 900ms',
		'    headers: {Authorization: "Bearer ${UPTOP_TEST_TOKEN}"}',
		'    runbook: https://runbooks.example.com/teapots/brewing-failures#short-and-stout',
		'',
	].join('\n'));
});

afterAll(() => {
	server?.closeAllConnections();
	server?.close();
});

/** The lines of the `by hand` value in the detail pane, as a mouse would copy them off the screen. */
function byHandOnScreen(screen: string): string[] {
	const lines = screen.split('\n');
	const start = lines.findIndex(line => line.includes('by hand '));
	const column = lines[start]!.indexOf('by hand ');
	const parts = [lines[start]!.slice(column + 10).trimEnd()];
	for (const line of lines.slice(start + 1)) {
		if (line.slice(column, column + 10).trim() !== '') break;
		parts.push(line.slice(column + 10).trimEnd());
	}

	return parts;
}

describe('the by hand command of a check', () => {
	it.skipIf(!isReady)(titleFor('is shown in the detail pane, copied by y through tmux, and gets the status the probe saw', isReady, 'tmux and curl'), async () => {
		const pane = TmuxPane.start(`${nodeBinary} ${uptopBinary} --no-history ${configFile}`, {cwd: directory, columns: 200, rows: 50, env});
		try {
			// tmux takes an OSC 52 from a program in a pane into its paste buffer only with set-clipboard on.
			pane.tmux(['set-option', '-g', 'set-clipboard', 'on']);
			await pane.waitFor(screen => /failing\s+teapot api/.test(screen));
			pane.sendKeys('Enter');
			const screen = await pane.waitFor(text => text.includes('by hand ') && /actual\s+418/.test(text));
			const command = String.raw`curl -sS -A uptop -o /dev/null -w '%{http_code} %{time_total}s\n' -m 0.9 -L -H 'authorization: Bearer '"${'$'}{UPTOP_TEST_TOKEN}" 'http://127.0.0.1:${port}/brew?pot=it'\''s'`;
			const lines = byHandOnScreen(screen);
			expect(lines.length).toBeGreaterThan(1);
			// Each line but the last goes on in the next for the shell: ` \`, the words whole.
			expect(lines.slice(0, -1).every(line => line.endsWith(' \\'))).toBe(true);
			expect(lines.map(line => line.replace(/ \\$/, '')).join(' ')).toBe(command);
			expect(screen).not.toContain(token);

			pane.sendKeys('y');
			await pane.waitFor(text => text.includes('copied: curl'));
			const copied = pane.tmux(['show-buffer']);
			expect(copied).toBe(command);

			// Pasted in a shell where the variable is set, it gets what the probe got. Not execFileSync: the server
			// answers from this process.
			const {stdout: output} = await promisify(execFile)('/bin/sh', ['-c', copied], {env: {PATH: process.env.PATH, ...env}, encoding: 'utf8'});
			expect(output).toMatch(/^418 \d+\.\d+s\n$/);

			// The lines copied off the screen together, where `y` does not reach the clipboard, run as one command too.
			const {stdout: fromScreen} = await promisify(execFile)('/bin/sh', ['-c', lines.join('\n')], {env: {PATH: process.env.PATH, ...env}, encoding: 'utf8'});
			expect(fromScreen).toMatch(/^418 \d+\.\d+s\n$/);

			// u puts the runbook on the clipboard whole, wherever the pane broke it.
			pane.sendKeys('u');
			await pane.waitFor(text => text.includes('copied: https://runbooks'));
			expect(pane.tmux(['show-buffer'])).toBe('https://runbooks.example.com/teapots/brewing-failures#short-and-stout');
		} finally {
			pane.kill();
		}
	}, 30_000);
});
