import {once} from 'node:events';
import {createServer, type IncomingHttpHeaders} from 'node:http';
import type {AddressInfo} from 'node:net';
import {request} from 'undici';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {formatConfigError} from '../../source/config/format-config-error.js';
import {loadError, loadText} from './temp-files.js';

const prometheus = (headers: string) => `checks:\n  - name: p\n    kind: prometheus\n    url: http://127.0.0.1:9090\n    query: up\n    headers: ${headers}\n`;

/** Where a header is written, as a function of the `{Name: value}` flow mapping: the key's line and column follow. */
const places: Array<[string, (headers: string) => string, number, number]> = [
	['an http check', headers => `checks:\n  - name: c4\n    url: "http://127.0.0.1:47101/json"\n    headers: ${headers}\n`, 4, 15],
	['a freshness check', headers => `checks:\n  - name: f\n    kind: freshness\n    url: http://127.0.0.1:1/jobs\n    field: at\n    maxAge: 1d\n    headers: ${headers}\n`, 7, 15],
	['a prometheus check', prometheus, 6, 15],
	['defaults', headers => `defaults:\n  headers: ${headers}\nchecks:\n  - name: c\n    url: http://127.0.0.1:1/\n`, 2, 13],
	['a group', headers => `groups:\n  web:\n    headers: ${headers}\nchecks:\n  - name: c\n    url: http://127.0.0.1:1/\n    group: web\n`, 3, 15],
];

const refused: Array<[string, string, RegExp]> = [
	['Transfer-Encoding', 'chunked', /frames the request body itself/],
	['Expect', '""', /does not send Expect/],
	['expect', '100-continue', /does not send Expect/],
	['Upgrade', 'websocket', /does not switch protocols/],
	['Keep-Alive', '"timeout=5"', /manages its connections itself/],
	['Connection', 'upgrade', /sends only `close` or `keep-alive`/],
	['Connection', '"close, te"', /sends only `close` or `keep-alive`/],
	['CONTENT-LENGTH', '"5 "', /sets it from `body:` itself/],
];

describe('request headers the HTTP client refuses', () => {
	it.each(places.flatMap(([place, write, line, column]) => refused.map(([name, value, why]) => [place, name, value, why, write, line, column] as const)))(
		'refuses %s with %s, at the name, saying to remove it',
		(_place, name, value, why, write, line, column) => {
			const error = loadError(write(`{${name}: ${value}}`));
			expect(error.issues, formatConfigError(error)).toHaveLength(1);
			const issue = error.issues[0]!;
			expect([issue.line, issue.column]).toEqual([line, column]);
			expect(issue.message).toMatch(new RegExp(`^\`${name}\` under \`headers:\` cannot be sent: `));
			expect(issue.message).toMatch(why);
			expect(issue.hint).toMatch(/^remove it: /);
		},
	);

	it('takes Connection: close or keep-alive, which the client sends as written', () => {
		expect(loadText(prometheus('{Connection: close}')).config.checks).toHaveLength(1);
		expect(loadText(prometheus('{connection: Keep-Alive}')).config.checks).toHaveLength(1);
	});

	it('takes a Content-Length that is the length of the body, and refuses one that is not, or with no body', () => {
		const post = (length: string, body?: string) => `checks:\n  - name: c\n    url: http://127.0.0.1:1/\n    method: POST\n${body === undefined ? '' : `    body: '${body}'\n`}    headers: {Content-Length: "${length}"}\n`;
		expect(loadText(post('7', '{"a":1}')).config.checks).toHaveLength(1);
		expect(loadText(post('2', 'é')).config.checks).toHaveLength(1);
		const wrong = loadError(post('8', '{"a":1}'));
		expect(wrong.issues).toHaveLength(1);
		expect(wrong.issues[0]).toMatchObject({line: 6, column: 31, message: '`Content-Length: 8` is not the length of `body:` (7 bytes): the HTTP client would refuse every probe', hint: 'remove it: uptop sends the length of `body:` itself'});
		const none = loadError(post('5'));
		expect(none.issues[0]).toMatchObject({line: 5, column: 31, message: '`Content-Length: 5` with no `body:`: the HTTP client drops it, so it is never sent'});
		expect(loadError(prometheus('{Content-Length: "0"}')).issues[0]!.message).toBe('`Content-Length: 0` with no `body:`: the HTTP client drops it, so it is never sent');
	});

	it('still takes the hop-by-hop headers the client sends as written, and Host', () => {
		const {config} = loadText(prometheus('{TE: trailers, Trailer: x-t, Proxy-Connection: x, Host: prom.example, Accept: text/plain}'));
		expect(config.checks).toHaveLength(1);
	});

	it('still says `expect:` with a mapping under headers is the check\'s expect indented too far', () => {
		const issue = loadError('checks:\n  - name: api\n    url: http://x\n    headers:\n      expect:\n        status: 200\n').issues[0]!;
		expect(issue.message).toBe('`expect:` under `headers:` would be sent as a request header named expect');
	});
});

/** The list held against the client itself: what it does with each refused header, and with the ones let through. */
describe('the HTTP client', () => {
	let seen: IncomingHttpHeaders[] = [];
	const server = createServer((incoming, response) => {
		seen.push(incoming.headers);
		incoming.resume();
		incoming.on('end', () => response.end('ok'));
	});
	let origin = '';
	beforeAll(async () => {
		server.listen(0, '127.0.0.1');
		await once(server, 'listening');
		origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	});
	afterAll(() => {
		server.closeAllConnections();
		server.close();
	});

	/** What the server saw of the header, or the client's error code when it sent nothing. */
	async function send(name: string, value: string, body?: string): Promise<{error: string} | {sent: string | undefined}> {
		seen = [];
		try {
			const reply = await request(origin, {method: body === undefined ? 'GET' : 'POST', headers: {[name]: value}, ...(body === undefined ? {} : {body}), headersTimeout: 2000, bodyTimeout: 2000});
			await reply.body.text();
			const header = seen[0]?.[name.toLowerCase()];
			return {sent: Array.isArray(header) ? header.join(', ') : header};
		} catch (error) {
			return {error: (error as {code?: string}).code ?? String(error)};
		}
	}

	it.each([
		['Transfer-Encoding', 'chunked', 'x'],
		['Expect', '', undefined],
		['Expect', '100-continue', 'x'],
		['Upgrade', 'websocket', undefined],
		['Keep-Alive', 'timeout=5', undefined],
		['Connection', '', undefined],
		['Content-Length', '0', 'hello'],
	])('refuses %s: %j, so every probe would fail', async (name, value, body) => {
		expect(await send(name, value, body)).toHaveProperty('error');
	});

	it.each([
		['Connection', 'Upgrade'],
		['Connection', 'close, te'],
		['Content-Length', '5'],
	])('does not send %s: %s as written', async (name, value) => {
		expect(await send(name, value)).not.toEqual({sent: value});
	});

	it.each([['Connection', 'close'], ['Connection', 'keep-alive']])('sends %s: %s as written', async (name, value) => {
		expect(await send(name, value)).toEqual({sent: value});
	});

	it('sends a Content-Length that is the length of the body', async () => {
		expect(await send('Content-Length', '5', 'hello')).toEqual({sent: '5'});
	});

	it.each([['TE', 'trailers'], ['Trailer', 'x-t'], ['Proxy-Connection', 'x']])('sends %s: %s as written', async (name, value) => {
		expect(await send(name, value)).toEqual({sent: value});
	});
});
