import {gzipSync} from 'node:zlib';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Check, HttpCheck} from '../../source/config/types.js';
import {createMonitor} from '../../source/monitor/monitor.js';
import type {MonitorEvent} from '../../source/monitor/types.js';
import {eventRecord} from '../../source/modes/json-record.js';
import {formatOnceTable, runOnce} from '../../source/modes/once.js';
import {makeRow, makeSnapshot} from '../ui/helpers.js';
import {failing} from '../monitor/fixtures.js';
import {closeHttpAgents, probe} from '../../source/probes/http.js';
import {httpCheck, startRawServer, type TestServer} from '../helpers/http-servers.js';

/** Why a redirect was not followed, or a body not read, is said in a probe's notes: the reason alone is a status. */
let server: TestServer;

beforeAll(async () => {
	const answers: Record<string, Buffer> = {
		'/file': Buffer.from('HTTP/1.1 302 Found\r\nLocation: file:///etc/passwd\r\nContent-Length: 0\r\n\r\n'),
		'/nowhere': Buffer.from('HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n'),
		// A Location with a bidi override in it: the note quotes it, shown as a token, never as the override.
		'/bidi': Buffer.from('HTTP/1.1 302 Found\r\nLocation: file:///\u202Eetc\r\nContent-Length: 0\r\n\r\n'),
		'/gzip': Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: ${gzipSync('{"status":"ok"}').length}\r\n\r\n`), gzipSync('{"status":"ok"}')]),
		'/fine': Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'),
	};
	server = await startRawServer(socket => {
		socket.once('data', (chunk: Buffer) => socket.end(answers[/^GET (\S+)/.exec(chunk.toString())?.[1] ?? ''] ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'));
	});
});

afterAll(async () => {
	await server.close();
	await closeHttpAgents();
});

function checks(): HttpCheck[] {
	const check = (name: string, path: string, overrides: Partial<HttpCheck> = {}): HttpCheck => ({...httpCheck(`${server.origin}${path}`, {timeoutMs: 2000, ...overrides}), id: name, name});
	return [
		check('file redirect', '/file'),
		check('no location', '/nowhere'),
		check('bidi redirect', '/bidi'),
		check('gzip json', '/gzip', {expect: {status: [{min: 200, max: 299}], json: {status: 'ok'}, maxBytes: 1024}}),
		check('fine', '/fine'),
	];
}

type Run = {text: string; events: MonitorEvent[]};

async function once(list: readonly Check[], isJson: boolean): Promise<Run> {
	const monitor = createMonitor({checks: list, probe: async (check, signal) => probe(check as HttpCheck, signal)});
	const events: MonitorEvent[] = [];
	monitor.onEvent(event => events.push(event));
	let text = '';
	await runOnce({checks: list, monitor, isJson, write: chunk => (text += chunk)});
	return {text, events};
}

const expected: Record<string, string[] | null> = {
	'file redirect': ['redirect not followed: Location "file:///etc/passwd" is no http or https URL'],
	'no location': ['redirect not followed: the answer has no Location'],
	'bidi redirect': ['redirect not followed: Location "file:///<U+202E>etc" is no http or https URL'],
	'gzip json': ['body is gzip-encoded and was not decoded'],
	fine: null,
};

describe('a probe\'s notes', () => {
	it('are in --once --json\'s records and the --json stream\'s results, null when there are none', async () => {
		const list = checks();
		const {text, events} = await once(list, true);
		const records = text.trim().split('\n').map(line => JSON.parse(line) as {name: string; notes: unknown});
		expect(Object.fromEntries(records.map(record => [record.name, record.notes]))).toEqual(expected);
		const byId = new Map(list.map(check => [check.id, check] as const));
		const results = events.map(event => eventRecord(event, byId)).filter(record => record?.type === 'result');
		expect(Object.fromEntries(results.map(record => [record!.name, record!.notes]))).toEqual(expected);
	});

	it('follow the table of --once for a row that is not up, each under its name, made safe for the terminal', async () => {
		const {text} = await once(checks(), false);
		expect(text).toMatch(/^failing +file redirect +\S+ ms +status 302, expected 2xx$/m);
		expect(text).toContain('\nfailing  file redirect\n  notes     redirect not followed: Location "file:///etc/passwd" is no http or https URL\n');
		expect(text).toContain('\nfailing  no location\n  notes     redirect not followed: the answer has no Location\n');
		expect(text).toContain('\nfailing  gzip json\n  notes     body is gzip-encoded and was not decoded\n');
		expect(text).toContain('Location "file:///<U+202E>etc"');
		expect(text).not.toContain('\u202E');
		// An up row says nothing more.
		expect(text).not.toMatch(/^up +fine$/m);
	});

	it('are made safe for the terminal after --once\'s table whatever probe wrote them', () => {
		const row = makeRow({name: 'job', state: 'failing', view: {last: failing(5, {notes: ['plugin said \u001B[2J\u001B]8;;http://x\u0007here\u001B]8;;\u0007']})}});
		const text = formatOnceTable(makeSnapshot([row]));
		expect(text).toContain('  notes     plugin said ^[[2J');
		expect(text).not.toContain('\u001B');
		expect(text).not.toContain('\u0007');
	});
});
