import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {CommandCheck} from '../../source/config/types.js';
import {probe, waitForCommands} from '../../source/probes/command.js';
import {common, deadline, shutdownAfter} from '../helpers/probe-checks.js';
import {requireComponent, titleFor} from '../helpers/require-component.js';

const fixtures = path.resolve(import.meta.dirname, '../fixtures/commands');
const plugins = '/usr/lib/nagios/plugins';
const hasPlugins = requireComponent(`${plugins}/check_dummy`, 'monitoring-plugins-basic (Debian)');
const rawControl = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202E]/u;

const command = (run: string[], extra: Partial<CommandCheck> = {}): CommandCheck => ({
	...common('command'),
	kind: 'command',
	run,
	shell: false,
	env: {},
	...extra,
});

/** Gone, or a zombie waiting for init: either way no longer running. */
function isRunning(pid: number): boolean {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
	} catch {
		return false;
	}
}

/**
 * The kernel closes a killed process's pipes a moment before it becomes a zombie, so allow that moment
 * (bounded) before calling a process still running.
 */
async function isStillRunningAfterExit(pid: number): Promise<boolean> {
	for (let attempt = 0; attempt < 20 && isRunning(pid); attempt++) {
		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => setTimeout(resolve, 25));
	}

	return isRunning(pid);
}

let tmp: string;
beforeAll(() => {
	tmp = mkdtempSync(path.join(tmpdir(), 'uptop-command-'));
});
afterAll(() => {
	rmSync(tmp, {recursive: true, force: true});
});

