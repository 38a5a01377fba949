import process from 'node:process';

/**
 * Whether a process runs under `pid`. EPERM means it does, as another user's. A pid of another container sharing
 * the state directory can read as gone or as some other live process: callers use it only for what that costs
 * little (a note from `uptop mark`, a leftover file removed or kept).
 */
export function isProcessRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
