import {spawn} from 'node:child_process';
import process from 'node:process';
import {nodeBinary, testStateHome, uptopBinary} from './tmux.js';

export type CliRun = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; durationMs: number};

/** Runs the real bundled binary with stdout and stderr piped (so: not a terminal). */
export async function runCli(args: readonly string[], options: {cwd?: string; env?: Record<string, string>; timeoutMs?: number; input?: string} = {}): Promise<CliRun> {
	if (process.env.UPTOP_BUILD_ERROR) {
		throw new Error(`the bundle did not build:\n${process.env.UPTOP_BUILD_ERROR}`);
	}

	const started = performance.now();
	const child = spawn(nodeBinary, [uptopBinary, ...args], {cwd: options.cwd, env: {...process.env, NO_COLOR: '1', XDG_STATE_HOME: testStateHome, ...options.env}, stdio: ['pipe', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	child.stdin.end(options.input ?? '');
	const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
	const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(resolve => {
		child.on('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
	});
	clearTimeout(timer);
	return {code, signal, stdout, stderr, durationMs: performance.now() - started};
}
