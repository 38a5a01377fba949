import {backgroundQuery, createBackgroundReplyReader, type BackgroundReplyReader} from '../ui/background-reply.js';
import type {Background} from '../ui/theme.js';

export type AskOptions = {
	/**
	 * How long to wait for a terminal that answers neither query (a serial line, a multiplexer that swallows
	 * both) before the screen is drawn dark anyway. Every terminal met so far answers DA1 at once, so this is
	 * only a guard. Default 400 ms.
	 */
	readonly guardMs?: number;
	/**
	 * After the guard, how long an answer that comes late (a slow link) is still taken out of what the screen
	 * reads, so it never acts as typed keys. Default 10 s.
	 */
	readonly lateWindowMs?: number;
};

/** Keys typed while the terminal is asked, kept for the screen; a paste beyond this is dropped. */
const maxTypedAheadLength = 4096;

/**
 * How long a lone ESC (or `ESC [`, `ESC ]`) is held after the guard, as the start of a late answer, before it is
 * handed on as the key it then is. A terminal writes an answer at once, so its bytes come together (a slow link
 * delays the whole, it does not space out its bytes by this much); without this, esc pressed in the late window
 * did nothing until the next key, or for up to its 10 s.
 */
const heldEscapeMs = 50;

/**
 * On the way out before the terminal has answered, how long its answer is still waited for: counted from the query
 * while it is still being asked (a SIGTERM, SIGINT or SIGHUP during the guard, a start that fails), from the exit
 * once the screen took over the waiting (q, ctrl-c or a signal in its late window; never past that window). Nothing
 * reads keys then, so an answer that came after uptop left would land in the shell as typed text
 * (`]11;rgb:ffff/…`). A slow link answers within this; a terminal that never answers delays the exit by at most this.
 * ctrl-z in the late window waits as long, from the key, before it hands the terminal to the shell.
 */
const exitDrainMs = 1000;

/** The terminal being asked for its background (askTerminalBackground). */
export type BackgroundAsk = {
	/** Light, dark, or undefined when the terminal does not say (then the caller draws dark). */
	readonly background: Promise<Background | undefined>;
	/**
	 * For the way out, as soon as nothing else reads stdin (after the screen's teardown): until the terminal's
	 * answer is whole, stdin stays raw and is read and dropped, keys and all, for at most `exitDrainMs` (exitDrainMs
	 * says from when); then (and at once when the answer came already) stdin leaves raw mode, so the shell gets
	 * back a terminal that echoes. `background` settles too, with what was read by then. Calling it again waits
	 * for the same drain.
	 */
	finishBeforeExit(): Promise<void>;
	/**
	 * Before the screen hands the terminal to the shell for a while (ctrl-z): settles once an answer still to come
	 * has been read (the screen reads it through the late-answer filter, which drops it), or after `exitDrainMs`; at
	 * once when none is awaited. The shell reads what comes while uptop is stopped, as it does after an exit.
	 */
	awaitLateAnswer(): Promise<void>;
};

/**
 * Asks the terminal for its background (OSC 11, then DA1: background-reply.ts); `background` settles with what it
 * said. stdin is put in raw mode first, so the answer is not echoed nor held for a line, and left in it: the
 * screen takes it next, and a key typed between the two is neither echoed nor kept back. The keys typed while
 * asking are handed back to stdin (unshift) for the screen to read, as if they had just come.
 */
export function askTerminalBackground(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream, options: AskOptions = {}): BackgroundAsk {
	try {
		stdin.setRawMode(true);
	} catch {
		return {background: Promise.resolve(undefined), finishBeforeExit: async () => undefined, awaitLateAnswer: async () => undefined};
	}

	const reader = createBackgroundReplyReader();
	let typedAhead = '';
	let isAsking = true;
	/** After the guard, while a late answer is still taken out of what the screen reads. */
	let lateFilter: LateAnswerFilter | undefined;
	/** Set once the exit asked to drain: the answer is then waited for past the guard, and dropped with the keys. */
	let drained: (() => void) | undefined;
	let draining: Promise<void> | undefined;
	let drainTimer: NodeJS.Timeout | undefined;
	let resolveBackground: (background: Background | undefined) => void = () => undefined;
	const background = new Promise<Background | undefined>(resolve => {
		resolveBackground = resolve;
	});
	const leaveRawMode = (): void => {
		try {
			stdin.setRawMode(false);
		} catch {
			// stdin already closed: the terminal is gone, and with it its mode.
		}
	};

	const finish = (): void => {
		isAsking = false;
		stdin.removeListener('readable', onReadable);
		clearTimeout(guard);
		clearTimeout(drainTimer);
		if (drained !== undefined) {
			leaveRawMode();
			drained();
		} else if (reader.isDone) {
			if (typedAhead !== '') stdin.unshift(Buffer.from(typedAhead, 'latin1'));
		} else {
			lateFilter = filterLateAnswers(stdin, reader, typedAhead, options.lateWindowMs ?? 10_000);
		}

		resolveBackground(reader.background);
	};

	const onReadable = (): void => {
		let chunk: unknown;
		while ((chunk = stdin.read()) !== null) {
			typedAhead = (typedAhead + reader.push(bytesOf(chunk))).slice(0, maxTypedAheadLength);
			if (reader.isDone) {
				finish();
				return;
			}
		}
	};

	const askedAt = performance.now();
	const guard = setTimeout(finish, options.guardMs ?? 400);
	stdin.on('readable', onReadable);
	stdout.write(backgroundQuery);
	return {
		background,
		async finishBeforeExit() {
			if (isAsking) {
				draining ??= new Promise<void>(resolve => {
					drained = resolve;
					clearTimeout(guard);
					drainTimer = setTimeout(finish, Math.max(0, askedAt + exitDrainMs - performance.now()));
				});
			} else if (lateFilter?.isOpen === true) {
				// The screen has let go of stdin, and its teardown of raw mode: without raw mode back, the answer
				// would be echoed as it comes and held for the shell's next line.
				try {
					stdin.setRawMode(true);
				} catch {
					// stdin already closed: no answer can come through it any more.
				}

				draining ??= drainLateAnswer(stdin, lateFilter, exitDrainMs).then(leaveRawMode);
			}

			if (draining === undefined) {
				leaveRawMode();
				return;
			}

			await draining;
		},
		async awaitLateAnswer() {
			if (lateFilter?.isOpen !== true) return;
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([lateFilter.closed, new Promise<void>(resolve => {
				timer = setTimeout(resolve, exitDrainMs);
			})]);
			clearTimeout(timer);
		},
	};
}

