import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createRemoteMonitor, type RemoteMonitor} from '../../source/monitor/remote-monitor.js';
import type {Snapshot} from '../../source/monitor/types.js';
import {makeCheck} from './fixtures.js';

describe('remote monitor started later (isDeferred)', () => {
	let server: Server;
	let port: number;
	let requests = 0;
	let monitor: RemoteMonitor | undefined;

	beforeEach(async () => {
		requests = 0;
		server = createServer((_request, response) => {
			requests++;
			response.writeHead(200, {'content-type': 'text/plain'});
			response.end('ok');
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		port = (server.address() as AddressInfo).port;
	});

	afterEach(async () => {
		await monitor?.stop();
		monitor = undefined;
		server.closeAllConnections();
		await new Promise(resolve => server.close(resolve));
	});

	it('probes nothing until start(), then delivers commands sent before it in order', async () => {
		monitor = createRemoteMonitor({checks: [makeCheck('web', {url: `http://127.0.0.1:${port}/health`, intervalMs: 60_000})], isDeferred: true});
		monitor.send({type: 'pause'});
		await new Promise(resolve => setTimeout(resolve, 300));
		expect(requests).toBe(0);
		expect(monitor.getSnapshot().rows.map(row => row.state)).toEqual(['pending']);
		const paused = new Promise<Snapshot>(resolve => {
			const unsubscribe = monitor!.subscribe(snapshot => {
				if (snapshot.isPaused) {
					unsubscribe();
					resolve(snapshot);
				}
			});
		});
		monitor.start();
		monitor.start();
		expect((await paused).isPaused).toBe(true);
	}, 10_000);

	it('stops at once when it was never started, and cannot be started afterwards', async () => {
		monitor = createRemoteMonitor({checks: [makeCheck('web', {url: `http://127.0.0.1:${port}/health`})], isDeferred: true});
		const started = performance.now();
		await monitor.stop();
		expect(performance.now() - started).toBeLessThan(100);
		monitor.start();
		await new Promise(resolve => setTimeout(resolve, 500));
		expect(requests).toBe(0);
	});
});

describe('remote monitor drain', () => {
	it('has nothing to wait for when the worker never started, or has stopped', async () => {
		// A limit no test waits out: a drain that waited for an answer here would fail the test by its timeout.
		const neverStarted = createRemoteMonitor({checks: [makeCheck('web', {intervalMs: 60_000})], isDeferred: true});
		await neverStarted.drain(3_600_000);
		await neverStarted.stop();
		await neverStarted.drain(3_600_000);

		const stopped = createRemoteMonitor({checks: [makeCheck('web', {intervalMs: 60_000})]});
		await stopped.drain(3_600_000);
		await stopped.stop();
		await stopped.drain(3_600_000);
	});
});
