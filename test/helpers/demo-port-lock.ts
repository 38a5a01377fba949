import {mkdirSync, rmSync, statSync} from 'node:fs';
import http from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';

// The port is the machine's: the lock is where every test run on it looks (global-setup.ts gives each run its own TMPDIR).
const lockDirectory = path.join(process.env.UPTOP_TEST_SHARED_TMP ?? tmpdir(), 'uptop-test-demo-port-47800.lock');
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

/** What holds the demo's port for a test: a server of its own, or someone else who already had it. */
export type DemoPortHold = {readonly close: () => Promise<void>};

/**
 * Makes sure the demo's port is taken for the test, so the fleet has to go elsewhere: by a server of the
 * test's own, or, when the port stays in use (EADDRINUSE) for `timeoutMs`, by whatever has it. 47800 is in
 * the range the kernel hands out for outgoing connections (.ci/run reserves it in CI): one of the suite's
 * thousands of loopback connections can hold it as its local end, for longer than a moment when it is kept
 * alive. Taken is taken: the demo cannot listen there either.
 */
export async function holdDemoPort(handler?: http.RequestListener, timeoutMs = 3000): Promise<DemoPortHold> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const server = http.createServer(handler);
		try {
			await new Promise<void>((resolve, reject) => {
				server.once('error', reject);
				server.listen(47_800, '127.0.0.1', resolve);
			});
			return {
				async close() {
					server.closeAllConnections();
					await new Promise(resolve => server.close(resolve));
				},
			};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
			if (Date.now() > deadline) return {close: async () => undefined};
			await new Promise(resolve => setTimeout(resolve, 100));
		}
	}
}
