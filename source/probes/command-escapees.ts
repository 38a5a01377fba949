import {readdir, readFile} from 'node:fs/promises';

/**
 * Every process a command check starts carries this variable, and its descendants inherit it. A process
 * that leaves the check's process group (setsid, a daemon's double fork) escapes a signal to the group;
 * it is found by this tag instead. Best effort: a process that clears its environment is not found.
 */
export const runTagVariable = 'UPTOP_CHECK_RUN';

let runs = 0;

/** Unique among this process's runs (the counter) and across processes (the pid, and a random part for a reused pid). */
export function newRunTag(): string {
	runs++;
	return `${process.pid}-${runs}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Whether a NUL-separated environment holds `wanted` as a whole entry (the first, or one after a NUL). */
function holds(environment: Buffer, wanted: Buffer): boolean {
	let at = environment.indexOf(wanted);
	while (at > 0 && environment[at - 1] !== 0) {
		at = environment.indexOf(wanted, at + 1);
	}

	return at !== -1;
}

/**
 * Live processes (other than this one) whose environment holds `runTagVariable=tag`; none where /proc is
 * missing. Read off the thread: on a host with a thousand processes a synchronous scan would stall the
 * probe worker for ~20 ms, and every answer timed meanwhile would read late.
 */
export async function taggedProcesses(tag: string): Promise<number[]> {
	let entries: string[];
	try {
		entries = await readdir('/proc');
	} catch {
		return [];
	}

	const wanted = Buffer.from(`${runTagVariable}=${tag}\0`);
	const pids = entries.map(Number).filter(pid => Number.isInteger(pid) && pid !== process.pid);
	const found = await Promise.all(pids.map(async pid => {
		try {
			return holds(await readFile(`/proc/${pid}/environ`), wanted) ? pid : undefined;
		} catch {
			// Gone meanwhile, or another user's process: not ours.
			return undefined;
		}
	}));
	return found.filter((pid): pid is number => pid !== undefined);
}

/** The process group `pid` is in (the fifth field of /proc/PID/stat), or undefined when it is gone. */
async function processGroup(pid: number): Promise<number | undefined> {
	try {
		const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
		// The command name, in parentheses, may hold spaces and parentheses itself: the fields after its last one.
		return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
	} catch {
		return undefined;
	}
}

/**
 * Signals every process carrying the tag, but those in `exceptGroup` (signalled through their group already: a
 * program that takes a second SIGTERM for "force quit" would lose its graceful shutdown); resolves with how many
 * were signalled.
 */
export async function signalTagged(tag: string, signal: NodeJS.Signals, exceptGroup?: number): Promise<number> {
	let count = 0;
	for (const pid of await taggedProcesses(tag)) {
		// eslint-disable-next-line no-await-in-loop
		if (exceptGroup !== undefined && await processGroup(pid) === exceptGroup) continue;
		try {
			process.kill(pid, signal);
			count++;
		} catch {
			// Exited between the scan and the signal.
		}
	}

	return count;
}
