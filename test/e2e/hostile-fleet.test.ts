import http from 'node:http';
import net from 'node:net';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startUptop} from '../helpers/run-cli.js';

type Line = {type: string; name: string; state?: string; reason?: {code: string; message: string} | null; at: string; finishedAt?: string};

let web: http.Server;
let silent: net.Server;
let garbage: net.Server;
let directory: string;
const sockets = new Set<net.Socket>();
const timers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
	web = http.createServer((request, response) => {
		const url = request.url ?? '/';
		if (url === '/healthy') {
			response.writeHead(200).end('ok');
		} else if (url === '/drip') {
			response.writeHead(200, {'content-type': 'text/plain'});
			response.write('x');
			const timer = setInterval(() => response.write('x'), 300);
			timers.add(timer);
			response.on('close', () => clearInterval(timer));
		} else if (url === '/endless') {
			response.writeHead(200, {'content-type': 'application/octet-stream'});
			const chunk = Buffer.alloc(64 * 1024, 97);
			const pump = () => {
				while (response.write(chunk)) {
					// Keep the pipe full until the client goes away.
				}
			};

			response.on('drain', pump);
			pump();
		} else if (url === '/reset') {
			response.writeHead(200, {'content-length': '1000'});
			response.write('partial');
			setTimeout(() => request.socket.resetAndDestroy(), 20);
		} else if (url === '/html500') {
			response.writeHead(503, {'content-type': 'text/html'}).end(`<html>${'<p>maintenance</p>'.repeat(100_000)}</html>`);
		} else if (url === '/badjson') {
			response.writeHead(200, {'content-type': 'application/json'}).end('{"status": "UP",');
		}
	});
	web.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	// Accepts and never says a word.
	silent = net.createServer(socket => {
		sockets.add(socket);
		socket.on('error', () => undefined);
	});
	// Not HTTP at all.
	garbage = net.createServer(socket => {
		socket.on('error', () => undefined);
		socket.end('SSH-2.0-OpenSSH_9.2\r\n\u0000\u0001garbage\r\n\r\n');
	});
	for (const server of [web, silent, garbage]) {
		await new Promise<void>(resolve => {
			server.listen(0, '127.0.0.1', resolve);
		});
	}

	const port = (server: net.Server) => (server.address() as net.AddressInfo).port;
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-hostile-'));
	const base = `http://127.0.0.1:${port(web)}`;
	writeFileSync(path.join(directory, 'checks.yaml'), [
		'defaults: {interval: 2s, timeout: 1s}',
		'checks:',
		`  - {name: healthy, url: "${base}/healthy", interval: 250ms, timeout: 200ms}`,
		`  - {name: silent, url: "http://127.0.0.1:${port(silent)}/"}`,
		`  - {name: drip, url: "${base}/drip"}`,
		`  - {name: endless, url: "${base}/endless"}`,
		`  - {name: reset, url: "${base}/reset"}`,
		`  - {name: html500, url: "${base}/html500", expect: {status: 200}}`,
		`  - {name: badjson, url: "${base}/badjson", expect: {json: {status: UP}}}`,
		`  - {name: garbage, url: "http://127.0.0.1:${port(garbage)}/"}`,
		'  - {name: refused, url: "http://127.0.0.1:1/"}',
		'',
	].join('\n'));
});

afterAll(() => {
	for (const timer of timers) {
		clearInterval(timer);
	}

	for (const socket of sockets) {
		socket.destroy();
	}

	for (const server of [web, silent, garbage]) {
		server?.close();
	}
});

describe('a fleet of hostile targets', () => {
	it('gives each a specific reason within its timeout plus a second, keeps the healthy check on schedule and memory bounded', async () => {
		const uptop = startUptop(['--json', '--no-history', 'checks.yaml'], {cwd: directory});
		const startedAt = Date.now();
		await new Promise(resolve => setTimeout(resolve, 6000));
		const rssMb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${uptop.pid}/status`, 'utf8'))?.[1]) / 1024;
		await uptop.stop();
		const lines = uptop.records<Line>();

		const first = (name: string) => lines.find(line => line.type === 'result' && line.name === name);
		const expected: Record<string, RegExp> = {
			silent: /^timeout:headers$/,
			drip: /^timeout:body$/,
			endless: /^too_large$/,
			reset: /^(reset|truncated)$/,
			html500: /^expect:status$/,
			badjson: /^expect:json$/,
			garbage: /^protocol$/,
			refused: /^refused$/,
		};
		for (const [name, code] of Object.entries(expected)) {
			const result = first(name);
			expect(result, `${name} produced no result`).toBeDefined();
			expect(result!.state).toBe('failing');
			expect(result!.reason?.code, `${name}: ${result!.reason?.message}`).toMatch(code);
			// First runs are jittered over the first second; then timeout (1 s) plus a second at most.
			expect(Date.parse(result!.finishedAt!) - startedAt).toBeLessThan(1000 + 1000 + 1000 + 1500 /* process start-up */);
		}

		expect(first('drip')!.reason!.message).toMatch(/timeout after 1s/);
		// 250 ms apart for ~5 s of running: the hostile ones never hold it up.
		const healthy = lines.filter(line => line.type === 'result' && line.name === 'healthy');
		expect(healthy.length).toBeGreaterThanOrEqual(12);
		expect(healthy.every(line => line.state === 'up')).toBe(true);
		expect(rssMb).toBeLessThan(150);
	}, 30_000);
});