describe('command probe: Nagios protocol', () => {
	it('maps a warning exit and parses long output with perfdata on several lines', async () => {
		const result = await probe(command([`${fixtures}/long-output.sh`]), deadline(2000));
		expect(result.outcome).toBe('warn');
		expect(result.reason).toEqual({code: 'command:warning', message: 'DISK WARNING - free space: / 3326 MB (56%);'});
		expect(result.summary).toBe('DISK WARNING - free space: / 3326 MB (56%);');
		expect(result.perfdata?.map(item => item.label)).toEqual(['/', '/boot', '/home', 'quoted label', 'it\'s']);
		expect(result.perfdata?.[0]).toEqual({label: '/', value: 2643, unit: 'MB', warn: '5948', crit: '5958', min: 0, max: 5968});
		expect(result.notes).toBeUndefined();
		expect(result.excerpt).toContain('/boot 68 MB (69%);');
	});

	it('still evaluates a check whose perfdata is malformed, with a note', async () => {
		const result = await probe(command([`${fixtures}/malformed-perfdata.sh`]), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'command:critical', message: 'CRITICAL - queue stuck'});
		expect(result.perfdata).toEqual([{label: 'depth', value: 12, warn: '10', crit: '20'}]);
		expect(result.notes).toEqual(['malformed perfdata ignored']);
	});

	it('reports a missing program as command not found', async () => {
		const result = await probe(command(['/nonexistent/check_nothing', '-x']), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'command:not_found', message: 'command not found: /nonexistent/check_nothing'});
	});

	it('reports exit 127 from a shell as command not found', async () => {
		const result = await probe(command(['no-such-plugin-xyz --flag'], {shell: true}), deadline(2000));
		expect(result.reason).toEqual({code: 'command:not_found', message: 'command not found: no-such-plugin-xyz'});
	});

	it('says what a script that was found could not find, where exit 127 is not about the command itself', async () => {
		// `cd` was found: the shell's line names what was not, where the reason said `command not found: cd`.
		const inShell = await probe(command(['cd /tmp && missing_tool_xyz --check'], {shell: true}), deadline(2000));
		expect(inShell.reason?.code).toBe('command:not_found');
		expect(inShell.reason?.message).toMatch(/^exit 127: .*missing_tool_xyz: (?:command )?not found$/);
		const script = path.join(tmp, 'backup.sh');
		writeFileSync(script, '#!/bin/sh\necho starting backup\nrsync-missing-xyz -a /src /dst\n', {mode: 0o755});
		const inScript = await probe(command([script], {exitCodes: 'plain'}), deadline(2000));
		expect(inScript.reason?.message).toMatch(/^exit 127: .*rsync-missing-xyz: (?:command )?not found$/);
	});

	it('says the interpreter a script\'s #! line names is missing, rather than the script', async () => {
		const crlf = path.join(tmp, 'crlf.sh');
		writeFileSync(crlf, '#!/bin/sh\r\necho OK\r\n', {mode: 0o755});
		expect((await probe(command([crlf]), deadline(2000))).reason).toEqual({
			code: 'command:not_found',
			message: `${crlf}: interpreter "/bin/sh\\r" not found (line ends in CR: saved with Windows line endings?)`,
		});
		const elsewhere = path.join(tmp, 'elsewhere.sh');
		writeFileSync(elsewhere, '#!/nonexistent/bin/bash -e\necho OK\n', {mode: 0o755});
		expect((await probe(command([elsewhere]), deadline(2000))).reason).toEqual({code: 'command:not_found', message: `${elsewhere}: interpreter "/nonexistent/bin/bash" not found`});
		// Found in PATH: the same.
		const inPath = await probe(command(['crlf.sh'], {env: {PATH: `${tmp}:/usr/bin:/bin`}}), deadline(2000));
		expect(inPath.reason?.message).toBe('crlf.sh: interpreter "/bin/sh\\r" not found (line ends in CR: saved with Windows line endings?)');
	});

	it('reads exit 127 of a program that was found and says nothing was not found as any other code', async () => {
		const script = path.join(tmp, 'exit127.sh');
		writeFileSync(script, '#!/bin/sh\necho just exiting\nexit 127\n', {mode: 0o755});
		expect((await probe(command([script]), deadline(2000))).reason).toEqual({code: 'command:unknown', message: 'exit 127: just exiting'});
		expect((await probe(command([script], {exitCodes: 'plain'}), deadline(2000))).reason).toEqual({code: 'command:exit', message: 'exit 127: just exiting'});
		expect((await probe(command(['/bin/sh', '-c', 'exit 127']), deadline(2000))).reason).toEqual({code: 'command:unknown', message: 'exit 127'});
	});

	it('says an exit code outside 0-3 once: `exit 7` when it printed nothing, `exit 7: what it said` otherwise', async () => {
		const silent = await probe(command(['exit 7'], {shell: true}), deadline(2000));
		expect(silent).toMatchObject({outcome: 'failing', summary: 'exit 7', reason: {code: 'command:unknown', message: 'exit 7'}});
		const said = await probe(command(['echo disk gone; exit 7'], {shell: true}), deadline(2000));
		expect(said).toMatchObject({outcome: 'failing', summary: 'disk gone', reason: {code: 'command:unknown', message: 'exit 7: disk gone'}});
	});

	it('reports a process killed by a signal', async () => {
		const result = await probe(command([`${fixtures}/self-kill.sh`]), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'command:signal', message: 'killed by SIGKILL'});
	});

	it('runs with env merged over the environment and in cwd, redacting secrets', async () => {
		const result = await probe(command(['/bin/sh', '-c', 'echo "OK $TOKEN $(pwd) ${PATH:+has-path}"'], {
			env: {TOKEN: 's3cret-value'},
			cwd: tmp,
			secrets: ['s3cret-value'],
		}), deadline(2000));
		expect(result.outcome).toBe('up');
		expect(result.summary).toBe(`OK •••• ${tmp} has-path`);
	});

	it('says when the working directory is missing', async () => {
		const result = await probe(command(['/bin/true'], {cwd: path.join(tmp, 'missing')}), deadline(2000));
		expect(result.reason?.code).toBe('internal');
		expect(result.reason?.message).toContain('working directory not found');
	});

	it('says when the working directory is a file, not an internal error', async () => {
		const file = path.join(tmp, 'srv.py');
		writeFileSync(file, 'print(1)\n');
		const result = await probe(command(['/bin/true'], {cwd: file}), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toMatchObject({code: 'internal', message: `working directory is not a directory: ${file}`});
	});

	it('says a script without execute permission is not executable, and how to fix it', async () => {
		const script = path.join(tmp, 'x.sh');
		writeFileSync(script, '#!/bin/sh\necho OK\n', {mode: 0o644});
		const relative = await probe(command(['./x.sh'], {cwd: tmp}), deadline(2000));
		expect(relative.outcome).toBe('failing');
		expect(relative.reason).toEqual({code: 'command:unknown', message: './x.sh is not executable: chmod +x ./x.sh'});
		const absolute = await probe(command([script]), deadline(2000));
		expect(absolute.reason?.message).toBe(`${script} is not executable: chmod +x ${script}`);
	});

	it('shows hostile output as visible tokens', async () => {
		const result = await probe(command([`${fixtures}/escapes.sh`]), deadline(2000));
		expect(result.outcome).toBe('up');
		expect(result.summary).toBe('OK ^[]2;pwned^G^[]52;c;cHduZWQ=^G^[[2J<U+009B>2J<U+202E>gnp.exe');
		expect(rawControl.test(result.summary)).toBe(false);
		expect(rawControl.test(result.excerpt ?? '')).toBe(false);
		expect(result.perfdata).toEqual([{label: 'time', value: 1, unit: 's'}]);
	});

	it('drains megabytes of output without blocking and keeps only the first and last 64 KB', async () => {
		const result = await probe(command([`${fixtures}/megabytes.sh`]), deadline(5000));
		expect(result.outcome).toBe('up');
		expect(result.summary).toBe('OK - lots of output');
		expect(result.perfdata).toEqual([{label: 'bytes', value: 8_000_000, unit: 'B'}]);
		expect(result.notes).toEqual(['stdout of 7.6 MiB: its first and last 64 KiB kept', 'stderr of 1.9 MiB: its first and last 64 KiB kept']);
		expect(result.excerpt!.length).toBeLessThanOrEqual(1000);
	});
});

