import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {HttpCheck} from '../../source/config/types.js';
import {closeHttpAgents, probe} from '../../source/probes/http.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {closedPort, httpCheck, startFaultServer, startHttpServer, startRawServer, type TestServer} from '../helpers/http-servers.js';
import {readFileSync} from 'node:fs';
import {python, startBlackhole} from '../helpers/blackhole.js';
import {deadline, shutdownAfter} from '../helpers/probe-checks.js';
import {requireComponent} from '../helpers/require-component.js';

const timeoutMs = 800;
let server: TestServer;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
	unhandled.push(reason);
};

beforeAll(async () => {
	process.on('unhandledRejection', onUnhandled);
	server = await startFaultServer();
});

afterAll(async () => {
	await server.close();
	process.off('unhandledRejection', onUnhandled);
	expect(unhandled).toEqual([]);
});

/** Runs the probe with the monitor's deadline signal and checks the result came in time. */
async function run(check: HttpCheck, signal = deadline(check.timeoutMs)): Promise<ProbeResult & {elapsedMs: number}> {
	const started = performance.now();
	const result = await probe(check, signal);
	const elapsedMs = performance.now() - started;
	expect(elapsedMs).toBeLessThan(check.timeoutMs + 1000);
	return {...result, elapsedMs};
}

async function runPath(path: string, overrides: Partial<HttpCheck> = {}): Promise<ProbeResult & {elapsedMs: number}> {
	return run(httpCheck(`${server.origin}${path}`, {timeoutMs, ...overrides}));
}

