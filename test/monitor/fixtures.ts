import type {HttpCheck} from '../../source/config/types.js';
import type {ProbeResult} from '../../source/probes/types.js';
import type {Clock} from '../../source/monitor/types.js';

/** A resolved http check as loadConfig would produce it; the engine only reads the common fields. */
export function makeCheck(id: string, overrides: Partial<HttpCheck> = {}): HttpCheck {
	return {
		id,
		name: id,
		kind: 'http',
		intervalMs: 5000,
		timeoutMs: 2000,
		slowMs: 1000,
		retries: 0,
		secrets: [],
		expectSummary: 'status 200',
		url: `http://127.0.0.1:1/${id}`,
		method: 'GET',
		headers: {},
		expect: {status: [{min: 200, max: 200}], maxBytes: 1_048_576},
		maxRedirects: 5,
		insecure: false,
		keepAlive: false,
		...overrides,
	};
}

export function up(latencyMs = 20, extra: Partial<ProbeResult> = {}): ProbeResult {
	return {outcome: 'up', latencyMs, startedAt: 0, summary: '200 OK', status: 200, ...extra};
}

export function failing(latencyMs = 5, extra: Partial<ProbeResult> = {}): ProbeResult {
	return {outcome: 'failing', latencyMs, startedAt: 0, summary: 'refused', reason: {code: 'refused', message: 'connection refused'}, ...extra};
}

/** Resolves after `ms` of the given clock, or with a cancelled result as soon as the signal aborts. */
export async function wait(clock: Clock, ms: number, signal: AbortSignal, result: ProbeResult): Promise<ProbeResult> {
	return new Promise(resolve => {
		const timer = clock.setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve(result);
		}, ms);
		function onAbort() {
			clock.clearTimeout(timer);
			const isTimeout = (signal.reason as {name?: string}).name === 'TimeoutError';
			resolve(
				isTimeout
					? {outcome: 'failing', latencyMs: ms, startedAt: 0, summary: 'timeout', reason: {code: 'timeout:total', message: 'timeout'}}
					: {outcome: 'cancelled', latencyMs: 0, startedAt: 0, summary: 'cancelled'},
			);
		}

		signal.addEventListener('abort', onAbort, {once: true});
	});
}
