import http from 'node:http';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {hasTmux, nodeBinary, requireBuild, shellQuote, TmuxPane, uptopBinary} from '../helpers/tmux.js';

const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

/** Whether the process is stopped: `T` in /proc/PID/stat. */
function isStopped(pid: number): boolean {
	return / T /.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)/, ''));
}

async function waitUntil(condition: () => boolean, limitMs: number): Promise<void> {
	const deadline = Date.now() + limitMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`not so after ${limitMs} ms`);
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

const isScreenUp = (text: string): boolean => /^uptop · checks\.yaml /m.test(text) && /up\s+orders api/.test(text);

/** The screen drawn whole after it came back: one header, no shell text left in it, probing not paused. */
function expectWholeScreen(text: string): void {
	expect(text).not.toContain('shell$');
	expect(text).not.toContain('Stopped');
	expect(text.match(/state\s+name/g)).toHaveLength(1);
	expect(text.split('\n')[0]).toMatch(/^uptop · checks\.yaml .* up \d\d:\d\d:\d\d$/);
}

describe.skipIf(isTmuxMissing || process.platform !== 'linux')('the live screen stopped from outside (kill -TSTP, job control)', () => {
	let server: http.Server;
	let directory: string;
	const panes: TmuxPane[] = [];

	beforeAll(async () => {
		requireBuild();
		server = http.createServer((_request, response) => response.writeHead(200).end('ok'));
		await new Promise<void>(resolve => {
			server.listen(0, '127.0.0.1', resolve);
		});
		const {port} = server.address() as {port: number};
		directory = mkdtempSync(path.join(tmpdir(), 'uptop-outside-stop-'));
		writeFileSync(path.join(directory, 'checks.yaml'), ['defaults: {interval: 1s, timeout: 1s}', 'checks:', '  - name: orders api', `    url: http://127.0.0.1:${port}/ok`, ''].join('\n'));
	});

	afterAll(() => {
		for (const pane of panes) pane.kill();
		server?.close();
	});

	/** An interactive shell with job control running uptop in the foreground; resolves with uptop's pid. */
	async function startInShell(): Promise<{pane: TmuxPane; pid: number}> {
		const pane = TmuxPane.start('bash --norc --noprofile -i', {cwd: directory, env: {PS1: 'shell$ '}});
		panes.push(pane);
		await pane.waitFor(text => text.includes('shell$'));
		const pidFile = path.join(directory, `uptop-${panes.length}.pid`);
		// `exec`: the pid written is uptop's own, and the job is uptop.
		pane.sendKeys('-l', `sh -c ${shellQuote(`echo $$ > ${pidFile}; exec ${nodeBinary} ${uptopBinary} --no-history checks.yaml`)}`);
		pane.sendKeys('Enter');
		await pane.waitFor(isScreenUp);
		return {pane, pid: Number(readFileSync(pidFile, 'utf8'))};
	}

	it('kill -TSTP hands the terminal back to the shell as ctrl-z does, and fg brings the screen back whole', async () => {
		const {pane, pid} = await startInShell();
		process.kill(pid, 'SIGTSTP');
		const shell = await pane.waitFor(text => /Stopped/.test(text) && /^shell\$\s*$/m.test(text));
		expect(shell).not.toContain('orders api');
		expect(pane.display('#{alternate_on}')).toBe('0');
		expect(pane.display('#{cursor_flag}')).toBe('1');
		pane.sendKeys('-l', 'stty -a | tr " " "\\n" | grep -x -- "-\\?icanon"; jobs');
		pane.sendKeys('Enter');
		const checked = await pane.waitFor(text => /^-?icanon\n\[1\]\+\s+Stopped/m.test(text));
		expect(checked).toMatch(/^icanon$/m);

		pane.sendKeys('-l', 'fg');
		pane.sendKeys('Enter');
		const back = await pane.waitFor(text => isScreenUp(text) && !text.includes('PAUSED'), 5000);
		expectWholeScreen(back);
		expect(pane.display('#{alternate_on}')).toBe('1');
		// Keys are read again (raw mode): q quits to the shell.
		pane.sendKeys('q');
		await pane.waitFor(text => /^shell\$\s*$/m.test(text) && pane.display('#{alternate_on}') === '0');
	}, 40_000);

	it('put in the background with bg, it stops as it needs the terminal, draws nothing over the shell, and fg brings it back', async () => {
		const {pane, pid} = await startInShell();
		process.kill(pid, 'SIGTSTP');
		await pane.waitFor(text => /Stopped/.test(text) && /^shell\$\s*$/m.test(text));
		pane.sendKeys('-l', 'bg');
		pane.sendKeys('Enter');
		// bg continued it (the shell says so with `&`); wanting its terminal's modes back, uptop is stopped again by
		// the kernel (SIGTTOU) until fg, instead of drawing over the shell.
		await pane.waitFor(text => /shell\$ bg\n\[1\]\+ [\s\S]*' &\n/.test(text));
		await waitUntil(() => isStopped(pid), 10_000);
		// `jobs -l` says which signal stopped it.
		pane.sendKeys('-l', 'jobs -l');
		pane.sendKeys('Enter');
		const listing = await pane.waitFor(text => /^\[1\]\+\s+\d+ Stopped/m.test(text.split('shell$ jobs -l').at(-1) ?? ''));
		expect(listing).toMatch(/Stopped \(tty output\)/);
		// Nothing of the screen was drawn over the shell, and the terminal is still the shell's.
		expect(listing).not.toContain('orders api');
		expect(pane.display('#{alternate_on}')).toBe('0');
		pane.sendKeys('-l', 'fg');
		pane.sendKeys('Enter');
		const back = await pane.waitFor(text => isScreenUp(text) && !text.includes('PAUSED'), 5000);
		expectWholeScreen(back);
		pane.sendKeys('q');
		await pane.waitFor(text => /^shell\$\s*$/m.test(text) && pane.display('#{alternate_on}') === '0');
	}, 60_000);

	it('stopped by SIGSTOP, which it cannot catch, it draws its screen whole again on fg', async () => {
		const {pane, pid} = await startInShell();
		process.kill(pid, 'SIGSTOP');
		// The shell says so over the screen uptop could not take down.
		await pane.waitFor(text => /Stopped/.test(text) && /shell\$\s*$/m.test(text));
		pane.sendKeys('-l', 'fg');
		pane.sendKeys('Enter');
		const back = await pane.waitFor(text => isScreenUp(text) && !text.includes('Stopped') && !text.includes('shell$'), 5000);
		expectWholeScreen(back);
		expect(pane.display('#{alternate_on}')).toBe('1');
		pane.sendKeys('q');
		await pane.waitFor(text => /^shell\$\s*$/m.test(text) && pane.display('#{alternate_on}') === '0');
	}, 40_000);
});