describe('command probe: expect (a program that is not a Nagios plugin)', () => {
	// redis-cli exits 0 on an error reply (NOAUTH, LOADING) and 1 when it cannot connect: the exit code
	// alone called the first up and the second warn.
	const said = (text: string, code: number) => ['/bin/sh', '-c', `printf '%s\\n' "$0"; exit ${code}`, text];

	it('is failing when the output lacks the expected text although the program exited 0', async () => {
		const result = await probe(command(said('NOAUTH Authentication required.', 0), {expectOutput: {substring: 'PONG'}}), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'expect:output', message: 'output: expected to contain "PONG", got "NOAUTH Authentication required."'});
		expect(result.summary).toBe('NOAUTH Authentication required.');
	});

	it('is failing, not warn, when the output lacks it and the program exited 1', async () => {
		const result = await probe(command(said('Could not connect to Redis at 127.0.0.1:6379: Connection refused', 1), {expectOutput: {substring: 'PONG'}}), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason?.code).toBe('expect:output');
	});

	it('is up when the output contains it, and a regular expression matches any line of stdout or stderr', async () => {
		expect((await probe(command(said('PONG', 0), {expectOutput: {substring: 'PONG'}}), deadline(2000))).outcome).toBe('up');
		const onStderr = ['/bin/sh', '-c', 'echo starting; echo "replication: streaming" >&2'];
		expect((await probe(command(onStderr, {expectOutput: {regex: '^replication: (streaming|catchup)$', flags: 'm'}}), deadline(2000))).outcome).toBe('up');
	});

	it('says the program printed nothing, and keeps a plugin\'s own critical reason', async () => {
		const silent = await probe(command(['/bin/true'], {expectOutput: {regex: 'ok', flags: 'i'}}), deadline(2000));
		expect(silent.reason).toEqual({code: 'expect:output', message: 'output: expected to match /ok/i, got nothing'});
		const critical = await probe(command(said('CRITICAL - replica lag 300s', 2), {expectOutput: {substring: 'OK'}}), deadline(2000));
		expect(critical.reason).toEqual({code: 'command:critical', message: 'CRITICAL - replica lag 300s'});
	});

	it('stops a regular expression that backtracks on the output, and says so, instead of holding the probe thread', async () => {
		const started = performance.now();
		const result = await probe(command(said(`${'a'.repeat(40)}!`, 0), {expectOutput: {regex: '(a+)+$', flags: ''}}), deadline(2000));
		expect(performance.now() - started).toBeLessThan(2000);
		expect(result.outcome).toBe('failing');
		expect(result.reason?.code).toBe('expect:output');
		expect(result.reason?.message).toBe('output: /(a+)+$/ stopped after 500 ms, unfinished (it backtracks on this text: avoid nested repeats such as (a+)+)');
	}, 10_000);

	it('does not count the time its regular expression ran in the latency', async () => {
		const result = await probe(command(said(`${'a'.repeat(40)}!`, 0), {expectOutput: {regex: '(a+)+$', flags: ''}}), deadline(2000));
		expect(result.reason?.code).toBe('expect:output');
		// The command takes milliseconds; the 500 ms the expression ran were uptop's.
		expect(result.latencyMs).toBeLessThan(400);
	}, 10_000);

	it('leaves a warn exit as warn when the output matches', async () => {
		const result = await probe(command(said('WARNING - PONG in 0.9s', 1), {expectOutput: {substring: 'PONG'}}), deadline(2000));
		expect(result.outcome).toBe('warn');
	});
});

