import {once} from 'node:events';
import {createServer as createHttpServer, type IncomingMessage, type RequestListener, type ServerResponse} from 'node:http';
import {createServer as createHttpsServer} from 'node:https';
import {createServer as createNetServer, type AddressInfo, type Server, type Socket} from 'node:net';
import type {HttpCheck} from '../../source/config/types.js';

/** What a test server saw of one request. */
export type RecordedRequest = {readonly method: string; readonly url: string; readonly headers: IncomingMessage['headers']};

export type TestServer = {
	readonly port: number;
	/** `http://127.0.0.1:PORT` (or https). */
	readonly origin: string;
	readonly requests: RecordedRequest[];
	/** Connections accepted so far, and how many of them are still open. */
	readonly accepted: () => number;
	readonly open: () => number;
	/** Resolves once no connection is open; rejects after `withinMs`. */
	readonly allClosed: (withinMs?: number) => Promise<void>;
	readonly close: () => Promise<void>;
};

async function serve(server: Server, protocol: string): Promise<TestServer> {
	const sockets = new Set<Socket>();
	let accepted = 0;
	const waiters = new Set<() => void>();
	server.on('connection', (socket: Socket) => {
		accepted++;
		sockets.add(socket);
		// A peer that vanishes mid-write must not crash the test process.
		socket.on('error', () => undefined);
		socket.on('close', () => {
			sockets.delete(socket);
			if (sockets.size === 0) {
				for (const wake of waiters) {
					wake();
				}
			}
		});
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const {port} = server.address() as AddressInfo;
	const requests: RecordedRequest[] = [];
	server.on('request', (request: IncomingMessage) => {
		requests.push({method: request.method ?? '', url: request.url ?? '', headers: request.headers});
	});
	return {
		port,
		origin: `${protocol}://127.0.0.1:${port}`,
		requests,
		accepted: () => accepted,
		open: () => sockets.size,
		async allClosed(withinMs = 1000) {
			if (sockets.size === 0) {
				return;
			}

			await new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => {
					waiters.delete(done);
					reject(new Error(`${sockets.size} connection(s) still open after ${withinMs} ms`));
				}, withinMs);
				const done = (): void => {
					clearTimeout(timer);
					waiters.delete(done);
					resolve();
				};

				waiters.add(done);
			});
		},
		async close() {
			for (const socket of sockets) {
				socket.destroy();
			}

			server.close();
			await once(server, 'close').catch(() => undefined);
		},
	};
}

/** A Node HTTP server on 127.0.0.1:0 with the given handler. */
export async function startHttpServer(handler: RequestListener): Promise<TestServer> {
	return serve(createHttpServer(handler), 'http');
}

/**
 * `tls.ciphers` lets a test server use a key or signature the client's security level refuses. `useCertificate`
 * swaps the certificate for new handshakes, as a rollout does; connections already open keep theirs.
 */
export async function startHttpsServer(tls: {key: Buffer; cert: Buffer; ciphers?: string}, handler: RequestListener): Promise<TestServer & {readonly useCertificate: (pair: {key: Buffer; cert: Buffer}) => void}> {
	const server = createHttpsServer({key: tls.key, cert: tls.cert, ...(tls.ciphers === undefined ? {} : {ciphers: tls.ciphers})}, handler);
	return {...await serve(server, 'https'), useCertificate: pair => server.setSecureContext({key: pair.key, cert: pair.cert})};
}

/** A plain TCP server: for bytes no HTTP server would send. */
export async function startRawServer(onConnection: (socket: Socket) => void): Promise<TestServer> {
	return serve(createNetServer(socket => {
		onConnection(socket);
		// A socket nobody reads never sees the peer's FIN; read (and drop) so a client close is noticed.
		if (socket.listenerCount('data') === 0) {
			socket.resume();
		}
	}), 'http');
}

/** A port that was free a moment ago and has no listener now: connecting to it is refused. */
export async function closedPort(): Promise<number> {
	const server = createNetServer();
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	const {port} = server.address() as AddressInfo;
	server.close();
	await once(server, 'close');
	return port;
}

function query(request: IncomingMessage): URLSearchParams {
	return new URL(request.url ?? '/', 'http://x').searchParams;
}

/**
 * Runs `action` once at least `ms` have passed by the monotonic clock. Node's timers count from the event
 * loop's cached millisecond, so a 50 ms timer can fire 49.9 ms later: a client timing the answer would then
 * rightly measure less than the delay the route promises.
 */
function later(ms: number, action: () => void, response: ServerResponse): void {
	const startedAt = performance.now();
	const fire = (): void => {
		const leftMs = ms - (performance.now() - startedAt);
		if (leftMs > 0) {
			timer = setTimeout(fire, Math.ceil(leftMs));
			return;
		}

		action();
	};

	let timer = setTimeout(fire, ms);
	response.on('close', () => clearTimeout(timer));
}

/**
 * One HTTP server with a route per behaviour the probe must survive:
 * /ok, /slow?ms=N, /json?body=…, /error-page (503 with 2 MB of HTML), /hang (never answers),
 * /stall-body (headers, then nothing), /drip (1 byte a second, forever), /endless (body never ends),
 * /reset (half a body, then a TCP reset), /short (Content-Length larger than sent),
 * /redirect?to=URL&status=302, /loop-a ↔ /loop-b, /chain/N (N more redirects to /ok),
 * /big-headers (200 KB of headers), /version (x-app-version header and JSON version).
 */
