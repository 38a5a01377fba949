/**
 * How Ink begins a frame drawn whole (ink.js `homeAndEraseDown`): cursor home, erase to the end of the screen.
 * Its teardown draws the last frame once more this way whenever the screen was full, which uptop's always is.
 * Between the first frame and the teardown Ink draws in place (cursor up, changed lines erased to their end) as
 * long as the frame keeps the screen's height and the screen does not lose rows (shouldClearTerminalForFrame):
 * uptop's first, all-pending frame is already full height, so nothing of the start-up reaches the scrollback
 * (tmux with `alternate-screen off` and GNU screen, checked with capture-pane -S - and hardcopy -h). A resize
 * that takes rows away is drawn whole again, and those terminals then keep the frame before it.
 */
const homeAndEraseDown = '\u001B[1;1H\u001B[J';
const home = '\u001B[1;1H';
/** Erases the whole line the cursor is on; unlike erasing the screen, no terminal keeps what it erases. */
const eraseLine = '\u001B[2K';

/**
 * Ink's teardown frame, drawn over the one on screen line by line instead of after erasing the screen, then a
 * line break; any other write as it is. Where the alternate screen is ignored (GNU screen's default, tmux's
 * `alternate-screen off`), both tmux and screen move an erased screen into the scrollback first, so the
 * teardown left the last frame there and on the screen: twice. Now it is there once, and the shell's prompt
 * starts on the line below it, whether the footer filled its row or not. In the alternate screen all of this is
 * drawn where it is thrown away.
 */
export function lastFrameInPlace(chunk: string): string {
	if (!chunk.startsWith(homeAndEraseDown)) return chunk;
	const lines = chunk.slice(homeAndEraseDown.length).split('\n');
	return `${home}${lines.map(line => eraseLine + line).join('\n')}\r\n`;
}

type WriteStream = NodeJS.WriteStream & {write: (chunk: unknown, ...rest: unknown[]) => boolean};

/**
 * Runs `teardown` (Ink's unmount, which writes synchronously) with what it writes to `stdout` passed through
 * lastFrameInPlace, and gives the stream back its own write afterwards.
 */
export function tearDownLeavingOneFrame(stdout: NodeJS.WriteStream, teardown: () => void): void {
	const stream = stdout as WriteStream;
	const hadOwnWrite = Object.hasOwn(stream, 'write');
	const write = stream.write;
	stream.write = function (this: WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
		return write.call(this, typeof chunk === 'string' ? lastFrameInPlace(chunk) : chunk, ...rest);
	};

	try {
		teardown();
	} finally {
		if (hadOwnWrite) {
			stream.write = write;
		} else {
			Reflect.deleteProperty(stream, 'write');
		}
	}
}
