import {Worker} from 'node:worker_threads';
import type {LoadedConfig} from './loaded-config.js';
import {threadExecArgv} from './thread-exec-argv.js';
import {threadFileUrl} from '../threads/thread-file-url.js';

export type ConfigThreadData = {readonly file: string; readonly env: NodeJS.ProcessEnv};

export type ThreadLoad = {readonly cancel: () => void};

const threadUrl = threadFileUrl('config-thread', import.meta.url);

/**
 * Loads `file` in a thread of its own, which ends with its answer, and calls `done` with the answer, or with
 * undefined when the thread gave none (it could not start: out of descriptors or memory; or the loader threw):
 * the caller then loads on its own thread, as it would without one. Never calls back after `cancel()`.
 */
export function loadInThread(file: string, env: NodeJS.ProcessEnv, done: (loaded: LoadedConfig | undefined) => void): ThreadLoad {
	let isSettled = false;
	const settle = (loaded: LoadedConfig | undefined): void => {
		if (isSettled) return;
		isSettled = true;
		done(loaded);
	};

	let worker: Worker;
	try {
		const workerData: ConfigThreadData = {file, env: {...env}};
		worker = new Worker(threadUrl, {workerData, execArgv: threadExecArgv(threadUrl)});
	} catch {
		setImmediate(() => {
			settle(undefined);
		});
		return {
			cancel() {
				isSettled = true;
			},
		};
	}

	// A reload in progress does not keep a process that is otherwise done alive.
	worker.unref();
	worker.once('message', (loaded: LoadedConfig) => {
		settle(loaded);
	});
	worker.once('error', () => {
		settle(undefined);
	});
	worker.once('exit', () => {
		settle(undefined);
	});
	return {
		cancel() {
			isSettled = true;
			void worker.terminate();
		},
	};
}
