import {Worker} from 'node:worker_threads';
import {threadFileUrl} from '../threads/thread-file-url.js';

export type RegexJob = {readonly id: number; readonly regex: string; readonly flags: string; readonly text: string; readonly budgetMs: number};
export type RegexAnswer = {readonly id: number; readonly verdict: 'match' | 'no_match' | 'too_slow'};

/** The verdict, or `aborted` when the probe's signal ended the wait first. */
export type PoolVerdict = RegexAnswer['verdict'] | 'aborted';

export type RegexPool = {
	readonly run: (job: Omit<RegexJob, 'id'>, signal: AbortSignal) => Promise<PoolVerdict>;
	/**
	 * For shutdown: ends every thread now, also one still spending an aborted probe's budget (which would hold the
	 * process up to that budget). A job not yet aborted fails. The pool starts threads again for later jobs.
	 */
	readonly close: () => Promise<void>;
};

type Waiting = {readonly job: RegexJob; readonly settle: (verdict: PoolVerdict) => void; readonly fail: (error: Error) => void};
type Thread = {readonly worker: Worker; running: Waiting | undefined};

const threadUrl = threadFileUrl('regex-thread', import.meta.url);

/**
 * Threads that run regular expressions, one job each at a time, started as jobs come (most configs have
 * none) up to `maxThreads`, so that a fast pattern does not wait behind one that is spending its budget.
 * Jobs beyond that wait here, not in a thread's inbox, so that one whose probe's deadline passed is dropped
 * unrun. A thread left idle while another is idle too is ended: a burst leaves one behind, not `maxThreads`.
 */
export function createRegexPool(maxThreads: number): RegexPool {
	const threads = new Set<Thread>();
	const queue: Waiting[] = [];
	let nextId = 1;

	function hand(thread: Thread, waiting: Waiting): void {
		thread.running = waiting;
		thread.worker.ref();
		thread.worker.postMessage(waiting.job);
	}

	function start(): Thread {
		// Without the parent's flags: from source those load tsx, which the thread (Node's imports only) does not need.
		const thread: Thread = {worker: new Worker(threadUrl, {execArgv: []}), running: undefined};
		threads.add(thread);
		thread.worker.on('message', (answer: RegexAnswer) => {
			const done = thread.running;
			if (done?.job.id !== answer.id) return;
			thread.running = undefined;
			done.settle(answer.verdict);
			const next = queue.shift();
			if (next !== undefined) {
				hand(thread, next);
			} else if ([...threads].some(other => other !== thread && other.running === undefined)) {
				threads.delete(thread);
				void thread.worker.terminate();
			} else {
				// Idle, it does not keep the process alive.
				thread.worker.unref();
			}
		});
		// A thread that dies fails the job it held (an internal error of that probe); the next job starts another.
		const stopped = (error: Error) => {
			if (!threads.delete(thread)) return;
			const lost = thread.running;
			thread.running = undefined;
			lost?.fail(error);
			const next = queue.shift();
			if (next !== undefined) hand(start(), next);
		};

		thread.worker.on('error', stopped);
		thread.worker.on('exit', code => stopped(new Error(`the regular expression thread stopped (exit ${code})`)));
		return thread;
	}

	function dispatch(waiting: Waiting): void {
		const idle = [...threads].find(thread => thread.running === undefined);
		if (idle !== undefined) hand(idle, waiting);
		else if (threads.size < maxThreads) hand(start(), waiting);
		else queue.push(waiting);
	}

	async function close(): Promise<void> {
		const closed = new Error('the regular expression threads were closed (uptop is stopping)');
		for (const waiting of queue.splice(0)) waiting.fail(closed);
		const ending = [...threads];
		// Out of the set first, so that their exit is not taken for a thread that died.
		threads.clear();
		for (const thread of ending) {
			const lost = thread.running;
			thread.running = undefined;
			lost?.fail(closed);
		}

		await Promise.all(ending.map(async thread => thread.worker.terminate()));
	}

	async function run(job: Omit<RegexJob, 'id'>, signal: AbortSignal): Promise<PoolVerdict> {
		if (signal.aborted) return 'aborted';
		return new Promise<PoolVerdict>((resolve, reject) => {
			const onAbort = () => {
				const at = queue.indexOf(waiting);
				if (at >= 0) queue.splice(at, 1);
				// A running job finishes within its budget; its answer then settles nothing.
				resolve('aborted');
			};

			const waiting: Waiting = {
				job: {...job, id: nextId++},
				settle(verdict) {
					signal.removeEventListener('abort', onAbort);
					resolve(verdict);
				},
				fail(error) {
					signal.removeEventListener('abort', onAbort);
					reject(error);
				},
			};
			signal.addEventListener('abort', onAbort, {once: true});
			dispatch(waiting);
		});
	}

	return {run, close};
}