describe('command probe: exitCodes plain (a script, not a Nagios plugin)', () => {
	it('is failing, not warn, when `test -f` finds no file and exits 1', async () => {
		const result = await probe(command(['test', '-f', '/nonexistent/backup.done'], {exitCodes: 'plain'}), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'command:exit', message: 'exit 1'});
	});

	it('says the exit code and the first line a job\'s wrapper printed, for 2 and 3 as for 1', async () => {
		for (const code of [1, 2, 3]) {
			const wrapper = ['/bin/sh', '-c', `echo "backup to s3 failed: AccessDenied"; echo "retrying tomorrow" >&2; exit ${code}`];
			// eslint-disable-next-line no-await-in-loop
			const result = await probe(command(wrapper, {exitCodes: 'plain'}), deadline(2000));
			expect(result.outcome).toBe('failing');
			expect(result.reason).toEqual({code: 'command:exit', message: `exit ${code}: backup to s3 failed: AccessDenied`});
		}
	});

	it('gives a failed job\'s error line as the reason, not the banner it printed first', async () => {
		const cases: Array<[string, string]> = [
			// A Python job: a banner on stdout, a traceback on stderr that ends with the exception.
			['echo "Starting nightly ETL run"; echo "Extracting 1200 rows"; printf \'Traceback (most recent call last):\\n  File "etl.py", line 9, in <module>\\n    raise ConnectionError(x)\\nConnectionError: warehouse 10.0.0.5:5439 refused connection\\n\' >&2; exit 1',
				'exit 1: ConnectionError: warehouse 10.0.0.5:5439 refused connection'],
			['echo Running backup; echo "rsync error: some files could not be transferred (code 23)" >&2; exit 23', 'exit 23: rsync error: some files could not be transferred (code 23)'],
			// A progress line drawn over itself with carriage returns: its last part says it.
			['printf "progress 10%%\\rprogress 50%%\\rFAILED: disk full\\n"; exit 1', 'exit 1: FAILED: disk full'],
			// A tally of none is not the error; nothing else says one, so the first line is all there is.
			['echo "import done"; echo "0 errors, 3 rows skipped"; echo "errors: 0"; exit 1', 'exit 1: import done'],
			// An exception's class name says it, without another word; a coloured ERROR too.
			['echo Starting; echo "KeyError: \'customer_id\'" >&2; exit 1', 'exit 1: KeyError: \'customer_id\''],
			['printf "\\033[31mERROR\\033[0m: database unreachable\\n" >&2; exit 1', 'exit 1: ERROR: database unreachable'],
			// `set -x` traces the commands after the failure: their words are arguments.
			['echo "pg_dump: error: connection to server failed" >&2; echo "+ rm -f /tmp/backup.failed" >&2; exit 1', 'exit 1: pg_dump: error: connection to server failed'],
			// A warning on stderr does not outweigh the job's own FATAL line on stdout.
			['echo "FATAL: backup failed: disk full"; echo "perl: warning: Setting locale failed." >&2; exit 1', 'exit 1: FATAL: backup failed: disk full'],
			// Stderr's failure is the cause, not an INFO line that names an error on stdout.
			['echo "INFO retrying on error"; echo "curl: (7) Failed to connect to db port 5432: Connection refused" >&2; exit 7', 'exit 7: curl: (7) Failed to connect to db port 5432: Connection refused'],
			// A tally of none is taken out of its line, not the line out of the output; a 0 that goes on is no tally.
			['echo "Tests run: 5, Failures: 0, Errors: 2"; exit 1', 'exit 1: Tests run: 5, Failures: 0, Errors: 2'],
			['echo Running backup; echo "Error: 0 bytes written to /backup (disk full)"; exit 1', 'exit 1: Error: 0 bytes written to /backup (disk full)'],
			['echo PLAY RECAP; echo "host : ok=3 changed=0 unreachable=0 failed=1"; exit 2', 'exit 2: host : ok=3 changed=0 unreachable=0 failed=1'],
			// Nested `set -x` traces are arguments too.
			['echo "checking"; echo "++ grep -c ERROR app.log" >&2; exit 1', 'exit 1: checking'],
			// A tool's closing line says that it failed; the line above it says why.
			['echo "main.c:3:5: error: foo undeclared" >&2; echo "make: *** [Makefile:3: main.o] Error 1" >&2; exit 2', 'exit 2: main.c:3:5: error: foo undeclared'],
			['echo "Error: connect ECONNREFUSED 127.0.0.1:5432" >&2; echo "error Command failed with exit code 1." >&2; exit 1', 'exit 1: Error: connect ECONNREFUSED 127.0.0.1:5432'],
			['echo "src/a.ts(3,7): error TS2322: Type string is not assignable"; echo "Found 1 error in src/a.ts:3"; exit 2', 'exit 2: src/a.ts(3,7): error TS2322: Type string is not assignable'],
			// A level is where it stands: lower case as structured loggers write it, not a word in the message.
			['echo \'{"level":"error","msg":"sync failed"}\' >&2; echo \'{"level":"info","msg":"shutting down error reporter"}\' >&2; exit 1', 'exit 1: {"level":"error","msg":"sync failed"}'],
			['echo "ERROR 1146 (42S02) at line 1: Table app.INFO does not exist" >&2; exit 1', 'exit 1: ERROR 1146 (42S02) at line 1: Table app.INFO does not exist'],
		];
		for (const [script, message] of cases) {
			// eslint-disable-next-line no-await-in-loop
			const result = await probe(command(['/bin/sh', '-c', script], {exitCodes: 'plain'}), deadline(2000));
			expect(result.reason, script).toEqual({code: 'command:exit', message});
		}
	});

	it('keeps a plugin\'s first line as its status, and reads the error line of a code no plugin exits with', async () => {
		const plugin = await probe(command(['/bin/sh', '-c', 'echo "DISK CRITICAL - / is 97% full"; echo "error budget: none left" >&2; exit 2']), deadline(2000));
		expect(plugin.reason).toEqual({code: 'command:critical', message: 'DISK CRITICAL - / is 97% full'});
		const script = await probe(command(['/bin/sh', '-c', 'echo Running backup; echo "rsync error: code 23" >&2; exit 23']), deadline(2000));
		expect(script.reason).toEqual({code: 'command:unknown', message: 'exit 23: rsync error: code 23'});
	});

	it('is up at exit 0, and keeps not found and signals as they are', async () => {
		expect((await probe(command(['/bin/true'], {exitCodes: 'plain'}), deadline(2000))).outcome).toBe('up');
		expect((await probe(command(['/bin/sh', '-c', 'missing-tool-xyz'], {exitCodes: 'plain'}), deadline(2000))).reason?.code).toBe('command:not_found');
		expect((await probe(command(['/bin/sh', '-c', 'kill -9 $$'], {exitCodes: 'plain'}), deadline(2000))).reason?.code).toBe('command:signal');
	});

	it('still reads exit 1 as warn by default, and with exitCodes nagios (the plugin convention)', async () => {
		expect((await probe(command(['test', '-f', '/nonexistent/backup.done']), deadline(2000))).outcome).toBe('warn');
		expect((await probe(command(['test', '-f', '/nonexistent/backup.done'], {exitCodes: 'nagios'}), deadline(2000))).outcome).toBe('warn');
	});
});

