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
const pause = async (ms: number): Promise<unknown> => new Promise(resolve => setTimeout(resolve, Math.max(0, ms)));

/** Whether the process is stopped (SIGTSTP): `T` in /proc/PID/stat. */
function isStopped(pid: number): boolean {
	try {
		return / T /.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)/, ''));
	} catch {
		return false;
	}
}

describe.skipIf(!hasScript())('ctrl-z before a slow terminal answered the background query', () => {
	let server: http.Server;
	let directory: string;
	let terminal: ScriptTerminal | undefined;

	beforeAll(async () => {
		requireBuild();
		({server, directory} = await startSlowAndUpFleet('uptop-suspend-answer-'));
	});

	afterAll(() => {
		terminal?.kill();
		server?.close();
	});

	it('reads the answer before handing the terminal to the shell, so the shell gets no trace of it', async () => {
		// An interactive shell with job control, in a terminal that answers only when the test says (a slow link).
		const pidFile = path.join(directory, 'uptop.pid');
		const env: Record<string, string> = {PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: directory, TERM: 'xterm-256color', LANG: 'C.UTF-8', XDG_STATE_HOME: testStateHome, PS1: 'shell$ '};
		terminal = ScriptTerminal.start('bash --norc --noprofile -i', {cwd: directory, env});
		await terminal.waitFor(output => output.includes('shell$ '));
		terminal.type(`sh -c ${shellQuote(`echo $$ > ${shellQuote(pidFile)}; exec ${shellQuote(nodeBinary)} ${shellQuote(uptopBinary)} --no-history checks.yaml`)}\r`);
		await terminal.waitFor(output => output.includes(query));
		await terminal.waitFor(output => output.includes('orders api'));
		const pid = Number(readFileSync(pidFile, 'utf8'));
		const stopFrom = terminal.output().length;
		terminal.type('\u001A');
		// The answer arrives once uptop has stopped (as before this was fixed, at once), or 300 ms after ctrl-z (well
		// inside the 1 s uptop now waits for it): either way it comes while ctrl-z is being handled.
		const deadline = Date.now() + 300;
		while (!isStopped(pid) && Date.now() < deadline) await pause(10);
		terminal.type(lateAnswer);
		await terminal.waitFor(output => /Stopped/.test(output.slice(stopFrom)));
		terminal.type('echo "line:[typed]"\r');
		// The prompt after Stopped, then the one after the command.
		await terminal.waitFor(output => /Stopped[\s\S]*shell\$ [\s\S]*shell\$ $/.test(output.slice(stopFrom)));
		const atShell = terminal.output().slice(stopFrom);
		// Neither echoed by the terminal nor put in front of the shell's next command.
		expect(atShell).not.toContain('rgb');
		expect(atShell).toContain('line:[typed]\r\n');

		// fg brings the screen back, and q leaves it as before.
		const backFrom = terminal.output().length;
		terminal.type('fg\r');
		await terminal.waitFor(output => output.slice(backFrom).includes('orders api'));
		terminal.type('q');
		await terminal.waitFor(output => /shell\$ $/.test(output.slice(backFrom)));
		expect(terminal.output().slice(backFrom)).not.toContain('rgb');
	}, 40_000);
});
