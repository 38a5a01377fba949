import type {Socket} from 'node:net';
import {afterEach, describe, expect, it} from 'vitest';
import type {HttpCheck} from '../../source/config/types.js';
import {probe, reasonFromError} from '../../source/probes/http.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {httpCheck, startHttpServer, startRawServer, type TestServer} from '../helpers/http-servers.js';
import {deadline} from '../helpers/probe-checks.js';

const ESC = '\u001B';
const BEL = '\u0007';
const payloads = {
	clipboard: `${ESC}]52;c;ZWNobyBwd25lZA==${BEL}`,
	title: `${ESC}]2;pwned${BEL}`,
	clear: `${ESC}[2J${ESC}[1;1H`,
	c1: '\u009B2J\u009D52;c;eA==\u009C\u0090tmux;\u009C',
	bidi: '\u202Eevil\u202C\u2066x\u2069\u200B\uFEFF',
	overwrite: 'fine\rFAIL\b\u007F\u0000',
};
const everything = Object.values(payloads).join(' ');

/** Any character that could drive a terminal: C0 except newline, DEL, C1, bidi and invisible controls. */
const unsafe = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/u;

function strings(value: unknown, path = 'result'): Array<[string, string]> {
	if (typeof value === 'string') {
		return [[path, value]];
	}

	if (typeof value === 'object' && value !== null) {
		return Object.entries(value).flatMap(([key, inner]) => strings(inner, `${path}.${key}`));
	}

	return [];
}

function expectSafe(result: ProbeResult): void {
	for (const [path, text] of strings(result)) {
		expect(unsafe.test(text), `${path} = ${JSON.stringify(text)}`).toBe(false);
		if (path !== 'result.excerpt') {
			expect(text.includes('\n'), `${path} has a line break`).toBe(false);
		}
	}
}

const servers: TestServer[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map(async server => server.close()));
});

async function raw(bytes: Buffer): Promise<TestServer> {
	const server = await startRawServer((socket: Socket) => {
		socket.once('data', () => socket.end(bytes));
	});
	servers.push(server);
	return server;
}

async function run(check: HttpCheck): Promise<ProbeResult> {
	const result = await probe(check, deadline(check.timeoutMs));
	expectSafe(result);
	return result;
}

