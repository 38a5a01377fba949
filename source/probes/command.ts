import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {access, constants, stat} from 'node:fs/promises';
import path from 'node:path';
import type {CommandCheck} from '../config/types.js';
import {newRunTag, runTagVariable, signalTagged, taggedProcesses} from './command-escapees.js';
import {killGraceMs} from './kill-grace.js';
import {openFilesReason} from './local-limits.js';
import {errorCode} from './net-reason.js';
import {errorLine} from './error-line.js';
import {interpreterProblem} from './interpreter-problem.js';
import {captureOutput, keptBytes, type OutputCapture} from './output-capture.js';
import {formatBytes} from '../config/format-bytes.js';
import {fromVisibleStart} from './visible-start.js';
import {abortedResult, failing, finish, reason, safeText, startClock, type Clock} from './result.js';
import {parsePluginOutput} from './perfdata.js';
import {matchText, matchingTimeoutWords, tooSlowMessage} from './text-match.js';
import type {ProbeFunction, ProbeResult, Reason} from './types.js';

export {killGraceMs} from './kill-grace.js';

/** Process groups still being killed after their probe returned; shutdown waits for them. */
const dying = new Set<Promise<void>>();

/** Resolves when every command killed at a deadline or on shutdown has exited (call before quitting). */
export async function waitForCommands(): Promise<void> {
	while (dying.size > 0) {
		// eslint-disable-next-line no-await-in-loop
		await Promise.all(dying);
	}
}

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		// ESRCH: the whole group is gone already.
		return false;
	}
}

/** How long a finished check's pipes may stay open before whatever holds them outside its group is killed. */
const pipeHoldMs = 100;

/**
 * SIGTERM the group and the processes that left it (setsid), SIGKILL them after the grace period unless
 * they are gone by then.
 */
function killGroup(child: ChildProcess, tag: string): void {
	const pid = child.pid!;
	const isGroupAlive = signalGroup(pid, 'SIGTERM');
	const done = new Promise<void>(resolve => {
		let isStopped = false;
		const stop = (): void => {
			if (!isStopped) {
				isStopped = true;
				clearTimeout(timer);
				resolve();
			}
		};

		// Zombies carry no environment, so a tagged process is a live one that still needs its SIGKILL.
		const stopUnlessTagged = (): void => {
			void taggedProcesses(tag).then(pids => {
				if (pids.length === 0) stop();
			});
		};

		// The last search for processes that left the group: done only once it has signalled them all, since the
		// group's own SIGKILL lands first and uptop may exit as soon as this resolves.
		let lastSearch: Promise<number> | undefined;
		const timer = setTimeout(() => {
			signalGroup(pid, 'SIGKILL');
			lastSearch = signalTagged(tag, 'SIGKILL');
			void lastSearch.then(() => {
				if (child.exitCode !== null || child.signalCode !== null) stop();
				// Otherwise 'exit' or 'close' below resolves once the kill has landed.
			});
		}, killGraceMs);

		child.once('exit', (_code, exitSignal) => {
			if (exitSignal === 'SIGKILL' && lastSearch !== undefined) void lastSearch.then(stop);
			else if (!signalGroup(pid, 0)) stopUnlessTagged();
		});

		// Everything that held the output pipes has exited (orphaned zombies would still answer kill 0).
		child.once('close', stopUnlessTagged);
		// Only those that left the group: its members had their SIGTERM through it.
		void signalTagged(tag, 'SIGTERM', pid).then(escapees => {
			if (escapees === 0 && !isGroupAlive) stop();
		});
	});
	untilDone(done);
}

/** Shutdown waits for `work` (a kill still landing) before uptop exits. */
function untilDone(work: Promise<unknown>): void {
	const done = work.then(() => undefined);
	dying.add(done);
	void done.then(() => dying.delete(done));
}

/** Where the monitoring-plugins packages put the Nagios plugins, which are not in PATH. */
const pluginDirectories = ['/usr/lib/nagios/plugins', '/usr/lib64/nagios/plugins', '/usr/lib/monitoring-plugins', '/usr/local/nagios/libexec'];

/**
 * `run: [check_file_age, ...]` fails as not found: the plugins are installed outside PATH. When a program named
 * without a directory is in one of theirs, say so, so that the fix is one copy away.
 */
