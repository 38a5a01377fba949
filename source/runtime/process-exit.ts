import process from 'node:process';
import {workerStopLimitMs} from '../monitor/worker-stop-limit.js';
import {isHangupIgnoredAtStart} from './hangup-ignored.js';
import {sanitize} from '../text/sanitize.js';
import {isAsciiTerminal} from '../ui/terminal.js';
import {holdLineForRestore} from './restore-screen-at-exit.js';
import {asciiSigns, toAscii} from '../ui/text.js';

type Cleanup = () => void | Promise<void>;

const cleanups: Cleanup[] = [];

/** Registers work that must happen on every exit path (terminal restore, child processes). Last in, first out. */
export function onCleanup(cleanup: Cleanup): () => void {
	cleanups.push(cleanup);
	return () => {
		const index = cleanups.indexOf(cleanup);
		if (index !== -1) {
			cleanups.splice(index, 1);
		}
	};
}

/**
 * How long the exit's cleanups may take, together (they run at once). Every wait inside them has a limit of its own
 * and must end on its own terms, never be cut by this one: the probe worker's stop (workerStopLimitMs, 3 s: a
 * command's SIGTERM grace and its SIGKILL), then terminating a worker stuck past it; the in-thread engine's stop
 * (--once, the stream), the same grace; the worker's last results (exitDrainLimitMs, 1 s), after which the history
 * is flushed and the `--report` written, in the same turn; the terminal taking its last frame (1 s). One second
 * over the longest lets the terminate land. Cut sooner (2.5 s, before), a command's SIGKILL that came late with
 * a busy worker was never sent, and the process outlived uptop.
 */
export const cleanupLimitMs = workerStopLimitMs + 1000;

/**
 * Runs the cleanups in order, awaiting the asynchronous ones (stopping the engine aborts probes and kills
 * command checks' process groups), but never for longer than `limitMs`: an exit must not hang.
 */
export async function runCleanups(limitMs = cleanupLimitMs): Promise<void> {
	const pending: Array<Promise<void>> = [];
	while (cleanups.length > 0) {
		const cleanup = cleanups.pop()!;
		try {
			const outcome = cleanup();
			if (outcome instanceof Promise) {
				pending.push(outcome.catch(() => undefined));
			}
		} catch {
			// Best effort, as above.
		}
	}

	let timer: NodeJS.Timeout | undefined;
	await Promise.race([Promise.all(pending), new Promise<void>(resolve => {
		timer = setTimeout(resolve, limitMs);
	})]);
	clearTimeout(timer);
}

export type StopSignal = 'SIGTERM' | 'SIGHUP' | 'SIGINT';

/** How a signal ends the process: its exit code, and a line for stderr once the cleanups are done. */
export type SignalExit = {readonly code: number; readonly message?: string};

// An SSH drop or a service manager's stop ends a monitor that was fine: 0; the shell's interrupt keeps its 130.
let signalExit = (signal: StopSignal): SignalExit => ({code: signal === 'SIGINT' ? 130 : 0});

/** For a mode in which being stopped early is not "all is well" (--once): how each signal ends the process. */
export function setSignalExit(decide: (signal: StopSignal) => SignalExit): void {
	signalExit = decide;
}

/**
 * Set when something asked for on the way out could not be done (the `--report FILE` of a watcher): an exit
 * that would say 0 says this code instead, so the script that stopped uptop learns of it.
 */
let failedOnExit: number | undefined;

export function failExit(code: number): void {
	failedOnExit ??= code;
}

/** The code to exit with: `code`, unless it says all is well and something failed on the way out. */
export function exitCodeFor(code: number): number {
	return code === 0 && failedOnExit !== undefined ? failedOnExit : code;
}

/** How `signal` would end the process now (the handlers below ask this; tests too). */
export function signalExitFor(signal: StopSignal): SignalExit {
	return signalExit(signal);
}

/** Set once a signal or an uptop bug has begun the exit: its handler runs the cleanups and exits. */
let isExiting = false;

/**
 * Whether the process is already on its way out (a signal, an uptop bug). Work still starting must not begin: a
 * screen drawn now would flash up and enter the alternate screen while the cleanups that restore it have run.
 */
export function isExitUnderway(): boolean {
	return isExiting;
}

/** Longer than any message uptop writes (a config's whole list of errors); a value pasted 1 MB long is cut. */
const maxStderrLength = 64 * 1024;

/**
 * Text as stderr can show it: ASCII on a terminal whose locale is not UTF-8 (LANG=C on a bastion), as the screen
 * is there: `…` as `~`, `≤` as `<=`, `→` as `->`, a secret as `****`. A file or pipe keeps UTF-8.
 */
