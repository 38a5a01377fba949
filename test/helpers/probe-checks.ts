import type {CheckCommon} from '../../source/config/types.js';

/** The settings every check carries, as the config loader would resolve them. */
export function common(id: string, overrides: Partial<CheckCommon> = {}): Omit<CheckCommon, 'kind'> {
	return {
		id,
		name: id,
		intervalMs: 10_000,
		timeoutMs: 2000,
		slowMs: 1000,
		retries: 0,
		secrets: [],
		expectSummary: '',
		...overrides,
	};
}

/** The signal the monitor passes: aborted with a TimeoutError DOMException at the deadline. */
export function deadline(ms: number): AbortSignal {
	return AbortSignal.timeout(ms);
}

/** The signal of a shutdown: an AbortError DOMException. */
export function shutdownAfter(ms: number): AbortSignal {
	const controller = new AbortController();
	setTimeout(() => {
		controller.abort(new DOMException('shutdown', 'AbortError'));
	}, ms);
	return controller.signal;
}
