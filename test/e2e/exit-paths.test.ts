import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {hasTmux, nodeBinary, requireBuild, shellQuote, TmuxPane, uptopBinary} from '../helpers/tmux.js';
import {withDemoPort} from '../helpers/demo-port-lock.js';

const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

function isProcessRunning(pattern: string): boolean {
	return spawnSync('pgrep', ['-f', pattern], {stdio: 'ignore'}).status === 0;
}

function isPortOpen(port: number): Promise<boolean> {
	return new Promise(resolve => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

async function waitUntil(predicate: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await predicate()) {
			return true;
		}

		await new Promise(resolve => setTimeout(resolve, 100));
	}

	return predicate();
}

describe.skipIf(isTmuxMissing)('every way out leaves the terminal restored and no children behind', () => {
	let directory: string;
	let pane: TmuxPane | undefined;
	// A unique argument so pgrep finds exactly this test's command check.
	const sleepSeconds = `${900 + (process.pid % 97)}.${Date.now() % 1000}`;

	beforeAll(() => {
		requireBuild();

		directory = mkdtempSync(path.join(tmpdir(), 'uptop-exit-'));
		writeFileSync(path.join(directory, 'checks.yaml'), [
			'checks:',
			'  - name: long job',
			'    kind: command',
			`    run: [sleep, "${sleepSeconds}"]`,
			'    interval: 1m',
			'    timeout: 50s',
			'',
		].join('\n'));
	});

	afterEach(() => {
		pane?.kill();
		pane = undefined;
	});

	// The inner shell records uptop's pid and becomes it (exec), in the foreground of the terminal; the outer
	// shell reports the exit status and the terminal mode afterwards.
	function startInTerminal(inner: string): TmuxPane {
		const script = `sh -c ${shellQuote(inner)}; echo "EXIT=$?"; stty -a | tr ' ' '\\n' | grep -x -- '-\\?icanon'; sleep 30`;
		return TmuxPane.start(`sh -c ${shellQuote(script)}`, {cwd: directory});
	}

	function startUptop(args: string): TmuxPane {
		return startInTerminal(`echo $$ > uptop.pid; exec ${nodeBinary} ${uptopBinary} ${args}`);
	}

	it.each([
		['SIGTERM', 0],
		['SIGHUP', 0],
		// kill -INT from another shell (ctrl-c in the screen is a key, tested below): the shell's 130.
		['SIGINT', 130],
	] as const)('%s: exits %i, leaves the alternate screen, shows the cursor, restores cooked mode, kills the command check', async (signal, expectedCode) => {
		pane = startUptop('checks.yaml');
		await pane.waitFor(screen => screen.includes('long job'));
		expect(await waitUntil(() => isProcessRunning(`sleep ${sleepSeconds}`), 5000)).toBe(true);
		const pid = Number(readFileSync(path.join(directory, 'uptop.pid'), 'utf8'));
		process.kill(pid, signal);
		const screen = await pane.waitFor(text => text.includes('EXIT=') && /^-?icanon$/m.test(text));
		expect(screen).toContain(`EXIT=${expectedCode}`);
		expect(screen).toMatch(/^icanon$/m);
		expect(pane.display('#{alternate_on}')).toBe('0');
		expect(pane.display('#{cursor_flag}')).toBe('1');
		expect(await waitUntil(() => !isProcessRunning(`sleep ${sleepSeconds}`), 4000)).toBe(true);
	}, 30_000);

	it.each(['render', 'uncaught'])('an injected %s fault restores the terminal before a one-line message, exits 1, and kills the command check', async fault => {
		pane = startInTerminal(`echo $$ > uptop.pid; UPTOP_FAULT=${fault} exec ${nodeBinary} ${uptopBinary} checks.yaml 2> fault.txt`);
		const screen = await pane.waitFor(text => text.includes('EXIT=') && /^-?icanon$/m.test(text), 15_000);
		expect(screen).toContain('EXIT=1');
		expect(screen).toMatch(/^icanon$/m);
		expect(pane.display('#{alternate_on}')).toBe('0');
		expect(pane.display('#{cursor_flag}')).toBe('1');
		const message = readFileSync(path.join(directory, 'fault.txt'), 'utf8');
		expect(message).toMatch(new RegExp(`^uptop: .*injected ${fault} fault.*--debug`));
		// One line, and no escape sequence: stderr is a file here, and the cursor is shown on the terminal.
		expect(message).not.toContain('\u001B');
		expect(message.trim().split('\n')).toHaveLength(1);
		expect(await waitUntil(() => !isProcessRunning(`sleep ${sleepSeconds}`), 4000)).toBe(true);
	}, 30_000);

	it('a bad config in a terminal: the located error, exit 3, and the terminal never switched to the screen', async () => {
		// The live screen's modules start loading before the config is parsed; a bad config must still end
		// with nothing but the error, before any of them draws.
		writeFileSync(path.join(directory, 'bad.yaml'), ['checks:', '  - name: orders api', '    url: http://127.0.0.1:9/ok', '    timout: 5s', ''].join('\n'));
		pane = startInTerminal(`exec ${nodeBinary} ${uptopBinary} bad.yaml 2> bad.txt`);
		const screen = await pane.waitFor(text => text.includes('EXIT=') && /^-?icanon$/m.test(text), 15_000);
		expect(screen).toContain('EXIT=3');
		expect(screen).toMatch(/^icanon$/m);
		expect(pane.display('#{alternate_on}')).toBe('0');
		const message = readFileSync(path.join(directory, 'bad.txt'), 'utf8');
		expect(message).toContain('bad.yaml:4:5');
		// Had Ink mounted, its cursor restore would have written an escape sequence to stderr at exit.
		expect(message).not.toContain('\u001B');
		expect(message).not.toMatch(/\n\s+at /);
	}, 30_000);

	it('ctrl-c quits with 0 like q, and writes nothing to stderr', async () => {
		pane = startInTerminal(`echo $$ > uptop.pid; exec ${nodeBinary} ${uptopBinary} checks.yaml 2> quit.txt`);
		await pane.waitFor(screen => screen.includes('long job'));
		pane.sendKeys('C-c');
		const screen = await pane.waitFor(text => text.includes('EXIT=') && /^-?icanon$/m.test(text));
		expect(screen).toContain('EXIT=0');
		expect(screen).toMatch(/^icanon$/m);
		expect(pane.display('#{cursor_flag}')).toBe('1');
		// Ink's cursor restore once wrote ESC[?25h to stderr at every exit, even when stderr was a file.
		expect(readFileSync(path.join(directory, 'quit.txt'), 'utf8')).toBe('');
		expect(await waitUntil(() => !isProcessRunning(`sleep ${sleepSeconds}`), 4000)).toBe(true);
	}, 30_000);

	it('--demo starts the demo fleet and stops it on exit', async () => withDemoPort(async () => {
		if (await isPortOpen(47_800)) {
			throw new Error('port 47800 is already in use; the demo fleet needs it');
		}

		pane = startUptop('--demo');
		// The fleet answers: its checks come up (it listens on 47800, or elsewhere when something else holds that
		// port, even only as the local end of a connection, and the checks follow it there).
		await pane.waitFor(screen => /✓ up\s+payments api/.test(screen) && screen.includes('invoice-sync job'), 15_000);
		const uptopPid = Number(readFileSync(path.join(directory, 'uptop.pid'), 'utf8'));
		const fleetPid = Number(spawnSync('pgrep', ['-P', String(uptopPid), '-f', 'demo-fleet.js'], {encoding: 'utf8'}).stdout.trim().split('\n')[0]);
		expect(fleetPid).toBeGreaterThan(0);
		const isFleetAlive = (): boolean => {
			try {
				process.kill(fleetPid, 0);
				return true;
			} catch {
				return false;
			}
		};

		expect(isFleetAlive()).toBe(true);
		pane.sendKeys('q');
		await pane.waitFor(text => text.includes('EXIT='));
		expect(await waitUntil(() => !isFleetAlive(), 4000)).toBe(true);
		expect(await waitUntil(async () => !(await isPortOpen(47_800)), 4000)).toBe(true);
	}), 90_000);
});

