import {spawn} from 'node:child_process';
import process from 'node:process';
import {requireBuild} from './require-build.js';
import {nodeBinary, testStateHome, uptopBinary} from './tmux.js';

export type CliRun = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; durationMs: number};

/** Runs the real bundled binary with stdout and stderr piped (so: not a terminal). */
export async function runCli(args: readonly string[], options: {cwd?: string; env?: Record<string, string>; timeoutMs?: number; input?: string} = {}): Promise<CliRun> {
	requireBuild();
	return runToEnd([nodeBinary, uptopBinary, ...args], {cwd: options.cwd, env: {...process.env, NO_COLOR: '1', XDG_STATE_HOME: testStateHome, ...options.env}, timeoutMs: options.timeoutMs ?? 15_000, input: options.input});
}

/**
 * Runs `argv` (uptop under a wrapper: `ulimit`, `unshare`) to its end with stdout and stderr collected, its stdin
 * `input` (or empty), in exactly the environment given; SIGKILL after `timeoutMs`.
 */
export async function runToEnd(argv: readonly string[], options: {cwd?: string; env: NodeJS.ProcessEnv; timeoutMs: number; input?: string}): Promise<CliRun> {
	const started = performance.now();
	const [command, ...args] = argv;
	const child = spawn(command!, args, {cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	child.stdin.end(options.input ?? '');
	const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
	const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(resolve => {
		child.on('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
	});
	clearTimeout(timer);
	return {code, signal, stdout, stderr, durationMs: performance.now() - started};
}

export type RunningUptop = {
	readonly pid: number;
	/** Everything written to stdout so far. */
	stdout(): string;
	/** Everything written to stderr so far. */
	stderr(): string;
	/** The complete NDJSON lines on stdout so far, parsed. */
	records<T>(): T[];
	/** Polls until `predicate` holds or `timeoutMs` passes; says which. */
	waitUntil(predicate: () => boolean, timeoutMs: number): Promise<boolean>;
	/** Stops reading the child's stdout (as a reader that stalls would), or reads it again. */
	pauseStdout(): void;
	resumeStdout(): void;
	/** SIGTERM (or `signal`), then the exit code once the process has closed. */
	stop(signal?: NodeJS.Signals): Promise<number | null>;
};

/** Starts the real binary for a long-running headless mode (stream, plain lines) with stdout piped. */
export function startUptop(args: readonly string[], options: {cwd?: string; env?: Record<string, string>} = {}): RunningUptop {
	requireBuild();

	const child = spawn(nodeBinary, [uptopBinary, ...args], {cwd: options.cwd, env: {...process.env, XDG_STATE_HOME: testStateHome, ...options.env}, stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const closed = new Promise<number | null>(resolve => {
		child.once('close', code => resolve(code));
	});
	return {
		pid: child.pid!,
		stdout: () => stdout,
		stderr: () => stderr,
		records: <T>() => stdout.split('\n').slice(0, -1).map(line => JSON.parse(line) as T),
		async waitUntil(predicate, timeoutMs) {
			const deadline = Date.now() + timeoutMs;
			while (!predicate()) {
				if (Date.now() > deadline) {
					return false;
				}

				await new Promise(resolve => setTimeout(resolve, 50));
			}

			return true;
		},
		pauseStdout() {
			child.stdout.pause();
		},
		resumeStdout() {
			child.stdout.resume();
		},
		async stop(signal = 'SIGTERM') {
			child.kill(signal);
			return closed;
		},
	};
}
