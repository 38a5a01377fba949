import http from 'node:http';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {FreshnessCheck, HttpCheck, HttpExpect, PrometheusCheck} from '../../source/config/types.js';
import {probe as freshnessProbe} from '../../source/probes/freshness.js';
import {getJson} from '../../source/probes/get-json.js';
import {probe} from '../../source/probes/http.js';
import {probe as prometheusProbe} from '../../source/probes/prometheus.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {httpCheck, startHttpServer, startRawServer, type TestServer} from '../helpers/http-servers.js';
import {common, deadline} from '../helpers/probe-checks.js';

const secret = 'Schlüssel-0815';

/** path → the Content-Type sent and the body's bytes, as a server in that encoding writes them. */
const routes: Record<string, {type: string; body: Buffer}> = {
	'/latin1': {type: 'text/plain; charset=iso-8859-1', body: Buffer.from('Datenbank gestört: üäö ß', 'latin1')},
	'/latin1-json': {type: 'application/json; charset=ISO-8859-1', body: Buffer.from('{"status":"Störung"}', 'latin1')},
	'/quoted': {type: 'text/plain;charset="windows-1252"', body: Buffer.from([0x80, 0x20, 0x35])},
	'/utf16': {type: 'application/json; charset=utf-16', body: Buffer.concat([Buffer.from([0xFF, 0xFE]), Buffer.from('{"status":"UP"}', 'utf16le')])},
	'/utf16be': {type: 'application/json; charset=UTF-16BE', body: Buffer.from('{"status":"UP"}', 'utf16le').swap16()},
	'/bom16': {type: 'application/json', body: Buffer.concat([Buffer.from([0xFE, 0xFF]), Buffer.from('{"status":"Grün"}', 'utf16le').swap16()])},
	'/bom8': {type: 'text/plain', body: Buffer.from('\uFEFFall good', 'utf8')},
	'/shift-jis': {type: 'text/plain; charset=Shift_JIS', body: Buffer.from([0x83, 0x65, 0x83, 0x58, 0x83, 0x67])},
	'/unknown': {type: 'text/plain; charset=x-klingon', body: Buffer.from('Qapla’ üäö', 'utf8')},
	'/echo': {type: 'text/plain; charset=iso-8859-1', body: Buffer.from(`key was ${secret}`, 'latin1')},
	'/utf8': {type: 'text/plain; charset=utf-8', body: Buffer.from('Grüße 内部', 'utf8')},
};

let server: TestServer;
beforeAll(async () => {
	server = await startHttpServer((request, response) => {
		const route = routes[request.url ?? ''];
		response.writeHead(route ? 200 : 404, {'content-type': route?.type ?? 'text/plain'});
		response.end(route?.body ?? 'not found');
	});
});

afterAll(async () => {
	await server.close();
});

async function run(path: string, expect: Partial<HttpExpect> = {}, overrides: Partial<HttpCheck> = {}): Promise<ProbeResult> {
	const check = httpCheck(`${server.origin}${path}`, {expect: {status: [{min: 200, max: 299}], maxBytes: 1024 * 1024, ...expect}, ...overrides});
	return probe(check, deadline(check.timeoutMs));
}

describe('http probe: a body is read in the charset its Content-Type names', () => {
	it('a Latin-1 body shows as its characters in the excerpt and matches expect.body', async () => {
		const result = await run('/latin1', {body: {substring: 'gestört: üäö'}});
		expect(result.reason).toBeUndefined();
		expect(result.excerpt).toBe('Datenbank gestört: üäö ß');
		const regex = await run('/latin1', {body: {regex: String.raw`^Datenbank \w+ört`, flags: 'u'}});
		expect(regex.reason).toBeUndefined();
	});

	it('a Latin-1 JSON value is compared as the text the server meant', async () => {
		expect((await run('/latin1-json', {json: {status: 'Störung'}})).reason).toBeUndefined();
		expect((await run('/latin1-json', {json: {status: 'UP'}})).reason).toEqual({code: 'expect:json', message: 'json status: expected UP, got Störung'});
	});

	it('a quoted charset and a WHATWG label (windows-1252, Shift_JIS) are read', async () => {
		expect((await run('/quoted')).excerpt).toBe('€ 5');
		expect((await run('/shift-jis')).excerpt).toBe('テスト');
	});

	it('UTF-16 with charset=utf-16 (and its BOM) or utf-16be is valid JSON', async () => {
		expect((await run('/utf16', {json: {status: 'UP'}})).reason).toBeUndefined();
		expect((await run('/utf16', {json: {status: 'UP'}})).excerpt).toBe('{"status":"UP"}');
		expect((await run('/utf16be', {json: {status: 'UP'}})).reason).toBeUndefined();
	});

	it('a byte-order mark without a charset says the encoding, and is not shown', async () => {
		const result = await run('/bom16', {json: {status: 'Grün'}}, {version: {json: 'status'}});
		expect(result.reason).toBeUndefined();
		expect(result.version).toBe('Grün');
		expect(result.excerpt).toBe('{"status":"Grün"}');
		expect((await run('/bom8', {body: {regex: '^all good$', flags: ''}})).excerpt).toBe('all good');
		expect((await run('/bom8', {body: {regex: '^all good$', flags: ''}})).reason).toBeUndefined();
	});

	it('an unknown charset is read as UTF-8, with a note that says so', async () => {
		const result = await run('/unknown', {body: {substring: 'üäö'}});
		expect(result.reason).toBeUndefined();
		expect(result.excerpt).toBe('Qapla’ üäö');
		expect(result.notes).toEqual(['body charset "x-klingon" is unknown: read as UTF-8']);
	});

	it('UTF-8, declared or not, reads as before, with no note', async () => {
		const result = await run('/utf8', {body: {substring: 'Grüße 内部'}});
		expect(result.reason).toBeUndefined();
		expect(result.excerpt).toBe('Grüße 内部');
		expect(result.notes).toBeUndefined();
	});

	it('a secret echoed in a Latin-1 body is hidden in the decoded excerpt', async () => {
		const result = await run('/echo', {}, {secrets: [secret]});
		expect(result.excerpt).toBe('key was ••••');
		expect(JSON.stringify(result)).not.toContain('0815');
	});
});