/**
 * A chunk as one character a byte (latin1): what is handed back is then the same bytes, UTF-8 and all. Before
 * Ink sets stdin's encoding a chunk is a Buffer; after, a string of whole characters (Node's decoder holds a
 * character's first bytes back until it is whole), so the round trip through bytes is exact.
 */
function bytesOf(chunk: unknown): string {
	return (Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'utf8')).toString('latin1');
}

/** The filter of a late answer (filterLateAnswers). */
type LateAnswerFilter = {
	/** Reads still go through the filter: DA1's answer has not passed, and the window has not ended. */
	readonly isOpen: boolean;
	/** Settles when the filter ends, either way. */
	readonly closed: Promise<void>;
};

/**
 * On the way out in the late window: what stdin brings is read through the filter and dropped, until DA1's answer
 * has passed (the filter ends), the window ends, or `limitMs`.
 */
async function drainLateAnswer(stdin: NodeJS.ReadStream, filter: LateAnswerFilter, limitMs: number): Promise<void> {
	const readAndDrop = (): void => {
		while (stdin.read() !== null) {
			// Keys typed while quitting go with the answer: the shell gets neither.
		}
	};

	let timer: NodeJS.Timeout | undefined;
	stdin.on('readable', readAndDrop);
	readAndDrop();
	await Promise.race([filter.closed, new Promise<void>(resolve => {
		timer = setTimeout(resolve, limitMs);
	})]);
	clearTimeout(timer);
	stdin.removeListener('readable', readAndDrop);
}

/**
 * After the guard, until DA1's late answer has passed (or `windowMs`), what Ink reads from stdin goes through
 * `reader` first, so an answer that comes late is dropped rather than read as keys (`11;rgb:…` typed into
 * the filter). Ink reads with `stdin.read()` on 'readable': wrapping that one method of this stream is the
 * whole of it, and the wrapper removes itself. The keys typed while asking go back to the stream's front and
 * are passed over, not read again: the reader may be inside an answer the guard cut in two.
 */
function filterLateAnswers(stdin: NodeJS.ReadStream, reader: BackgroundReplyReader, typedAhead: string, windowMs: number): LateAnswerFilter {
	const stream = stdin as NodeJS.ReadStream & {read: (size?: number) => unknown};
	const read = stream.read;
	const hadOwnRead = Object.hasOwn(stream, 'read');
	let passOver = typedAhead;
	let heldTimer: NodeJS.Timeout | undefined;
	let isOpen = true;
	let close: () => void = () => undefined;
	const closed = new Promise<void>(resolve => {
		close = resolve;
	});
	const stop = (): void => {
		clearTimeout(timer);
		clearTimeout(heldTimer);
		if (stream.read !== filtered) return;
		isOpen = false;
		close();
		if (hadOwnRead) {
			stream.read = read;
		} else {
			Reflect.deleteProperty(stream, 'read');
		}

		const held = reader.flush();
		if (held !== '') stream.unshift(Buffer.from(held, 'latin1'));
	};

	/**
	 * Nothing came after what the reader holds: it was a key. It goes back to the stream's front, passed over
	 * like the keys typed ahead, for Ink to read as it would have.
	 */
	const releaseHeld = (): void => {
		heldTimer = undefined;
		if (stream.read !== filtered || !reader.isHolding) return;
		// The keys typed ahead came before it and are still unread (the screen is loading): after them.
		if (passOver !== '') {
			watchHeld();
			return;
		}

		const held = reader.flush();
		if (held === '') return;
		passOver = held + passOver;
		stream.unshift(Buffer.from(held, 'latin1'));
	};

	const watchHeld = (): void => {
		clearTimeout(heldTimer);
		heldTimer = reader.isHolding && !reader.isDone ? setTimeout(releaseHeld, heldEscapeMs) : undefined;
		heldTimer?.unref();
	};

	function filtered(size?: number): unknown {
		for (;;) {
			const chunk: unknown = read.call(stream, size);
			if (chunk === null) {
				watchHeld();
				return null;
			}

			const bytes = bytesOf(chunk);
			const typed = bytes.slice(0, passOver.length);
			passOver = passOver.slice(typed.length);
			const keys = typed + reader.push(bytes.slice(typed.length));
			if (reader.isDone) stop();
			if (keys !== '') {
				watchHeld();
				return Buffer.isBuffer(chunk) ? Buffer.from(keys, 'latin1') : Buffer.from(keys, 'latin1').toString('utf8');
			}
		}
	}

	const timer = setTimeout(stop, windowMs);
	timer.unref();
	stream.read = filtered;
	if (typedAhead !== '') stream.unshift(Buffer.from(typedAhead, 'latin1'));
	// An ESC pressed during the guard is held already.
	watchHeld();
	return {
		get isOpen() {
			return isOpen;
		},
		closed,
	};
}
