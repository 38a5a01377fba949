import {once} from 'node:events';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {request} from 'undici';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {ConfigError} from '../../source/config/config-error.js';
import {formatConfigError} from '../../source/config/format-config-error.js';
import {loadError, loadText} from './temp-files.js';

const withHeader = (value: string) => `checks:\n  - name: api\n    url: http://127.0.0.1:1/\n    headers: {X-Team: ${value}}\n`;

describe('a header value the HTTP client cannot send', () => {
	it('refuses a character past Latin-1 at the value, naming it and saying how to send it', () => {
		const error = loadError(withHeader('"決済 team"'));
		expect(error.issues, formatConfigError(error)).toHaveLength(1);
		const issue = error.issues[0]!;
		expect([issue.line, issue.column]).toEqual([4, 23]);
		expect(issue.message).toBe('`X-Team`\'s value holds `決` (U+6C7A), which a header cannot carry: header values are sent as single bytes (Latin-1)');
		expect(issue.hint).toBe('write it in ASCII, or percent-encoded as UTF-8 if the server decodes that (`決` is %E6%B1%BA)');
	});

	it('never shows a secret header\'s value in the message or the hint', () => {
		const error = loadError('checks:\n  - name: api\n    url: http://127.0.0.1:1/\n    headers: {Authorization: "Bearer Zx9kQ2pL—secret"}\n');
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]!.message).toMatch(/U\+2014/);
		expect(`${formatConfigError(error)}\n${JSON.stringify(error.issues)}`).not.toMatch(/Zx9k/);
	});

	it('names the variable when the character came from ${NAME}, without its value', () => {
		const error = loadError(withHeader('"${TEAM}"'), {TEAM: 'Zahlungsverkehr 決済'});
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]!.message).toMatch(/TEAM/);
		expect(`${formatConfigError(error)}\n${JSON.stringify(error.issues)}`).not.toMatch(/Zahlungsverkehr/);
	});

	it('still loads what the client sends: Latin-1 letters, a tab inside', () => {
		expect(loadText(withHeader('"café ÿ"')).config.checks).toHaveLength(1);
		expect(loadText(withHeader('"a\\tb"')).config.checks).toHaveLength(1);
	});
});

const withToken = 'checks:\n  - name: payments api\n    url: http://127.0.0.1:43001/\n    headers: {Authorization: "Bearer ${API_TOKEN}"}\n';
const shown = (error: ConfigError): string => `${formatConfigError(error)}\n${JSON.stringify(error.issues)}`;

describe('a header value from ${NAME} that holds a control character', () => {
	it.each([
		['U+0001', '\u0001'],
		['U+007F', '\u007F'],
		['U+000A', '\n'],
		['U+000D', '\r'],
		['U+0000', '\u0000'],
	])('is refused at the value as %s, naming the variable and never showing its value', (code, character) => {
		const error = loadError(withToken, {API_TOKEN: `Zx9kQ2pL${character}mN4v`});
		expect(error.issues, formatConfigError(error)).toHaveLength(1);
		const issue = error.issues[0]!;
		expect([issue.line, issue.column]).toEqual([4, 30]);
		expect(issue.message).toContain('`${API_TOKEN}`');
		expect(issue.message).toContain(code);
		expect(issue.hint).toMatch(/^API_TOKEN holds a control character .*set it without it/);
		expect(shown(error)).not.toMatch(/Zx9k|mN4v/);
	});

	it('is refused when written in the file too, and a tab still loads', () => {
		expect(loadError(withHeader('"a\\u0001b"')).issues[0]!.message).toMatch(/U\+0001/);
		expect(loadText(withToken, {API_TOKEN: 'Zx9kQ2pL\tmN4v'}).config.checks).toHaveLength(1);
	});
});

describe('a secret header value with a character past Latin-1', () => {
	it.each([
		['from ${API_TOKEN}', withToken, {API_TOKEN: 'Zx9kQ2pL😀'}],
		['written in the file', withToken.replace('${API_TOKEN}', 'Zx9kQ2pL😀'), {}],
	])('gives the code point only, %s: not the character, nor its bytes', (_how, text, env) => {
		const error = loadError(text, env);
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]!.message).toContain('U+1F600');
		expect(shown(error)).not.toMatch(/😀|%F0|Zx9k|\\ud83d/i);
	});
});

/** The rule held against the client: what the config takes is sent, what it refuses the client refuses. */
describe('the HTTP client and header values', () => {
	const server = createServer((incoming, response) => {
		incoming.resume();
		response.end('ok');
	});
	let url = '';
	beforeAll(async () => {
		server.listen(0, '127.0.0.1');
		await once(server, 'listening');
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	});
	afterAll(() => {
		server.close();
	});

	const send = async (value: string): Promise<string> => {
		try {
			const response = await request(url, {headers: {'x-team': value}});
			await response.body.text();
			return 'sent';
		} catch (error) {
			return (error as {code?: string}).code ?? 'failed';
		}
	};

	it.each(['café', 'ÿ', 'a\tb'])('sends %j, which the config takes', async value => {
		expect(await send(value)).toBe('sent');
	});

	it.each(['決済', 'Ā', '—', '\u0001', '\u007F', 'a\u001Bb'])('refuses %j, which the config refuses', async value => {
		expect(await send(value)).toBe('UND_ERR_INVALID_ARG');
		expect(loadError(withHeader(JSON.stringify(value))).issues).toHaveLength(1);
	});
});
