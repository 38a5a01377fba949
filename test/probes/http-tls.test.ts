import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import type {HttpCheck} from '../../source/config/types.js';
import {closeHttpAgents, probe} from '../../source/probes/http.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {makeCertificates, type KeyPair, type TestCertificates} from '../helpers/certs.js';
import {createTestPki, readPem, type CertFiles, type TestPki} from '../helpers/tls-certs.js';
import {httpCheck, startHttpServer, startHttpsServer, startRawServer, type TestServer} from '../helpers/http-servers.js';
import {deadline} from '../helpers/probe-checks.js';
import {requireComponent, titleFor} from '../helpers/require-component.js';

const hasOpenssl = requireComponent('/usr/bin/openssl', 'openssl');
const timeoutMs = 1000;
let certs: TestCertificates;
/** For chains with intermediates and leaves of other kinds than `certs` has. */
let pki: TestPki;
const servers: TestServer[] = [];

async function https(pair: KeyPair): Promise<TestServer> {
	const server = await startHttpsServer(pair, (_request, response) => {
		response.writeHead(200, {'content-type': 'text/plain'});
		response.end('secure hello');
	});
	servers.push(server);
	return server;
}

async function serveChain(leaf: CertFiles, chain: CertFiles[] = [], options: {ciphers?: string} = {}): Promise<string> {
	const server = await startHttpsServer({...readPem(leaf, ...chain), ...options}, (_request, response) => response.end('ok'));
	servers.push(server);
	return `${server.origin}/`;
}

async function run(url: string, overrides: Partial<HttpCheck> = {}): Promise<ProbeResult> {
	const started = performance.now();
	const result = await probe(httpCheck(url, {timeoutMs, ...overrides}), deadline(timeoutMs));
	expect(performance.now() - started).toBeLessThan(timeoutMs + 1000);
	return result;
}

