import {mkdtempSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {FreshnessCheck} from '../../source/config/types.js';
import {formatAge, parseTimestamp, probe} from '../../source/probes/freshness.js';
import {closeHttpAgents} from '../../source/probes/http.js';
import {makeCertificates, type TestCertificates} from '../helpers/certs.js';
import {hasFastApi as fastApiRuns, startFastApi, type FastApi} from '../helpers/fastapi.js';
import {startHttpsServer, type TestServer} from '../helpers/http-servers.js';
import {common, deadline, shutdownAfter} from '../helpers/probe-checks.js';
import {requireComponent, titleFor} from '../helpers/require-component.js';

const hasFastApi = fastApiRuns();
const hasOpenssl = requireComponent('/usr/bin/openssl', 'openssl');
const hour = 3_600_000;

const freshness = (extra: Partial<FreshnessCheck>): FreshnessCheck => ({
	...common('nightly'),
	kind: 'freshness',
	maxAgeMs: hour,
	headers: {},
	...extra,
});

describe('freshness helpers', () => {
	it.each([
		[45_000, '45s'],
		[3 * 60_000 + 10_000, '3m 10s'],
		[3 * 60_000, '3m'],
		[2 * hour + 5 * 60_000, '2h 5m'],
		[2 * hour, '2h'],
		[26 * hour, '1d 2h'],
		[-5000, '0s'],
		// A last success at the epoch (some 20,000 days ago) is still days; a made-up timestamp is not written out.
		[(20_000 * 24 * hour) + (5 * hour), '20000d 5h'],
		[36_525 * 24 * hour, '36525d'],
		[(36_525 * 24 * hour) + 1000, 'more than 100 years'],
		[1e22, 'more than 100 years'],
	])('formats %d ms as %s', (ms, text) => {
		expect(formatAge(ms)).toBe(text);
	});

	it('reads ISO 8601, epoch seconds and epoch milliseconds', () => {
		expect(parseTimestamp('2026-11-25T10:00:00Z')).toBe(Date.parse('2026-11-25T10:00:00Z'));
		expect(parseTimestamp(1_764_064_800)).toBe(1_764_064_800_000);
		expect(parseTimestamp('1764064800')).toBe(1_764_064_800_000);
		expect(parseTimestamp(1_764_064_800_123)).toBe(1_764_064_800_123);
		expect(parseTimestamp('yesterday')).toBeUndefined();
		expect(parseTimestamp(true)).toBeUndefined();
	});

	it('reads Go\'s time.Time as its String() writes it, and no offset past the ones in use', () => {
		// Date.parse read these; the session's own parser had refused them.
		const at = Date.UTC(2026, 11, 2, 15, 6, 6);
		expect(parseTimestamp('2026-12-02 15:06:06 +0000 UTC')).toBe(at);
		expect(parseTimestamp('2026-12-02 10:06:06.123456789 -0500 EST')).toBe(at + 123);
		expect(parseTimestamp('2026-12-02 15:06:06.1234567891234 +0000 UTC m=+0.001234567')).toBe(at + 123);
		expect(parseTimestamp('2026-12-02T15:06:06+14:00')).toBe(at - (14 * hour));
		expect(parseTimestamp('2026-12-02T15:06:06+99:99')).toBeUndefined();
		expect(parseTimestamp('2026-12-02T15:06:06+05:99')).toBeUndefined();
		// Go writes a zone with no name as its offset twice.
		expect(parseTimestamp('2026-12-02 18:06:06 +0300 +03')).toBe(at);
		expect(parseTimestamp('2026-12-02 20:51:06 +0545 +0545')).toBe(at);
	});

	it('reads a date and time without a zone as UTC, as a date alone is, whatever the zone uptop runs in', async () => {
		const utc = Date.UTC(2026, 11, 2, 15, 6, 6);
		for (const zone of ['UTC', 'Asia/Tokyo', 'America/New_York']) {
			// eslint-disable-next-line no-await-in-loop
			await withZone(zone, () => {
				expect(parseTimestamp('2026-12-02T15:06:06'), zone).toBe(utc);
				expect(parseTimestamp('2026-12-02 15:06:06'), zone).toBe(utc);
				// Python's datetime.isoformat(): microseconds, no zone.
				expect(parseTimestamp('2026-12-02T15:06:06.123456'), zone).toBe(utc + 123);
				expect(parseTimestamp('2026-12-02T15:06'), zone).toBe(utc - 6000);
				expect(parseTimestamp('2026-12-02'), zone).toBe(Date.UTC(2026, 11, 2));
				expect(parseTimestamp('2026-12-03T00:06:06+09:00'), zone).toBe(utc);
				expect(parseTimestamp('2026-12-03T00:06:06+0900'), zone).toBe(utc);
				expect(parseTimestamp('2026-12-02T10:06:06.000-05'), zone).toBe(utc);
				expect(parseTimestamp('2026-12-02t15:06:06z'), zone).toBe(utc);
				// Ruby's Time#to_s and Java's ZonedDateTime#toString.
				expect(parseTimestamp('2026-12-02 15:06:06 UTC'), zone).toBe(utc);
				expect(parseTimestamp('2026-12-03 00:06:06 +0900'), zone).toBe(utc);
				expect(parseTimestamp('2026-12-02T16:06:06+01:00[Europe/Paris]'), zone).toBe(utc);
			});
		}
	});

	it('reads no date that does not exist, and no text after the time that is not a zone', () => {
		expect(parseTimestamp('2026-02-30')).toBeUndefined();
		expect(parseTimestamp('2026-13-01T00:00:00Z')).toBeUndefined();
		expect(parseTimestamp('2026-12-02 15:06:06 (Tokyo)')).toBeUndefined();
		expect(parseTimestamp('2026-12-02T24:30:00Z')).toBeUndefined();
		expect(parseTimestamp('2026-12-02T24:00:00Z')).toBe(Date.UTC(2026, 11, 3));
	});
});

/** Runs `body` with uptop's local time zone set to `zone` (Node reads TZ again when it is set). */
async function withZone<T>(zone: string, body: () => T | Promise<T>): Promise<T> {
	const before = process.env['TZ'];
	process.env['TZ'] = zone;
	try {
		return await body();
	} finally {
		if (before === undefined) delete process.env['TZ'];
		else process.env['TZ'] = before;
	}
}

/** A time as a job runner writes one without a zone: `2026-12-02T15:06:06`, the clock at `offsetHours` from UTC. */
const zoneless = (ms: number, offsetHours: number) => new Date(ms + (offsetHours * hour)).toISOString().slice(0, 19);

describe('freshness from a file mtime', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(path.join(tmpdir(), 'uptop-fresh-'));
	});
	afterAll(() => {
		rmSync(dir, {recursive: true, force: true});
	});

	it('is up when the file changed recently and stale when it is old', async () => {
		const file = path.join(dir, 'backup.done');
		writeFileSync(file, '');
		const fresh = await probe(freshness({file}), deadline(2000));
		expect(fresh.outcome).toBe('up');
		expect(fresh.summary).toMatch(/^last success (just now|\ds ago)$/);
		const old = (Date.now() - (2 * hour + 5 * 60_000 + 10_000)) / 1000;
		utimesSync(file, old, old);
		const stale = await probe(freshness({file}), deadline(2000));
		expect(stale.outcome).toBe('failing');
		expect(stale.reason).toEqual({code: 'stale', message: 'last success 2h 5m ago (max 1h)'});
		expect(stale.summary).toBe('last success 2h 5m ago');
	});

	it('says a last success an hour ahead of now is in the future, not "just now"', async () => {
		// A file touched with a clock an hour ahead read "last success just now" for that hour, job or no job.
		const file = path.join(dir, 'ahead.done');
		writeFileSync(file, '');
		const ahead = (Date.now() + hour + 30_000) / 1000;
		utimesSync(file, ahead, ahead);
		// Within maxAge ahead (a day here): still up, and said so; further ahead than maxAge is failing (below).
		const result = await probe(freshness({file, maxAgeMs: 24 * hour}), deadline(2000));
		expect(result.outcome).toBe('up');
		expect(result.summary).toBe('last success 1h in the future (a clock ahead?)');
		expect(result.ageMs).toBeLessThan(-hour);
	});

	it('is warn, not up, once older than warnAge, and failing past maxAge as before', async () => {
		const file = path.join(dir, 'export.done');
		writeFileSync(file, '');
		const late = (Date.now() - 40 * 60_000) / 1000;
		utimesSync(file, late, late);
		const warned = await probe(freshness({file, warnAgeMs: 30 * 60_000}), deadline(2000));
		expect(warned.outcome).toBe('warn');
		expect(warned.reason).toEqual({code: 'stale', message: 'last success 40m ago (warn after 30m, max 1h)'});
		expect(warned.summary).toBe('last success 40m ago');
		expect((await probe(freshness({file, warnAgeMs: 45 * 60_000}), deadline(2000))).outcome).toBe('up');
		const old = (Date.now() - 90 * 60_000) / 1000;
		utimesSync(file, old, old);
		const stale = await probe(freshness({file, warnAgeMs: 30 * 60_000}), deadline(2000));
		expect(stale.outcome).toBe('failing');
		expect(stale.reason).toEqual({code: 'stale', message: 'last success 1h 30m ago (max 1h)'});
	});

	it('says "more than" when an age just past its limit rounds down to the limit itself', async () => {
		const file = path.join(dir, 'heartbeat');
		writeFileSync(file, '');
		// 0.2 s past the limit: formatAge writes 20s until the age reaches 21 s, far longer than a probe takes.
		const justPast = (Date.now() - 20_200) / 1000;
		utimesSync(file, justPast, justPast);
		const stale = await probe(freshness({file, maxAgeMs: 20_000}), deadline(2000));
		expect(stale.outcome).toBe('failing');
		expect(stale.reason).toEqual({code: 'stale', message: 'last success more than 20s ago (max 20s)'});
		const late = await probe(freshness({file, maxAgeMs: 60_000, warnAgeMs: 20_000}), deadline(2000));
		expect(late.outcome).toBe('warn');
		expect(late.reason).toEqual({code: 'stale', message: 'last success more than 20s ago (warn after 20s, max 1m)'});
	});

	it('writes a limit as the expected line does (max 90s), and an age to the second under an hour, so the two never contradict', async () => {
		// `maxAge: 90s` read "last success more than 1m ago (max 1m)" at 100 s: a limit of a minute, and up at 1m 10s.
		const file = path.join(dir, 'ninety');
		writeFileSync(file, '');
		const past = (Date.now() - 100_500) / 1000;
		utimesSync(file, past, past);
		const stale = await probe(freshness({file, maxAgeMs: 90_000}), deadline(2000));
		expect(stale.reason).toEqual({code: 'stale', message: 'last success 1m 40s ago (max 90s)'});
		expect(stale.summary).toBe('last success 1m 40s ago');
		const late = await probe(freshness({file, maxAgeMs: 179_000, warnAgeMs: 45_000}), deadline(2000));
		expect(late.outcome).toBe('warn');
		expect(late.reason).toEqual({code: 'stale', message: 'last success 1m 40s ago (warn after 45s, max 179s)'});
	});

	it('fails a modification time further in the future than maxAge, not "just now"; a clock a little ahead stays up', async () => {
		const file = path.join(dir, 'from-the-future.done');
		writeFileSync(file, '');
		const ahead = (Date.now() + (3 * hour) + 10_000) / 1000;
		utimesSync(file, ahead, ahead);
		const future = await probe(freshness({file}), deadline(2000));
		expect(future.outcome).toBe('failing');
		expect(future.reason).toEqual({code: 'unknown', message: `${file} was modified 3h in the future (more than max 1h ahead of this clock: a wrong timestamp or clock)`});
		expect(future.summary).toBe('last success 3h in the future');
		expect(future.ageMs).toBeLessThan(-3 * hour);
		const skewed = (Date.now() + 30_000) / 1000;
		utimesSync(file, skewed, skewed);
		const nearly = await probe(freshness({file}), deadline(2000));
		expect(nearly.outcome).toBe('up');
		expect(nearly.ageMs).toBeLessThan(0);
	});

	it('fails clearly when the file is missing', async () => {
		const file = path.join(dir, 'never-written');
		const result = await probe(freshness({file}), deadline(2000));
		expect(result.reason).toEqual({code: 'no_data', message: `file not found: ${file}`});
	});
});

