import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {Check} from '../../source/config/types.js';
import {createMonitor, type Monitor} from '../../source/monitor/monitor.js';
import {probe} from '../../source/probes/http.js';
import {closeProbes, probeCheck} from '../../source/probes/index.js';
import {setRegexBudgetForTests} from '../../source/probes/text-match.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {httpCheck, startHttpServer, type TestServer} from '../helpers/http-servers.js';
import {deadline} from '../helpers/probe-checks.js';

const backtracks = `${'a'.repeat(40)}!`;
/**
 * Each backtracking expression here runs 2.5 s, not 500 ms: a probe it held would show seconds, one it did not
 * shows the target's millisecond, and the bounds between (1 s) hold on however loaded a machine.
 */
const budgetMs = 2500;
const tooSlow = (pattern: string) => `${pattern} stopped after ${budgetMs} ms, unfinished (it backtracks on this text: avoid nested repeats such as (a+)+)`;

beforeAll(() => {
	setRegexBudgetForTests(budgetMs);
});

afterAll(() => {
	setRegexBudgetForTests(undefined);
});

describe('a regular expression that backtracks, beside healthy checks', () => {
	const servers: TestServer[] = [];
	let monitor: Monitor | undefined;

	afterEach(async () => {
		await monitor?.stop();
		monitor = undefined;
		await closeProbes();
		await Promise.all(servers.splice(0).map(async server => server.close()));
	});

	async function servers2(): Promise<{stuck: TestServer; healthy: TestServer}> {
		const stuck = await startHttpServer((_request, response) => {
			response.writeHead(200, {'content-type': 'text/plain', 'x-state': backtracks}).end(backtracks);
		});
		const healthy = await startHttpServer((_request, response) => {
			response.writeHead(200, {'content-type': 'text/plain'}).end('ok');
		});
		servers.push(stuck, healthy);
		return {stuck, healthy};
	}

	/** Runs the real engine and probes for `ms`, and returns each check's results. */
	async function watch(checks: readonly Check[], ms: number): Promise<Map<string, ProbeResult[]>> {
		const results = new Map<string, ProbeResult[]>();
		monitor = createMonitor({checks, async probe(check, signal) {
			const result = await probeCheck(check, signal);
			results.set(check.id, [...results.get(check.id) ?? [], result]);
			return result;
		}});
		monitor.start();
		await new Promise(resolve => setTimeout(resolve, ms));
		return results;
	}

	// A timeout well above the budget: a healthy check held behind an expression would read its seconds, not a timeout.
	const timing = {intervalMs: 1000, timeoutMs: 6000, slowMs: 500};
	const status = [{min: 200, max: 299}];

	it('does not slow the healthy checks, and fails its own check saying why', async () => {
		const {stuck, healthy} = await servers2();
		const results = await watch([
			...[1, 2, 3, 4].map(n => httpCheck(`${stuck.origin}/body/${n}`, {...timing, id: `body-${n}`, name: `body-${n}`, expect: {status, body: {regex: '(a+)+$', flags: ''}, maxBytes: 1024 * 1024}})),
			httpCheck(`${healthy.origin}/one`, {...timing, id: 'healthy-1', name: 'healthy-1'}),
			httpCheck(`${healthy.origin}/two`, {...timing, id: 'healthy-2', name: 'healthy-2', expect: {status, body: {regex: '^ok$', flags: ''}, maxBytes: 1024 * 1024}}),
		], 7000);

		for (const id of ['healthy-1', 'healthy-2']) {
			const seen = results.get(id) ?? [];
			expect(seen.length, id).toBeGreaterThanOrEqual(3);
			for (const result of seen) {
				expect(result.outcome, `${id}: ${result.reason?.message ?? ''}`).toBe('up');
				// Each answer takes a millisecond or two; held behind one expression it would take 2.5 s.
				expect(result.latencyMs, id).toBeLessThan(1000);
			}
		}

		for (const id of ['body-1', 'body-2', 'body-3', 'body-4']) {
			const seen = results.get(id) ?? [];
			expect(seen.length, id).toBeGreaterThanOrEqual(3);
			for (const result of seen) {
				expect(result.reason, id).toEqual({code: 'expect:body', message: `body: ${tooSlow('/(a+)+$/')}`});
				// Latency is the target's time; the regex ran 2.5 s on uptop's.
				expect(result.latencyMs, id).toBeLessThan(1000);
			}
		}
	}, 30_000);

	it('in a header, does not count in its own check\'s latency', async () => {
		const {stuck} = await servers2();
		const results = await watch([
			httpCheck(`${stuck.origin}/header`, {...timing, id: 'header', name: 'header', expect: {status, header: {'X-State': {regex: '^(a|a)+$', flags: ''}}, maxBytes: 1024 * 1024}}),
		], 5000);
		const seen = results.get('header') ?? [];
		expect(seen.length).toBeGreaterThanOrEqual(2);
		for (const result of seen) {
			expect(result.reason).toEqual({code: 'expect:header', message: `header X-State: ${tooSlow('/^(a|a)+$/')}`});
			expect(result.latencyMs).toBeLessThan(1000);
		}
	}, 30_000);

	it('ends at the check\'s deadline when that comes first, saying it was matching', async () => {
		const {stuck} = await servers2();
		const check = httpCheck(`${stuck.origin}/short`, {timeoutMs: 500, expect: {status, body: {regex: '(a+)+$', flags: ''}, maxBytes: 1024 * 1024}});
		const started = performance.now();
		const result = await probe(check, deadline(check.timeoutMs));
		// The probe answers at its deadline (0.5 s, with a thread's cold start in it), not when the expression's 2.5 s are spent.
		expect(performance.now() - started).toBeLessThan(1500);
		expect(result.reason).toEqual({code: 'timeout:total', message: 'timeout after 500ms (matching /(a+)+$/ against the body)'});
		expect(result.status).toBe(200);
	}, 10_000);
});