describe.skipIf(!hasOpenssl)(titleFor('http probe over TLS (openssl-made certificates)', hasOpenssl, 'openssl'), () => {
	beforeAll(() => {
		certs = makeCertificates();
		pki = createTestPki();
	});

	afterAll(async () => {
		await closeHttpAgents();
		await Promise.all(servers.map(async server => server.close()));
		certs?.remove();
		pki?.cleanup();
	});

	it('a certificate from a private CA given as `ca` → up, with days left and TLS timing', async () => {
		const server = await https(certs.valid);
		const result = await run(`${server.origin}/`, {ca: certs.caPath});
		expect(result.outcome).toBe('up');
		expect(result.summary).toMatch(/^200 OK · 12 B · (?:<0\.1|\d+(?:\.\d)?) ms$/);
		expect(result.certificate).toMatchObject({subject: 'valid', issuer: 'uptop test CA'});
		expect([29, 30]).toContain(result.certificate?.daysLeft);
		expect(result.phases?.tlsMs).toBeGreaterThan(0);
		expect(result.phases?.connectMs).toBeGreaterThanOrEqual(0);
		expect(result.notes).toBeUndefined();
	});

	it('the same certificate without `ca` → tls:untrusted', async () => {
		const server = await https(certs.valid);
		const result = await run(`${server.origin}/`);
		expect(result.reason).toEqual({code: 'tls:untrusted', message: 'TLS: certificate not trusted (unknown issuer)'});
		expect(result.certificate?.subject).toBe('valid');
	});

	it('self-signed → tls:self_signed; trusted through `ca`; `insecure` passes with a note', async () => {
		const server = await https(certs.selfSigned);
		const refused = await run(`${server.origin}/`);
		expect(refused.reason).toEqual({code: 'tls:self_signed', message: 'TLS: self-signed certificate'});
		const trusted = await run(`${server.origin}/`, {ca: certs.selfSigned.certPath});
		expect(trusted.outcome).toBe('up');
		const insecure = await run(`${server.origin}/`, {insecure: true});
		expect(insecure.outcome).toBe('up');
		expect(insecure.notes).toEqual(['insecure: TLS not verified']);
	});

	it('a fresh-connection probe reports only the certificate of its own handshake', async () => {
		// A check's fresh probes go through a client kept between them (agents.ts): the certificate the
		// previous probe read must not stand in for a handshake that never happened.
		const server = await https(certs.valid);
		const url = `${server.origin}/`;
		const first = await run(url, {id: 'certificate-per-probe', insecure: true});
		expect(first.outcome).toBe('up');
		expect(first.certificate?.subject).toBe('valid');
		// The client is kept once its connection has closed, a moment after the probe (TLS takes longer).
		await new Promise(resolve => setTimeout(resolve, 100));
		await server.close();
		const second = await run(url, {id: 'certificate-per-probe', insecure: true});
		expect(second.outcome).toBe('failing');
		expect(second.reason?.code).toBe('refused');
		expect(second.certificate).toBeUndefined();
	});

	it('expired → tls:expired naming the expiry date, days left negative', async () => {
		const server = await https(certs.expired);
		const result = await run(`${server.origin}/`, {ca: certs.caPath});
		expect(result.outcome).toBe('failing');
		expect([-2, -1]).toContain(result.certificate?.daysLeft);
		const validTo = result.certificate!.validTo;
		expect(Math.abs(validTo - (Date.now() - 86_400_000))).toBeLessThan(60_000);
		expect(result.reason).toEqual({code: 'tls:expired', message: `TLS: certificate expired on ${new Date(validTo).toISOString().slice(0, 10)}`});
	});

	it('an expired intermediate → tls:expired naming it and its own date, not the leaf\'s', async () => {
		const intermediate = pki.intermediate('old-intermediate', 'uptop old intermediate', -60, -2);
		const result = await run(await serveChain(pki.leaf('under-old', ['127.0.0.1'], -1, 90, {issuer: intermediate}), [intermediate]), {ca: pki.caFile});
		const expiredOn = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
		expect(result.reason).toEqual({code: 'tls:expired', message: `TLS: intermediate certificate "uptop old intermediate" expired on ${expiredOn}`});
	});

	it('a weak key and a leaf only for clients → not trusted, in words', async () => {
		const weak = await run(await serveChain(pki.leaf('weak', ['127.0.0.1'], -1, 90, {rsaBits: 1024}), [], {ciphers: 'DEFAULT@SECLEVEL=0'}), {ca: pki.caFile});
		expect(weak.reason).toEqual({code: 'tls:untrusted', message: 'TLS: certificate not trusted (its 1024-bit RSA key is too weak for OpenSSL\'s security level)'});
		const clientOnly = await run(await serveChain(pki.leaf('client-only', ['127.0.0.1'], -1, 90, {extensions: ['extendedKeyUsage=clientAuth']})), {ca: pki.caFile});
		expect(clientOnly.reason).toEqual({code: 'tls:untrusted', message: 'TLS: certificate not trusted (not for TLS servers)'});
	});

	it('wrong host → tls:hostname; insecure turns it up', async () => {
		const server = await https(certs.wrongHost);
		const result = await run(`${server.origin}/`, {ca: certs.caPath});
		expect(result.reason).toEqual({code: 'tls:hostname', message: 'TLS: certificate does not match 127.0.0.1'});
		const insecure = await run(`${server.origin}/`, {ca: certs.caPath, insecure: true});
		expect(insecure.outcome).toBe('up');
	});

	it('control characters in the certificate\'s subject and issuer are stored as visible tokens, as the tls probe stores them', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'uptop-hostile-cert-'));
		try {
			execFileSync('/usr/bin/openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'key.pem',
				'-out', 'cert.pem', '-days', '30', '-utf8', '-subj', '/CN=evil\u001B]52;c;ZWNobw==\u0007\u001B[2J\u202Eend', '-addext', 'subjectAltName=IP:127.0.0.1'], {cwd: dir, stdio: 'ignore'});
			const server = await https({key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')), certPath: path.join(dir, 'cert.pem')});
			const result = await run(`${server.origin}/`, {insecure: true});
			expect(result.outcome).toBe('up');
			expect(result.certificate?.subject).toBe('evil^[]52;c;ZWNobw==^G^[[2J<U+202E>end');
			expect(result.certificate?.issuer).toBe('evil^[]52;c;ZWNobw==^G^[[2J<U+202E>end');
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('a `ca` file that holds the CA\'s key, not its certificate, says so, not "unknown issuer"', async () => {
		const server = await https(certs.valid);
		const key = path.join(certs.dir, 'ca.key');
		const result = await run(`${server.origin}/`, {ca: key});
		expect(result.reason).toEqual({code: 'internal', message: `ca file ${key} holds no PEM certificate (it holds a private key); give the CA's certificate in PEM`});
	});

	it('a missing `ca` file is a clear error, not a crash', async () => {
		const server = await https(certs.valid);
		const result = await run(`${server.origin}/`, {ca: `${certs.dir}/missing.pem`});
		expect(result.reason).toEqual({code: 'internal', message: `cannot read ca file ${certs.dir}/missing.pem (ENOENT)`});
	});

	it('an http url that redirects to https trusts the `ca` there, and `insecure` there says so', async () => {
		const server = await https(certs.valid);
		const redirector = await startHttpServer((_request, response) => response.writeHead(302, {location: `https://localhost:${server.port}/secure`}).end());
		servers.push(redirector);
		const trusted = await run(`${redirector.origin}/`, {ca: certs.caPath});
		expect(trusted.reason).toBeUndefined();
		expect(trusted.certificate?.subject).toBe('valid');
		const insecure = await run(`${redirector.origin}/`, {insecure: true});
		expect(insecure.outcome).toBe('up');
		expect(insecure.notes).toEqual(['insecure: TLS not verified', `redirected to https://localhost:${server.port}/secure`]);
	});

	it('an http url\'s missing `ca` fails the probe only at a redirect to https', async () => {
		const server = await https(certs.valid);
		const missing = `${certs.dir}/missing.pem`;
		const plain = await startHttpServer((request, response) => (request.url === '/on' ? response.writeHead(302, {location: `https://localhost:${server.port}/`}).end() : response.end('plain')));
		servers.push(plain);
		expect((await run(`${plain.origin}/`, {ca: missing})).outcome).toBe('up');
		const result = await run(`${plain.origin}/on`, {ca: missing});
		expect(result.reason).toEqual({code: 'internal', message: `cannot read ca file ${missing} (ENOENT)`});
	});

	it('an http url that never redirects to https does not read its `ca`: a kept connection outlives the file', async () => {
		// A `ca` from `defaults:` reaches http checks too: read at every probe, it made a new session (and so a new
		// connection) whenever the file changed, and a fresh check gave up its kept client for one per probe.
		const plain = await startHttpServer((_request, response) => response.end('plain'));
		servers.push(plain);
		const dir = mkdtempSync(path.join(tmpdir(), 'uptop-ca-'));
		try {
			const ca = path.join(dir, 'ca.pem');
			writeFileSync(ca, readFileSync(certs.caPath));
			const check = {id: 'http-ca-not-read', keepAlive: true, ca};
			expect((await run(`${plain.origin}/`, check)).outcome).toBe('up');
			rmSync(ca);
			expect((await run(`${plain.origin}/`, check)).outcome).toBe('up');
			expect(plain.accepted()).toBe(1);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('at a redirect from http to https, the system\'s roots are trusted beside the `ca`', async () => {
		// An internal CA given to every check by `defaults:` must not make an http url's redirect to a public site
		// fail: the process's default roots stand in for the public ones here.
		const signedByOther = await serveChain(pki.leaf('system-trusted', ['127.0.0.1'], -1, 30));
		const redirector = await startHttpServer((_request, response) => response.writeHead(302, {location: signedByOther}).end());
		servers.push(redirector);
		const defaults = tls.getCACertificates('default');
		tls.setDefaultCACertificates([...defaults, readFileSync(pki.caFile, 'utf8')]);
		try {
			const check = {id: 'http-ca-to-system-trusted', keepAlive: true, ca: certs.caPath};
			const first = await run(`${redirector.origin}/`, check);
			expect(first.reason).toBeUndefined();
			expect(first.certificate?.subject).toBe('127.0.0.1');
			// Both connections are kept: the redirect's session does not replace the check's own, nor it that one.
			expect((await run(`${redirector.origin}/`, check)).outcome).toBe('up');
			expect(redirector.accepted()).toBe(1);
		} finally {
			tls.setDefaultCACertificates(defaults);
		}
	});

	it('a `ca` is made into one TLS context, not one per connection, while its file is unchanged', async () => {
		// Made per connection from the default roots and the `ca` (an http url's redirect to https), a context took
		// ~24 ms of the engine thread per probe. Node's tls.connect makes its context through this same function.
		const server = await https(certs.valid);
		const redirector = await startHttpServer((_request, response) => response.writeHead(302, {location: `https://localhost:${server.port}/`}).end());
		servers.push(redirector);
		const dir = mkdtempSync(path.join(tmpdir(), 'uptop-ca-'));
		const made = vi.spyOn(tls, 'createSecureContext');
		try {
			const ca = path.join(dir, 'ca.pem');
			writeFileSync(ca, readFileSync(certs.caPath));
			const withCa = (options?: tls.SecureContextOptions): boolean => options?.ca !== undefined;
			for (const url of [`${redirector.origin}/`, `${server.origin}/`]) {
				made.mockClear();
				const check = {id: `one-context ${url}`, ca};
				expect((await run(url, check)).reason).toBeUndefined();
				expect((await run(url, check)).reason).toBeUndefined();
				expect(made.mock.calls.filter(([options]) => withCa(options))).toHaveLength(1);
			}

			// A file replaced while uptop runs is trusted as it now is: a new context, once.
			made.mockClear();
			writeFileSync(ca, readFileSync(certs.selfSigned.certPath));
			expect((await run(`${server.origin}/`, {id: 'one-context changed', ca})).reason?.code).toBe('tls:untrusted');
			expect((await run(`${server.origin}/`, {id: 'one-context changed', ca})).reason?.code).toBe('tls:untrusted');
			expect(made.mock.calls.filter(([options]) => withCa(options))).toHaveLength(1);
		} finally {
			made.mockRestore();
			rmSync(dir, {recursive: true, force: true});
		}
	});

	it('https to a plain-http port → TLS handshake failed (wrong version), not a timeout', async () => {
		const plain = await startHttpServer((_request, response) => response.end('plain'));
		servers.push(plain);
		const result = await run(`https://127.0.0.1:${plain.port}/`);
		expect(result.reason?.code).toBe('tls:handshake');
		expect(result.reason?.message).toMatch(/^TLS handshake failed \((wrong version|server answered in plain text)/);
	});

	it('a handshake OpenSSL refuses says what it objected to, as the tls probe does', async () => {
		// A fatal handshake_failure alert (40) as the answer to the ClientHello.
		const refusing = await startRawServer(socket => {
			socket.once('data', () => socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28])));
		});
		servers.push(refusing);
		const result = await run(`https://127.0.0.1:${refusing.port}/`);
		expect(result.reason).toEqual({code: 'tls:handshake', message: 'TLS handshake failed (ssl/tls alert handshake failure, SSL alert number 40)'});
	});

	it('a TLS handshake that stalls → timeout:tls at the deadline, socket closed', async () => {
		const silent = await startRawServer(() => undefined);
		servers.push(silent);
		const result = await run(`https://127.0.0.1:${silent.port}/`);
		expect(result.reason).toEqual({code: 'timeout:tls', message: 'timeout after 1s (TLS handshake)'});
		await silent.allClosed(500);
	});

	it('keep-alive reuses one TLS connection and still reports the certificate', async () => {
		const server = await https(certs.valid);
		const check = httpCheck(`${server.origin}/`, {id: 'tls-keepalive', timeoutMs, ca: certs.caPath, keepAlive: true});
		const first = await probe(check, deadline(timeoutMs));
		const second = await probe(check, deadline(timeoutMs));
		expect(first.outcome).toBe('up');
		expect(second.outcome).toBe('up');
		expect(server.accepted()).toBe(1);
		expect(first.phases?.tlsMs).toBeGreaterThan(0);
		expect(second.phases?.tlsMs).toBeUndefined();
		expect(second.certificate?.subject).toBe('valid');
		await closeHttpAgents();
		await server.allClosed(500);
	});
});
