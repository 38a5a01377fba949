import {afterEach, describe, expect, it} from 'vitest';
import type {Check} from '../../source/config/types.js';
import {createMonitor, type Monitor} from '../../source/monitor/monitor.js';
import {probe} from '../../source/probes/http.js';
import {closeProbes, probeCheck} from '../../source/probes/index.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {httpCheck, startHttpServer, type TestServer} from '../helpers/http-servers.js';
import {deadline} from '../helpers/probe-checks.js';

const backtracks = `${'a'.repeat(40)}!`;
const tooSlow = (pattern: string) => `${pattern} stopped after 500 ms, unfinished (it backtracks on this text: avoid nested repeats such as (a+)+)`;

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

	const timing = {intervalMs: 1000, timeoutMs: 1000, slowMs: 500};
	const status = [{min: 200, max: 299}];

	it('does not slow the healthy checks, and fails its own check saying why', async () => {
		const {stuck, healthy} = await servers2();
		const results = await watch([
			...[1, 2, 3, 4].map(n => httpCheck(`${stuck.origin}/body/${n}`, {...timing, id: `body-${n}`, name: `body-${n}`, expect: {status, body: {regex: '(a+)+$', flags: ''}, maxBytes: 1024 * 1024}})),
			httpCheck(`${healthy.origin}/one`, {...timing, id: 'healthy-1', name: 'healthy-1'}),
			httpCheck(`${healthy.origin}/two`, {...timing, id: 'healthy-2', name: 'healthy-2', expect: {status, body: {regex: '^ok$', flags: ''}, maxBytes: 1024 * 1024}}),
		], 4500);

		for (const id of ['healthy-1', 'healthy-2']) {
			const seen = results.get(id) ?? [];
			expect(seen.length, id).toBeGreaterThanOrEqual(3);
			for (const result of seen) {
				expect(result.outcome, `${id}: ${result.reason?.message ?? ''}`).toBe('up');
				// Each answer takes a millisecond or two; the regex budget is 500 ms. Far from both, not a tight timing.
				expect(result.latencyMs, id).toBeLessThan(200);
			}
		}

		for (const id of ['body-1', 'body-2', 'body-3', 'body-4']) {
			const seen = results.get(id) ?? [];
			expect(seen.length, id).toBeGreaterThanOrEqual(3);
			// Four threads start at once on the first round, and on a loaded machine the last may come after the
			// deadline: then the check says its own deadline passed while matching. From then on it fails at once.
			const [first, ...later] = seen;
			expect([`body: ${tooSlow('/(a+)+$/')}`, 'timeout after 1s (matching /(a+)+$/ against the body)'], id).toContain(first!.reason?.message);
			for (const result of later) {
				expect(result.reason, id).toEqual({code: 'expect:body', message: `body: ${tooSlow('/(a+)+$/')}`});
				// Latency is the target's time; the regex ran on uptop's.
				expect(result.latencyMs, id).toBeLessThan(200);
			}
		}
	}, 20_000);

	it('in a header, does not count in its own check\'s latency', async () => {
		const {stuck} = await servers2();
		const results = await watch([
			httpCheck(`${stuck.origin}/header`, {...timing, id: 'header', name: 'header', expect: {status, header: {'X-State': {regex: '^(a|a)+$', flags: ''}}, maxBytes: 1024 * 1024}}),
		], 2500);
		const seen = results.get('header') ?? [];
		expect(seen.length).toBeGreaterThanOrEqual(2);
		for (const result of seen) {
			expect(result.reason).toEqual({code: 'expect:header', message: `header X-State: ${tooSlow('/^(a|a)+$/')}`});
			expect(result.latencyMs).toBeLessThan(200);
		}
	}, 20_000);

	it('ends at the check\'s deadline when that comes first, saying it was matching', async () => {
		const {stuck} = await servers2();
		const check = httpCheck(`${stuck.origin}/short`, {timeoutMs: 200, expect: {status, body: {regex: '(a+)+$', flags: ''}, maxBytes: 1024 * 1024}});
		const started = performance.now();
		const result = await probe(check, deadline(check.timeoutMs));
		// The probe answers at its deadline, not when the expression's 500 ms are spent.
		expect(performance.now() - started).toBeLessThan(450);
		expect(result.reason).toEqual({code: 'timeout:total', message: 'timeout after 200ms (matching /(a+)+$/ against the body)'});
		expect(result.status).toBe(200);
	}, 10_000);
});
