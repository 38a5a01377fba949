import {spawn, type ChildProcess} from 'node:child_process';

/** A long-running process started by a test; stop() ends it by PID (SIGTERM, then SIGKILL). */
export type Service = {readonly child: ChildProcess; readonly output: () => string; stop(): Promise<void>};

export function spawnService(command: string, args: readonly string[], options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}): Service {
	const child = spawn(command, args, {stdio: ['ignore', 'pipe', 'pipe'], cwd: options.cwd, env: options.env ?? process.env});
	let output = '';
	const keep = (chunk: Buffer) => {
		// The tail is enough to explain a failed start.
		output = (output + chunk.toString('utf8')).slice(-20_000);
	};

	child.stdout!.on('data', keep);
	child.stderr!.on('data', keep);
	const exited = new Promise<void>(resolve => {
		if (child.exitCode !== null || child.signalCode !== null) {
			resolve();
		}

		child.once('exit', () => resolve());
		child.once('error', () => resolve());
	});
	return {
		child,
		output: () => output,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
				return;
			}

			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
			await exited;
			clearTimeout(timer);
		},
	};
}

/** Polls `probe` until it returns a value (not undefined) or `timeoutMs` passes; an error marked `fatal` stops at once. */
export async function pollUntil<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, intervalMs = 100): Promise<T> {
	const until = performance.now() + timeoutMs;
	let lastError: unknown;
	while (performance.now() < until) {
		try {
			// eslint-disable-next-line no-await-in-loop
			const value = await probe();
			if (value !== undefined) {
				return value;
			}
		} catch (error) {
			if ((error as {fatal?: boolean}).fatal) {
				throw error;
			}

			lastError = error;
		}

		// eslint-disable-next-line no-await-in-loop
		await new Promise(resolve => setTimeout(resolve, intervalMs));
	}

	throw new Error(`${what} not ready within ${timeoutMs} ms${lastError ? ` (last error: ${String(lastError)})` : ''}`);
}
