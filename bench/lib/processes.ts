import {spawn, type ChildProcess} from 'node:child_process';
import {createServer} from 'node:net';
import {nodeBinary} from './bundle.js';

/** A child node process that talks over IPC; the bench stops it by its own PID only. */
export type Child = {
	readonly process: ChildProcess;
	/** Resolves with the first IPC message matching `type`. */
	next<T = Record<string, unknown>>(type: string, timeoutMs?: number): Promise<T>;
	request<T = Record<string, unknown>>(message: Record<string, unknown>, replyType: string, timeoutMs?: number): Promise<T>;
	stop(): Promise<void>;
};

const children = new Set<ChildProcess>();

export function startChild(file: string, args: string[] = [], nodeArgs: string[] = []): Child {
	const child = spawn(nodeBinary, [...nodeArgs, file, ...args], {stdio: ['ignore', 'inherit', 'inherit', 'ipc']});
	children.add(child);
	const waiting: Array<{type: string; resolve: (message: any) => void}> = [];
	const early: any[] = [];
	child.on('message', (message: any) => {
		const index = waiting.findIndex(entry => entry.type === message?.type);
		if (index === -1) {
			early.push(message);
			return;
		}

		const [entry] = waiting.splice(index, 1);
		entry!.resolve(message);
	});
	child.on('exit', () => children.delete(child));
	const next = <T>(type: string, timeoutMs = 30_000): Promise<T> => {
		const earlyIndex = early.findIndex(message => message?.type === type);
		if (earlyIndex !== -1) return Promise.resolve(early.splice(earlyIndex, 1)[0] as T);
		return new Promise<T>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`${file}: no "${type}" message within ${timeoutMs} ms`)), timeoutMs);
			const onExit = (code: number | null): void => {
				clearTimeout(timer);
				reject(new Error(`${file} exited (code ${code}) before sending "${type}"`));
			};

			child.once('exit', onExit);
			waiting.push({type, resolve(message) {
				clearTimeout(timer);
				child.off('exit', onExit);
				resolve(message as T);
			}});
		});
	};

	return {
		process: child,
		next,
		request<T>(message: Record<string, unknown>, replyType: string, timeoutMs?: number) {
			const reply = next<T>(replyType, timeoutMs);
			child.send(message);
			return reply;
		},
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
			child.kill('SIGTERM');
			const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
			await exited;
			clearTimeout(timer);
		},
	};
}

/** Kills whatever children are still running (harness error paths). */
export function killAllChildren(): void {
	for (const child of children) child.kill('SIGKILL');
}

export async function freePort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise<void>(resolve => server.close(() => resolve()));
	return port;
}

export function sleep(ms: number): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, ms));
}
