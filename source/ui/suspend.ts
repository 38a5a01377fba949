import process from 'node:process';
import {waitForOutputToDrain} from './terminal-backlog.js';

export type SuspendTerminal = {
	readonly stdout: NodeJS.WriteStream;
	readonly stdin: NodeJS.ReadStream;
};

export type SuspendHooks = {
	/** Before the terminal goes back to the shell: pause the probes and drop those running, so none is timed across the stop. */
	readonly beforeStop: () => void;
	/** Continued, still off screen: resume the probes and wait (briefly) until the screen's data says so. */
	readonly beforeContinue?: () => Promise<void>;
	/** Back on screen (after `fg`, or at once when there was no shell to return to): draw the frame whole. */
	readonly afterContinue: () => void;
};

// Bracketed paste is the screen's (use-keymap.ts): the shell, or a program run from it, gets its terminal without.
const enterScreen = '\u001B[?1049h\u001B[H\u001B[2J\u001B[?25l\u001B[?2004h';
const leaveScreen = '\u001B[?2004l\u001B[?25h\u001B[?1049l';
/** Long enough for the probe worker to take the pause and abort its running probes (command checks' processes included). */
const settleMs = 50;
const checkMs = 100;

/**
 * ctrl-z for a raw-mode screen. In raw mode the terminal sends no SIGTSTP, so uptop hands the terminal back
 * itself (primary screen, cursor, line mode) and stops with SIGTSTP; the shell's `fg` sends SIGCONT. When
 * nothing can `fg` it (uptop started as a tmux pane's own command: an orphaned process group) the kernel
 * discards SIGTSTP; uptop then comes back at once and resolves `false`. A SIGTSTP sent from outside (`kill -TSTP`)
 * while the screen is up comes here too (render-app).
 */
export async function suspendToShell(terminal: SuspendTerminal, hooks: SuspendHooks): Promise<boolean> {
	const {stdout, stdin} = terminal;
	stdout.write(leaveScreen);
	// On a slow link the shell's screen must be back before the shell is: waited for below, while stopping.
	const isLeft = waitForOutputToDrain(stdout, 1000);
	// Until the screen is back, frames (a snapshot, the pause itself, a resize on `fg`) would be drawn into
	// the shell's screen: swallow every write, and draw the whole frame again afterwards.
	const ownWrite = Object.getOwnPropertyDescriptor(stdout, 'write');
	stdout.write = ((...parts: unknown[]) => {
		const callback = parts.find(part => typeof part === 'function') as (() => void) | undefined;
		callback?.();
		return true;
	}) as typeof stdout.write;
	let wasStopped = false;
	try {
		stdin.setRawMode?.(false);
		hooks.beforeStop();
		await Promise.all([isLeft, new Promise(resolve => {
			setTimeout(resolve, settleMs);
		})]);
		wasStopped = await stopUntilContinued();
		// Before the probes resume: continued in the background (`bg`), uptop is stopped here (SIGTTOU) until `fg`,
		// so no probe is timed across that second stop and nothing is drawn over the shell meanwhile.
		stdin.setRawMode?.(true);
		await hooks.beforeContinue?.();
		// The window may have been resized meanwhile, and its SIGWINCH not read yet: take the size now, so the
		// frame drawn next fits (a frame wider than the terminal wraps, and Ink cannot erase it).
		(stdout as {_refreshSize?: () => void})._refreshSize?.();
	} finally {
		// Whatever happened on the way, the screen comes back: a screen left swallowing its writes looks frozen.
		if (ownWrite === undefined) {
			delete (stdout as {write?: unknown}).write;
		} else {
			Object.defineProperty(stdout, 'write', ownWrite);
		}

		stdin.setRawMode?.(true);
		stdout.write(enterScreen);
	}

	hooks.afterContinue();
	return wasStopped;
}

/**
 * After a stop uptop did not take itself (SIGSTOP, which no process can catch: the terminal was left raw, on the
 * alternate screen, and the shell wrote over it): takes the terminal back. libuv skips a mode it believes is set
 * already, so raw mode goes off and on again, whatever the shell did to it meanwhile; continued in the background
 * (`bg`), the first of them stops uptop (SIGTTOU) until `fg`, before anything is drawn over the shell. Then the
 * caller draws the frame whole.
 */
export function retakeTerminal(terminal: SuspendTerminal): void {
	const {stdout, stdin} = terminal;
	stdin.setRawMode?.(false);
	stdin.setRawMode?.(true);
	(stdout as {_refreshSize?: () => void})._refreshSize?.();
	stdout.write(enterScreen);
}

/** Stops this process with SIGTSTP; resolves once it runs again: true after a stop and SIGCONT, false when the stop was discarded. */
async function stopUntilContinued(): Promise<boolean> {
	let isContinued = false;
	const onContinue = (): void => {
		isContinued = true;
	};

	process.once('SIGCONT', onContinue);
	// A SIGTSTP listener (render-app's, for a stop sent from outside) would take this signal instead of the kernel:
	// without listeners Node gives SIGTSTP its default action back, which stops the process (or is discarded).
	const stopListeners = process.listeners('SIGTSTP');
	for (const listener of stopListeners) process.off('SIGTSTP', listener);
	try {
		try {
			process.kill(process.pid, 'SIGTSTP');
		} finally {
			// Continued (or the stop discarded): a later stop from outside is the screen's to handle again.
			for (const listener of stopListeners) process.on('SIGTSTP', listener);
		}

		// Stopped, a timer fires late, after `fg`; the SIGCONT event follows within the same turn of the loop.
		// On time and still no SIGCONT: the stop was discarded.
		return await new Promise<boolean>(resolve => {
			const check = (): void => {
				const dueAt = performance.now() + checkMs;
				setTimeout(() => {
					if (isContinued) {
						resolve(true);
					} else if (performance.now() - dueAt > checkMs) {
						check();
					} else {
						resolve(false);
					}
				}, checkMs);
			};

			check();
		});
	} finally {
		process.off('SIGCONT', onContinue);
	}
}