export function forStderr(text: string): string {
	return isAsciiTerminal(process.stderr, process.env) ? toAscii(asciiSigns(text)) : text;
}

/**
 * One message to stderr. Messages echo what was typed (`--wait 1…`, an unknown flag, `--only`, a marker's
 * label) and a script may pass anything there: escaped as target text is, so no title, OSC 8 or screen clear
 * reaches the terminal through them. Line breaks stay. In ASCII where stderr needs it (forStderr).
 */
export function writeStderrLine(text: string): void {
	try {
		const line = `${forStderr(sanitize(text.replace(/\n*$/, ''), {multiline: true, maxLength: maxStderrLength}))}\n`;
		// On the screen's terminal while its teardown still waits there, the line follows the restore at exit.
		if (process.stderr.isTTY === true && holdLineForRestore(line)) return;
		process.stderr.write(line);
	} catch {
		// stderr closed: nothing left to tell.
	}
}

/** Set once stdout failed for another reason than its reader leaving (a full disk): its handler exits. */
let stdoutFailure: NodeJS.ErrnoException | undefined;

/** Whether stdout could not be written; the exit it causes is on its way, so the caller must not exit too. */
export function hasStdoutFailed(): boolean {
	return stdoutFailure !== undefined;
}

/**
 * How long a signal's exit waits for stdout's reader to take what is still on its way (the stream's last lines, up
 * to its 16 MB backlog): a reader that reads gets them whole; one that stopped reading holds the exit no longer.
 */
const signalDrainLimitMs = 2000;

/**
 * The code to exit with when stdout's reader leaves early (`| head -1`, `| grep -q`): 0 for a stream, which has no
 * verdict; a run's result once it is known (--once), which a deploy gate under `set -o pipefail` reads.
 */
let readerLeftCode = 0;

/** For a mode whose verdict is known before its output is all written: the code a reader leaving early exits with. */
export function setReaderLeftExit(code: number): void {
	readerLeftCode = code;
}

/** The code of a run that finished and waits only for stdout's reader (exitAfterRun); a signal then exits with it. */
let deliveringCode: number | undefined;

/**
 * Settles once stdout's reader has taken everything written to it (or it is gone), or after `limitMs`. Node writes
 * a pipe asynchronously and `process.exit` drops what is still waiting: `uptop --once --json` of a large fleet was
 * cut at the pipe's 64 KB, the last line torn. Not a terminal: the screen waits for its own teardown (render-app),
 * and a terminal that stopped reading must not hold a signal's exit; nor a file, written synchronously.
 */
async function stdoutDelivered(limitMs?: number): Promise<void> {
	const {stdout} = process;
	if (stdout.isTTY === true || stdout.destroyed || stdout.writableLength === 0) return;
	await new Promise<void>(resolve => {
		const timer = limitMs === undefined ? undefined : setTimeout(resolve, limitMs);
		// Called once every earlier write is done, or with the error that ended the stream (its handler acts on it).
		stdout.write('', () => {
			clearTimeout(timer);
			resolve();
		});
	});
}

/**
 * The end of a run that finished (main returned `code`): the cleanups, then, once stdout's reader has taken all of
 * it, the exit with `code`, unless something failed on the way out (exitCodeFor) or stdout failed, whose handler
 * exits instead. A reader that takes its time is waited for, as any command's would be; a signal meanwhile exits at
 * once with the same code, and a reader that leaves ends the wait.
 */
export async function exitAfterRun(code: number): Promise<void> {
	readerLeftCode = code;
	await runCleanups();
	// A write that failed (a full disk) reports on the next turn; its handler then says so and exits.
	await new Promise(resolve => {
		setImmediate(resolve);
	});
	if (hasStdoutFailed()) return;
	deliveringCode = exitCodeFor(code);
	// The reader leaving now (EPIPE) ends the wait below, and must not start an exit of its own with 0.
	isExiting = true;
	await stdoutDelivered();
	// A write that failed meanwhile reports as above: a turn for its handler, which then exits with its own code.
	await new Promise(resolve => {
		setImmediate(resolve);
	});
	if (hasStdoutFailed()) return;
	process.exit(deliveringCode);
}

/** `no space left on device (ENOSPC)` from Node's `ENOSPC: no space left on device, write`. */
function describeWriteError(error: NodeJS.ErrnoException): string {
	const words = error.message.replace(/^[A-Z]+: /, '').replace(/, write$/, '');
	return error.code === undefined ? words : `${words} (${error.code})`;
}

