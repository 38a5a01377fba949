import {spawn, type ChildProcess} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import type {Check} from '../config/types.js';

/** Where checks.yaml expects the demo fleet. */
export const demoPort = 47_800;

export type DemoFleet = {readonly port: number; stop(): void};

/**
 * Starts the demo fleet (dist/demo-fleet.js) as a child process on 127.0.0.1 and resolves once it listens.
 */
export async function startDemoFleet(options: {port?: number; deployAfterMs?: number} = {}): Promise<DemoFleet> {
	const script = fileURLToPath(new URL('demo-fleet.js', import.meta.url));
	const child: ChildProcess = spawn(process.execPath, [script, String(options.port ?? demoPort)], {
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

	// The caller registers stop() with its exit cleanups; if uptop dies without them, the fleet sees stdin close.
	return {port, stop};
}

/**
 * What to tell the user when the fleet listens elsewhere than checks.yaml says: the checks follow it there, so the
 * targets on screen disagree with the file they can open. Undefined on the usual port.
 */
export function demoPortNote(port: number): string | undefined {
	return port === demoPort ? undefined : `demo fleet on 127.0.0.1:${port} (checks.yaml says ${demoPort}, which was in use)`;
}

/**
 * When the usual port was taken and the fleet listens elsewhere, points the demo's checks at it. Only the
 * bundled demo config goes through here, so rewriting its loopback address is safe.
 */
export function retargetDemoChecks(checks: readonly Check[], port: number): Check[] {
	if (port === demoPort) {
		return [...checks];
	}

	const from = `127.0.0.1:${demoPort}`;
	const to = `127.0.0.1:${port}`;
	return checks.map(check => {
		switch (check.kind) {
			case 'http':
			case 'freshness':
			case 'prometheus': {
				return check.url === undefined ? check : {...check, url: check.url.replace(from, to)};
			}

			case 'tcp':
			case 'tls': {
				return check.host === '127.0.0.1' && check.port === demoPort ? {...check, port} : check;
			}

			default: {
				return check;
			}
		}
	});
}
