/**
 * The reference for the scale section's fresh-connection CPU: the same N requests a second, on the same
 * schedule (each "check" again 1 s after its last answer ended) against the same servers, made by a bare
 * client and nothing else, in a process of its own. No engine, no results, no deadline, no history.
 *   undici: a new undici Client per request (as uptop's fresh probes), dispatch, read the body, destroy.
 *   net:    node:net alone: connect, write a GET, read to the end of the answer, destroy.
 * argv: JSON {checks, ports, windowMs, client: 'undici' | 'net'}
 */
import net from 'node:net';
import {performance} from 'node:perf_hooks';
import {Client, type Dispatcher} from 'undici';

const plan = JSON.parse(process.argv[2]!) as {checks: number; ports: number[]; windowMs: number; client: 'undici' | 'net'};
const intervalMs = 1000;
const warmupMs = 2000;
// One reason for every destroyed client: without it undici makes (and formats) an error per request.
const done = Object.assign(new Error('done'), {stack: 'Error: done'});
let completed = 0;
let failures = 0;

function viaUndici(port: number, path: string, onEnd: () => void): void {
	const origin = `http://127.0.0.1:${port}`;
	const client = new Client(origin, {pipelining: 1});
	const finish = (ok: boolean): void => {
		if (!ok) failures++;
		client.destroy(done).catch(() => undefined);
		onEnd();
	};

	const handler: Dispatcher.DispatchHandler = {
		onRequestStart() {},
		onResponseStart() {},
		onResponseData() {},
		onResponseEnd() {
			finish(true);
		},
		onResponseError() {
			finish(false);
		},
	};
	client.dispatch({origin, path, method: 'GET', headers: {'user-agent': 'floor'}}, handler);
}

function viaNet(port: number, path: string, onEnd: () => void): void {
	const socket = net.connect({host: '127.0.0.1', port});
	let ended = false;
	const finish = (ok: boolean): void => {
		if (ended) return;
		ended = true;
		if (!ok) failures++;
		socket.destroy();
		onEnd();
	};

	let text = '';
	socket.setNoDelay(true);
	socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nuser-agent: floor\r\n\r\n`));
	// bench-server answers "ok\n" with a content-length: the answer is complete when that body is in.
	socket.on('data', chunk => {
		text += chunk.toString('latin1');
		if (text.endsWith('\r\n\r\nok\n')) finish(true);
	});
	socket.on('error', () => finish(false));
	socket.on('close', () => finish(false));
}

const request = plan.client === 'undici' ? viaUndici : viaNet;
for (let i = 0; i < plan.checks; i++) {
	const port = plan.ports[i % plan.ports.length]!;
	const path = `/ok/${i}`;
	const run = (): void => {
		request(port, path, () => {
			completed++;
			setTimeout(run, intervalMs);
		});
	};

	// First runs spread over the first second, as the engine jitters them.
	setTimeout(run, Math.random() * intervalMs);
}

await new Promise(resolve => setTimeout(resolve, warmupMs));
const cpuStart = process.cpuUsage();
const wallStart = performance.now();
const completedStart = completed;
await new Promise(resolve => setTimeout(resolve, plan.windowMs));
const wallMs = performance.now() - wallStart;
const cpu = process.cpuUsage(cpuStart);
process.send?.({
	type: 'floor',
	client: plan.client,
	checks: plan.checks,
	requestsPerSecond: (completed - completedStart) / (wallMs / 1000),
	failures,
	cpuPercent: (cpu.user + cpu.system) / 1000 / wallMs * 100,
	userPercent: cpu.user / 1000 / wallMs * 100,
	systemPercent: cpu.system / 1000 / wallMs * 100,
});
process.exit(0);
