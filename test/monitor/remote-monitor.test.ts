import {existsSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {buildSync} from 'esbuild';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {isOldGenerationFloorHonoured} from '../../source/monitor/probe-worker-heap.js';
import {createRemoteMonitor, probeWorkerYoungGenerationMb, type RemoteMonitor} from '../../source/monitor/remote-monitor.js';
import type {Snapshot} from '../../source/monitor/types.js';
import {requireBuild} from '../helpers/require-build.js';
import {makeCheck} from './fixtures.js';

const hasProbes = existsSync(new URL('../../source/probes/index.ts', import.meta.url));

async function nextSnapshot(monitor: RemoteMonitor, accept: (snapshot: Snapshot) => boolean, timeoutMs = 10_000): Promise<Snapshot> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			unsubscribe();
			reject(new Error(`no matching snapshot within ${timeoutMs} ms; last: ${JSON.stringify(monitor.getSnapshot().rows.map(row => [row.id, row.state, row.last?.summary]))}`));
		}, timeoutMs);
		const unsubscribe = monitor.subscribe(snapshot => {
			if (!accept(snapshot)) return;
			clearTimeout(timer);
			unsubscribe();
			resolve(snapshot);
		});
	});
}

describe('remote monitor (engine in a worker thread)', () => {
	let server: Server;
	let port: number;
	let monitor: RemoteMonitor | undefined;

	beforeEach(async () => {
		server = createServer((_request, response) => {
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

	it('runs the worker with a small young generation, after the young objects of hundreds of probes a second', async () => {
		// The shipped worker (dist/worker.js), as uptop starts it. Run from source through the TypeScript loader,
		// the worker's new space grew past the cap in some runs (to 6.5-11 MB, the shipped one 4 MB in every run):
		// the loader's own allocations, not uptop's. The fixture is bundled for it.
		requireBuild();
		const probeModule = path.join(mkdtempSync(path.join(tmpdir(), 'uptop-heap-probes-')), 'heap-probes.mjs');
		buildSync({entryPoints: [fileURLToPath(new URL('fixtures/heap-probes.ts', import.meta.url))], outfile: probeModule, bundle: true, platform: 'node', format: 'esm', logLevel: 'silent'});
		monitor = createRemoteMonitor({checks: [makeCheck('heap', {intervalMs: 200})], workerUrl: new URL('../../dist/worker.js', import.meta.url), probeModule: pathToFileURL(probeModule).href});
		// The third result, a while after the worker's start.
		const snapshot = await nextSnapshot(monitor, next => (next.rows[0]?.samples ?? 0) >= 3);
		const bytes = Number(/young generation (\d+) B/.exec(snapshot.rows[0]?.last?.summary ?? '')?.[1]);
		expect(bytes).toBeGreaterThan(0);
		// V8 left alone grows the new space to 16 MB semi-spaces; the cap holds it to its size or below.
		expect(bytes).toBeLessThanOrEqual(probeWorkerYoungGenerationMb * 1024 * 1024);
	});

	it('runs the shipped worker with Node\'s compile cache on, which the main thread\'s does not reach', async () => {
		// The worker compiles undici and the probes before the first check: with the cache, ~7 ms less from each start on.
		requireBuild();
		const probeModule = path.join(mkdtempSync(path.join(tmpdir(), 'uptop-cache-probes-')), 'compile-cache-probes.mjs');
		buildSync({entryPoints: [fileURLToPath(new URL('fixtures/compile-cache-probes.ts', import.meta.url))], outfile: probeModule, bundle: true, platform: 'node', format: 'esm', logLevel: 'silent'});
		monitor = createRemoteMonitor({checks: [makeCheck('cache', {intervalMs: 60_000})], workerUrl: new URL('../../dist/worker.js', import.meta.url), probeModule: pathToFileURL(probeModule).href});
		const snapshot = await nextSnapshot(monitor, next => next.rows[0]?.state === 'up');
		expect(snapshot.rows[0]?.last?.summary).toMatch(/^compile cache \/.+/);
	});

	it.skipIf(!isOldGenerationFloorHonoured)(`starts the worker with a floor under its old generation: 30 MB of garbage reach it without a major collection (V8 13 or later; this is ${process.versions.v8})`, async () => {
		monitor = createRemoteMonitor({checks: [makeCheck('old')], probeModule: new URL('fixtures/old-generation-probes.ts', import.meta.url).href});
		const snapshot = await nextSnapshot(monitor, next => next.rows[0]?.state === 'up', 15_000);
		const [, majors, promotedMb] = /^(\d+) major collections while (\d+) MB/.exec(snapshot.rows[0]?.last?.summary ?? '') ?? [];
		expect(Number(promotedMb)).toBeGreaterThanOrEqual(30);
		expect(Number(majors)).toBe(0);
	});

	it('shows every check pending before the worker reports', () => {
		monitor = createRemoteMonitor({checks: [makeCheck('a', {url: `http://127.0.0.1:${port}/`})], probeModule: new URL('fixtures/hanging-probes.ts', import.meta.url).href});
		expect(monitor.getSnapshot().rows.map(row => [row.id, row.state])).toEqual([['a', 'pending']]);
	});

	it.skipIf(!hasProbes)('probes a real local server from the worker and delivers the row as up, then stops the worker', async () => {
		const errors: Error[] = [];
		monitor = createRemoteMonitor({checks: [makeCheck('web', {url: `http://127.0.0.1:${port}/health`, intervalMs: 60_000})], onError: error => errors.push(error)});
		const events: string[] = [];
		monitor.onEvent(event => events.push(event.type));
		const snapshot = await nextSnapshot(monitor, next => next.rows[0]?.state === 'up');
		expect(snapshot.rows[0]?.last?.status).toBe(200);
		expect(snapshot.rows[0]?.samples).toBe(1);
		expect(Object.isFrozen(snapshot.rows[0])).toBe(true);
		expect(events).toContain('result');
		const started = performance.now();
		await monitor.stop();
		expect(performance.now() - started).toBeLessThan(4000);
		expect(errors).toEqual([]);
		monitor.send({type: 'recheck'});
	});

	it.skipIf(!hasProbes)('closes the kept-alive connection of a check that a config edit removed', async () => {
		// Long enough that neither side closes the idle connections by itself during the test.
		server.keepAliveTimeout = 60_000;
		const open = new Set<unknown>();
		server.on('connection', socket => {
			open.add(socket);
			socket.on('close', () => open.delete(socket));
		});
		const kept = makeCheck('kept', {url: `http://127.0.0.1:${port}/kept`, intervalMs: 60_000, keepAlive: true});
		const removed = makeCheck('removed', {url: `http://127.0.0.1:${port}/removed`, intervalMs: 60_000, keepAlive: true});
		monitor = createRemoteMonitor({checks: [kept, removed]});
		await nextSnapshot(monitor, next => next.rows.length === 2 && next.rows.every(row => row.state === 'up'));
		expect(open.size).toBe(2);
		monitor.send({type: 'setChecks', checks: [kept]});
		const deadline = Date.now() + 3000;
		while (open.size > 1 && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20));
		expect(open.size).toBe(1);
	});

	it('forwards commands to the worker', async () => {
		monitor = createRemoteMonitor({checks: [makeCheck('a')], probeModule: new URL('fixtures/hanging-probes.ts', import.meta.url).href});
		monitor.send({type: 'mark', label: 'helm upgrade web 2.0', source: 'command'});
		monitor.send({type: 'pause'});
		const snapshot = await nextSnapshot(monitor, next => next.isPaused && next.markers.length === 1);
		expect(snapshot.markers[0]).toMatchObject({label: 'helm upgrade web 2.0', source: 'command'});
	});

	it('stops within its timeout even when a probe in the worker ignores the abort', async () => {
		const errors: Error[] = [];
		monitor = createRemoteMonitor({checks: [makeCheck('hang', {timeoutMs: 60_000})], probeModule: new URL('fixtures/hanging-probes.ts', import.meta.url).href, onError: error => errors.push(error)});
		await nextSnapshot(monitor, next => next.rows[0]?.isRunning === true);
		const started = performance.now();
		await monitor.stop();
		expect(performance.now() - started).toBeLessThan(4000);
		expect(errors).toEqual([]);
	});

	it('reports a worker crash once, as an error saying why, instead of hanging', async () => {
		const errors: Error[] = [];
		await new Promise<void>(resolve => {
			monitor = createRemoteMonitor({checks: [makeCheck('a')], workerUrl: new URL('fixtures/crashing-worker.mjs', import.meta.url), onError(error) {
				errors.push(error);
				resolve();
			}});
		});
		await new Promise(resolve => setTimeout(resolve, 200));
		expect(errors).toHaveLength(1);
		expect(errors[0]?.message).toContain('monitor worker crashed');
		expect(errors[0]?.message).toContain('engine exploded on start');
		await monitor!.stop();
	});

	it('says a crash without the program\'s name, which the caller puts once at the start of its line', async () => {
		const errors: Error[] = [];
		await new Promise<void>(resolve => {
			monitor = createRemoteMonitor({checks: [makeCheck('a')], workerUrl: new URL('fixtures/crashing-worker.mjs', import.meta.url), onError(error) {
				errors.push(error);
				resolve();
			}});
		});
		// live.ts wrote "uptop: the probe worker stopped: uptop: the monitor worker crashed: …".
		expect(errors[0]?.message).toMatch(/^the monitor worker crashed: .*engine exploded on start/);
		await monitor!.stop();
	});

	it.skipIf(!hasProbes)('seeds the engine from the history file in the worker: the past results, state changes and markers are in its snapshots', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'uptop-remote-history-'));
		const historyFile = path.join(directory, 'checks-1.jsonl');
		const now = Date.now();
		const past = Array.from({length: 20}, (_, index) => ({t: 'r', at: now - ((20 - index) * 60_000), id: 'web', state: 'up', latencyMs: 40 + index}));
		writeFileSync(historyFile, [
			...past,
			{t: 's', at: now - (21 * 60_000), id: 'web', from: 'pending', to: 'up'},
			{t: 'm', at: now - (10 * 60_000), label: 'helm upgrade web 2.0', source: 'command'},
		].map(record => JSON.stringify(record)).join('\n') + '\n');
		const notices: string[] = [];
		monitor = createRemoteMonitor({checks: [makeCheck('web', {url: `http://127.0.0.1:${port}/health`, intervalMs: 60_000})], historyFile, onNotice: text => notices.push(text)});
		const snapshot = await nextSnapshot(monitor, next => next.rows[0]?.last?.status === 200);
		const row = snapshot.rows[0]!;
		// 20 samples from the file and the new one.
		expect(row.samples).toBe(21);
		expect(row.recentLatencyMs.slice(0, 20)).toEqual(past.map(record => record.latencyMs));
		expect(row.transitions.at(-1)).toMatchObject({from: 'pending', to: 'up', at: now - (21 * 60_000)});
		expect(snapshot.markers.map(marker => marker.label)).toEqual(['helm upgrade web 2.0']);
		expect(notices).toEqual([]);
	});

	it.skipIf(!hasProbes)('seeds from another name\'s history, with the markers of its own, and seeds a check a reload adds from the same file', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'uptop-remote-history-'));
		// This run writes under its own name; the past is in the other name's history (another watcher ran through it).
		const historyFile = path.join(directory, 'checks-1.jsonl');
		const pastHistoryFile = path.join(directory, 'prod-2.jsonl');
		const now = Date.now();
		const results = (id: string) => Array.from({length: 5}, (_, index) => ({t: 'r', at: now - ((5 - index) * 60_000), id, state: 'up', latencyMs: 40 + index}));
		const lines = (records: object[]) => records.map(record => `${JSON.stringify(record)}\n`).join('');
		writeFileSync(historyFile, lines([{t: 'm', at: now - (9 * 60_000), label: 'marked through this name', source: 'command'}]));
		writeFileSync(pastHistoryFile, lines([...results('web'), ...results('added'), {t: 'm', at: now - (7 * 60_000), label: 'marked through the other', source: 'command'}]));
		const notices: string[] = [];
		const check = (id: string) => makeCheck(id, {url: `http://127.0.0.1:${port}/${id}`, intervalMs: 60_000});
		monitor = createRemoteMonitor({checks: [check('web')], historyFile, pastHistoryFile, pastMarkerFiles: [historyFile], onNotice: text => notices.push(text)});
		const snapshot = await nextSnapshot(monitor, next => next.rows[0]?.last?.status === 200);
		expect(snapshot.rows[0]?.samples).toBe(6);
		expect(snapshot.markers.map(marker => marker.label)).toEqual(['marked through this name', 'marked through the other']);
		monitor.send({type: 'setChecks', checks: [check('web'), check('added')]});
		const reloaded = await nextSnapshot(monitor, next => next.rows.find(row => row.id === 'added')?.last?.status === 200);
		expect(reloaded.rows.find(row => row.id === 'added')?.samples).toBe(6);
		expect(notices).toEqual([]);
	});

	it.skipIf(!hasProbes)('says so, and probes on, when the history file cannot be read', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'uptop-remote-history-'));
		// A directory where the file should be: reading it fails with EISDIR.
		const historyFile = path.join(directory, 'checks-1.jsonl');
		mkdirSync(historyFile);
		const notices: string[] = [];
		monitor = createRemoteMonitor({checks: [makeCheck('web', {url: `http://127.0.0.1:${port}/health`, intervalMs: 60_000})], historyFile, onNotice: text => notices.push(text)});
		const snapshot = await nextSnapshot(monitor, next => next.rows[0]?.state === 'up');
		expect(snapshot.rows[0]?.samples).toBe(1);
		expect(notices).toEqual([`history not loaded: ${historyFile} is a directory, where uptop keeps a file; move it away, or point --state-dir at a directory uptop may write, or run with --no-history`]);
	});
});