async function pluginDirectoryHint(program: string): Promise<string> {
	if (program === '' || program.includes('/')) return '';
	for (const directory of pluginDirectories) {
		const candidate = `${directory}/${program}`;
		if (await access(candidate, constants.X_OK).then(() => true, () => false)) {
			return ` (not in PATH; there is ${candidate}: write that path in run)`;
		}
	}

	return '';
}

/**
 * The reason for `program` not found (ENOENT, or a shell's 127 naming it): the program itself, or, when it is
 * there, the interpreter its `#!` line names.
 */
async function notFound(check: CommandCheck, program: string): Promise<Reason> {
	const problem = await interpreterProblem(program, check.cwd ?? process.cwd(), check.env.PATH ?? process.env.PATH ?? '');
	return reason(check, 'command:not_found', problem ?? `command not found: ${program}${await pluginDirectoryHint(program)}`);
}

/**
 * A script saved without its execute bit fails as a bare EACCES; a regular file that cannot be executed (a
 * directory in its path that cannot be searched fails the stat) is that, and `chmod +x` the fix.
 */
async function isUnexecutableFile(check: CommandCheck, program: string): Promise<boolean> {
	if (!program.includes('/')) return false;
	const file = path.resolve(check.cwd ?? process.cwd(), program);
	const isFile = await stat(file).then(stats => stats.isFile(), () => false);
	return isFile && !await access(file, constants.X_OK).then(() => true, () => false);
}

/** Why the program could not be started: its working directory (missing, or a file), the program, or a local limit. */
async function spawnFailure(check: CommandCheck, shown: string, error: unknown): Promise<Reason> {
	const code = errorCode(error);
	if ((code === 'ENOENT' || code === 'ENOTDIR') && check.cwd !== undefined) {
		const isDirectory = await stat(check.cwd).then(stats => stats.isDirectory(), () => undefined);
		if (isDirectory === undefined) return reason(check, 'internal', `working directory not found: ${check.cwd}`);
		if (!isDirectory) return reason(check, 'internal', `working directory is not a directory: ${check.cwd}`);
	}

	if (code === 'ENOENT') return notFound(check, shown);
	if (code === 'EACCES' && await isUnexecutableFile(check, shown)) {
		return reason(check, 'command:unknown', `${shown} is not executable: chmod +x ${shown}`);
	}

	if (code === 'EMFILE' || code === 'ENFILE') return openFilesReason(code);
	const limit = hostLimits.get(code ?? '');
	return reason(check, 'command:unknown', limit === undefined ? `cannot run ${shown} (${code ?? String(error)})` : `cannot start ${shown}: ${limit}`);
}

/** Spawn failures that are uptop's host running short, not the command failing: the check cannot tell (unknown). */
const hostLimits = new Map([
	['EAGAIN', 'this host is out of processes (EAGAIN: the user\'s limit, ulimit -u, or the system\'s)'],
	['ENOMEM', 'this host is out of memory (ENOMEM)'],
]);

/** The result of a run that never started: a local limit reads unknown, as a plugin's UNKNOWN does. */
async function notStarted(clock: Clock, check: CommandCheck, shown: string, error: unknown): Promise<ProbeResult> {
	const why = await spawnFailure(check, shown, error);
	const result = failing(clock, check, why);
	return hostLimits.has(errorCode(error) ?? '') ? {...result, outcome: 'unknown'} : result;
}

/** Of a stream longer than what is kept of it: how long, and that its middle was not read, nor matched by a regex. */
function skippedNote(name: string, capture: OutputCapture, expectOutput: CommandCheck['expectOutput']): string[] {
	if (capture.skippedBytes() === 0) return [];
	const kept = formatBytes(keptBytes);
	const size = `${name} of ${formatBytes(capture.totalBytes())}`;
	return [expectOutput !== undefined && 'regex' in expectOutput ? `${size}: \`expect\` read only its first and last ${kept}` : `${size}: its first and last ${kept} kept`];
}