describe('command probe: deadlines and process groups', () => {
	it('kills a plugin that ignores SIGTERM (SIGKILL after the grace period) and reports the timeout', async () => {
		const started = performance.now();
		const result = await probe(command([`${fixtures}/ignore-sigterm.sh`], {timeoutMs: 800}), deadline(800));
		expect(performance.now() - started).toBeLessThan(1800);
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'timeout:command', message: 'timeout after 0.8s (command)'});
		const pid = Number(/started (\d+)/.exec(result.excerpt ?? '')?.[1]);
		expect(pid).toBeGreaterThan(1);
		expect(isRunning(pid)).toBe(true);
		await waitForCommands();
		expect(await isStillRunningAfterExit(pid)).toBe(false);
	});

	it('kills the children it forked too', async () => {
		const pidFile = path.join(tmp, 'children.pids');
		const result = await probe(command([`${fixtures}/fork-children.sh`, pidFile], {timeoutMs: 800}), deadline(800));
		expect(result.reason?.code).toBe('timeout:command');
		const children = readFileSync(pidFile, 'utf8').trim().split('\n').map(Number);
		expect(children).toHaveLength(2);
		await waitForCommands();
		for (const pid of children) {
			expect(await isStillRunningAfterExit(pid)).toBe(false);
		}
	});

	it('gives the group its SIGTERM grace even when the main process exits at once', async () => {
		const marker = path.join(tmp, 'graceful');
		const result = await probe(command([`${fixtures}/graceful-child.sh`, marker], {timeoutMs: 500}), deadline(500));
		expect(result.reason?.code).toBe('timeout:command');
		await waitForCommands();
		expect(existsSync(`${marker}.done`)).toBe(true);
	});

	it('sends SIGTERM once to each process, in the group or out of it, at the deadline', async () => {
		const log = path.join(tmp, 'terms');
		const result = await probe(command([`${fixtures}/count-sigterm.sh`, log], {timeoutMs: 500}), deadline(500));
		expect(result.reason?.code).toBe('timeout:command');
		await waitForCommands();
		// A program that takes a second TERM for "force quit" keeps its graceful shutdown.
		expect(readFileSync(log, 'utf8')).toBe('TERM\n');
		expect(readFileSync(`${log}.escaped`, 'utf8')).toBe('TERM\n');
	});

	it('is cancelled on shutdown and still kills the group', async () => {
		const pidFile = path.join(tmp, 'cancel.pids');
		const result = await probe(command([`${fixtures}/fork-children.sh`, pidFile]), shutdownAfter(300));
		expect(result.outcome).toBe('cancelled');
		await waitForCommands();
		for (const pid of readFileSync(pidFile, 'utf8').trim().split('\n').map(Number)) {
			expect(await isStillRunningAfterExit(pid)).toBe(false);
		}
	});

	it('does not leave background children of a finished check running', async () => {
		const pidFile = path.join(tmp, 'leftover.pid');
		const result = await probe(command(['/bin/sh', '-c', `sleep 300 & echo $! > ${pidFile}; echo OK`]), deadline(2000));
		expect(result.outcome).toBe('up');
		expect(result.latencyMs).toBeLessThan(1500);
		expect(existsSync(pidFile)).toBe(true);
		expect(await isStillRunningAfterExit(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
	});
});

