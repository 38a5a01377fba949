import {writeSync} from 'node:fs';
import process from 'node:process';
import {isBacklogged} from './terminal-backlog.js';

/**
 * CAN first: the teardown may have been cut off in the middle of an escape sequence, which CAN ends; then what the
 * teardown ends with (bracketed paste off, cursor shown, primary screen), as ctrl-z's leaveScreen does (suspend.ts).
 */
const restoreScreen = '\u0018\u001B[?2004l\u001B[?25h\u001B[?1049l';

type TerminalHandle = {readonly fd?: number};

/**
 * For a teardown the terminal had not taken when the screen's close stopped waiting for it: `process.exit` drops
 * what is still queued, and the shell's prompt was printed over the table of an alternate screen left on. At exit,
 * if it is still queued, the restore is written straight to the terminal's descriptor, which the screen left
 * non-blocking (terminal-backlog.ts): a terminal that does not read at all gets nothing, and the exit is not held.
 */
export function restoreScreenAtExit(stdout: NodeJS.WriteStream): void {
	process.once('exit', () => {
		if (!isBacklogged(stdout)) return;
		const fd = (stdout as unknown as {_handle?: TerminalHandle})._handle?.fd;
		if (typeof fd !== 'number' || fd < 0) return;
		try {
			writeSync(fd, restoreScreen);
		} catch {
			// EAGAIN: the terminal's buffer is full and nobody reads it.
		}
	});
}