export async function startFaultServer(): Promise<TestServer> {
	return startHttpServer((request, response) => {
		const {pathname} = new URL(request.url ?? '/', 'http://x');
		const parameters = query(request);
		request.resume();
		switch (true) {
			case pathname === '/ok': {
				response.writeHead(200, {'content-type': 'text/plain', server: 'test'});
				response.end('all good');
				break;
			}

			case pathname === '/slow': {
				later(Number(parameters.get('ms') ?? 50), () => response.end('slow but fine'), response);
				break;
			}

			case pathname === '/json': {
				response.writeHead(200, {'content-type': 'application/json'});
				response.end(parameters.get('body') ?? '{"status":"ok","checks":{"db":{"status":"ok"}},"version":"1.2.3"}');
				break;
			}

			case pathname === '/error-page': {
				response.writeHead(503, {'content-type': 'text/html', 'content-length': String(2 * 1024 * 1024)});
				const chunk = '<p>Service Unavailable</p>'.padEnd(1024, ' ');
				let sent = 0;
				const write = (): void => {
					while (sent < 2048 && response.write(chunk)) {
						sent++;
					}

					if (sent >= 2048) {
						response.end();
					}
				};

				response.on('drain', write);
				write();
				break;
			}

			case pathname === '/hang': {
				break;
			}

			case pathname === '/stall-body': {
				response.writeHead(200, {'content-type': 'text/plain', 'content-length': '100'});
				response.flushHeaders();
				break;
			}

			case pathname === '/drip': {
				response.writeHead(200, {'content-type': 'text/plain'});
				response.write('x');
				const timer = setInterval(() => response.write('x'), 1000);
				response.on('close', () => clearInterval(timer));
				break;
			}

			case pathname === '/endless': {
				response.writeHead(200, {'content-type': 'application/octet-stream'});
				const chunk = Buffer.alloc(64 * 1024, 120);
				const pump = (): void => {
					while (!response.destroyed && response.write(chunk)) {
						// Keep the socket buffer full until the client stops reading.
					}
				};

				response.on('drain', pump);
				pump();
				break;
			}

			case pathname === '/reset': {
				response.writeHead(200, {'content-type': 'text/plain', 'content-length': '10000'});
				response.write('partial body');
				later(50, () => response.socket?.resetAndDestroy(), response);
				break;
			}

			case pathname === '/short': {
				response.writeHead(200, {'content-type': 'text/plain', 'content-length': '1000'});
				response.write('only this much');
				later(50, () => response.socket?.end(), response);
				break;
			}

			case pathname === '/redirect': {
				response.writeHead(Number(parameters.get('status') ?? 302), {location: parameters.get('to') ?? '/ok'});
				response.end();
				break;
			}

			case pathname === '/loop-a' || pathname === '/loop-b': {
				response.writeHead(302, {location: pathname === '/loop-a' ? '/loop-b' : '/loop-a'});
				response.end();
				break;
			}

			case pathname.startsWith('/chain/'): {
				const left = Number(pathname.slice('/chain/'.length));
				response.writeHead(302, {location: left > 0 ? `/chain/${left - 1}` : '/ok'});
				response.end();
				break;
			}

			case pathname === '/big-headers': {
				const headers: Record<string, string> = {};
				for (let index = 0; index < 200; index++) {
					headers[`x-filler-${index}`] = 'y'.repeat(1000);
				}

				response.writeHead(200, headers);
				response.end('ok');
				break;
			}

			case pathname === '/version': {
				response.writeHead(200, {'content-type': 'application/json', 'x-app-version': '2.0.1'});
				response.end('{"build":{"version":"2.0.0-rc1"}}');
				break;
			}

			default: {
				response.writeHead(404);
				response.end('not found');
			}
		}
	});
}

/** An http check as the config loader would resolve it, with short test timings. */
export function httpCheck(url: string, overrides: Partial<HttpCheck> = {}): HttpCheck {
	return {
		id: `http-${url}`,
		name: 'http test',
		kind: 'http',
		intervalMs: 10_000,
		timeoutMs: 1000,
		slowMs: 1000,
		retries: 0,
		secrets: [],
		expectSummary: 'status 2xx',
		url,
		method: 'GET',
		headers: {},
		expect: {status: [{min: 200, max: 299}], maxBytes: 1024 * 1024},
		maxRedirects: 5,
		insecure: false,
		keepAlive: false,
		...overrides,
	};
}

/** Answers after holding each request `holdMs`, counting how many it holds at once: what a cap on probes lets through. */
export type HeldAnswers = {
	readonly respond: (response: ServerResponse) => void;
	/** Held now; the most held at once and requests answered or held since `reset`. */
	readonly now: () => number;
	readonly max: () => number;
	readonly count: () => number;
	readonly reset: () => void;
};

export function holdAnswers(holdMs: number): HeldAnswers {
	let now = 0;
	let max = 0;
	let count = 0;
	return {
		respond(response) {
			count++;
			now++;
			max = Math.max(max, now);
			setTimeout(() => {
				now--;
				response.writeHead(200).end('ok');
			}, holdMs);
		},
		now: () => now,
		max: () => max,
		count: () => count,
		reset() {
			max = 0;
			count = 0;
		},
	};
}
