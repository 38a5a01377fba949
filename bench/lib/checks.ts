import type {HttpCheck} from '../../source/config/types.js';

/** A resolved http check as loadConfig would produce it (defaults applied), built directly for the engine. */
export function httpCheck(id: string, url: string, options: {intervalMs?: number; timeoutMs?: number; keepAlive?: boolean} = {}): HttpCheck {
	return {
		id,
		name: id,
		kind: 'http',
		intervalMs: options.intervalMs ?? 1000,
		timeoutMs: options.timeoutMs ?? 5000,
		slowMs: 1000,
		retries: 0,
		secrets: [],
		expectSummary: 'status 200',
		url,
		method: 'GET',
		headers: {},
		expect: {status: [{min: 200, max: 200}], maxBytes: 1024 * 1024},
		maxRedirects: 0,
		insecure: false,
		keepAlive: options.keepAlive ?? false,
	};
}
