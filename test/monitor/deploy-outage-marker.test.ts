import http from 'node:http';
import {afterEach, describe, expect, it} from 'vitest';
import type {Check} from '../../source/config/types.js';
import {createMonitor} from '../../source/monitor/monitor.js';
import {closeProbes, probeCheck} from '../../source/probes/index.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {createFakeClock, type FakeClock} from '../helpers/fake-clock.js';
import {httpCheck} from '../helpers/http-servers.js';

const port = 21_400;
let server: http.Server | undefined;

/** A single instance of the service answering its version, as `version: {json: version}` reads it. */
async function startVersion(version: string): Promise<void> {
	server = http.createServer((_request, response) => {
		response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({status: 'ok', version}));
	});
	await new Promise<void>(resolve => server!.listen(port, '127.0.0.1', resolve));
}

async function stopServer(): Promise<void> {
	if (server === undefined) return;
	const closing = server;
	server = undefined;
	closing.closeAllConnections();
	await new Promise(resolve => closing.close(resolve));
}

afterEach(async () => {
	await stopServer();
	await closeProbes();
});

/**
 * Real probes of the real server, on the engine's injected clock: each second of fake time waits for the
 * probes it started to finish for real before time moves on, so every result lands at its own second.
 */
function realProbes() {
	const running = new Set<Promise<ProbeResult>>();
	return {
		probe(check: Check, signal: AbortSignal) {
			const result = probeCheck(check, signal);
			running.add(result);
			void result.finally(() => running.delete(result));
			return result;
		},
		async advance(clock: FakeClock, seconds: number) {
			const settle = async () => {
				await clock.advance(0);
				while (running.size > 0) await Promise.all(running);
				await clock.flush();
			};

			// A probe started by the last step (or by start) answers before time moves on to its deadline.
			await settle();
			for (let second = 0; second < seconds; second++) {
				await clock.advance(1000);
				await settle();
			}
		},
	};
}

describe('a deploy whose restart takes the service down', () => {
	it('counts the downtime after the version marker: the deploy caused it', async () => {
		const clock = createFakeClock();
		const start = clock.now();
		const probes = realProbes();
		const check = httpCheck(`http://127.0.0.1:${port}/health`, {id: 'api', name: 'api', intervalMs: 1000, version: {json: 'version'}});
		const monitor = createMonitor({checks: [check], clock, random: () => 0, probe: probes.probe});
		try {
			await startVersion('4.0.0');
			monitor.start();
			await probes.advance(clock, 40);
			// v4 is killed; v5 answers 15 s later.
			await stopServer();
			await probes.advance(clock, 15);
			await startVersion('5.0.0');
			await probes.advance(clock, 60);
			const snapshot = monitor.flush();
			expect(snapshot.markers.map(marker => marker.label)).toEqual(['api 4.0.0 → 5.0.0']);
			const markerAt = snapshot.markers[0]!.at - start;
			// At the first result after v4's last answer (the outage's first), not at v5's first answer.
			expect(markerAt).toBeGreaterThanOrEqual(40_000);
			expect(markerAt).toBeLessThanOrEqual(42_000);
			const release = snapshot.rows[0]!.release!;
			expect(release.errorRate.before).toBe(0);
			expect(release.errorRate.after).toBeGreaterThan(0.1);
			expect(release.verdict).toBe('worse');
		} finally {
			await monitor.stop();
		}
	}, 60_000);
});
