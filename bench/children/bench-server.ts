/**
 * The benchmark's target, in its own process so its timing never shares an event loop with uptop.
 *   /d/<D>/<tag>     holds the answer D ms and records its own hold time (the ground truth)
 *   /r/<max>/<tag>   holds a random 0..max ms (rows whose latency keeps changing)
 *   /flip/<tag>      200 in even seconds, 503 in odd ones (rows whose state changes every second)
 *   /hold/<ms>/<tag> holds the answer <ms> ms, unrecorded (a target as far away as a real service)
 *   anything else    200 at once
 * IPC: {type:'dump'} → {type:'records', records}, {type:'clear'}, {type:'cpu'} → {type:'cpu', cpuMs}.
 */
import http from 'node:http';
import {performance} from 'node:perf_hooks';

/** arrivedAt: epoch ms of the request event; connectedAt: of its connection; flushedAt: when the answer was handed to the kernel. */
type TruthRecord = {path: string; arrivedAt: number; holdMs: number; connectedAt?: number; flushedAt?: number};
let records: TruthRecord[] = [];
const body = 'ok\n';

function epochNow(): number {
	return performance.timeOrigin + performance.now();
}

const server = http.createServer((request, response) => {
	const url = request.url ?? '/';
	if (url.startsWith('/d/')) {
		const startedAt = performance.now();
		const arrivedAt = performance.timeOrigin + startedAt;
		const delayMs = Number(url.split('/')[2]) || 0;
		const answer = (): void => {
			// Timed just before the answer is written: a pre-emption after the write would otherwise count
			// as hold time and make clients look faster than the truth.
			const record: TruthRecord = {path: url, arrivedAt, holdMs: performance.now() - startedAt, connectedAt: (request.socket as {connectedAt?: number}).connectedAt};
			records.push(record);
			response.writeHead(200, {'content-type': 'text/plain', 'content-length': body.length});
			response.end(body, () => {
				record.flushedAt = epochNow();
			});
		};

		if (delayMs <= 0) answer();
		else setTimeout(answer, delayMs);
		return;
	}

	if (url.startsWith('/r/')) {
		const maxMs = Number(url.split('/')[2]) || 0;
		setTimeout(() => response.writeHead(200, {'content-type': 'text/plain'}).end(body), Math.random() * maxMs);
		return;
	}

	if (url.startsWith('/hold/')) {
		setTimeout(() => response.writeHead(200, {'content-type': 'text/plain', 'content-length': body.length}).end(body), Number(url.split('/')[2]) || 0);
		return;
	}

	if (url.startsWith('/flip/')) {
		const isUp = Math.floor(epochNow() / 1000) % 2 === 0;
		response.writeHead(isUp ? 200 : 503, {'content-type': 'text/plain'}).end(isUp ? body : 'down\n');
		return;
	}

	response.writeHead(200, {'content-type': 'text/plain', 'content-length': body.length}).end(body);
});
server.keepAliveTimeout = 30_000;
// When each connection arrived, for the truth records: a late answer can then be told from a late connection.
server.on('connection', socket => {
	(socket as {connectedAt?: number}).connectedAt = epochNow();
});

process.on('message', (message: {type?: string}) => {
	if (message.type === 'dump') {
		process.send?.({type: 'records', records});
	} else if (message.type === 'cpu') {
		const usage = process.cpuUsage();
		process.send?.({type: 'cpu', cpuMs: (usage.user + usage.system) / 1000});
	} else if (message.type === 'clear') {
		records = [];
		process.send?.({type: 'cleared'});
	}
});
process.on('SIGTERM', () => process.exit(0));
process.on('disconnect', () => process.exit(0));

server.listen({port: 0, host: '127.0.0.1', backlog: 4096}, () => {
	const {port} = server.address() as {port: number};
	process.send?.({type: 'listening', port});
});
