import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {fileURLToPath} from 'node:url';

export type DemoFleet = {readonly port: number; stop(): void};

/**
 * Starts the demo fleet (dist/demo-fleet.js) as a child process on 127.0.0.1 and resolves once it listens.
 * The child also exits when its stdin closes, so it cannot outlive uptop even after a SIGKILL.
 */
export async function startDemoFleet(options: {port?: number; deployAfterMs?: number} = {}): Promise<DemoFleet> {
	const script = fileURLToPath(new URL('demo-fleet.js', import.meta.url));
	const child: ChildProcess = spawn(process.execPath, [script, String(options.port ?? 47_800)], {
		stdio: ['pipe', 'pipe', 'pipe'],
		env: {...process.env, ...(options.deployAfterMs === undefined ? {} : {UPTOP_DEMO_DEPLOY_AFTER_MS: String(options.deployAfterMs)})},
	});
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const port = await new Promise<number>((resolve, reject) => {
		let stdout = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
			const match = /ready (\d+)/.exec(stdout);
			if (match) {
				resolve(Number(match[1]));
			}
		});
		child.once('exit', code => reject(new Error(stderr.trim() || `demo fleet exited with code ${code}`)));
		child.once('error', reject);
	});
	const stop = () => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
		}
	};

	process.once('exit', stop);
	return {port, stop};
}

export async function waitForExit(child: ChildProcess): Promise<void> {
	if (child.exitCode === null) {
		await once(child, 'exit');
	}
}
