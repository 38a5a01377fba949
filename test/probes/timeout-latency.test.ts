import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Check, TcpCheck} from '../../source/config/types.js';
import {systemClock} from '../../source/monitor/clock.js';
import {startProbeRun} from '../../source/monitor/probe-run.js';
import {closeProbes, probeCheck} from '../../source/probes/index.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {python, startBlackhole, type Blackhole} from '../helpers/blackhole.js';
import {httpCheck, startRawServer, type TestServer} from '../helpers/http-servers.js';
import {common} from '../helpers/probe-checks.js';
import {requireComponent} from '../helpers/require-component.js';

const timeoutMs = 300;
/** Checks started at once, as `--once` starts a fleet. */
const fleet = 20;

/** Accepts every connection and never says a byte. */
let silent: TestServer;
let blackhole: Blackhole | undefined;
const hasPython = requireComponent(python, 'python3');

beforeAll(async () => {
	silent = await startRawServer(() => {
		// Held open, never answered.
	});
	if (hasPython) blackhole = await startBlackhole();
});

afterAll(async () => {
	await closeProbes();
	await silent?.close();
	await blackhole?.close();
});

const tcp = (port: number, overrides: Partial<TcpCheck> = {}): TcpCheck => ({...common(`tcp ${port}`, {timeoutMs}), kind: 'tcp', host: '127.0.0.1', port, ...overrides});

/**
 * Runs `checks` as the engine does (its deadline timer, the real probes), all started in one turn, with the
 * event loop then busy for `busyMs` (a fleet's first turn: module loading, the other checks' set-up).
 */
async function runAtOnce(checks: readonly Check[], busyMs: number): Promise<ProbeResult[]> {
	const results = checks.map(check => new Promise<ProbeResult>(resolve => {
		startProbeRun({clock: systemClock, probe: probeCheck, check, attempt: 1, onSettled: resolve, onUntracked() {}});
	}));
	const until = performance.now() + busyMs;
	while (performance.now() < until) {
		// Busy, as the first turn of a large fleet is.
	}

	return Promise.all(results);
}

describe('the latency of a probe that timed out', () => {
	it.each([
		['http, accepted and never answered', () => httpCheck(`${silent.origin}/health`, {timeoutMs}), 'timeout:headers'],
		['tcp, accepted and no banner', () => tcp(silent.port, {expectText: 'SSH'}), 'timeout:total'],
	])('is never below its timeout: %s', async (_name, make, code) => {
		const checks = Array.from({length: fleet}, (_, index) => ({...make(), id: `check ${index}`, name: `check ${index}`}));
		const results = await runAtOnce(checks, 50);
		expect(results.map(result => result.reason?.code)).toEqual(checks.map(() => code));
		for (const result of results) expect(result.latencyMs).toBeGreaterThanOrEqual(timeoutMs);
	});

	it.skipIf(!hasPython).each([
		['http', () => httpCheck(`http://127.0.0.1:${blackhole!.port}/health`, {timeoutMs})],
		['tcp', () => tcp(blackhole!.port)],
	])('is never below its timeout when the connection is never accepted: %s', async (_name, make) => {
		const checks = Array.from({length: fleet}, (_, index) => ({...make(), id: `check ${index}`, name: `check ${index}`}));
		const results = await runAtOnce(checks, 50);
		expect(results.map(result => result.reason?.code)).toEqual(checks.map(() => 'timeout:connect'));
		for (const result of results) expect(result.latencyMs).toBeGreaterThanOrEqual(timeoutMs);
	});
});
