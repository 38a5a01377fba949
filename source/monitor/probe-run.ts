import {formatDuration} from '../config/duration.js';
import type {Check} from '../config/types.js';
import {redact} from '../text/redact.js';
import {sanitize} from '../text/sanitize.js';
import type {ProbeResult} from '../probes/types.js';
import type {Clock, TimerHandle} from './types.js';

/** After the deadline, how long a probe may take to honour its aborted signal before the engine gives up on it. */
export const abandonGraceMs = 1000;

/**
 * A deadline that fires this much later than it was due came after the process stood still (kill -STOP, ctrl-z
 * from outside): a busy event loop is late by milliseconds, not by a second.
 */
export const stalledDeadlineMs = 1000;

export type ProbeCall = (check: Check, signal: AbortSignal) => Promise<ProbeResult>;

/**
 * One attempt of one probe under a deadline. `onSettled` is called exactly once: with the probe's result,
 * with a `timeout:total` failure when the probe ignores its aborted signal for `abandonGraceMs`, or never
 * when the attempt was cancelled first (shutdown, removed check).
 */
export type ProbeRun = {
	readonly attempt: number;
	/** Settles when the probe's own promise settles; dropped from tracking when the probe is abandoned. */
	readonly settled: Promise<void>;
	cancel(): void;
};

export type ProbeRunOptions = {
	readonly clock: Clock;
	readonly probe: ProbeCall;
	readonly check: Check;
	readonly attempt: number;
	/** `isStalled`: the result is not to be judged (a cancelled one), its deadline having fallen in a stop. */
	readonly onSettled: (result: ProbeResult, isStalled: boolean) => void;
	/**
	 * Whether a deadline that fired late (stalledDeadlineMs) drops the result. False for the attempt after one that
	 * was dropped: an event loop starved for good (a tight CPU limit) must not keep a hanging target from being judged.
	 */
	readonly forgivesStall?: boolean;
	/** Called once the attempt no longer needs tracking for shutdown (settled or abandoned). */
	readonly onUntracked: () => void;
};

export function startProbeRun({clock, probe, check, attempt, onSettled, onUntracked, forgivesStall = true}: ProbeRunOptions): ProbeRun {
	const controller = new AbortController();
	const startedMono = clock.monotonic();
	const startedAt = clock.now();
	let isDone = false;
	let isStalled = false;
	let hasDeadlineFired = false;
	let timer: TimerHandle | undefined;

	const finish = (result: ProbeResult | undefined) => {
		if (isDone) return;
		isDone = true;
		if (timer !== undefined) clock.clearTimeout(timer);
		timer = undefined;
		// Judged by the engine's clock, as the deadline is: a probe's latencyMs leaves out its set-up and a kept-alive
		// request's first send, time the deadline counts, and comes from its own clock, not the one the engine was given.
		const elapsedMs = clock.monotonic() - startedMono;
		// The answer was read before a deadline that was due over a second ago could fire: the process stood still, as below.
		if (!hasDeadlineFired && result !== undefined && elapsedMs - check.timeoutMs > stalledDeadlineMs) isStalled = forgivesStall;
		result &&= pastTimeout(result, check, elapsedMs);
		// Not judged: when the process resumes, the overdue deadline runs before the answer waiting in the socket is
		// read, and "timeout after 1s" would fail a target that answered in time. The check runs again instead.
		if (result !== undefined) onSettled(isStalled ? {...result, outcome: 'cancelled'} : result, isStalled);
	};

	timer = clock.setTimeout(() => {
		hasDeadlineFired = true;
		isStalled = forgivesStall && clock.monotonic() - startedMono - check.timeoutMs > stalledDeadlineMs;
		controller.abort(new DOMException('deadline', 'TimeoutError'));
		timer = clock.setTimeout(() => {
			timer = undefined;
			onUntracked();
			finish(ignoredDeadline(check, clock.monotonic() - startedMono, startedAt));
		}, abandonGraceMs);
	}, check.timeoutMs);

	let promise: Promise<ProbeResult>;
	try {
		promise = probe(check, controller.signal);
	} catch (error) {
		promise = Promise.reject(error as Error);
	}

	const settled = promise.then(
		result => {
			onUntracked();
			finish(result);
		},
		(error: unknown) => {
			onUntracked();
			finish(internalFailure(check, error, clock.monotonic() - startedMono, startedAt));
		},
	);

	return {
		attempt,
		settled,
		cancel() {
			if (isDone) return;
			finish(undefined);
			controller.abort(new DOMException('cancelled', 'AbortError'));
		},
	};
}

/**
 * A result that came in after the check's timeout is a timeout, whatever it says: a starved host (a CPU limit, a
 * busy event loop) can read an answer before the deadline's timer gets to run, and a timeout is a promise that a
 * target slower than it fails. Failing and cancelled results keep their own reason, which says more.
 */
function pastTimeout(result: ProbeResult, check: Check, elapsedMs: number): ProbeResult {
	if (elapsedMs <= check.timeoutMs || result.outcome === 'failing' || result.outcome === 'cancelled') return result;
	// The target's own time when it is past the timeout; else the time before the probe's first request made it so.
	const came = result.latencyMs > check.timeoutMs
		? `in ${Math.round(result.latencyMs)} ms`
		: `${Math.round(elapsedMs)} ms after the probe began (${Math.round(result.latencyMs)} ms of it the target's)`;
	const message = `timeout: the answer came ${came}, past the ${check.timeoutMs} ms timeout (read late: uptop's host was busy)`;
	// A value or rows read from it would be judged as if it had come in time.
	const {series: _series, seriesCap: _seriesCap, value: _value, ...rest} = result;
	return {...rest, outcome: 'failing', reason: {code: 'timeout:total', message}, summary: message};
}

function ignoredDeadline(check: Check, latencyMs: number, startedAt: number): ProbeResult {
	const message = `timeout after ${formatDuration(check.timeoutMs)} (probe did not stop at its deadline)`;
	return {outcome: 'failing', latencyMs, startedAt, reason: {code: 'timeout:total', message}, summary: message};
}

// A probe that throws is an uptop bug; the row still shows a result instead of the engine stalling.
function internalFailure(check: Check, error: unknown, latencyMs: number, startedAt: number): ProbeResult {
	const text = error instanceof Error ? error.message : String(error);
	const message = redact(sanitize(`internal error: ${text}`), check.secrets).slice(0, 200);
	return {outcome: 'failing', latencyMs, startedAt, reason: {code: 'internal', message}, summary: message};
}

