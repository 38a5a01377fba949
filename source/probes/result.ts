import type {Check} from '../config/types.js';
import {cleanText} from '../text/clean-text.js';
import type {SanitizeOptions} from '../text/sanitize.js';
import {isDeadline, type ProbeResult, type Reason, type ReasonCode} from './types.js';

/**
 * The two clocks of one attempt: wall clock for display, monotonic clock for the latency. A probe that
 * connects to an address moves `startMs` to its connection attempt (connection-attempt.ts); `calledMs` stays
 * when the probe was called, where its deadline counts from.
 */
export type Clock = {readonly startedAt: number; startMs: number; readonly calledMs: number};

export function startClock(): Clock {
	const now = performance.now();
	return {startedAt: Date.now(), startMs: now, calledMs: now};
}

/**
 * A timed-out attempt's latency, as of now: the time since the probe was called, and at least the timeout
 * ("3.00 s" beside "timeout after 3s", never "2.97 s"). Not from the connection attempt, as a result's: the
 * deadline counts from the call, and uptop's set-up or a busy event loop can come between the two. At least
 * the timeout, because libuv counts timers in whole milliseconds and may fire one up to 1 ms before
 * performance.now() says it is due.
 */
export function deadlineLatencyMs(calledMs: number, timeoutMs: number): number {
	return Math.max(performance.now() - calledMs, timeoutMs);
}

export type ResultFields = Omit<ProbeResult, 'latencyMs' | 'startedAt'>;

/** `endMs`: when the target's part ended, if uptop had more to do after it (a regular expression to run). */
export function finish(clock: Clock, fields: ResultFields, endMs = performance.now()): ProbeResult {
	return {...fields, startedAt: clock.startedAt, latencyMs: endMs - clock.startMs};
}

/** Target text made safe to store, with the check's secrets hidden (see cleanText). */
export function safeText(text: string, check: Check, options?: SanitizeOptions): string {
	return cleanText(text, check.secrets, options);
}

export function reason(check: Check, code: ReasonCode, message: string): Reason {
	return {code, message: safeText(message, check)};
}

/** "2s", "0.5s", "1.25s" */
export function formatSeconds(ms: number): string {
	return `${Number((ms / 1000).toFixed(2))}s`;
}

/** What an aborted probe reports: a timeout in `phase` at the deadline, `cancelled` on shutdown. */
export function abortedResult(clock: Clock, check: Check, signal: AbortSignal, code: ReasonCode, phase: string): ProbeResult {
	if (isDeadline(signal)) {
		return {
			outcome: 'failing',
			reason: reason(check, code, `timeout after ${formatSeconds(check.timeoutMs)} (${phase})`),
			summary: `timeout (${phase})`,
			startedAt: clock.startedAt,
			latencyMs: deadlineLatencyMs(clock.calledMs, check.timeoutMs),
		};
	}

	return finish(clock, {outcome: 'cancelled', reason: {code: 'cancelled', message: 'cancelled'}, summary: 'cancelled'});
}

export function failing(clock: Clock, check: Check, why: Reason, extra: Partial<ResultFields> = {}): ProbeResult {
	return finish(clock, {outcome: 'failing', summary: why.message, ...extra, reason: why});
}

const outcomeRank = {up: 0, warn: 1, unknown: 1.5, failing: 2, cancelled: 3} as const;

export function worseOutcome<T extends keyof typeof outcomeRank>(a: T, b: T): T {
	return outcomeRank[b] > outcomeRank[a] ? b : a;
}

/** Resolves when the signal aborts (never rejects); for racing work that cannot take a signal. */
export function whenAborted(signal: AbortSignal): Promise<void> {
	return new Promise(resolve => {
		if (signal.aborted) {
			resolve();
			return;
		}

		signal.addEventListener('abort', () => {
			resolve();
		}, {once: true});
	});
}