describe('command probe: processes that leave the group (setsid)', () => {
	it('does not wait for its deadline when one holds the output open, and ends it', async () => {
		const pidFile = path.join(tmp, 'setsid-holder.pid');
		// The child writes its pid once it has its own session, and the command waits for that before it exits:
		// otherwise the kill of the group at the exit can come first and catch it still in the group.
		const script = `setsid sh -c 'echo $$ > ${pidFile}; exec sleep 301' & while [ ! -s ${pidFile} ]; do sleep 0.01; done; echo OK`;
		const result = await probe(command(['/bin/sh', '-c', script], {timeoutMs: 5000}), deadline(5000));
		expect(result.outcome).toBe('up');
		expect(result.summary).toBe('OK');
		expect(result.latencyMs).toBeLessThan(2000);
		// It held the output open past the command's exit: the check waited for the pipe hold, then ended it.
		expect(result.latencyMs).toBeGreaterThan(90);
		expect(await isStillRunningAfterExit(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
	});

	it('ends one at the deadline even when it ignores SIGTERM and holds no pipe (SIGKILL after the grace)', async () => {
		const pidFile = path.join(tmp, 'setsid-daemon.pid');
		const daemon = `setsid sh -c 'trap "" TERM; sleep 302' </dev/null >/dev/null 2>&1 & echo $! > ${pidFile}; sleep 30`;
		const result = await probe(command(['/bin/sh', '-c', daemon], {timeoutMs: 500}), deadline(500));
		expect(result.reason?.code).toBe('timeout:command');
		const pid = Number(readFileSync(pidFile, 'utf8'));
		expect(isRunning(pid)).toBe(true);
		await waitForCommands();
		expect(await isStillRunningAfterExit(pid)).toBe(false);
	});

	it('finds a run\'s processes by its tag, whole entries only, and nothing of another run', async () => {
		const {newRunTag, runTagVariable, taggedProcesses} = await import('../../source/probes/command-escapees.js');
		const {spawn} = await import('node:child_process');
		const tag = newRunTag();
		expect(newRunTag()).not.toBe(tag);
		const tagged = spawn('sleep', ['30'], {env: {...process.env, [runTagVariable]: tag}, stdio: 'ignore'});
		// The same text inside another variable's name is not the tag.
		const lookalike = spawn('sleep', ['30'], {env: {...process.env, [`X_${runTagVariable}`]: tag}, stdio: 'ignore'});
		try {
			expect(await taggedProcesses(tag)).toEqual([tagged.pid]);
			expect(await taggedProcesses(newRunTag())).toEqual([]);
		} finally {
			tagged.kill('SIGKILL');
			lookalike.kill('SIGKILL');
		}
	});
});

describe.skipIf(!hasPlugins)(titleFor('command probe with Debian monitoring-plugins', hasPlugins, 'monitoring-plugins-basic'), () => {
	let server: net.Server;
	let port = 0;
	let closedPort = 0;
	beforeAll(async () => {
		server = net.createServer(socket => socket.destroy());
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		port = (server.address() as net.AddressInfo).port;
		const closed = net.createServer();
		await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve));
		closedPort = (closed.address() as net.AddressInfo).port;
		await new Promise(resolve => closed.close(resolve));
	});
	afterAll(async () => {
		await new Promise(resolve => server.close(resolve));
	});

	it('says where a plugin named without its directory is, when it is not in PATH', async () => {
		const bare = await probe(command(['check_dummy', '0'], {env: {PATH: '/usr/bin:/bin'}}), deadline(2000));
		expect(bare.reason).toEqual({code: 'command:not_found', message: `command not found: check_dummy (not in PATH; there is ${plugins}/check_dummy: write that path in run)`});
		const shell = await probe(command(['check_dummy 0'], {shell: true, env: {PATH: '/usr/bin:/bin'}}), deadline(2000));
		expect(shell.reason?.message).toBe(`command not found: check_dummy (not in PATH; there is ${plugins}/check_dummy: write that path in run)`);
		const nowhere = await probe(command(['check_nothing_at_all'], {env: {PATH: '/usr/bin:/bin'}}), deadline(2000));
		expect(nowhere.reason?.message).toBe('command not found: check_nothing_at_all');
	});

	it.each([
		['0', 'up', undefined],
		['1', 'warn', 'command:warning'],
		['2', 'failing', 'command:critical'],
		['3', 'unknown', 'command:unknown'],
	] as const)('check_dummy %s → %s', async (code, outcome, reasonCode) => {
		const result = await probe(command([`${plugins}/check_dummy`, code, 'from uptop']), deadline(2000));
		expect(result.outcome).toBe(outcome);
		expect(result.reason?.code).toBe(reasonCode);
		expect(result.summary).toMatch(/^(OK|WARNING|CRITICAL|UNKNOWN): from uptop$/);
	});

	it('check_tcp against a listening local port is up with its time perfdata', async () => {
		const result = await probe(command([`${plugins}/check_tcp`, '-H', '127.0.0.1', '-p', String(port)]), deadline(5000));
		expect(result.outcome).toBe('up');
		expect(result.summary).toMatch(/^TCP OK - [\d.]+ second response time on 127\.0\.0\.1 port \d+$/);
		expect(result.perfdata?.[0]).toMatchObject({label: 'time', unit: 's', min: 0});
	});

	it('check_tcp against a closed port is critical', async () => {
		const result = await probe(command([`${plugins}/check_tcp`, '-H', '127.0.0.1', '-p', String(closedPort)]), deadline(5000));
		expect(result.outcome).toBe('failing');
		expect(result.reason?.code).toBe('command:critical');
		expect(result.reason?.message).toContain('Connection refused');
	});
});
