import dgram from 'node:dgram';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {DnsCheck} from '../../source/config/types.js';
import {probe} from '../../source/probes/dns.js';
import {startDnsServer, type DnsServer} from '../helpers/dns-server.js';
import {common, deadline, shutdownAfter} from '../helpers/probe-checks.js';

let server: DnsServer;

beforeAll(async () => {
	server = await startDnsServer();
});

afterAll(async () => {
	await server.close();
});

const dns = (name: string, extra: Partial<DnsCheck> = {}): DnsCheck => ({
	...common(`dns-${name}`),
	kind: 'dns',
	name,
	type: 'A',
	server: `127.0.0.1:${server.port}`,
	...extra,
});

describe('dns probe against a local DNS server', () => {
	it('is up with the answers listed', async () => {
		const result = await probe(dns('ok.test', {expectAnswers: ['10.0.0.2']}), deadline(2000));
		expect(result.outcome).toBe('up');
		expect(result.summary).toBe('2 answers: 10.0.0.1, 10.0.0.2');
		expect(server.queries).toContain('ok.test/1');
	});

	it('resolves `query` when the check has a display name of its own', async () => {
		const result = await probe(dns('payments dns', {query: 'ok.test'}), deadline(2000));
		expect(result.outcome).toBe('up');
		expect(server.queries).toContain('ok.test/1');
		expect(server.queries.some(query => query.startsWith('payments dns'))).toBe(false);
	});

	it('asks for a name in another script as its ASCII form (IDNA), as dig and browsers do', async () => {
		const result = await probe(dns('bücher dns', {query: 'bücher.test'}), deadline(2000));
		expect(server.queries).toContain('xn--bcher-kva.test/1');
		expect(result.outcome).toBe('up');
		expect(result.summary).toBe('1 answer: 10.0.0.3');
	});

	it('fails when an expected answer is missing', async () => {
		const result = await probe(dns('ok.test', {expectAnswers: ['10.0.0.1', '10.9.9.9']}), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'expect:answer', message: 'A ok.test: expected 10.9.9.9, got 10.0.0.1, 10.0.0.2'});
	});

	it('matches an IPv6 address in any of its written forms, and a TXT record as written, case and all', async () => {
		for (const written of ['2001:db8::1', '2001:db8:0:0:0:0:0:1', '2001:0DB8:0000:0000:0000:0000:0000:0001']) {
			// eslint-disable-next-line no-await-in-loop
			const result = await probe(dns('ok.test', {type: 'AAAA', expectAnswers: [written]}), deadline(2000));
			expect(result.outcome, written).toBe('up');
		}

		// A verification token or an SPF rule in another case is another record.
		const upper = await probe(dns('txt.test', {type: 'TXT', expectAnswers: ['V=SPF1 -ALL']}), deadline(2000));
		expect(upper.reason).toEqual({code: 'expect:answer', message: 'TXT txt.test: expected V=SPF1 -ALL, got v=spf1 -all'});
	});

	it('reads MX and TXT records and matches them', async () => {
		const mx = await probe(dns('mx.test', {type: 'MX', expectAnswers: ['mail.example.test']}), deadline(2000));
		expect(mx.outcome).toBe('up');
		expect(mx.summary).toBe('1 answer: 10 mail.example.test');
		const txt = await probe(dns('txt.test', {type: 'TXT', expectAnswers: ['v=spf1 -all']}), deadline(2000));
		expect(txt.outcome).toBe('up');
	});

	it.each([
		['missing.test', 'dns', 'NXDOMAIN: name not found (missing.test)'],
		['empty.test', 'dns:nodata', 'no A records for empty.test'],
		['broken.test', 'dns:servfail', 'SERVFAIL from 127.0.0.1:PORT for broken.test'],
		['refused.test', 'dns:unavailable', 'query refused by 127.0.0.1:PORT (REFUSED)'],
		['garbage.test', 'dns:unavailable', 'malformed answer from 127.0.0.1:PORT for garbage.test'],
	])('gives %s its own reason', async (name, code, message) => {
		const result = await probe(dns(name), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code, message: message.replace('PORT', String(server.port))});
		expect(result.latencyMs).toBeLessThan(1000);
	});

	it.each([
		['missing.test', 'dns', 'NXDOMAIN: name not found (missing.test)'],
		['empty.test', 'dns:nodata', 'no A records for empty.test'],
		['broken.test', 'dns:servfail', 'SERVFAIL from 127.0.0.1:PORT for broken.test'],
	])('names the queried %s in its reason, not the check\'s display name', async (query, code, message) => {
		const result = await probe(dns('dns q', {query}), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code, message: message.replace('PORT', String(server.port))});
	});

	it('fails a name whose answer is only a CNAME to nowhere (no record of the type asked for), instead of up with 0 answers', async () => {
		const result = await probe(dns('dangling.test'), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'dns:nodata', message: 'no A records for dangling.test'});
		const cname = await probe(dns('dangling.test', {type: 'CNAME'}), deadline(2000));
		expect(cname.outcome).toBe('up');
		expect(cname.summary).toBe('1 answer: gone.test');
	});

	it('times out when the server never answers, within the deadline plus a little', async () => {
		const started = performance.now();
		const result = await probe(dns('silent.test', {timeoutMs: 600}), deadline(600));
		expect(performance.now() - started).toBeLessThan(1600);
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'dns:timeout', message: `timeout after 0.6s (no answer from 127.0.0.1:${server.port})`});
	});

	it('accepts a server given by name', async () => {
		const result = await probe(dns('ok.test', {server: `localhost:${server.port}`}), deadline(2000));
		expect(result.outcome).toBe('up');
	});

	it('is cancelled on shutdown', async () => {
		const result = await probe(dns('silent.test'), shutdownAfter(100));
		expect(result.outcome).toBe('cancelled');
	});

	it('says the resolver\'s own name could not be looked up, not that the queried name does not exist', async () => {
		// `server: dns.intenral` (a typo): the lookup of the server failed with ENOTFOUND, which read as
		// "NXDOMAIN: name not found (ok.test)", blaming the record the check asks for.
		const result = await probe(dns('ok.test', {server: 'bad..resolver'}), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'dns:unavailable', message: 'cannot look up the resolver bad..resolver: name not found'});
	});

	it('reports a resolver port that is closed', async () => {
		const socket = dgram.createSocket('udp4');
		await new Promise<void>(resolve => socket.bind(0, '127.0.0.1', resolve));
		const {port} = socket.address();
		await new Promise<void>(resolve => socket.close(() => resolve()));
		const result = await probe(dns('ok.test', {server: `127.0.0.1:${port}`, timeoutMs: 1000}), deadline(1000));
		expect(result.outcome).toBe('failing');
		expect(['dns:unavailable', 'dns:timeout']).toContain(result.reason?.code);
	});

	it('says a refusal may be the TCP retry of a truncated answer, not only a port where nothing listens', async () => {
		// A UDP-only resolver that sets TC (answer too big) refuses the retry over TCP: the server did answer.
		const result = await probe(dns('truncated.test'), deadline(2000));
		expect(server.queries).toContain('truncated.test/1');
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'dns:unavailable', message: `connection refused by 127.0.0.1:${server.port}: nothing listens on its port, or it answered truncated (TC) and refused the retry over TCP`});
	});

	it('keeps as many whole answers in its excerpt as fit in what a command\'s output keeps, and counts the rest', async () => {
		// Each result is kept in the history with its excerpt: 60 answers were 6 KB a result, and a big set ~35 KB.
		const result = await probe(dns('many.test', {type: 'TXT'}), deadline(2000));
		expect(result.outcome).toBe('up');
		expect(result.summary).toMatch(/^60 answers: record 01 x+, /);
		const lines = result.excerpt!.split('\n');
		expect(result.excerpt!.length).toBeLessThanOrEqual(1000);
		expect(lines.slice(0, -1).every(line => /^record \d\d x{90}$/.test(line))).toBe(true);
		expect(lines.at(-1)).toBe(`… ${60 - (lines.length - 1)} more answers`);
		expect(lines.length - 1).toBeGreaterThanOrEqual(8);
	});

	it('shows hostile TXT records as visible tokens', async () => {
		const result = await probe(dns('evil.test', {type: 'TXT'}), deadline(2000));
		expect(result.outcome).toBe('up');
		expect(result.summary).toContain('^[]52;c;cHduZWQ=^G^[[2J');
		expect(result.summary + (result.excerpt ?? '')).not.toMatch(/[\u001B\u0007]/);
	});
});
