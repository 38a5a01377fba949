import {writeSync} from 'node:fs';
import process from 'node:process';
import {isBacklogged} from '../ui/terminal-backlog.js';

/**
 * CAN first: the teardown may have been cut off in the middle of an escape sequence, which CAN ends; then what the
 * teardown ends with (bracketed paste off, cursor shown, primary screen), as ctrl-z's leaveScreen does (suspend.ts).
 */
const restoreScreen = '\u0018\u001B[?2004l\u001B[?25h\u001B[?1049l';

type TerminalHandle = {readonly fd?: number};

/** The terminal whose teardown is still queued, once the screen's close stopped waiting for it. */
let waitingTerminal: NodeJS.WriteStream | undefined;
/** Lines for the terminal said meanwhile (writeStderrLine): written after the restore, not on the alternate screen. */
const heldLines: string[] = [];

/**
 * For a teardown the terminal had not taken when the screen's close stopped waiting for it: `process.exit` drops
 * what is still queued, and the shell's prompt was printed over the table of an alternate screen left on. At exit,
 * if it is still queued, the restore is written straight to the terminal's descriptor, which the screen left
 * non-blocking (terminal-backlog.ts), waiting for it at most 2 s: a terminal that does not read at all gets nothing.
 * Here, not in the screen's code: the screen writes only through its streams (the live mode passes this to it).
 */
export function restoreScreenAtExit(stdout: NodeJS.WriteStream): void {
	waitingTerminal = stdout;
	process.once('exit', () => {
		const lines = heldLines.splice(0).join('');
		if (!isBacklogged(stdout)) {
			writeQuietly(2, lines);
			return;
		}

		const fd = (stdout as unknown as {_handle?: TerminalHandle})._handle?.fd;
		if (typeof fd !== 'number' || fd < 0) return;
		writeWhileTerminalCatchesUp(fd, restoreScreen + lines);
	});
}

/** How long the exit waits, at most, for a terminal that has stopped reading to take the restore. */
const catchUpLimitMs = 2000;
const retryMs = 20;

/**
 * The descriptor is non-blocking: a terminal that stopped reading a moment (an SSH client's hiccup, a tmux server
 * busy) answers EAGAIN. The exit waits for it a bounded while, in short sleeps, then gives up: a terminal that does
 * not read at all gets nothing, and the exit is held no longer than that.
 */
function writeWhileTerminalCatchesUp(fd: number, text: string): void {
	let rest = Buffer.from(text);
	const deadline = Date.now() + catchUpLimitMs;
	const pause = new Int32Array(new SharedArrayBuffer(4));
	while (rest.length > 0) {
		try {
			rest = rest.subarray(writeSync(fd, rest));
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EAGAIN' || Date.now() >= deadline) return;
			Atomics.wait(pause, 0, 0, retryMs);
		}
	}
}

/**
 * Whether a line for the terminal (stderr on the screen's terminal) is held until the restore at exit: while the
 * teardown waits in the queue, a line written now would be drawn on the alternate screen that the restore leaves.
 */
export function holdLineForRestore(line: string): boolean {
	if (waitingTerminal === undefined || !isBacklogged(waitingTerminal)) return false;
	heldLines.push(line);
	return true;
}

function writeQuietly(fd: number, text: string): void {
	if (text === '') return;
	try {
		writeSync(fd, text);
	} catch {
		// EAGAIN: the terminal's buffer is full and nobody reads it.
	}
}