describe('JSON endpoints (getJson): the body is read in its declared charset', () => {
	const check = {...common('json-charset'), kind: 'command' as const} as unknown as Parameters<typeof getJson>[0];

	it('Latin-1 and UTF-16 JSON parse to the text the server meant', async () => {
		const latin1 = await getJson(check, `${server.origin}/latin1-json`, {}, deadline(2000));
		expect(latin1).toMatchObject({ok: true, json: {status: 'Störung'}});
		const utf16 = await getJson(check, `${server.origin}/utf16`, {}, deadline(2000));
		expect(utf16).toMatchObject({ok: true, json: {status: 'UP'}});
	});

	it('a body that is no JSON keeps its excerpt in its charset', async () => {
		const reply = await getJson(check, `${server.origin}/latin1`, {}, deadline(2000));
		expect(reply).toMatchObject({ok: false, excerpt: 'Datenbank gestört: üäö ß'});
	});
});

describe('JSON endpoints (prometheus, freshness): a charset no decoder knows is noted as an http body\'s is', () => {
	// Both kinds read the body as UTF-8 and said nothing, where an http check notes it: a `Störung` read wrong
	// would go unexplained.
	const unknownType = 'application/json; charset=x-unknown';
	const note = 'body charset "x-unknown" is unknown: read as UTF-8';
	let jsonServer: http.Server;
	let origin = '';
	beforeAll(async () => {
		jsonServer = http.createServer((request, response) => {
			const url = new URL(request.url ?? '/', 'http://localhost');
			const body = url.pathname === '/api/v1/query'
				? (url.searchParams.get('query') === 'broken' ? 'not json ü' : JSON.stringify({status: 'success', data: {resultType: 'vector', result: [{metric: {job: 'api'}, value: [1_764_064_800, '1']}]}}))
				: JSON.stringify({finished: new Date().toISOString(), note: 'Störung'});
			response.writeHead(200, {'content-type': unknownType}).end(Buffer.from(body, 'utf8'));
		});
		await new Promise<void>((resolve, reject) => {
			jsonServer.once('error', reject);
			jsonServer.listen(20_101, '127.0.0.1', resolve);
		});
		origin = 'http://127.0.0.1:20101';
	});
	afterAll(async () => {
		jsonServer.closeAllConnections();
		await new Promise(resolve => jsonServer.close(resolve));
	});

	it('a prometheus check notes it, with a value and with a body that is no JSON', async () => {
		const check = (query: string): PrometheusCheck => ({...common('prom-charset'), kind: 'prometheus', url: origin, query, headers: {}});
		const up = await prometheusProbe(check('up'), deadline(2000));
		expect(up).toMatchObject({outcome: 'up', notes: [note]});
		const broken = await prometheusProbe(check('broken'), deadline(2000));
		expect(broken).toMatchObject({outcome: 'failing', notes: [note]});
	});

	it('a freshness check notes it', async () => {
		const check: FreshnessCheck = {...common('fresh-charset'), kind: 'freshness', url: `${origin}/job`, field: 'finished', maxAgeMs: 3_600_000, headers: {}};
		const result = await freshnessProbe(check, deadline(2000));
		expect(result).toMatchObject({outcome: 'up', notes: [note]});
	});
});

describe('http probe: status text and header values sent as UTF-8 show as their characters', () => {
	it('a UTF-8 reason phrase and header values read as UTF-8; a bidi override stays a token; invalid UTF-8 keeps its bytes', async () => {
		const head = Buffer.concat([
			Buffer.from('HTTP/1.1 500 内部サーバーエラー ‮evil\r\nServer: Grüße-内部\r\nX-App-Version: 1.0-ü\r\n', 'utf8'),
			// One byte 0xFC alone is no UTF-8: the value is shown as the Latin-1 it then is.
			Buffer.from('X-Request-Id: K\u00FCche\r\nContent-Length: 2\r\n\r\nok', 'latin1'),
		]);
		const raw = await startRawServer(socket => {
			socket.once('data', () => socket.end(head));
		});
		try {
			const result = await probe(httpCheck(`${raw.origin}/`, {version: {header: 'x-app-version'}}), deadline(1000));
			expect(result.summary).toMatch(/^500 内部サーバーエラー <U\+202E>evil · 2 B · /);
			expect(result.headers).toMatchObject({server: 'Grüße-内部', 'x-request-id': 'Küche'});
			expect(result.version).toBe('1.0-ü');
		} finally {
			await raw.close();
		}
	});
});