describe('http probe: hostile targets cannot reach the terminal', () => {
	it('escape sequences in the status text are shown as visible tokens', async () => {
		const ansi = await raw(Buffer.from(`HTTP/1.1 200 OK${payloads.title}${payloads.clear}\r\nContent-Length: 2\r\n\r\nok`, 'latin1'));
		const result = await run(httpCheck(`${ansi.origin}/`));
		expect(result.outcome).toBe('up');
		expect(result.summary).toMatch(/^200 OK\^\[]2;pwned\^G\^\[\[2J\^\[\[1;1H · 2 B · (?:<0\.1|\d+(?:\.\d)?) ms$/);
		const eightBit = await raw(Buffer.from(`HTTP/1.1 200 OK ${payloads.c1}\r\nContent-Length: 2\r\n\r\nok`, 'utf8'));
		expect((await run(httpCheck(`${eightBit.origin}/`))).summary).toContain('OK <U+009B>2J<U+009D>52;c;eA==<U+009C><U+0090>tmux;<U+009C>');
		const bidi = await raw(Buffer.from(`HTTP/1.1 200 OK ${payloads.bidi}\r\nContent-Length: 2\r\n\r\nok`, 'utf8'));
		expect((await run(httpCheck(`${bidi.origin}/`))).summary).toContain('OK <U+202E>evil<U+202C><U+2066>x<U+2069><U+200B><U+FEFF>');
	});

	it('invisible format characters (Unicode tags, other Cf) in the status text and body are shown as tokens, not hidden', async () => {
		// Tag characters render as nothing: text spelled in them ("OK" here) would reach the screen unseen.
		const hidden = '\u{E0001}\u{E004F}\u{E004B}\u{E007F}\u0600\u{1D173}';
		const server = await raw(Buffer.from(`HTTP/1.1 503 Down${hidden}\r\nContent-Length: ${Buffer.byteLength(`body${hidden}`)}\r\n\r\nbody${hidden}`, 'utf8'));
		const result = await run(httpCheck(`${server.origin}/`));
		const tokens = '<U+E0001><U+E004F><U+E004B><U+E007F><U+0600><U+1D173>';
		expect(result.summary).toMatch(new RegExp(`^503 Down${tokens.replaceAll('+', String.raw`\+`)} · 26 B · (?:<0\\.1|\\d+(?:\\.\\d)?) ms$`));
		expect(result.excerpt).toBe(`body${tokens}`);
	});

	it('C1 and bidi characters in header values (sent as UTF-8) are shown as tokens', async () => {
		const server = await raw(Buffer.concat([
			Buffer.from('HTTP/1.1 200 OK\r\nServer: evil ', 'latin1'),
			Buffer.from(`${payloads.c1} ${payloads.bidi}`, 'utf8'),
			Buffer.from('\r\nX-App-Version: ', 'latin1'),
			Buffer.from(`1.0\u202E${'9'.repeat(100)}`, 'utf8'),
			Buffer.from('\r\nContent-Length: 2\r\n\r\nok', 'latin1'),
		]));
		const result = await run(httpCheck(`${server.origin}/`, {version: {header: 'x-app-version'}}));
		expect(result.headers?.server).toContain('evil <U+009B>2J<U+009D>52;c;eA==');
		expect(result.headers?.server).toContain('<U+202E>evil<U+202C>');
		expect(result.version).toMatch(/^1\.0<U\+202E>9+…$/);
		expect([...result.version!].length).toBeLessThanOrEqual(64);
	});

	it('ESC in a header value is refused by the parser: a protocol failure that says so, still clean', async () => {
		const server = await raw(Buffer.from(`HTTP/1.1 200 OK\r\nX-Evil: a${payloads.clipboard}\r\nContent-Length: 2\r\n\r\nok`, 'latin1'));
		const result = await run(httpCheck(`${server.origin}/`));
		expect(result.reason).toEqual({code: 'protocol', message: 'invalid HTTP response: a header value holds a control character'});
	});

	/** undici says the same for each of these; the reason names them all rather than guess one. */
	const malformedLength = 'invalid HTTP response: its Content-Length, or a header line after it, is malformed (two different lengths, a length out of range, or a control character in a value)';

	it('ESC in a header value after a correct Content-Length is a malformed header, not a truncated body', async () => {
		const body = '{"error":"internal","detail":"something went wrong on the server"}';
		expect(body).toHaveLength(66);
		// undici turns any parser failure after a Content-Length into a length mismatch: all 66 bytes are sent.
		const server = await raw(Buffer.from(`HTTP/1.1 500 Internal Server Error\r\nContent-Length: 66\r\nX-Evil: ${ESC}[31mred${ESC}[0m\r\n\r\n${body}`, 'latin1'));
		const result = await run(httpCheck(`${server.origin}/`));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'protocol', message: malformedLength});
	});

	it.each([
		['two Content-Length headers that differ (a sign of request smuggling)', 'Content-Length: 2\r\nContent-Length: 5'],
		['a Content-Length past any number', 'Content-Length: 99999999999999999999'],
	])('%s: the reason names the Content-Length, and claims no header line after it', async (_name, lengths) => {
		const server = await raw(Buffer.from(`HTTP/1.1 200 OK\r\n${lengths}\r\nConnection: close\r\n\r\nokabc`, 'latin1'));
		const result = await run(httpCheck(`${server.origin}/`));
		expect(result.reason).toEqual({code: 'protocol', message: malformedLength});
	});

	it('a control character in a header name is named as such', async () => {
		const server = await raw(Buffer.from(`HTTP/1.1 200 OK\r\nX-${ESC}Evil: red\r\nContent-Length: 2\r\n\r\nok`, 'latin1'));
		const result = await run(httpCheck(`${server.origin}/`));
		expect(result.reason).toEqual({code: 'protocol', message: 'invalid HTTP response: a header name holds a character not allowed in it'});
	});

	it('every payload in the body: the excerpt keeps line breaks and nothing else', async () => {
		const server = await startHttpServer((_request, response) => {
			// Plain text: a page's text has its white space collapsed (html-text.ts), and here every byte is the point.
			response.writeHead(503, {'content-type': 'text/plain'});
			response.end(`<h1>down</h1>\n${everything}\n${ESC}]8;;http://evil.example/${'A'.repeat(100_000)}`);
		});
		servers.push(server);
		const result = await run(httpCheck(`${server.origin}/`, {expect: {status: [{min: 200, max: 299}], body: {substring: 'x'}, maxBytes: 1024 * 1024}}));
		expect(result.reason?.code).toBe('expect:status');
		expect(result.excerpt).toContain('<h1>down</h1>\n^[]52;c;ZWNobyBwd25lZA==^G');
		expect(result.excerpt).toContain('^[[2J');
		expect(result.excerpt).toContain('fine^MFAIL^H^?^@');
		expect([...result.excerpt!].length).toBeLessThanOrEqual(300);
	});

	it('an HTML page\'s payloads, as bytes and as character references, reach its text-only excerpt inert', async () => {
		const server = await startHttpServer((_request, response) => {
			response.writeHead(503, {'content-type': 'text/html; charset=utf-8'});
			// The references decode to the controls themselves unless the page's text maps them (html-text.ts).
			response.end(`<html><head><title>down</title></head><body><h1>${everything}</h1><p>&#x1b;]52;c;ZWNobyBwd25lZA==&#7; &#x9b;2J &#x9d;52;c;eA==&#x9c; &#27;[2J&#0;&#127;&#128;</p></body></html>`);
		});
		servers.push(server);
		const result = await run(httpCheck(`${server.origin}/`));
		expect(result.reason?.code).toBe('expect:status');
		// Raw bytes are shown as the tokens every excerpt shows; references as the characters a browser shows.
		expect(result.excerpt).toContain('down\n^[]52;c;ZWNobyBwd25lZA==^G ^[]2;pwned^G ^[[2J^[[1;1H <U+009B>2J<U+009D>52;c;eA==<U+009C><U+0090>tmux;<U+009C>');
		expect(result.excerpt).toMatch(/\n\uFFFD]52;c;ZWNobyBwd25lZA==\uFFFD ›2J \uFFFD52;c;eA==œ \uFFFD\[2J\uFFFD\uFFFD€$/);
	});

	it('a body that makes expect.body\'s regular expression backtrack fails in bounded time, naming the expression', async () => {
		const server = await startHttpServer((_request, response) => {
			response.writeHead(200, {'content-type': 'text/plain', 'x-state': `${'a'.repeat(40)}!`});
			response.end(`${'a'.repeat(40)}!`);
		});
		servers.push(server);
		const started = performance.now();
		const body = await run(httpCheck(`${server.origin}/`, {expect: {status: [{min: 200, max: 299}], body: {regex: '(a+)+$', flags: ''}, maxBytes: 1024 * 1024}}));
		expect(body.reason?.code).toBe('expect:body');
		expect(body.reason?.message).toContain('body: /(a+)+$/ stopped after 500 ms, unfinished');
		const header = await run(httpCheck(`${server.origin}/`, {expect: {status: [{min: 200, max: 299}], header: {'X-State': {regex: '^(a|a)+$', flags: ''}}, maxBytes: 1024 * 1024}}));
		expect(header.reason?.code).toBe('expect:header');
		expect(header.reason?.message).toContain('header X-State: /^(a|a)+$/ stopped after 500 ms');
		expect(performance.now() - started).toBeLessThan(3000);
	}, 20_000);

	it('a JSON body nested 100,000 deep is judged and described, not an internal error', async () => {
		// JSON.parse takes any depth; writing such a value back out (JSON.stringify) overflows the stack.
		const depth = 100_000;
		const bodies: Record<string, string> = {
			'/objects': `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
			'/arrays': `{"items":${'['.repeat(depth)}${']'.repeat(depth)}}`,
		};
		const server = await startHttpServer((request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(bodies[request.url ?? '']);
		});
		servers.push(server);
		const json = (expected: Record<string, unknown>) => ({status: [{min: 200, max: 299}], json: expected, maxBytes: 1024 * 1024});
		const object = await run(httpCheck(`${server.origin}/objects`, {expect: json({'a.a': 'ok'})}));
		expect(object.reason).toEqual({code: 'expect:json', message: `json a.a: expected ok, got ${'{"a":'.repeat(11)}{"a"…`});
		const array = await run(httpCheck(`${server.origin}/arrays`, {expect: json({items: [1]})}));
		expect(array.reason).toEqual({code: 'expect:json', message: `json items: expected [1], got ${'['.repeat(59)}…`});
		const nested = await run(httpCheck(`${server.origin}/objects`, {expect: json({a: {a: {b: 1}}})}));
		expect(nested.reason).toEqual({code: 'expect:json', message: 'json a.a.b: expected 1, got nothing (missing)'});
	});

	it('a JSON number too large for a double is said to be one, not "null"', async () => {
		const server = await startHttpServer((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(`{"status":${'9'.repeat(400)},"nested":{"depth":-1e999}}`);
		});
		servers.push(server);
		const json = (expected: Record<string, unknown>) => ({status: [{min: 200, max: 299}], json: expected, maxBytes: 1024 * 1024});
		const number = await run(httpCheck(`${server.origin}/`, {expect: json({status: 1})}));
		expect(number.reason).toEqual({code: 'expect:json', message: 'json status: expected 1, got Infinity (a number too large to read)'});
		const object = await run(httpCheck(`${server.origin}/`, {expect: json({nested: 'x'})}));
		expect(object.reason).toEqual({code: 'expect:json', message: 'json nested: expected x, got {"depth":-Infinity}'});
	});

	it('a Location header full of escapes ends up escaped in the redirect message', async () => {
		const server = await startHttpServer((request, response) => {
			response.writeHead(302, {location: request.url === '/a' ? `/b?${encodeURIComponent(payloads.title)}` : '/a'});
			response.end();
		});
		servers.push(server);
		const result = await run(httpCheck(`${server.origin}/a`));
		expect(result.reason?.code).toBe('redirect');
		expect(result.reason?.message).toBe('redirect loop: /a → /b?%1B%5D2%3Bpwned%07 → /a');
	});
});

describe('http probe: secrets never appear in a result', () => {
	const password = 'pa55-w0rd!';
	const token = 'tok-9f8e7d6c5b4a';
	const apiKey = 'key-0123456789';

	function assertHidden(result: ProbeResult, secrets: string[]): void {
		const text = JSON.stringify(result);
		for (const secret of secrets) {
			expect(text).not.toContain(secret);
			expect(text).not.toContain(encodeURIComponent(secret));
		}
	}

	it('a server echoing credentials in status text, headers, body and redirects is redacted', async () => {
		const basic = Buffer.from(`admin:${password}`).toString('base64');
		const server = await startHttpServer((request, response) => {
			const echoed = `${request.headers.authorization ?? ''} ${request.headers['x-api-key'] ?? ''} ${request.url ?? ''}`;
			if (request.url?.startsWith('/loop')) {
				response.writeHead(302, {location: `/loop?again=${encodeURIComponent(echoed)}&n=${request.url.length}`});
				response.end();
				return;
			}

			response.writeHead(500, `Broken ${echoed.replaceAll(/[^\u0020-\u007E]/g, '')}`, {'x-app-version': echoed, server: echoed, 'content-type': 'text/plain'});
			response.end(`You sent: ${echoed}`);
		});
		servers.push(server);
		const url = `http://admin:${encodeURIComponent(password)}@127.0.0.1:${server.port}/echo?key=${apiKey}`;
		// The config loader lists URL credentials, secret headers and ${ENV} values as secrets.
		const check = httpCheck(url, {secrets: [password, apiKey], headers: {'x-api-key': apiKey}, version: {header: 'x-app-version'}});
		const result = await run(check);
		expect(result.status).toBe(500);
		expect(server.requests[0]?.headers.authorization).toBe(`Basic ${basic}`);
		expect(result.excerpt).toMatch(/^You sent: •••• •••• \/echo\?key=••••$/);
		expect(result.summary).toContain('••••');
		assertHidden(result, [password, apiKey, basic]);

		const loop = await run(httpCheck(`http://admin:${encodeURIComponent(password)}@127.0.0.1:${server.port}/loop`, {secrets: [password, apiKey], headers: {'x-api-key': apiKey}, maxRedirects: 3}));
		expect(loop.reason?.code).toBe('redirect');
		assertHidden(loop, [password, apiKey, basic]);
	});

	it('a redirect loop on a URL holding a secret hides it in the summary too, cut as the reason is', async () => {
		const server = await startHttpServer((request, response) => {
			response.writeHead(302, {location: request.url});
			response.end();
		});
		servers.push(server);
		const loop = await run(httpCheck(`${server.origin}/self?token=${apiKey}`, {secrets: [apiKey]}));
		expect(loop.reason).toEqual({code: 'redirect', message: 'redirect loop: /self?token=•••• → /self?token=••••'});
		expect(loop.summary).toBe(loop.reason?.message);
		assertHidden(loop, [apiKey]);

		const long = await run(httpCheck(`${server.origin}/self?pad=${'x'.repeat(7000)}`));
		expect(long.reason?.code).toBe('redirect');
		expect(long.summary).toBe(long.reason?.message);
		expect(long.summary!.length).toBeLessThan(1000);
	});

	it('a server echoing a credential in another encoding or letter case in status text, headers and body is redacted', async () => {
		const secret = 'Tok/qz9wv+xk7c:55 Qz';
		const lowerHex = encodeURIComponent(secret).replaceAll(/%[\dA-F]{2}/g, escape => escape.toLowerCase());
		const jsonEscaped = secret.replace('T', String.raw`\u0054`).replaceAll('/', String.raw`\/`);
		const server = await startHttpServer((_request, response) => {
			response.writeHead(500, `Denied ${secret.toUpperCase()}`, {'x-request-id': lowerHex, server: `gw ${encodeURI(secret)}`, 'content-type': 'application/json'});
			response.end(`{"detail":"${jsonEscaped}","form":"${encodeURIComponent(secret).replaceAll('%20', '+')}"}`);
		});
		servers.push(server);
		const result = await run(httpCheck(`${server.origin}/`, {secrets: [secret], headers: {authorization: `Bearer ${secret}`}}));
		expect(result.status).toBe(500);
		expect(result.summary).toContain('Denied ••••');
		expect(result.headers).toMatchObject({'x-request-id': '••••', server: 'gw ••••'});
		expect(result.excerpt).toBe('{"detail":"••••","form":"••••"}');
		expect(JSON.stringify(result)).not.toMatch(/qz9wv|xk7c/i);
	});

	it('URL credentials are hidden even when the check lists no secrets', async () => {
		const server = await startHttpServer((request, response) => {
			response.writeHead(200, {'content-type': 'text/plain'});
			response.end(`auth=${request.headers.authorization ?? ''}`);
		});
		servers.push(server);
		const result = await run(httpCheck(`http://admin:${encodeURIComponent(password)}@127.0.0.1:${server.port}/`));
		expect(result.excerpt).toBe('auth=••••');
		assertHidden(result, [password, Buffer.from(`admin:${password}`).toString('base64')]);
	});

	it('a cross-origin redirect does not forward Authorization, Cookie or secret-bearing headers', async () => {
		const other = await startHttpServer((_request, response) => {
			response.end('landed');
		});
		const first = await startHttpServer((request, response) => {
			response.writeHead(302, {location: `${other.origin}/landing`});
			response.end();
		});
		servers.push(other, first);
		const check = httpCheck(`${first.origin}/start`, {
			headers: {authorization: `Bearer ${token}`, cookie: `session=${token}`, 'x-api-key': apiKey, 'x-trace': 'keep-me'},
			secrets: [token, apiKey],
		});
		const result = await run(check);
		expect(result.outcome).toBe('up');
		expect(first.requests[0]?.headers.authorization).toBe(`Bearer ${token}`);
		const landed = other.requests[0]!;
		expect(landed.url).toBe('/landing');
		expect(landed.headers.authorization).toBeUndefined();
		expect(landed.headers.cookie).toBeUndefined();
		expect(landed.headers['x-api-key']).toBeUndefined();
		expect(landed.headers['x-trace']).toBe('keep-me');
		assertHidden(result, [token, apiKey]);
		// The check's URL and headers are worked out once and shared by its probes: a redirect must not change
		// them, so the next probe of the same check starts at the same URL with the same credentials.
		const again = await run(check);
		expect(again.outcome).toBe('up');
		expect(first.requests[1]?.url).toBe('/start');
		expect(first.requests[1]?.headers.authorization).toBe(`Bearer ${token}`);
		expect(first.requests[1]?.headers.cookie).toBe(`session=${token}`);
		expect(other.requests[1]?.headers.authorization).toBeUndefined();
		assertHidden(again, [token, apiKey]);
	});

	it('a cookie value or bearer token echoed alone by the server is hidden too', async () => {
		const server = await startHttpServer((request, response) => {
			const cookie = (request.headers.cookie ?? '').split('=')[1] ?? '';
			const bearer = (request.headers.authorization ?? '').split(' ')[1] ?? '';
			response.end(`cookie ${cookie} bearer ${bearer}`);
		});
		servers.push(server);
		const result = await run(httpCheck(`${server.origin}/`, {headers: {cookie: `session=${token}`, authorization: `Bearer ${apiKey}`}}));
		expect(result.excerpt).toBe('cookie •••• bearer ••••');
		assertHidden(result, [token, apiKey]);
	});

	it('error messages that echo a URL with credentials are redacted by the mapper', () => {
		const error = Object.assign(new Error(`request to http://admin:${encodeURIComponent(password)}@db.internal/?key=${apiKey} failed\nstack line`), {code: 'E_STRANGE'});
		const reason = reasonFromError(new Error('outer', {cause: error}), {secrets: [password, apiKey]});
		expect(reason.code).toBe('unknown');
		expect(reason.message).toBe('E_STRANGE: outer');
		const direct = reasonFromError(error, {secrets: [password, apiKey]});
		expect(direct.message).toBe('E_STRANGE: request to http://admin:••••@db.internal/?key=•••• failed');
	});
});
