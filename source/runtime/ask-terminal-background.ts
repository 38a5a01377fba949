import {backgroundQuery, createBackgroundReplyReader} from '../ui/background-reply.js';
import type {Background} from '../ui/theme.js';

export type AskOptions = {
	/**
	 * How long to wait for a terminal that answers neither query (a serial line, a multiplexer that swallows
	 * both) before the screen is drawn dark anyway. Every terminal met so far answers DA1 at once, so this is
	 * only a guard. Default 400 ms.
	 */
	readonly guardMs?: number;
};

/** Keys typed while the terminal is asked, kept for the screen; a paste beyond this is dropped. */
const maxTypedAheadLength = 4096;

/**
 * Asks the terminal for its background (OSC 11, then DA1: background-reply.ts) and resolves with what it
 * said: light, dark, or undefined when it does not say (then the caller draws dark). stdin is put in raw
 * mode first, so the answer is not echoed nor held for a line, and left in it: the screen takes it next,
 * and a key typed between the two is neither echoed nor kept back. The keys typed while asking are handed
 * back to stdin (unshift) for the screen to read, as if they had just come.
 */
export async function askTerminalBackground(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream, options: AskOptions = {}): Promise<Background | undefined> {
	try {
		stdin.setRawMode(true);
	} catch {
		return undefined;
	}

	const reader = createBackgroundReplyReader();
	let typedAhead = '';
	return new Promise(resolve => {
		const finish = (): void => {
			stdin.removeListener('readable', onReadable);
			clearTimeout(guard);
			if (typedAhead !== '') stdin.unshift(Buffer.from(typedAhead, 'latin1'));
			resolve(reader.background);
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

		const guard = setTimeout(finish, options.guardMs ?? 400);
		stdin.on('readable', onReadable);
		stdout.write(backgroundQuery);
	});
}

/** A chunk as one character a byte (latin1): what is handed back is then the same bytes, UTF-8 and all. */
function bytesOf(chunk: unknown): string {
	return (Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), 'utf8')).toString('latin1');
}
