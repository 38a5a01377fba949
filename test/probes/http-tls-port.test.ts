import {once} from 'node:events';
import type {AddressInfo} from 'node:net';
import {createServer as createTlsServer, type Server as TlsServer} from 'node:tls';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {closeHttpAgents, probe} from '../../source/probes/http.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {makeCertificates, type TestCertificates} from '../helpers/certs.js';
import {httpCheck, startRawServer, type TestServer} from '../helpers/http-servers.js';
import {deadline} from '../helpers/probe-checks.js';

const timeoutMs = 2000;
const hint = 'is this a TLS port? try https://';
let certs: TestCertificates;
/** Node's TLS server, as behind a Node https service: a plain request gets no byte back, only a close. */
let tlsServer: TlsServer;
let tlsPort: number;
const servers: TestServer[] = [];

async function raw(answer: string | Buffer): Promise<TestServer> {
	const server = await startRawServer(socket => {
		socket.once('data', () => socket.end(answer));
	});
	servers.push(server);
	return server;
}

beforeAll(async () => {
	certs = makeCertificates();
	tlsServer = createTlsServer({key: certs.valid.key, cert: certs.valid.cert}, socket => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
	tlsServer.on('tlsClientError', () => undefined);
	tlsServer.listen(0, '127.0.0.1');
	await once(tlsServer, 'listening');
	tlsPort = (tlsServer.address() as AddressInfo).port;
});

afterAll(async () => {
	tlsServer.close();
	await Promise.all(servers.map(async server => server.close()));
	await closeHttpAgents();
	certs.remove();
});

async function run(url: string): Promise<ProbeResult> {
	return probe(httpCheck(url, {timeoutMs}), deadline(timeoutMs));
}

function body400(text: string): string {
	return `HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
}

describe('an http:// URL at a TLS port', () => {
	it('that closes without a byte (Node, OpenSSL) is confirmed with a handshake and says so', async () => {
		const result = await run(`http://127.0.0.1:${tlsPort}/health`);
		expect(result.reason).toEqual({code: 'reset', message: `server closed connection before sending headers (${hint})`});
	});

	it('that closes without a byte and refuses the handshake with an alert says so too, the handshake not in the latency', async () => {
		// Closes on a plain request; to a ClientHello, a handshake_failure alert 300 ms later (a server that wants
		// ciphers or a version the client does not offer).
		const picky = await startRawServer(socket => {
			socket.once('data', (chunk: Buffer) => {
				if (chunk[0] === 0x16) setTimeout(() => socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28])), 300);
				else socket.end();
			});
		});
		servers.push(picky);
		const result = await run(`${picky.origin}/`);
		expect(result.reason).toEqual({code: 'reset', message: `server closed connection before sending headers (${hint})`});
		expect(result.latencyMs).toBeLessThan(250);
	});

	it('that answers with a TLS alert says the answer was TLS', async () => {
		const alert = await raw(Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x0A]));
		const result = await run(`${alert.origin}/`);
		expect(result.reason).toEqual({code: 'protocol', message: `invalid HTTP response: the server answered in TLS (${hint})`});
	});

	it('that answers with TLS handshake bytes says the answer was TLS', async () => {
		const record = await raw(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x02, 0x02, 0x00]));
		const result = await run(`${record.origin}/`);
		expect(result.reason).toEqual({code: 'protocol', message: `invalid HTTP response: the server answered in TLS (${hint})`});
	});

	it('that answers 400 saying it is an HTTPS port (nginx, Go, Apache) gets the hint beside the status', async () => {
		const answers = [
			'<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
			'Client sent an HTTP request to an HTTPS server.\n',
			'<p>Your browser sent a request that this server could not understand.<br />\nReason: You\'re speaking plain HTTP to an SSL-enabled server port.<br />\n</p>',
		];
		const results = await Promise.all(answers.map(async text => run(`${(await raw(body400(text))).origin}/`)));
		for (const result of results) {
			expect(result.reason).toEqual({code: 'expect:status', message: `status 400, expected 2xx (${hint})`});
		}
	});
});

describe('an http:// URL at a plain HTTP port', () => {
	it('that closes without answering, or answers 400 for another cause, gets no hint', async () => {
		const closing = await startRawServer(socket => {
			socket.once('data', () => socket.end());
		});
		servers.push(closing);
		const badRequest = await raw(body400('bad request: missing header\n'));
		const garbage = await raw('SSH-2.0-OpenSSH_9.6\r\n');
		const [closed, rejected, notHttp] = await Promise.all([run(`${closing.origin}/`), run(`${badRequest.origin}/`), run(`${garbage.origin}/`)]);
		expect(closed.reason).toEqual({code: 'reset', message: 'server closed connection before sending headers'});
		expect(rejected.reason).toEqual({code: 'expect:status', message: 'status 400, expected 2xx'});
		expect(notHttp.reason?.message).not.toContain(hint);
	});
});

describe('the TLS question, for a server that closes every connection without a byte', () => {
	/** Closes on a plain request; to a ClientHello, `toHello` (or a close). Counts connections of each kind. */
	async function counting(toHello?: Buffer): Promise<{server: TestServer; plain: () => number; hellos: () => number}> {
		let plain = 0;
		let hellos = 0;
		const server = await startRawServer(socket => {
			socket.once('data', (chunk: Buffer) => {
				if (chunk[0] === 0x16) {
					hellos++;
					if (toHello === undefined) socket.end();
					else socket.end(toHello);
				} else {
					plain++;
					socket.end();
				}
			});
		});
		servers.push(server);
		return {server, plain: () => plain, hellos: () => hellos};
	}

	const alert = Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]);

	it('is asked once per check, not once per probe, and its yes is on every result', async () => {
		const {server, plain, hellos} = await counting(alert);
		const check = httpCheck(`${server.origin}/`, {timeoutMs});
		for (let round = 0; round < 4; round++) {
			const result = await probe(check, deadline(timeoutMs));
			expect(result.reason, `round ${round}`).toEqual({code: 'reset', message: `server closed connection before sending headers (${hint})`});
		}

		expect(plain()).toBe(4);
		expect(hellos()).toBe(1);
	});

	it('is asked once per check when the answer is no, and again for a check replaced on reload', async () => {
		const {server, plain, hellos} = await counting();
		const check = httpCheck(`${server.origin}/`, {timeoutMs});
		for (let round = 0; round < 3; round++) {
			const result = await probe(check, deadline(timeoutMs));
			expect(result.reason, `round ${round}`).toEqual({code: 'reset', message: 'server closed connection before sending headers'});
		}

		expect(hellos()).toBe(1);
		await probe({...check}, deadline(timeoutMs));
		expect(plain()).toBe(4);
		expect(hellos()).toBe(2);
	});
});

describe('the TLS question\'s time', () => {
	it('is the probe\'s own deadline, not a second of its own', async () => {
		// Closes on a plain request; to a ClientHello, an alert 1.5 s later (a TLS server under load).
		const slow = await startRawServer(socket => {
			socket.once('data', (chunk: Buffer) => {
				if (chunk[0] === 0x16) setTimeout(() => socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28])), 1500);
				else socket.end();
			});
		});
		servers.push(slow);
		const result = await probe(httpCheck(`${slow.origin}/`, {timeoutMs: 4000}), deadline(4000));
		expect(result.reason).toEqual({code: 'reset', message: `server closed connection before sending headers (${hint})`});
		expect(result.latencyMs).toBeLessThan(1000);
	});
});
