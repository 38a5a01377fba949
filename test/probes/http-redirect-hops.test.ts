import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {closeHttpAgents, probe} from '../../source/probes/http.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {closedPort, httpCheck, startHttpServer, startRawServer, type TestServer} from '../helpers/http-servers.js';
import {deadline} from '../helpers/probe-checks.js';

const timeoutMs = 800;
/** Answers every request with a 302 to its `to` query parameter: a healthy first hop. */
let redirector: TestServer;
/** Accepts and never answers. */
let silent: TestServer;
/** Resets each connection once the request is in. */
let resetting: TestServer;
/** Answers with a status of four digits. */
let badStatus: TestServer;

beforeAll(async () => {
	redirector = await startHttpServer((request, response) => {
		// Any path but /start never answers.
		const to = new URL(request.url ?? '/', 'http://x').searchParams.get('to');
		if (to !== null) response.writeHead(302, {location: to}).end();
	});
	silent = await startRawServer(() => undefined);
	resetting = await startRawServer(socket => {
		socket.once('data', () => socket.resetAndDestroy());
	});
	badStatus = await startRawServer(socket => {
		socket.once('data', () => socket.end('HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n'));
	});
});

afterAll(async () => {
	await Promise.all([redirector, silent, resetting, badStatus].map(async server => server.close()));
	await closeHttpAgents();
});

async function via(to: string): Promise<ProbeResult> {
	return probe(httpCheck(`${redirector.origin}/start?to=${encodeURIComponent(to)}`, {timeoutMs}), deadline(timeoutMs));
}

describe('a redirect hop after the first that fails', () => {
	it('says in its reason where it went when it left the check\'s origin, and names the URL in a note; the code stays', async () => {
		const cases: Array<[string, string, RegExp]> = [
			[`${silent.origin}/landing`, 'timeout:headers', /^timeout after 800ms \(waiting for headers\)/],
			[`${resetting.origin}/landing`, 'reset', /^connection reset by peer before sending headers/],
			[`${badStatus.origin}/landing`, 'protocol', /^invalid HTTP response/],
			[`https://127.0.0.1:${silent.port}/landing`, 'timeout:tls', /^timeout after 800ms \(TLS handshake\)/],
		];
		const results = await Promise.all(cases.map(async ([to]) => via(to)));
		for (const [index, [to, code, start]] of cases.entries()) {
			const result = results[index]!;
			const {origin} = new URL(to);
			expect(result.outcome).toBe('failing');
			expect(result.reason?.code).toBe(code);
			expect(result.reason?.message).toMatch(start);
			expect(result.reason?.message.endsWith(`, after redirect to ${origin}`)).toBe(true);
			expect(result.summary).toBe(result.reason?.message);
			expect(result.notes).toContain(`redirected to ${to}`);
		}
	});

	it('says only that it came after a redirect when its reason already names the host (a refused connection)', async () => {
		const port = await closedPort();
		const result = await via(`http://127.0.0.1:${port}/landing`);
		expect(result.reason?.code).toBe('refused');
		expect(result.reason?.message).toMatch(new RegExp(`^connection refused \\(127\\.0\\.0\\.1:${port}.*\\), after a redirect$`));
		expect(result.notes).toContain(`redirected to http://127.0.0.1:${port}/landing`);
	});

	it('leaves the reason as it is on the check\'s own origin, where the note names the path', async () => {
		const result = await via('/hang');
		expect(result.reason).toEqual({code: 'timeout:headers', message: 'timeout after 800ms (waiting for headers)'});
		expect(result.notes).toContain(`redirected to ${redirector.origin}/hang`);
	});

	it('never shows the password of a URL it was redirected to', async () => {
		const result = await via(`http://ops:hunter22@127.0.0.1:${silent.port}/landing`);
		expect(result.reason?.message).toBe(`timeout after 800ms (waiting for headers), after redirect to ${silent.origin}`);
		expect(result.notes).toContain(`redirected to ${silent.origin}/landing`);
		expect(JSON.stringify(result)).not.toContain('hunter22');
	});
});