describe('http probe fault matrix (real local servers)', () => {
	it('accept then never answer → timeout waiting for headers, at the deadline, socket closed', async () => {
		const before = server.accepted();
		const result = await runPath('/hang');
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'timeout:headers', message: 'timeout after 800ms (waiting for headers)'});
		expect(result.elapsedMs).toBeGreaterThanOrEqual(timeoutMs - 20);
		expect(server.accepted()).toBe(before + 1);
		await server.allClosed(500);
	});

	it('headers then a stalled body → timeout reading body', async () => {
		const result = await runPath('/stall-body');
		expect(result.reason?.code).toBe('timeout:body');
		expect(result.reason?.message).toBe('timeout after 800ms (reading body)');
		expect(result.elapsedMs).toBeGreaterThanOrEqual(timeoutMs - 20);
		await server.allClosed(500);
	});

	it('a body trickled 1 byte a second still ends at the deadline', async () => {
		const result = await runPath('/drip', {timeoutMs: 1500});
		expect(result.reason?.code).toBe('timeout:body');
		expect(result.reason?.message).toMatch(/^timeout after 1\.5s \(reading body, [12] B received\)$/);
		expect(result.elapsedMs).toBeLessThan(1500 + 300);
		await server.allClosed(500);
	});

	it('a target answering just inside its timeout is up: undici timers never fire before the deadline', async () => {
		const sent: number[] = [];
		let started = 0;
		const late = await startHttpServer((request, response) => {
			const lateMs = request.url === '/warm-up' ? 0 : 600;
			const [headersAfterMs, bodyAfterMs] = request.url === '/late-headers' ? [lateMs, 0] : [0, lateMs];
			setTimeout(() => {
				response.writeHead(200, {'content-type': 'text/plain'});
				response.flushHeaders();
				setTimeout(() => {
					sent.push(Math.round(performance.now() - started));
					response.end('finally');
				}, bodyAfterMs);
			}, headersAfterMs);
		});
		try {
			// Warm up first: a cold first request in this process can itself take a few hundred ms.
			await run(httpCheck(`${late.origin}/warm-up`, {timeoutMs}));
			started = performance.now();
			const results = await Promise.all(['/late-headers', '/late-body', '/late-headers', '/late-body'].map(async path => run(httpCheck(`${late.origin}${path}`, {timeoutMs}))));
			for (const result of results) {
				expect(result.reason, JSON.stringify({latencyMs: result.latencyMs, phases: result.phases, sent})).toBeUndefined();
				expect(result.latencyMs).toBeGreaterThanOrEqual(595);
			}
		} finally {
			await late.close();
		}
	});

	it('an endless body is cut at maxBytes → too_large, memory bounded, socket destroyed', async () => {
		const result = await runPath('/endless', {expect: {status: [{min: 200, max: 299}], maxBytes: 256 * 1024}});
		expect(result.reason).toEqual({code: 'too_large', message: 'response exceeded 256 KiB'});
		expect(result.status).toBe(200);
		expect(result.summary).toMatch(/^200 OK · > 256 KiB · (?:<0\.1|\d+(?:\.\d)?) ms$/);
		expect(result.excerpt?.length).toBeLessThanOrEqual(300);
		await server.allClosed(500);
	});

	it('5xx with a 2 MB HTML page → status mismatch, quickly, without reading the page', async () => {
		const result = await runPath('/error-page');
		expect(result.reason).toEqual({code: 'expect:status', message: 'status 503, expected 2xx'});
		expect(result.status).toBe(503);
		expect(result.summary).toMatch(/^503 Service Unavailable · 2 MiB · (?:<0\.1|\d+(?:\.\d)?) ms$/);
		expect(result.excerpt).toContain('Service Unavailable');
		expect(result.elapsedMs).toBeLessThan(500);
	});

	it('a failing status with a body that never ends reports the status, and the timeout as a note', async () => {
		const slowError = await startHttpServer((_request, response) => {
			response.writeHead(502, {'content-type': 'text/html'});
			response.write('<h1>Bad Gateway</h1>');
		});
		try {
			const result = await run(httpCheck(`${slowError.origin}/`, {timeoutMs}));
			expect(result.reason).toEqual({code: 'expect:status', message: 'status 502, expected 2xx'});
			expect(result.status).toBe(502);
			expect(result.notes).toEqual(['timeout after 800ms (reading body, 20 B received)']);
		} finally {
			await slowError.close();
		}
	});

	it('keep-alive: after a timeout killed the kept connection, the next probe reconnects and passes', async () => {
		const check = httpCheck(`${server.origin}/hang`, {id: 'keep-alive-recovery', keepAlive: true, timeoutMs: 300});
		const hung = await run(check);
		expect(hung.reason?.code).toBe('timeout:headers');
		const healthy = await run({...check, url: `${server.origin}/ok`});
		expect(healthy.outcome).toBe('up');
		expect(healthy.phases?.connectMs).toBeGreaterThanOrEqual(0);
		await closeHttpAgents();
		await server.allClosed(500);
	});

	it('connection reset mid-response → reset', async () => {
		const reset = await startHttpServer((_request, response) => {
			response.writeHead(200, {'content-type': 'text/plain'});
			response.write('some of the body');
			setTimeout(() => response.socket?.resetAndDestroy(), 30);
		});
		try {
			const result = await run(httpCheck(`${reset.origin}/`, {timeoutMs}));
			expect(result.reason).toEqual({code: 'reset', message: 'connection reset by peer while sending body'});
		} finally {
			await reset.close();
		}
	});

	it('server closes before headers → reset "server closed connection"', async () => {
		const closer = await startRawServer(socket => {
			socket.once('data', () => socket.end());
		});
		try {
			const result = await run(httpCheck(`${closer.origin}/`, {timeoutMs}));
			expect(result.reason).toEqual({code: 'reset', message: 'server closed connection before sending headers'});
		} finally {
			await closer.close();
		}
	});

	it('Content-Length larger than what is sent → truncated', async () => {
		const result = await runPath('/short');
		expect(result.reason).toEqual({code: 'truncated', message: 'body truncated: got 14 of 1000 B'});
	});

	it('a Content-Length with a space after its digits (legal whitespace) is read as its number: a whole body is up, a short one truncated', async () => {
		const spaced = await startRawServer(socket => {
			socket.once('data', (chunk: Buffer) => {
				const whole = chunk.toString().startsWith('GET /whole ');
				socket.end(`HTTP/1.1 200 OK\r\nContent-Length: ${whole ? 2 : 5} \r\nContent-Type: text/plain\r\n\r\nok`);
			});
		});
		try {
			const whole = await run(httpCheck(`${spaced.origin}/whole`, {timeoutMs}));
			expect(whole.reason).toBeUndefined();
			expect(whole).toMatchObject({outcome: 'up', status: 200, excerpt: 'ok'});
			expect(whole.summary).toMatch(/^200 OK · 2 B · (?:<0\.1|\d+(?:\.\d)?) ms$/);
			const short = await run(httpCheck(`${spaced.origin}/short`, {timeoutMs}));
			expect(short.reason).toEqual({code: 'truncated', message: 'body truncated: got 2 of 5 B'});
		} finally {
			await spaced.close();
		}
	});

	it('garbage instead of HTTP → protocol "invalid HTTP response"', async () => {
		const garbage = await startRawServer(socket => {
			socket.end('SSH-2.0-OpenSSH_9.6\r\n\u0000\u0001binary junk\r\n\r\n');
		});
		try {
			const result = await run(httpCheck(`${garbage.origin}/`, {timeoutMs}));
			expect(result.reason).toEqual({code: 'protocol', message: 'invalid HTTP response'});
		} finally {
			await garbage.close();
		}
	});

	it('an interim status the client cannot take (100 not asked for, 101, below 100) → protocol, saying which, not a reset', async () => {
		const answers: Record<string, string> = {
			'/continue': 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok',
			'/upgrade': 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
			'/switch': 'HTTP/1.1 101 Switching Protocols\r\nContent-Length: 2\r\n\r\nok',
			'/zero': 'HTTP/1.1 000 Zero\r\nContent-Length: 2\r\n\r\nok',
			'/low': 'HTTP/1.1 099 Low\r\nContent-Length: 2\r\n\r\nok',
		};
		const interim = await startRawServer(socket => {
			socket.once('data', (chunk: Buffer) => {
				socket.end(answers[/^GET (\S+)/.exec(chunk.toString())?.[1] ?? ''] ?? '');
			});
		});
		try {
			const reasons = await Promise.all(Object.keys(answers).map(async path => (await run(httpCheck(`${interim.origin}${path}`, {timeoutMs}))).reason));
			expect(reasons).toEqual([
				{code: 'protocol', message: 'invalid HTTP response: 100 Continue to a request that did not ask for it'},
				{code: 'protocol', message: 'invalid HTTP response: 101 Switching Protocols to a request that did not ask for it'},
				{code: 'protocol', message: 'invalid HTTP response: 101 Switching Protocols to a request that did not ask for it'},
				{code: 'protocol', message: 'invalid HTTP response: status 000 (HTTP statuses start at 100)'},
				{code: 'protocol', message: 'invalid HTTP response: status 099 (HTTP statuses start at 100)'},
			]);
		} finally {
			await interim.close();
		}
	});

	it('lines ended by a bare LF → protocol, saying so, not only "invalid HTTP response"', async () => {
		const bare = await startRawServer(socket => {
			socket.once('data', () => socket.end('HTTP/1.1 200 OK\nContent-Length: 2\n\nok'));
		});
		try {
			const result = await run(httpCheck(`${bare.origin}/`, {timeoutMs}));
			expect(result.reason).toEqual({code: 'protocol', message: 'invalid HTTP response: a line ends in LF without CR'});
		} finally {
			await bare.close();
		}
	});

	it('a folded header, a Content-Length or status that is no number, a bad chunk size → protocol, naming which', async () => {
		const answers: Record<string, string> = {
			'/folded': 'HTTP/1.1 200 OK\r\nX-Version: 1\r\n  folded\r\nContent-Length: 2\r\n\r\nok',
			'/length': 'HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nok',
			'/status': 'HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\nok',
			'/chunk': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n',
		};
		const broken = await startRawServer(socket => {
			socket.once('data', (chunk: Buffer) => {
				socket.end(answers[/^GET (\S+)/.exec(chunk.toString())?.[1] ?? ''] ?? '');
			});
		});
		try {
			const reasons = await Promise.all(Object.keys(answers).map(async path => (await run(httpCheck(`${broken.origin}${path}`, {timeoutMs}))).reason?.message));
			expect(reasons).toEqual([
				'invalid HTTP response: a header line starts with whitespace (a folded header)',
				'invalid HTTP response: Content-Length is not a number',
				'invalid HTTP response: the status is not a 3-digit number',
				'invalid HTTP response: a chunk size is not a hexadecimal number',
			]);
		} finally {
			await broken.close();
		}
	});

	it('200 KB of headers → protocol, saying the limit and that curl reads more', async () => {
		const result = await runPath('/big-headers');
		expect(result.reason).toEqual({code: 'protocol', message: 'invalid HTTP response: headers over 16 KiB, the most uptop reads (curl reads up to 300 KB)'});
	});

	it('redirect loop → redirect "redirect loop: A → B → A"', async () => {
		const result = await runPath('/loop-a');
		expect(result.reason).toEqual({code: 'redirect', message: 'redirect loop: /loop-a → /loop-b → /loop-a'});
		expect(result.status).toBe(302);
	});

	it('follows a redirect from a server that closes each connection after one answer without saying so, as curl does', async () => {
		// HTTP/1.1 without `Connection: close`, then a FIN: legal, and the next hop must not be sent down that
		// connection (it failed with "server closed connection before sending headers").
		let connections = 0;
		const oneShot = await startRawServer(socket => {
			connections++;
			socket.once('data', (chunk: Buffer) => {
				const path = /^GET (\S+)/.exec(chunk.toString())?.[1];
				const next = {'/old': '/mid', '/mid': '/new'}[path ?? ''];
				socket.end(next
					? `HTTP/1.1 302 Found\r\nLocation: ${next}\r\nContent-Length: 0\r\n\r\n`
					: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
			});
		});
		try {
			for (let attempt = 0; attempt < 3; attempt++) {
				const result = await run(httpCheck(`${oneShot.origin}/old`, {timeoutMs}));
				expect(result.reason).toBeUndefined();
				expect(result).toMatchObject({outcome: 'up', status: 200});
				expect(result.notes).toContain(`redirected to ${oneShot.origin}/new`);
			}

			// Three hops a probe, each on a connection of its own.
			expect(connections).toBe(9);
		} finally {
			await oneShot.close();
		}
	});

	it('follows a Location sent as raw UTF-8 to the path it names, as browsers and curl do, not to its bytes read as latin1', async () => {
		const server = await startRawServer(socket => {
			socket.once('data', (chunk: Buffer) => {
				const path = /^GET (\S+)/.exec(chunk.toString('latin1'))?.[1];
				socket.end(path === '/old'
					? Buffer.from('HTTP/1.1 302 Found\r\nLocation: /café?q=ü\r\nContent-Length: 0\r\n\r\n', 'utf8')
					: `HTTP/1.1 ${path === '/caf%C3%A9?q=%C3%BC' ? '200 OK' : '404 Not Found'}\r\nContent-Length: 2\r\n\r\nok`);
			});
		});
		try {
			const result = await run(httpCheck(`${server.origin}/old`, {timeoutMs}));
			expect(result.reason).toBeUndefined();
			expect(result.notes).toContain(`redirected to ${server.origin}/caf%C3%A9?q=%C3%BC`);
		} finally {
			await server.close();
		}
	});

	it('a redirect uptop does not follow (javascript:, file:, a port past 65535, no Location at all) says why in a note', async () => {
		const locations: Record<string, string | undefined> = {
			'/script': 'javascript:alert(1)',
			'/file': 'file:///etc/passwd',
			'/port': 'http://127.0.0.1:65536/',
			'/none': undefined,
		};
		const redirecting = await startRawServer(socket => {
			socket.once('data', (chunk: Buffer) => {
				const location = locations[/^GET (\S+)/.exec(chunk.toString())?.[1] ?? ''];
				socket.end(`HTTP/1.1 302 Found\r\n${location === undefined ? '' : `Location: ${location}\r\n`}Content-Length: 0\r\n\r\n`);
			});
		});
		try {
			const results = await Promise.all(Object.keys(locations).map(async path => run(httpCheck(`${redirecting.origin}${path}`, {timeoutMs}))));
			expect(results.map(result => result.reason?.message)).toEqual(Array.from({length: 4}, () => 'status 302, expected 2xx'));
			expect(results.map(result => result.notes)).toEqual([
				['redirect not followed: Location "javascript:alert(1)" is no http or https URL'],
				['redirect not followed: Location "file:///etc/passwd" is no http or https URL'],
				['redirect not followed: Location "http://127.0.0.1:65536/" is no valid URL'],
				['redirect not followed: the answer has no Location'],
			]);
		} finally {
			await redirecting.close();
		}
	});

	it('a redirect chain longer than maxRedirects → "too many redirects (N)"; within the limit → up', async () => {
		const long = await runPath('/chain/5', {maxRedirects: 3});
		expect(long.reason).toEqual({code: 'redirect', message: 'too many redirects (3)'});
		const within = await runPath('/chain/2', {maxRedirects: 3});
		expect(within.outcome).toBe('up');
		expect(within.notes).toContain(`redirected to ${server.origin}/ok`);
		const notFollowed = await runPath('/chain/0', {maxRedirects: 0});
		expect(notFollowed.reason).toEqual({code: 'expect:status', message: 'status 302, expected 2xx'});
	});

	it('invalid JSON where JSON is expected → expect:json', async () => {
		const result = await runPath(`/json?body=${encodeURIComponent('<html>oops</html>')}`, {
			expect: {status: [{min: 200, max: 200}], json: {status: 'ok'}, maxBytes: 1024},
		});
		expect(result.reason).toEqual({code: 'expect:json', message: 'json: body is not valid JSON'});
		// It starts as a page does: its excerpt is the page's text.
		expect(result.excerpt).toBe('oops');
	});

	it('refused port → refused, at once', async () => {
		const port = await closedPort();
		const result = await run(httpCheck(`http://127.0.0.1:${port}/health`, {timeoutMs}));
		expect(result.reason).toEqual({code: 'refused', message: `connection refused (127.0.0.1:${port})`});
		expect(result.elapsedMs).toBeLessThan(300);
		const viaLocalhost = await run(httpCheck(`http://localhost:${port}/health`, {timeoutMs}));
		expect(viaLocalhost.reason?.code).toBe('refused');
		// The name, and the addresses it was tried at.
		expect(viaLocalhost.reason?.message).toMatch(new RegExp(`^connection refused \\(localhost:${port} at (127\\.0\\.0\\.1|::1)(, (127\\.0\\.0\\.1|::1))?\\)$`));
	});

	it('unresolvable name (.invalid) → DNS: name not found, or a connect timeout if resolution hangs', async () => {
		const result = await run(httpCheck('http://no-such-host.invalid/health', {timeoutMs}));
		expect(['dns', 'timeout:connect']).toContain(result.reason?.code);
		expect(result.reason?.message).toMatch(/^(DNS: name not found \(no-such-host\.invalid\)|timeout after 800ms \(resolving no-such-host\.invalid\))$/);
	});

	it.skipIf(!requireComponent(python, 'python3'))('a connect that never completes times out at the deadline and its socket is closed, kept-alive or not', async () => {
		const blackhole = await startBlackhole();
		// Sockets of this process still trying to connect (SYN-SENT, state 02) to the blackhole's port.
		const connecting = (): number => readFileSync('/proc/net/tcp', 'utf8').split('\n').filter(line => {
			const fields = line.trim().split(/\s+/);
			return fields[3] === '02' && fields[2]?.endsWith(`:${blackhole.port.toString(16).toUpperCase().padStart(4, '0')}`);
		}).length;
		try {
			for (const keepAlive of [false, true]) {
				const result = await run(httpCheck(`http://127.0.0.1:${blackhole.port}/health`, {timeoutMs: 400, keepAlive}));
				expect(result.reason).toEqual({code: 'timeout:connect', message: `timeout after 400ms (connecting to 127.0.0.1:${blackhole.port})`});
				await new Promise(resolve => setTimeout(resolve, 50));
				expect(connecting()).toBe(0);
			}
		} finally {
			await closeHttpAgents();
			await blackhole.close();
		}
	});

	it('shutdown while waiting → cancelled (not failing) and the socket is closed', async () => {
		const check = httpCheck(`${server.origin}/hang`, {timeoutMs: 5000});
		const started = performance.now();
		const result = await probe(check, shutdownAfter(100));
		expect(performance.now() - started).toBeLessThan(400);
		expect(result.outcome).toBe('cancelled');
		expect(result.reason?.code).toBe('cancelled');
		await server.allClosed(500);
	});

	it('an already-aborted signal settles at once', async () => {
		const controller = new AbortController();
		controller.abort(new DOMException('gone', 'AbortError'));
		const result = await probe(httpCheck(`${server.origin}/ok`), controller.signal);
		expect(result.outcome).toBe('cancelled');
	});

	it('several hanging probes at once all end at their deadline and leave no socket open', async () => {
		const paths = ['/hang', '/stall-body', '/drip', '/hang', '/endless'];
		const results = await Promise.all(paths.map(async path => runPath(path)));
		expect(results.map(result => result.outcome)).toEqual(['failing', 'failing', 'failing', 'failing', 'failing']);
		await server.allClosed(1000);
		expect(server.open()).toBe(0);
	});
});
