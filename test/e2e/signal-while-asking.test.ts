import http from 'node:http';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSlowAndUpFleet} from '../helpers/slow-and-up-fleet.js';
import {hasScript, ScriptTerminal} from '../helpers/script-terminal.js';
import {nodeBinary, requireBuild, shellQuote, testStateHome, uptopBinary} from '../helpers/tmux.js';

if (!hasScript() && process.env.CI === 'true') {
	throw new Error('script (util-linux) is required for the end-to-end tests in CI');
}

const query = '\u001B]11;?\u001B\\\u001B[c';
const lateAnswer = '\u001B]11;rgb:ffff/ffff/ffff\u001B\\\u001B[?1;2c';
const enterAlternateScreen = '\u001B[?1049h';
const pause = async (ms: number): Promise<unknown> => new Promise(resolve => setTimeout(resolve, ms));

describe.skipIf(!hasScript())('a stop signal while uptop asks the terminal for its background', () => {
	let server: http.Server;
	let directory: string;
	const terminals: ScriptTerminal[] = [];

	beforeAll(async () => {
		requireBuild();
		({server, directory} = await startSlowAndUpFleet('uptop-signal-asking-'));
	});

	afterAll(() => {
		for (const terminal of terminals) terminal.kill();
		server?.close();
	});

	/**
	 * uptop started from a shell in a terminal that answers only when the test says; after uptop, the shell says how
	 * it ended, prints `stty -a`, and reads one line as its next command would.
	 */
	function startFromShell(run: number): {terminal: ScriptTerminal; pidFile: string} {
		const pidFile = path.join(directory, `pid-${run}`);
		const uptop = `echo $$ > ${shellQuote(pidFile)}; exec ${shellQuote(nodeBinary)} ${shellQuote(uptopBinary)} --no-history checks.yaml`;
		const shell = `sh -c ${shellQuote(uptop)}; echo "exit:$?"; stty -a; IFS= read -r line; printf 'line:[%s]\\n' "$line"`;
		const env: Record<string, string> = {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? directory, TERM: 'xterm-256color', LANG: 'C.UTF-8', XDG_STATE_HOME: testStateHome};
		const terminal = ScriptTerminal.start(`sh -c ${shellQuote(shell)}`, {cwd: directory, env});
		terminals.push(terminal);
		return {terminal, pidFile};
	}

	let runs = 0;
	it.each([
		['SIGTERM', 0, 'comes after the guard', 500],
		['SIGHUP', 0, 'comes after the guard', 500],
		['SIGINT', 130, 'comes after the guard', 500],
		['SIGTERM', 0, 'never comes', undefined],
	] as const)('on %s exits %d, leaving the shell its terminal as it was, when the answer %s', async (signal, code, _answer, answerAfterMs) => {
		runs += 1;
		const {terminal, pidFile} = startFromShell(runs);
		await terminal.waitFor(output => output.includes(query));
		const signalledAt = Date.now();
		process.kill(Number(readFileSync(pidFile, 'utf8')), signal);
		// A slow link: the answer comes after the 400 ms guard.
		if (answerAfterMs !== undefined) {
			await pause(answerAfterMs);
			terminal.type(lateAnswer);
		}

		const exitedAt = await terminal.waitFor(output => output.includes('exit:'));
		// A terminal that never answers keeps uptop at most its drain (1 s from the query), plus a busy machine's start.
		expect(exitedAt - signalledAt).toBeLessThan(3000);
		await terminal.waitFor(output => /-?icanon/.test(output.slice(output.indexOf('exit:'))));
		terminal.type('hello\r');
		await terminal.waitFor(output => output.includes('line:['));
		const afterQuery = terminal.output().slice(terminal.output().indexOf(query) + query.length);
		const afterExit = afterQuery.slice(afterQuery.indexOf('exit:'));
		expect(afterExit).toContain(`exit:${code}\r\n`);
		// The shell's next line holds only what was typed after uptop left.
		expect(afterExit).toContain('line:[hello]');
		expect(afterExit).not.toContain('rgb');
		expect(afterExit).toMatch(/(?:^|\s)icanon\s/);
		expect(afterExit).toMatch(/(?:^|\s)echo\s/);
		expect(afterExit).toMatch(/(?:^|\s)icrnl\s/);
		// The screen never came up after the signal: nothing to flash, nothing left in the alternate screen.
		expect(afterQuery).not.toContain(enterAlternateScreen);
	});

	// A terminal that answers slowly (a slow link) answers after the screen came up, inside the 10 s in which the
	// screen drops a late answer; quit before it came, the answer must not reach the shell either.
	it.each([
		['q', 'q'],
		['ctrl-c', '\u0003'],
		['SIGTERM', 'SIGTERM'],
	] as const)('on %s before a slow terminal answered, leaves the shell its terminal with no trace of the answer', async (_how, stop) => {
		runs += 1;
		const {terminal, pidFile} = startFromShell(runs);
		const askedAt = await terminal.waitFor(output => output.includes(query));
		await terminal.waitFor(output => output.includes('orders api'));
		await pause(askedAt + 600 - Date.now());
		const quitFrom = terminal.output().length;
		const quitAt = Date.now();
		if (stop === 'SIGTERM') {
			process.kill(Number(readFileSync(pidFile, 'utf8')), stop);
		} else {
			terminal.type(stop);
		}

		// 1.5 s after the query, and after the screen stopped reading keys even on a busy machine.
		await pause(Math.max(askedAt + 1500, quitAt + 300) - Date.now());
		terminal.type(lateAnswer);
		await terminal.waitFor(output => /-?icanon/.test(output.slice(output.indexOf('exit:', quitFrom))));
		terminal.type('hello\r');
		await terminal.waitFor(output => output.slice(quitFrom).includes('line:['));
		const afterQuit = terminal.output().slice(quitFrom);
		expect(afterQuit).toContain('exit:0\r\n');
		// Neither echoed while uptop was leaving nor read by the shell as typed text.
		expect(afterQuit).not.toContain('rgb');
		expect(afterQuit).toContain('line:[hello]');
		const afterExit = afterQuit.slice(afterQuit.indexOf('exit:'));
		expect(afterExit).toMatch(/(?:^|\s)icanon\s/);
		expect(afterExit).toMatch(/(?:^|\s)echo\s/);
	});
});
