import {mkdirSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

const lockDirectory = path.join(tmpdir(), 'uptop-test-demo-port-47800.lock');
/** A lock older than any test holding it: left behind by a killed run. */
const staleMs = 120_000;

/**
 * Runs `body` while no other test file holds the demo fleet's port. Two files use 47800 on purpose (one
 * needs it free, one blocks it), and vitest runs files in parallel: without the lock, one could take the
 * port in the middle of the other and fail it.
 */
export async function withDemoPort<T>(body: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			mkdirSync(lockDirectory);
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || Date.now() > deadline) throw error;
			if (Date.now() - (statSync(lockDirectory, {throwIfNoEntry: false})?.mtimeMs ?? Date.now()) > staleMs) {
				rmSync(lockDirectory, {recursive: true, force: true});
				continue;
			}

			await new Promise(resolve => setTimeout(resolve, 50));
		}
	}

	try {
		return await body();
	} finally {
		rmSync(lockDirectory, {recursive: true, force: true});
	}
}
