import {existsSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {setFlagsFromString} from 'node:v8';
import {runInNewContext} from 'node:vm';
import {describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import type {ProbeCall} from '../../source/monitor/probe-run.js';
import {makeCheck} from './fixtures.js';

const hasProbes = existsSync(new URL('../../source/probes/index.ts', import.meta.url));
const durationMs = Number(process.env.UPTOP_SOAK_REALTIME_MS ?? 180_000);
const intervalMs = 1000;

function heapMb(): number {
	setFlagsFromString('--expose-gc');
	(runInNewContext('gc') as () => void)();
	return process.memoryUsage().heapUsed / 2 ** 20;
}

const resources = (kind: string) => process.getActiveResourcesInfo().filter(name => name === kind).length;

/** Healthy, flapping, slow, hanging and resetting endpoints, as a fleet in trouble would be. */
async function startFleet(): Promise<{server: Server; port: number}> {
	let flapCount = 0;
	const server = createServer((request, response) => {
		switch (request.url) {
			case '/flap': {
				flapCount++;
				response.writeHead(Math.floor(flapCount / 20) % 2 === 0 ? 200 : 503).end('flap');
				break;
			}

			case '/slow': {
				setTimeout(() => response.end('slow'), 300);
				break;
			}

			case '/hang': {
				break;
			}

			case '/reset': {
				request.socket.destroy();
				break;
			}

			default: {
				response.end('ok');
			}
		}
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {server, port: (server.address() as AddressInfo).port};
}

describe.skipIf(!hasProbes)('monitor real-time soak', () => {
	it(`keeps sockets, timers and heap flat and schedules on time against a flapping fleet for ${durationMs / 1000} s`, async () => {
		const {server, port} = await startFleet();
		const routes = ['/ok', '/flap', '/slow', '/hang', '/reset'];
		const checks = Array.from({length: 50}, (_, i) => makeCheck(`check-${i}`, {url: `http://127.0.0.1:${port}${routes[i % 5]}`, intervalMs, timeoutMs: 1500, keepAlive: i % 2 === 0}));
		const {probeCheck, closeProbes} = (await import('../../source/probes/index.js')) as {probeCheck: ProbeCall; closeProbes: () => Promise<void>};
		const runs = new Map<string, number>();
		const probe: ProbeCall = async (check, signal) => {
			runs.set(check.id, (runs.get(check.id) ?? 0) + 1);
			return probeCheck(check, signal);
		};

		const monitor = createMonitor({checks, probe});
		let publishes = 0;
		monitor.subscribe(() => publishes++);
		const startedAt = performance.now();
		monitor.start();
		const warmUpMs = Math.min(30_000, durationMs / 3);
		await new Promise(resolve => setTimeout(resolve, warmUpMs));
		const heapAfterWarmUp = heapMb();
		const sockets: number[] = [];
		const timers: number[] = [];
		// Every 5 s, and at least four samples however short the run (UPTOP_SOAK_REALTIME_MS), ending on time.
		const sampleMs = Math.min(5000, (durationMs - warmUpMs) / 4);
		while (performance.now() - startedAt < durationMs - 1) {
			await new Promise(resolve => setTimeout(resolve, Math.max(1, Math.min(sampleMs, durationMs - (performance.now() - startedAt)))));
			sockets.push(resources('TCPSocketWrap'));
			timers.push(resources('Timeout'));
		}

		const heapAtEnd = heapMb();
		const snapshot = monitor.flush();
		// Runs and publishes are counted over the time that really passed (timers fire late, never early).
		const elapsedMs = performance.now() - startedAt;
		await monitor.stop();
		await closeProbes();
		server.closeAllConnections();
		await new Promise(resolve => server.close(resolve));
		console.info(`real-time soak ${durationMs / 1000} s: sockets ${Math.min(...sockets)}–${Math.max(...sockets)}, timers ${Math.min(...timers)}–${Math.max(...timers)}, heap ${heapAfterWarmUp.toFixed(1)} → ${heapAtEnd.toFixed(1)} MB, slip ≤ ${Math.round(monitor.stats().maxSlipMs)} ms`);

		// Each check holds at most a client and a server socket, and one schedule or deadline timer (plus the probe's own).
		expect(Math.max(...sockets)).toBeLessThanOrEqual(checks.length * 2 + 2);
		expect(Math.max(...timers)).toBeLessThanOrEqual(checks.length * 3 + 10);
		const half = Math.floor(sockets.length / 2);
		expect(Math.max(...sockets.slice(half))).toBeLessThanOrEqual(Math.max(...sockets.slice(0, half)) + 10);
		expect(Math.max(...timers.slice(half))).toBeLessThanOrEqual(Math.max(...timers.slice(0, half)) + 10);
		expect(heapAtEnd - heapAfterWarmUp).toBeLessThan(24);
		expect(snapshot.rows.find(row => row.id === 'check-3')?.last?.reason?.code).toMatch(/^timeout/);
		expect(snapshot.rows.find(row => row.id === 'check-0')?.state).toBe('up');
		expect(snapshot.rows.find(row => row.id === 'check-1')?.transitions.length).toBeGreaterThan(1);
		for (const [i, check] of checks.entries()) {
			// A hanging target takes its timeout per run; everything else about a millisecond to 300 ms.
			const cycleMs = intervalMs + (i % 5 === 3 ? 1500 : i % 5 === 2 ? 300 : 5);
			const expected = elapsedMs / cycleMs;
			expect(Math.abs((runs.get(check.id) ?? 0) - expected), `${check.id}: ${runs.get(check.id)} runs, ~${Math.round(expected)} expected`).toBeLessThanOrEqual(expected * 0.05 + 2);
		}

		expect(publishes).toBeLessThanOrEqual(elapsedMs / 250 + 1);
	}, durationMs + 60_000);
});