export const probe: ProbeFunction<CommandCheck> = async (check, signal) => {
	const clock = startClock();
	const argv = check.shell ? ['/bin/sh', '-c', check.run.join(' ')] : [...check.run];
	const shown = check.shell ? (check.run[0] ?? '').split(/\s+/)[0] ?? '' : argv[0] ?? '';
	if (argv.length === 0 || argv[0] === '') {
		return failing(clock, check, reason(check, 'internal', 'command check has an empty run list'));
	}

	if (signal.aborted) {
		return abortedResult(clock, check, signal, 'timeout:command', 'command');
	}

	const tag = newRunTag();
	let child: ChildProcess;
	try {
		child = spawn(argv[0]!, argv.slice(1), {
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: {...process.env, ...check.env, [runTagVariable]: tag},
			...(check.cwd === undefined ? {} : {cwd: check.cwd}),
		});
	} catch (error) {
		// A `cwd` that is a file makes spawn throw ENOTDIR at once (so do ENOMEM, E2BIG), where ENOENT, EACCES,
		// EAGAIN, EMFILE and ENFILE come as an 'error' event, on the next tick.
		return notStarted(clock, check, shown, error);
	}

	// Out of descriptors (EMFILE, ENFILE) before the pipes were made, Node leaves them unset (undefined, though
	// typed as null): no stream to read, only the 'error' to wait for.
	if (!child.stdout || !child.stderr) {
		const failure = await once(child, 'error', {signal}).then(([error]: unknown[]) => ({error}), () => undefined);
		return failure === undefined ? abortedResult(clock, check, signal, 'timeout:command', 'command') : notStarted(clock, check, shown, failure.error);
	}

	const watched = check.expectOutput !== undefined && 'substring' in check.expectOutput ? check.expectOutput.substring : undefined;
	const stdout = captureOutput(child.stdout, watched);
	const stderr = captureOutput(child.stderr, watched);

	const outcome = await new Promise<{error?: unknown; code?: number | null; signal?: NodeJS.Signals | null; aborted?: boolean}>(resolve => {
		let exit: {code: number | null; signal: NodeJS.Signals | null} | undefined;
		let isKilling = false;
		let pipeHold: NodeJS.Timeout | undefined;
		const onAbort = () => {
			clearTimeout(pipeHold);
			if (exit === undefined) {
				isKilling = true;
				killGroup(child, tag);
				resolve({aborted: true});
			} else {
				// Exited, but something in its group, or that left it, still holds the pipes open.
				signalGroup(child.pid!, 'SIGKILL');
				untilDone(signalTagged(tag, 'SIGKILL'));
				resolve(exit);
			}
		};

		signal.addEventListener('abort', onAbort, {once: true});
		child.once('error', error => {
			signal.removeEventListener('abort', onAbort);
			resolve({error});
		});
		child.once('exit', (code, exitSignal) => {
			exit = {code, signal: exitSignal};
			if (!isKilling) {
				// Children left behind by a finished check are orphans: end them so the pipes close.
				// (After a deadline the group keeps its SIGTERM grace instead.)
				signalGroup(child.pid!, 'SIGKILL');
				// A process that left the group (setsid) may hold them too; without this the check would end
				// only at its deadline. Looked for only then: a scan of /proc costs milliseconds.
				pipeHold = setTimeout(() => void signalTagged(tag, 'SIGKILL'), pipeHoldMs);
			}
		});
		child.once('close', (code: number | null, exitSignal: NodeJS.Signals | null) => {
			clearTimeout(pipeHold);
			signal.removeEventListener('abort', onAbort);
			resolve(exit ?? {code, signal: exitSignal});
		});
	});

	const output = stdout.text();
	const errors = stderr.text();
	const excerpt = safeText([output, errors].filter(Boolean).join('\n'), check, {multiline: true, maxLength: 1000});
	if (outcome.aborted) {
		return {...abortedResult(clock, check, signal, 'timeout:command', 'command'), ...(excerpt ? {excerpt} : {})};
	}

	if (outcome.error !== undefined) {
		return notStarted(clock, check, shown, outcome.error);
	}

	// What shows decides: stdout holding only a colour reset leaves the status to stderr.
	const shownOutput = fromVisibleStart(output);
	const parsed = parsePluginOutput(shownOutput === '' ? fromVisibleStart(errors) : shownOutput);
	// A plugin's status is its first line by the protocol; a script that failed (plain, or a code no plugin
	// exits with) says why further down, and that line is the reason.
	const isScriptFailure = !outcome.signal && outcome.code !== 0 && outcome.code !== 127
		&& (check.exitCodes === 'plain' || (outcome.code ?? 0) > 3);
	const said = (isScriptFailure ? errorLine(output, errors) : undefined) ?? parsed.summary;
	const firstLine = said || (outcome.signal ? '' : `exit ${outcome.code ?? '?'}`);
	const summary = safeText(firstLine, check, {maxLength: 300});
	const notes = [
		...(parsed.isMalformed ? ['malformed perfdata ignored'] : []),
		...skippedNote('stdout', stdout, check.expectOutput),
		...skippedNote('stderr', stderr, check.expectOutput),
	];
	const perfdata = parsed.perfdata.map(item => ({
		...item,
		label: safeText(item.label, check, {maxLength: 100}),
		...(item.unit === undefined ? {} : {unit: safeText(item.unit, check, {maxLength: 20})}),
		...(item.warn === undefined ? {} : {warn: safeText(item.warn, check, {maxLength: 40})}),
		...(item.crit === undefined ? {} : {crit: safeText(item.crit, check, {maxLength: 40})}),
	}));
	const extra = {
		...(excerpt ? {excerpt} : {}),
		...(perfdata.length > 0 ? {perfdata} : {}),
		...(notes.length > 0 ? {notes} : {}),
	};

	const notFoundLine = outcome.code === 127 ? errorLine(output, errors) : undefined;
	let why: Reason | undefined;
	let verdict: ProbeResult['outcome'] = 'failing';
	if (outcome.signal) {
		why = reason(check, 'command:signal', `killed by ${outcome.signal}`);
	} else if (outcome.code === 0) {
		verdict = 'up';
	} else if (outcome.code === 127 && notFoundLine !== undefined) {
		// 127 is a shell's "not found", of the command it was given or of one inside a script that was found
		// (`./backup.sh` calling a missing `rsync`, `cd /srv && missing-tool`): then the line it said is the news.
		// With no such line it is the program's own exit code, read as any other below.
		why = notFoundLine.includes(`${shown}: not found`) || notFoundLine.includes(`${shown}: command not found`)
			? await notFound(check, shown)
			: reason(check, 'command:not_found', `exit 127: ${safeText(notFoundLine, check, {maxLength: 300})}`);
	} else if (check.exitCodes === 'plain') {
		// A script, not a plugin: `test -f` or a job's wrapper exits 1 when it failed, not when it is merely worth a look.
		why = reason(check, 'command:exit', said ? `exit ${outcome.code ?? '?'}: ${summary}` : summary);
	} else if (outcome.code === 1) {
		verdict = 'warn';
		why = reason(check, 'command:warning', summary);
	} else if (outcome.code === 2) {
		why = reason(check, 'command:critical', summary);
	} else if (outcome.code === 3) {
		// The plugin could not tell (UNKNOWN): its own state, not a failure of the target.
		verdict = 'unknown';
		why = reason(check, 'command:unknown', summary);
	} else {
		// With nothing printed the summary is already `exit 7`: said once, not `exit 7: exit 7`.
		why = reason(check, 'command:unknown', said ? `exit ${outcome.code ?? '?'}: ${summary}` : summary);
	}

	// A failing verdict keeps its own reason (a plugin's CRITICAL line, a signal, not found): more specific.
	// The latency ends here: a regular expression's time is uptop's, not the command's.
	const answeredMs = performance.now();
	// A substring was looked for in all the output as it went by; a regular expression reads what was kept.
	const isSeen = stdout.sawWatched() || stderr.sawWatched();
	const match = check.expectOutput === undefined || verdict === 'failing' || (watched !== undefined && isSeen) ? 'match' : await matchText(`${output}\n${errors}`, check.expectOutput, signal);
	if (match === 'aborted') {
		return {...abortedResult(clock, check, signal, 'timeout:total', `${matchingTimeoutWords(check.expectOutput!)} against the output`), ...extra};
	}

	if (match === 'too_slow') {
		verdict = 'failing';
		why = reason(check, 'expect:output', `output: ${tooSlowMessage(check.expectOutput!)}`);
	} else if (match === 'no_match' && check.expectOutput !== undefined) {
		const wanted = 'substring' in check.expectOutput ? `to contain "${check.expectOutput.substring}"` : `to match /${check.expectOutput.regex}/${check.expectOutput.flags}`;
		const got = parsed.summary ? `"${safeText(parsed.summary, check, {maxLength: 120})}"` : 'nothing';
		verdict = 'failing';
		why = reason(check, 'expect:output', `output: expected ${wanted}, got ${got}`);
	}

	return finish(clock, {outcome: verdict, summary: summary || why?.message || '', ...(why ? {reason: why} : {}), ...extra}, answeredMs);
};
