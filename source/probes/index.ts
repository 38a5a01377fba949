import type {Check} from '../config/types.js';
import {probe as probeCommand, waitForCommands} from './command.js';
import {probe as probeDns} from './dns.js';
import {probe as probeFreshness} from './freshness.js';
import {closeHttpAgents, forgetHttpSessions, probe as probeHttp} from './http.js';
import {probe as probePrometheus} from './prometheus.js';
import {failing, reason, startClock} from './result.js';
import {probe as probeTcp} from './tcp.js';
import {probe as probeTls} from './tls.js';
import {closeRegexThreads} from './text-match.js';
import type {ProbeResult} from './types.js';

function dispatch(check: Check, signal: AbortSignal): Promise<ProbeResult> {
	switch (check.kind) {
		case 'http': {
			return probeHttp(check, signal);
		}

		case 'tcp': {
			return probeTcp(check, signal);
		}

		case 'dns': {
			return probeDns(check, signal);
		}

		case 'tls': {
			return probeTls(check, signal);
		}

		case 'command': {
			return probeCommand(check, signal);
		}

		case 'freshness': {
			return probeFreshness(check, signal);
		}

		case 'prometheus': {
			return probePrometheus(check, signal);
		}

		default: {
			const unknown: never = check;
			throw new Error(`unknown check kind ${String((unknown as {kind?: unknown}).kind)}`);
		}
	}
}

/**
 * Runs the probe for `check.kind`. A probe that throws has a bug; it becomes an `internal` result here
 * so one broken probe never stops the loop.
 */
export async function probeCheck(check: Check, signal: AbortSignal): Promise<ProbeResult> {
	const clock = startClock();
	try {
		return await dispatch(check, signal);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		return failing(clock, check, reason(check, 'internal', `uptop internal error: ${message}`));
	}
}

/**
 * For shutdown, after aborting in-flight probes: waits until every command check killed at its deadline
 * or by the abort has exited (at most the 2 s SIGKILL grace), closes kept-alive HTTP connections, and ends the
 * regular expression threads (one may still be spending an aborted probe's budget).
 */
export async function closeProbes(): Promise<void> {
	await Promise.all([waitForCommands(), closeHttpAgents(), closeRegexThreads()]);
}

/** After a config edit: lets go of what probes kept for checks that are gone (kept HTTP clients). */
export function forgetChecks(configured: ReadonlySet<string>): void {
	forgetHttpSessions(configured);
}

export {waitForCommands} from './command.js';
export {warmUpHttp as warmUp} from './http/warm-up.js';
