import {afterEach, describe, expect, it} from 'vitest';
import {createMonitor, type Monitor} from '../../source/monitor/monitor.js';
import {closeProbes, probeCheck} from '../../source/probes/index.js';
import {httpCheck, startHttpServer, type TestServer} from '../helpers/http-servers.js';

const checkCount = 300;
const answerMs = 200;
const intervalMs = 1000;

describe('the engine against real targets that answer slowly', () => {
	let server: TestServer | undefined;
	let monitor: Monitor | undefined;

	afterEach(async () => {
		await monitor?.stop();
		await closeProbes();
		await server?.close();
	});

	it('keeps 300 checks at 1 s on schedule when every answer takes 200 ms (more than 32 probes in flight)', async () => {
		server = await startHttpServer((_request, response) => {
			setTimeout(() => response.writeHead(200, {'content-type': 'text/plain'}).end('ok'), answerMs);
		});
		const checks = Array.from({length: checkCount}, (_, i) => httpCheck(`${server!.origin}/slow/${i}`, {id: `slow-${i}`, name: `slow-${i}`, intervalMs, timeoutMs: 900}));
		let ended = 0;
		let failed = 0;
		monitor = createMonitor({checks, async probe(check, signal) {
			const result = await probeCheck(check, signal);
			ended++;
			if (result.outcome !== 'up') failed++;
			return result;
		}});
		monitor.start();
		// The first round starts with 32 in flight; the cap grows as the answers come back.
		await new Promise(resolve => setTimeout(resolve, 3000));
		const endedBefore = ended;
		const windowMs = 4000;
		await new Promise(resolve => setTimeout(resolve, windowMs));
		const perSecond = (ended - endedBefore) / (windowMs / 1000);
		const planned = checkCount * 1000 / (intervalMs + answerMs);
		const stats = monitor.stats();
		// A cap of 32 carries at most 32 ÷ 0.2 s = 160 probes a second of the 250 planned.
		expect(stats.concurrency, JSON.stringify(stats)).toBeGreaterThan(32);
		expect(perSecond, JSON.stringify(stats)).toBeGreaterThan(planned * 0.85);
		expect(failed).toBe(0);
	}, 20_000);
});
