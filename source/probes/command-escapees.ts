import {readdirSync, readFileSync} from 'node:fs';

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

/** Live processes (other than this one) whose environment holds `runTagVariable=tag`; none where /proc is missing. */
export function taggedProcesses(tag: string): number[] {
	let entries: string[];
	try {
		entries = readdirSync('/proc');
	} catch {
		return [];
	}

	const wanted = Buffer.from(`${runTagVariable}=${tag}\0`);
	const found: number[] = [];
	for (const entry of entries) {
		const pid = Number(entry);
		if (!Number.isInteger(pid) || pid === process.pid) {
			continue;
		}

		try {
			// NUL-separated; each entry is matched whole from its start (the first, or one after a NUL).
			const environment = readFileSync(`/proc/${pid}/environ`);
			let at = environment.indexOf(wanted);
			while (at > 0 && environment[at - 1] !== 0) {
				at = environment.indexOf(wanted, at + 1);
			}

			if (at !== -1) {
				found.push(pid);
			}
		} catch {
			// Gone meanwhile, or another user's process: not ours.
		}
	}

	return found;
}

/** Signals every process carrying the tag; returns how many were signalled. */
export function signalTagged(tag: string, signal: NodeJS.Signals): number {
	let count = 0;
	for (const pid of taggedProcesses(tag)) {
		try {
			process.kill(pid, signal);
			count++;
		} catch {
			// Exited between the scan and the signal.
		}
	}

	return count;
}
