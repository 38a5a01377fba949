import type {MonitorHandle, Snapshot} from '../monitor/types.js';

/** The part of a stream the backlog logic reads: how much it still holds, and a write that calls back once flushed. */
export type BacklogOutput = {
	readonly writableLength?: number;
	write(chunk: string, callback: (error?: Error | null) => void): boolean;
};

type TerminalHandle = {setBlocking?: (isBlocking: boolean) => unknown};

function handleOf(stream: NodeJS.WriteStream): TerminalHandle | undefined {
	return (stream as unknown as {_handle?: TerminalHandle})._handle;
}

/**
 * Node writes to a terminal synchronously, so a terminal that stops reading (an SSH client whose laptop went
 * to sleep, until TCP gives up ~15 minutes later) blocked the whole render thread in write(): the history file
 * stopped, SIGTERM went unanswered, and every message of the probe worker queued up (~1.6 MB/s for 100 checks
 * at 500 ms). Writes that do not block leave the waiting output in the stream, where `holdSnapshotsWhileBacklogged`
 * stops adding to it. Node reopens a terminal for its own use, so the shell's descriptor keeps its mode.
 * stderr too: Ink's cursor restore writes to it on the way out, and hung the exit in a full terminal.
 * `restore` makes them block again, as Node left them, once the terminal has taken what was written: an empty
 * stream alone does not mean the terminal has room.
 */
export function writeTerminalWithoutBlocking(streams: readonly NodeJS.WriteStream[]): {restore(): void} {
	const handles = streams.filter(stream => stream.isTTY === true).map(stream => handleOf(stream)).filter(handle => typeof handle?.setBlocking === 'function');
	for (const handle of handles) handle!.setBlocking!(false);
	return {
		restore() {
			for (const handle of handles) handle!.setBlocking!(true);
		},
	};
}

/** True while the terminal has not yet taken everything written to it. */
export function isBacklogged(output: BacklogOutput): boolean {
	return (output.writableLength ?? 0) > 0;
}

/**
 * Settles once everything written so far has reached the terminal (true), or after `limitMs` (false): the exit
 * waits this long for the screen's teardown to be written, and no longer for a terminal that does not read.
 */
export async function waitForOutputToDrain(output: BacklogOutput, limitMs: number): Promise<boolean> {
	if (!isBacklogged(output)) return true;
	return new Promise<boolean>(resolve => {
		const timer = setTimeout(resolve, limitMs, false);
		timer.unref();
		output.write('', () => {
			clearTimeout(timer);
			resolve(true);
		});
	});
}

/**
 * The monitor as the screen sees it: while the terminal has output it has not taken, newer snapshots wait, and
 * only the latest is shown once it has. A slow link then gets fewer, current frames instead of a queue of stale
 * ones, and a terminal that stopped reading holds at most the frame it was given.
 */
export function holdSnapshotsWhileBacklogged(monitor: MonitorHandle, output: BacklogOutput): MonitorHandle {
	let shown: Snapshot = monitor.getSnapshot();
	let latest: Snapshot = shown;
	let isWaiting = false;
	const listeners = new Set<(snapshot: Snapshot) => void>();
	const show = (snapshot: Snapshot): void => {
		shown = snapshot;
		for (const listener of listeners) listener(snapshot);
	};

	const showLatestOnceDrained = (): void => {
		isWaiting = true;
		output.write('', () => {
			isWaiting = false;
			if (latest === shown) return;
			if (isBacklogged(output)) showLatestOnceDrained();
			else show(latest);
		});
	};

	let unsubscribe: (() => void) | undefined;
	const follow = (): void => {
		latest = monitor.getSnapshot();
		if (!isWaiting && !isBacklogged(output)) shown = latest;
		unsubscribe = monitor.subscribe(snapshot => {
			latest = snapshot;
			if (isWaiting) return;
			if (isBacklogged(output)) showLatestOnceDrained();
			else show(snapshot);
		});
	};

	return {
		getSnapshot: () => shown,
		onEvent: listener => monitor.onEvent(listener),
		send: command => monitor.send(command),
		stop: async () => monitor.stop(),
		...(monitor.onError === undefined ? {} : {onError: (listener: (error: Error) => void) => monitor.onError!(listener)}),
		...(monitor.shownLabel === undefined ? {} : {shownLabel: (label: string) => monitor.shownLabel!(label)}),
		subscribe(listener) {
			listeners.add(listener);
			if (unsubscribe === undefined) follow();
			return () => {
				listeners.delete(listener);
				if (listeners.size > 0) return;
				unsubscribe?.();
				unsubscribe = undefined;
			};
		},
	};
}