/**
 * Process-wide exit behaviour: stdout closed by its reader (`| head`) ends quietly, with 0 or a verdict already
 * known (setReaderLeftExit: --once); stdout that cannot
 * be written (ENOSPC, EIO) is said on stderr and exits with `stdoutFailureCode` (every later line would be
 * lost too: Node's stream is done after its first error); an uptop bug
 * restores the terminal before its one-line message; SIGTERM / SIGHUP (an SSH drop) and SIGINT clean up and
 * exit as setSignalExit decided (by default 0, and 130 for SIGINT). SIGHUP is ignored instead when uptop was
 * started to outlive its terminal (`nohup`: isHangupIgnoredAtStart).
 */
export function installExitHandlers(options: {
	debug: boolean;
	stdoutFailureCode: number;
	/** The stderr line for a stdout that cannot be written, given why (`no space left on device (ENOSPC)`). */
	describeStdoutFailure?: (reason: string) => string;
}): void {
	const describeStdoutFailure = options.describeStdoutFailure ?? ((reason: string) => `uptop: cannot write to stdout: ${reason}`);
	let hasReaderLeft = false;
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		// Writes after the first failure fail too (a destroyed stream): the first one says what happened.
		if (hasReaderLeft) return;
		if (error.code === 'EPIPE') {
			hasReaderLeft = true;
			// An exit under way (a signal whose cleanups are still running) ends as it decided, with its own code.
			if (isExiting) return;
			isExiting = true;
			// The cleanups are awaited, as on a signal: stopping the engine ends command checks' process groups,
			// with SIGKILL after their grace. Exiting at once left a check that ignores SIGTERM running. A `--report
			// FILE` that could not be written on the way out still says so in the exit code.
			void runCleanups().finally(() => process.exit(exitCodeFor(readerLeftCode)));
			return;
		}

		if (stdoutFailure !== undefined) return;
		stdoutFailure = error;
		// A signal's exit under way (SIGHUP from the shell of an SSH session that dropped) ends as it decided: its
		// cleanups write the history and the --report; run again here, they would find nothing left to wait for and
		// exit before those were done.
		if (isExiting) return;
		// A terminal that is gone (EIO) is a hangup that came before, or instead of, its SIGHUP.
		if (error.code === 'EIO' && process.stdout.isTTY) {
			exitAfterCleanup('SIGHUP');
			return;
		}

		void runCleanups().finally(() => {
			writeStderrLine(describeStdoutFailure(describeWriteError(error)));
			process.exit(options.stdoutFailureCode);
		});
	});
	// A pipe's write error arrives as an event, after writeStderrLine's try: unheard, it would end the run as an
	// internal error (exit 1, and `--once --wait` without its table) because a progress line had no reader left.
	process.stderr.on('error', () => undefined);
	let isFailing = false;
	const fail = (error: unknown) => {
		if (isFailing) {
			return;
		}

		isFailing = true;
		isExiting = true;
		// The terminal is restored (synchronously, first) and child processes are stopped before the message.
		void runCleanups().finally(() => {
			const message = error instanceof Error ? error.message : String(error);
			writeStderrLine(`uptop: internal error: ${message.split('\n')[0]}${options.debug && error instanceof Error ? `\n${error.stack}` : ' (run with --debug for details)'}`);
			process.exit(1);
		});
	};

	process.on('uncaughtException', fail);
	process.on('unhandledRejection', fail);
	const exitAfterCleanup = (signal: StopSignal) => {
		// A run that is over, waiting only for stdout's reader: stop waiting, the result stands.
		if (deliveringCode !== undefined) process.exit(deliveringCode);
		if (isExiting) {
			return;
		}

		isExiting = true;
		const {code, message} = signalExitFor(signal);
		void runCleanups().then(async () => stdoutDelivered(signalDrainLimitMs)).finally(() => {
			if (message !== undefined) writeStderrLine(message);
			process.exit(exitCodeFor(code));
		});
	};

	process.on('SIGTERM', () => exitAfterCleanup('SIGTERM'));
	// An empty listener, not none: Node has put back the default action, which would end the process.
	process.on('SIGHUP', isHangupIgnoredAtStart() ? () => undefined : () => exitAfterCleanup('SIGHUP'));
	// In the live screen ctrl-c arrives as a key (raw mode) and quits with 0; a real SIGINT means the
	// shell interrupted a headless run, which by convention exits 130.
	process.on('SIGINT', () => exitAfterCleanup('SIGINT'));
}
