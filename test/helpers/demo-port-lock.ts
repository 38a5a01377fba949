import {mkdirSync, rmSync, statSync} from 'node:fs';
import http from 'node:http';
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

/**
 * A server of the test's own on the demo's port, so the fleet has to go elsewhere. The port is in the range
 * the kernel hands out for outgoing connections: while the other tests connect thousands of times, one of
 * them can hold 127.0.0.1:47800 as its local end for a moment, and listening then fails with EADDRINUSE.
 * Tries again for a while rather than failing the test on that.
 */
export async function holdDemoPort(handler?: http.RequestListener, timeoutMs = 10_000): Promise<http.Server> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const server = http.createServer(handler);
		try {
			await new Promise<void>((resolve, reject) => {
				server.once('error', reject);
				server.listen(47_800, '127.0.0.1', resolve);
			});
			return server;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || Date.now() > deadline) throw error;
			await new Promise(resolve => setTimeout(resolve, 100));
		}
	}
}