describe('freshness of a URL whose server closes an idle kept-alive connection', () => {
	let server: http.Server;
	let url = '';
	let connections = 0;
	beforeAll(async () => {
		// As uvicorn does after its 5 s keep-alive timeout, racing the next probe: the first request on a connection
		// is answered, the second finds it closed without a word.
		const served = new WeakSet<object>();
		server = http.createServer((request, response) => {
			if (served.has(request.socket)) {
				request.socket.destroy();
				return;
			}

			served.add(request.socket);
			response.end(JSON.stringify({last_success: new Date().toISOString()}));
		});
		server.on('connection', () => {
			connections++;
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jobs`;
	});
	afterAll(async () => {
		closeHttpAgents();
		server.closeAllConnections();
		await new Promise(resolve => server.close(resolve));
	});

	it('asks again on a fresh connection, as an http check does, instead of failing with "server closed connection"', async () => {
		const check = freshness({url, field: 'last_success'});
		for (let round = 0; round < 4; round++) {
			// eslint-disable-next-line no-await-in-loop
			const result = await probe(check, deadline(2000));
			expect(result.outcome, `round ${round}: ${result.reason?.message ?? ''}`).toBe('up');
		}

		expect(connections).toBeGreaterThanOrEqual(4);
	});
});

/** What nginx answers when the app behind it is down: a 502 page, not JSON. */
const nginx502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n';

describe('freshness over HTTP faults', () => {
	let server: http.Server;
	let url = '';
	beforeAll(async () => {
		server = http.createServer((request, response) => {
			if (request.url === '/empty') {
				response.writeHead(200, {'content-type': 'application/json'}).end();
			} else if (request.url === '/big') {
				response.end(`{"pad":"${'x'.repeat(2 * 1024 * 1024)}"}`);
			} else if (request.url === '/stall') {
				response.writeHead(200);
			} else if (request.url === '/year-1800') {
				response.end(JSON.stringify({last_success: '1800-01-01T00:00:00Z'}));
			} else if (request.url === '/1e22') {
				response.end('{"last_success": 1e22}');
			} else if (request.url === '/deep') {
				response.end(`{"last_success":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
			} else if (request.url === '/year-9999') {
				response.end(JSON.stringify({last_success: '9999-12-31T00:00:00Z'}));
			} else if (request.url === '/auth') {
				const ok = request.headers.authorization === 'Bearer t0ken';
				response.writeHead(ok ? 200 : 401).end(JSON.stringify({last_success: Date.now() - 60_000}));
			} else if (request.url?.startsWith('/zoneless/')) {
				// The last success 5 min 30 s ago, written without a zone by a job on a clock at the given offset from UTC.
				const offset = Number(request.url.slice('/zoneless/'.length));
				response.end(JSON.stringify({last_success: zoneless(Date.now() - 330_000, offset)}));
			} else if (request.url === '/never') {
				// A job that has not succeeded yet: its status endpoint holds null, or the epoch itself.
				response.end('{"last_success": null}');
			} else if (request.url === '/epoch') {
				response.end('{"last_success": 0}');
			} else if (request.url === '/epoch-text') {
				response.end('{"last_success": "0"}');
			} else if (request.url === '/micro') {
				response.end(JSON.stringify({last_success: Date.now() * 1000}));
			} else if (request.url === '/micro-text') {
				response.end(JSON.stringify({last_success: String(Date.now() * 1000)}));
			} else if (request.url === '/nano') {
				response.end(`{"last_success": ${BigInt(Date.now()) * 1_000_000n}}`);
			} else if (request.url === '/bad-gateway') {
				response.writeHead(502, {'content-type': 'text/html'}).end(nginx502);
			} else if (request.url === '/login') {
				response.writeHead(200, {'content-type': 'text/html'}).end('<!doctype html><title>Sign in</title><form>Please sign in (session s3cr3t expired)</form>');
			} else {
				response.end('<html>not json</html>');
			}
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		server.closeAllConnections();
		await new Promise(resolve => server.close(resolve));
	});

	it('fails a year-9999 sentinel in the field, naming the field, instead of reading it as "just now"', async () => {
		const result = await probe(freshness({url: `${url}/year-9999`, field: 'last_success'}), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason?.code).toBe('expect:json');
		expect(result.reason?.message).toBe('field last_success is more than 100 years in the future (more than max 1h ahead of this clock: a wrong timestamp or clock)');
		expect(result.ageMs).toBeLessThan(0);
	});

	it('says a field that holds null is null, not "not found": the job gives no time', async () => {
		const result = await probe(freshness({url: `${url}/never`, field: 'last_success'}), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'no_data', message: 'field last_success is null: no time of a last success (has the job never succeeded?)'});
	});

	it('reads a last success of 0 as the epoch, 1970: stale by days, saying what 0 may mean', async () => {
		for (const route of ['/epoch', '/epoch-text']) {
			// eslint-disable-next-line no-await-in-loop
			const result = await probe(freshness({url: `${url}${route}`, field: 'last_success'}), deadline(2000));
			expect(result.outcome, route).toBe('failing');
			expect(result.reason?.code, route).toBe('stale');
			expect(result.reason?.message, route).toMatch(/^last success \d{5}d( \d+h)? ago \(max 1h; 0 is the epoch, 1970-01-01: has the job never succeeded\?\)$/);
			expect(result.ageMs, route).toBeGreaterThan(Date.now() - 60_000);
		}
	});

	it('says a timestamp of 1e22 is more than 100 years in the future, not "115740740719952d 13h"', async () => {
		const result = await probe(freshness({url: `${url}/1e22`, field: 'last_success'}), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.summary).toBe('last success more than 100 years in the future');
		expect(result.reason).toEqual({code: 'expect:json', message: 'field last_success is more than 100 years in the future (more than max 1h ahead of this clock: a wrong timestamp or clock)'});
	});

	it('reads a time without a zone as UTC on every machine, and says so when the result is not up', async () => {
		const check = (offset: number) => freshness({url: `${url}/zoneless/${offset}`, field: 'last_success'});
		const results = [];
		for (const zone of ['UTC', 'Asia/Tokyo', 'America/New_York']) {
			// eslint-disable-next-line no-await-in-loop
			results.push(await withZone(zone, async () => probe(check(0), deadline(2000))));
		}

		expect(results.map(result => [result.outcome, result.summary])).toEqual(Array.from({length: 3}, () => ['up', 'last success 5m 30s ago']));
		expect(results[0]?.reason).toBeUndefined();

		// A job in Tokyo writing its local time: 9 h ahead of UTC, and the reason says how it was read.
		const tokyo = await probe(check(9), deadline(2000));
		expect(tokyo.outcome).toBe('failing');
		expect(tokyo.reason?.code).toBe('expect:json');
		expect(tokyo.reason?.message).toMatch(/^field last_success is 8h 54m in the future \(more than max 1h ahead of this clock: a wrong timestamp or clock; (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d) has no zone: read as UTC\)$/);
		// A job in New York writing its local time: 5 h behind.
		const newYork = await probe(check(-5), deadline(2000));
		expect(newYork.reason?.code).toBe('stale');
		expect(newYork.reason?.message).toMatch(/^last success 5h 5m ago \(max 1h; \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d has no zone: read as UTC\)$/);
		const late = await probe(freshness({url: `${url}/zoneless/0`, field: 'last_success', warnAgeMs: 60_000}), deadline(2000));
		expect(late.reason?.message).toMatch(/^last success 5m 30s ago \(warn after 1m, max 1h; \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d has no zone: read as UTC\)$/);
		// Ahead, but less than maxAge: up, and the summary names a zone as well as a clock.
		const ahead = await probe(freshness({url: `${url}/zoneless/2`, field: 'last_success', maxAgeMs: 3 * hour}), deadline(2000));
		expect(ahead.outcome).toBe('up');
		expect(ahead.summary).toMatch(/^last success 1h 54m in the future \(a clock ahead\? \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d has no zone: read as UTC\)$/);
	});

	it('says that epoch seconds and milliseconds are read when a number looks like epoch microseconds or nanoseconds', async () => {
		for (const path of ['/micro', '/micro-text', '/nano']) {
			// eslint-disable-next-line no-await-in-loop
			const result = await probe(freshness({url: `${url}${path}`, field: 'last_success'}), deadline(2000));
			expect(result.outcome, path).toBe('failing');
			expect(result.reason?.message, path).toMatch(/^field last_success is more than 100 years in the future \(more than max 1h ahead of this clock: \d{16,19} looks like epoch microseconds or nanoseconds; epoch seconds and milliseconds are read\)$/);
		}
	});

	it('does not say "more than more than 100 years" when both the age and the limit are past a century', async () => {
		const result = await probe(freshness({url: `${url}/year-1800`, field: 'last_success', maxAgeMs: 110 * 365 * 24 * hour}), deadline(2000));
		expect(result.reason).toEqual({code: 'stale', message: 'last success more than 100 years ago (max 40150d)'});
	});

	it('says what a field nested 100,000 deep holds, instead of overflowing the stack writing it out', async () => {
		const result = await probe(freshness({url: `${url}/deep`, field: 'last_success'}), deadline(2000));
		expect(result.reason).toEqual({code: 'expect:json', message: `field last_success is not a timestamp: '${'['.repeat(79)}…'`});
	});

	it('sends the check headers', async () => {
		const result = await probe(freshness({url: `${url}/auth`, field: 'last_success', headers: {authorization: 'Bearer t0ken'}}), deadline(2000));
		expect(result.outcome).toBe('up');
		expect(result.summary).toBe('last success 1m ago');
	});

	it('bounds the body at 1 MiB', async () => {
		const result = await probe(freshness({url: `${url}/big`, field: 'x'}), deadline(3000));
		expect(result.reason?.code).toBe('too_large');
	});

	it('says when the body is not JSON', async () => {
		const result = await probe(freshness({url: `${url}/html`, field: 'x'}), deadline(2000));
		expect(result.reason?.code).toBe('protocol');
		expect(result.reason?.message).toContain('invalid JSON');
		// Empty is not malformed: "invalid" sent the reader looking for a body that was not there.
		const empty = await probe(freshness({url: `${url}/empty`, field: 'x'}), deadline(2000));
		expect(empty.reason).toEqual({code: 'protocol', message: expect.stringMatching(/^HTTP 200: an empty body from 127\.0\.0\.1:\d+$/)});
	});

	it('keeps the start of a body that is not JSON as the excerpt, as an http check does: a proxy\'s error page, a login page', async () => {
		const gateway = await probe(freshness({url: `${url}/bad-gateway`, field: 'x'}), deadline(2000));
		expect(gateway).toMatchObject({outcome: 'failing', status: 502, reason: {code: 'protocol'}});
		expect(gateway.excerpt).toContain('502 Bad Gateway');
		expect(gateway.excerpt).toContain('nginx/1.25.3');
		const login = await probe(freshness({url: `${url}/login`, field: 'x', secrets: ['s3cr3t']}), deadline(2000));
		expect(login).toMatchObject({status: 200, reason: {code: 'protocol'}});
		// A page's text, as an http check's excerpt is (html-text.ts), the secret still hidden.
		expect(login.excerpt).toBe('Sign in\nPlease sign in (session •••• expired)');
	});

	it('times out a stalled body at the deadline and is cancelled on shutdown', async () => {
		const timedOut = await probe(freshness({url: `${url}/stall`, field: 'x', timeoutMs: 400}), deadline(400));
		expect(timedOut.reason).toEqual({code: 'timeout:total', message: 'timeout after 0.4s (fetching job status)'});
		const cancelled = await probe(freshness({url: `${url}/stall`, field: 'x'}), shutdownAfter(100));
		expect(cancelled.outcome).toBe('cancelled');
	});

	it('reports a refused connection', async () => {
		const result = await probe(freshness({url: 'http://127.0.0.1:1/jobs', field: 'x'}), deadline(2000));
		expect(result.reason?.code).toBe('refused');
	});
});

// The job status is fetched through uptop's own connector, which negotiates TLS without Node's rejection and
// verifies the certificate itself: an untrusted one must still fail the check, with the reason it has.
describe.skipIf(!hasOpenssl)(titleFor('freshness over TLS (openssl-made certificates)', hasOpenssl, 'openssl'), () => {
	let certs: TestCertificates;
	let server: TestServer;
	beforeAll(async () => {
		certs = makeCertificates();
		server = await startHttpsServer(certs.valid, (_request, response) => {
			response.end(JSON.stringify({last_success: Date.now() - 60_000}));
		});
	});
	afterAll(async () => {
		await closeHttpAgents();
		await server?.close();
		certs?.remove();
	});

	it('fails a certificate from an unknown issuer, naming it', async () => {
		const result = await probe(freshness({url: `${server.origin}/jobs`, field: 'last_success'}), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.reason?.code).toBe('tls:untrusted');
	});
});

describe.skipIf(!hasFastApi)(titleFor('freshness against the FastAPI job-status route', hasFastApi, 'python3-fastapi/uvicorn'), () => {
	let app: FastApi;
	beforeAll(async () => {
		app = await startFastApi();
	});
	afterAll(async () => {
		await app?.stop();
	});

	it('is up for a recent ISO 8601 timestamp', async () => {
		const result = await probe(freshness({url: `${app.url}/jobs/nightly`, field: 'last_success'}), deadline(3000));
		expect(result.outcome).toBe('up');
		expect(result.summary).toBe('last success 3m ago');
		expect(result.latencyMs).toBeGreaterThan(0);
	});

	it('fails a job whose last success is older than maxAge, with a dotted field and epoch seconds', async () => {
		const result = await probe(freshness({url: `${app.url}/jobs/nightly?age=7510&format=s`, field: 'detail.last_success'}), deadline(3000));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'stale', message: 'last success 2h 5m ago (max 1h)'});
	});

	it('reads epoch milliseconds', async () => {
		const result = await probe(freshness({url: `${app.url}/jobs/import?age=30&format=ms`, field: 'last_success'}), deadline(3000));
		expect(result.outcome).toBe('up');
		expect(result.summary).toMatch(/^last success 3\ds ago$/);
	});

	it('names a missing field', async () => {
		const result = await probe(freshness({url: `${app.url}/jobs/nightly`, field: 'finished_at'}), deadline(3000));
		expect(result.reason).toEqual({code: 'no_data', message: 'field finished_at not found'});
	});

	it('fails when the endpoint answers 503', async () => {
		const result = await probe(freshness({url: `${app.url}/dependency-down`, field: 'last_success'}), deadline(3000));
		expect(result.outcome).toBe('failing');
		expect(result.status).toBe(503);
		expect(result.reason).toEqual({code: 'expect:status', message: 'HTTP 503 from job status endpoint'});
	});

	it('says which field is not a timestamp', async () => {
		const result = await probe(freshness({url: `${app.url}/health`, field: 'checks.db.status'}), deadline(3000));
		expect(result.reason).toEqual({code: 'expect:json', message: 'field checks.db.status is not a timestamp: \'ok\''});
	});
});
