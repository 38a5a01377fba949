import {parentPort} from 'node:worker_threads';
import vm from 'node:vm';
import type {RegexJob, RegexAnswer} from './regex-pool.js';

// The thread regular expressions run in (regex-pool.ts), away from the thread that times every probe. Its own
// imports are Node's only: started from source it runs with Node's type stripping, without a loader to start.
if (parentPort === null) throw new Error('uptop: regex-thread.js must be started as a worker thread');
const port = parentPort;

// One context and script for every match: a context costs milliseconds and a run in it a tenth of one.
const context = vm.createContext(Object.create(null) as object);
const test = new vm.Script('pattern.test(text)');

/**
 * The budget is kept here, by V8's own watchdog on this thread (as undici keeps an HTTP probe's socket
 * timeouts): the probe thread sets no timer, and a stopped expression leaves this thread ready for the next.
 */
function verdictOf({regex, flags, text, budgetMs}: RegexJob): RegexAnswer['verdict'] {
	let pattern: RegExp;
	try {
		pattern = new RegExp(regex, flags);
	} catch {
		return 'no_match';
	}

	context['pattern'] = pattern;
	context['text'] = text;
	try {
		return test.runInContext(context, {timeout: budgetMs}) === true ? 'match' : 'no_match';
	} catch (error) {
		if ((error as {code?: unknown}).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return 'too_slow';
		throw error;
	} finally {
		context['pattern'] = undefined;
		context['text'] = undefined;
	}
}

port.on('message', (job: RegexJob) => {
	const answer: RegexAnswer = {id: job.id, verdict: verdictOf(job)};
	port.postMessage(answer);
});
