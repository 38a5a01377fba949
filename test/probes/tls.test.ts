import {X509Certificate} from 'node:crypto';
import {readFileSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {TlsCheck} from '../../source/config/types.js';
import {formatDays} from '../../source/config/duration.js';
import {probe} from '../../source/probes/tls.js';
import {python, startBlackhole} from '../helpers/blackhole.js';
import {common, deadline, shutdownAfter} from '../helpers/probe-checks.js';
import {requireComponent, titleFor} from '../helpers/require-component.js';
import {createTestPki, readPem, type CertFiles, type TestPki} from '../helpers/tls-certs.js';

const hasOpenssl = requireComponent('/usr/bin/openssl', 'openssl');
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
const ports: Record<string, number> = {};
let pki: TestPki;

async function serve(server: net.Server): Promise<number> {
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	server.on('tlsClientError', () => {});
	servers.push(server);
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return (server.address() as net.AddressInfo).port;
}

const tlsServer = (files: CertFiles, chain: CertFiles[] = [], options: tls.TlsOptions = {}) => tls.createServer({...readPem(files, ...chain), ...options}, socket => {
	socket.on('error', () => {});
	socket.end();
});

const check = (port: number, extra: Partial<TlsCheck> = {}): TlsCheck => ({
	...common('tls'),
	kind: 'tls',
	host: 'localhost',
	port,
	ca: pki.caFile,
	warnDays: 14,
	failDays: 3,
	...extra,
});

describe.skipIf(!hasOpenssl)(titleFor('tls probe against local TLS servers', hasOpenssl, 'openssl'), () => {
	beforeAll(async () => {
		pki = createTestPki();
		const names = ['localhost', '127.0.0.1'];
		ports.good = await serve(tlsServer(pki.leaf('good', names, -1, 90)));
		ports.warn = await serve(tlsServer(pki.leaf('warn', names, -1, 10.5)));
		ports.fail = await serve(tlsServer(pki.leaf('fail', names, -1, 2.5)));
		ports.lastDay = await serve(tlsServer(pki.leaf('last-day', names, -1, 1.5)));
		ports.expired = await serve(tlsServer(pki.leaf('expired', names, -60, -30)));
		ports.future = await serve(tlsServer(pki.leaf('future', names, 5, 60)));
		ports.wrongHost = await serve(tlsServer(pki.leaf('wrong', ['other.example'], -1, 90)));
		ports.selfSigned = await serve(tlsServer(pki.selfSigned('self', names, 30)));
		ports.clientOnly = await serve(tlsServer(pki.leaf('client-only', names, -1, 90, {extensions: ['extendedKeyUsage=clientAuth']})));
		const notCa = pki.intermediate('not-a-ca', 'uptop not a CA', -1, 90, false);
		ports.notCa = await serve(tlsServer(pki.leaf('under-not-a-ca', names, -1, 90, {issuer: notCa}), [notCa]));
		// A server may use a key the client's security level refuses: it sets its own level to 0.
		ports.weak = await serve(tlsServer(pki.leaf('weak', names, -1, 90, {rsaBits: 1024}), [], {ciphers: 'DEFAULT@SECLEVEL=0'}));
		const expiredIntermediate = pki.intermediate('expired-intermediate', 'uptop expired intermediate', -60, -2);
		ports.expiredIntermediate = await serve(tlsServer(pki.leaf('under-expired', names, -1, 90, {issuer: expiredIntermediate}), [expiredIntermediate]));
		const laterIntermediate = pki.intermediate('later-intermediate', 'uptop later intermediate', 3, 90);
		ports.laterIntermediate = await serve(tlsServer(pki.leaf('under-later', names, -1, 90, {issuer: laterIntermediate}), [laterIntermediate]));
		ports.stall = await serve(net.createServer(socket => socket.on('error', () => undefined)));
		ports.plain = await serve(net.createServer(socket => {
			socket.on('error', () => {});
			socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
		}));
	});

	afterAll(async () => {
		for (const socket of sockets) {
			socket.destroy();
		}

		await Promise.all(servers.map(server => new Promise(resolve => server.close(resolve))));
		pki?.cleanup();
	});

	it('is up with a trusted certificate and records it', async () => {
		const result = await probe(check(ports.good!), deadline(2000));
		expect(result.outcome).toBe('up');
		expect(result.certificate).toMatchObject({subject: 'localhost', issuer: 'uptop test CA', daysLeft: 89});
		expect(result.summary).toMatch(/^TLSv1\.3 · localhost · expires in 89 days \(\d{4}-\d{2}-\d{2}\)$/);
		expect(result.phases?.tlsMs).toBeGreaterThan(0);
	});

	it('warns when the certificate expires within warnDays', async () => {
		const result = await probe(check(ports.warn!), deadline(2000));
		expect(result.outcome).toBe('warn');
		expect(result.reason?.code).toBe('tls:expiring');
		expect(result.reason?.message).toMatch(/^certificate expires in 10 days \(\d{4}-\d{2}-\d{2}\)$/);
		expect(result.certificate?.daysLeft).toBe(10);
	});

	it('fails when the certificate expires within failDays', async () => {
		const result = await probe(check(ports.fail!), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason?.code).toBe('tls:expiring');
		expect(result.reason?.message).toMatch(/^certificate expires in 2 days \(\d{4}-\d{2}-\d{2}\)$/);
	});

	it('says one day, not one days', async () => {
		const result = await probe(check(ports.lastDay!), deadline(2000));
		expect(result.certificate?.daysLeft).toBe(1);
		expect(result.reason?.message).toMatch(/^certificate expires in 1 day \(\d{4}-\d{2}-\d{2}\)$/);
	});

	it('fails an expired certificate with its date', async () => {
		const result = await probe(check(ports.expired!), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason?.code).toBe('tls:expired');
		const expiredOn = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
		expect(result.reason?.message).toBe(`certificate expired on ${expiredOn}`);
		expect(result.certificate?.daysLeft).toBeLessThan(0);
	});

	it('names the intermediate that expired, with its own date, not the leaf\'s', async () => {
		const result = await probe(check(ports.expiredIntermediate!), deadline(2000));
		expect(result.outcome).toBe('failing');
		const expiredOn = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
		expect(result.reason).toEqual({code: 'tls:expired', message: `intermediate certificate "uptop expired intermediate" expired on ${expiredOn}`});
		expect(result.certificate?.daysLeft).toBe(89);
	});

	it('names the intermediate that is not valid yet, with its own start date', async () => {
		const result = await probe(check(ports.laterIntermediate!), deadline(2000));
		const validFrom = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
		expect(result.reason).toEqual({code: 'tls:not_yet_valid', message: `intermediate certificate "uptop later intermediate" not valid before ${validFrom}`});
	});

	it('says in words why a certificate OpenSSL refuses is not trusted, never [object Object]', async () => {
		const clientOnly = await probe(check(ports.clientOnly!), deadline(2000));
		expect(clientOnly.reason).toEqual({code: 'tls:untrusted', message: 'certificate not trusted (not for TLS servers)'});
		const notCa = await probe(check(ports.notCa!), deadline(2000));
		expect(notCa.reason?.code).toBe('tls:untrusted');
		// OpenSSL 3 reports an issuer that is no CA as the wrong purpose; older ones as an invalid CA.
		expect(notCa.reason?.message).toMatch(/^certificate not trusted \((not for TLS servers|invalid CA certificate)\)$/);
		const weak = await probe(check(ports.weak!), deadline(2000));
		expect(weak.reason).toEqual({code: 'tls:untrusted', message: 'certificate not trusted (its 1024-bit RSA key is too weak for OpenSSL\'s security level)'});
	});

	it('fails a certificate that is not yet valid', async () => {
		const result = await probe(check(ports.future!), deadline(2000));
		expect(result.reason?.code).toBe('tls:not_yet_valid');
	});

	it('fails a self-signed certificate', async () => {
		const result = await probe(check(ports.selfSigned!), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'tls:self_signed', message: 'self-signed certificate'});
	});

	it('fails a CA-signed certificate when the CA is not trusted', async () => {
		const result = await probe(check(ports.good!, {ca: undefined}), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason?.code).toBe('tls:untrusted');
	});

	it('fails a hostname mismatch and names the host', async () => {
		const result = await probe(check(ports.wrongHost!), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason?.code).toBe('tls:hostname');
		expect(result.reason?.message).toBe('certificate does not match localhost (it names DNS:other.example)');
	});

	it('checks an IP address against the certificate\'s IP names', async () => {
		const good = await probe(check(ports.good!, {host: '127.0.0.1'}), deadline(2000));
		expect(good.outcome).toBe('up');
		const wrong = await probe(check(ports.wrongHost!, {host: '127.0.0.1'}), deadline(2000));
		expect(wrong.reason?.code).toBe('tls:hostname');
	});

	it('with an address, latency starts at the connection attempt, not at the call (connection-attempt.test.ts)', async () => {
		// No ca file, so the socket is made in the call itself (a ca is read first); the verdict does not matter here.
		const pending = probe(check(ports.good!, {host: '127.0.0.1', ca: undefined}), deadline(5000));
		const heldUntil = performance.now() + 300;
		while (performance.now() < heldUntil) {
			// Busy: the connect call waits for this turn to end.
		}

		const result = await pending;
		expect(result.certificate?.subject).toBe('localhost');
		expect(result.latencyMs).toBeLessThan(300);
		expect(result.phases?.connectMs).toBeLessThan(300);
	});

	it('times out a stalled handshake as timeout:tls at the deadline', async () => {
		const started = performance.now();
		const result = await probe(check(ports.stall!, {timeoutMs: 500}), deadline(500));
		expect(performance.now() - started).toBeLessThan(1500);
		expect(result.reason).toEqual({code: 'timeout:tls', message: 'timeout after 0.5s (TLS handshake)'});
	});

	it.skipIf(!requireComponent(python, 'python3'))('times out a connect that never completes as timeout:connect, not tls', async () => {
		const blackhole = await startBlackhole();
		try {
			const result = await probe(check(blackhole.port, {host: '127.0.0.1', timeoutMs: 500}), deadline(500));
			expect(result.reason).toEqual({code: 'timeout:connect', message: `timeout after 0.5s (connect to 127.0.0.1:${blackhole.port})`});
		} finally {
			await blackhole.close();
		}
	});

	it('is cancelled on shutdown mid-handshake', async () => {
		const result = await probe(check(ports.stall!), shutdownAfter(100));
		expect(result.outcome).toBe('cancelled');
	});

	it('says the handshake failed on a plain-text port, not a timeout', async () => {
		const result = await probe(check(ports.plain!), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason?.code).toBe('tls:handshake');
		expect(result.latencyMs).toBeLessThan(1000);
	});

	it('names what OpenSSL objected to, without its thread id, source file and line', async () => {
		// A fatal handshake_failure alert (40) as the answer to the ClientHello.
		const alert = await serve(net.createServer(socket => {
			socket.on('error', () => {});
			socket.once('data', () => socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28])));
		}));
		const result = await probe(check(alert), deadline(2000));
		expect(result.reason).toEqual({code: 'tls:handshake', message: 'TLS handshake failed (ssl/tls alert handshake failure, SSL alert number 40)'});
	});

	it('reports a missing ca file clearly', async () => {
		const result = await probe(check(ports.good!, {ca: '/nonexistent/ca.pem'}), deadline(2000));
		expect(result.reason).toEqual({code: 'internal', message: 'cannot read ca file /nonexistent/ca.pem: ENOENT'});
	});

	it('fails with the reason, not "unknown issuer", when the ca file holds no PEM certificate', async () => {
		const key = path.join(pki.dir, 'ca.key');
		const der = path.join(pki.dir, 'ca.der');
		writeFileSync(der, new X509Certificate(readFileSync(pki.caFile)).raw);
		const indented = path.join(pki.dir, 'indented.pem');
		writeFileSync(indented, readFileSync(pki.caFile, 'utf8').replaceAll(/^/gm, '  '));
		const reasons = await Promise.all([key, der, indented].map(async ca => (await probe(check(ports.good!, {ca}), deadline(2000))).reason));
		expect(reasons).toEqual([
			{code: 'internal', message: `ca file ${key} holds no PEM certificate (it holds a private key); give the CA's certificate in PEM`},
			{code: 'internal', message: `ca file ${der} holds no PEM certificate (it looks like DER, binary); give the CA's certificate in PEM: openssl x509 -inform der -in ${der} -out ca.pem`},
			{code: 'internal', message: `ca file ${indented} holds no PEM certificate (its -----BEGIN CERTIFICATE----- line is indented, and is not read so); give the CA's certificate in PEM`},
		]);
	});

	it('says a ca that is a directory is one', async () => {
		const result = await probe(check(ports.good!, {ca: pki.dir}), deadline(2000));
		expect(result.reason).toEqual({code: 'internal', message: `ca file ${pki.dir} is a directory; give the CA's certificate file in PEM`});
	});

	it('trusts a ca file that starts with a UTF-8 byte-order mark, as a Windows editor writes it', async () => {
		const file = path.join(pki.dir, 'bom.pem');
		writeFileSync(file, Buffer.concat([Buffer.from([0xEF, 0xBB, 0xBF]), readFileSync(pki.caFile)]));
		expect((await probe(check(ports.good!, {ca: file}), deadline(2000))).outcome).toBe('up');
	});

	it('trusts a ca file in the other forms the TLS client reads: CRLF lines, text before the block', async () => {
		const file = path.join(pki.dir, 'bag.pem');
		writeFileSync(file, `Bag Attributes\r\n    friendlyName: ca\r\n${readFileSync(pki.caFile, 'utf8').replaceAll('\n', '\r\n')}`);
		expect((await probe(check(ports.good!, {ca: file}), deadline(2000))).outcome).toBe('up');
	});
});

describe('formatDays', () => {
	it('agrees in number with the count, past days too', () => {
		expect([1, -1, 0, 2, -3].map(count => formatDays(count))).toEqual(['1 day', '-1 day', '0 days', '2 days', '-3 days']);
	});
});
