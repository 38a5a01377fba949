import http from 'node:http';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {PrometheusCheck} from '../../source/config/types.js';
import {probe} from '../../source/probes/prometheus.js';
import {common, deadline} from '../helpers/probe-checks.js';

const port = 20_700;

const prometheus = (query: string, extra: Partial<PrometheusCheck> = {}): PrometheusCheck => ({
	...common('prom'),
	kind: 'prometheus',
	url: `http://127.0.0.1:${port}/`,
	query,
	headers: {},
	...extra,
});

const vector = {resultType: 'vector', result: [{metric: {job: 'api'}, value: [1_764_064_800, '1']}]};

/** What a Prometheus, or the proxy in front of it, says beside or instead of the data. */
describe('prometheus probe keeps what the answer says beside its data', () => {
	let server: http.Server;
	const paths: string[] = [];

	beforeAll(async () => {
		server = http.createServer((request, response) => {
			paths.push(request.url ?? '');
			const query = new URL(request.url ?? '/', 'http://x').searchParams.get('query');
			const json = (status: number, body: unknown) => response.writeHead(status, {'content-type': 'application/json'}).end(JSON.stringify(body));
			switch (query) {
				case 'truncated': {
					json(200, {status: 'success', warnings: ['query was truncated'], data: vector});
					return;
				}

				case 'manyWarnings': {
					json(200, {status: 'success', warnings: ['one\u001B[2J', 'two token=s3cr3t', 'three', 'four', 'five', 'x'.repeat(5000)], data: vector});
					return;
				}

				case 'infos': {
					json(200, {status: 'success', infos: ['PromQL info: metric might not be a counter, name does not end in _total'], data: vector});
					return;
				}

				case 'warningsAndInfos': {
					json(200, {status: 'success', warnings: ['query was truncated'], infos: ['i1', 'i2', 'i3', 'i4 token=s3cr3t'], data: vector});
					return;
				}

				case 'notAList': {
					json(200, {status: 'success', warnings: 'not a list', data: vector});
					return;
				}

				case 'unauthorized': {
					json(401, {status: 'error', error: 'unauthorized'});
					return;
				}

				case 'login': {
					response.writeHead(302, {location: `http://127.0.0.1:${port}/login?next=%2Fapi&session=s3cr3t`}).end();
					return;
				}

				case 'relative': {
					response.writeHead(307, {location: '/sso/start'}).end();
					return;
				}

				case 'nowhere': {
					response.writeHead(302).end();
					return;
				}

				default: {
					response.writeHead(200, {'content-type': 'text/html'}).end('<title>Sign in</title>');
				}
			}
		});
		await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve));
	});

	afterAll(async () => {
		await new Promise<void>(resolve => {
			server.close(() => resolve());
		});
	});

	it('adds the warnings of a successful answer as notes', async () => {
		const result = await probe(prometheus('truncated'), deadline(2000));
		expect(result).toMatchObject({outcome: 'up', value: 1, status: 200});
		expect(result.notes).toEqual(['Prometheus warning: query was truncated']);
	});

	it('keeps a few warnings, sanitized and cut, secrets hidden, and says how many more there were', async () => {
		const result = await probe(prometheus('manyWarnings', {secrets: ['s3cr3t']}), deadline(2000));
		expect(result.notes).toEqual([
			'Prometheus warning: one^[[2J',
			'Prometheus warning: two token=••••',
			'Prometheus warning: three',
			'3 more Prometheus warnings',
		]);
	});

	it('adds the infos of a successful answer as notes, as its warnings', async () => {
		const result = await probe(prometheus('infos'), deadline(2000));
		expect(result).toMatchObject({outcome: 'up', value: 1, status: 200});
		expect(result.notes).toEqual(['Prometheus info: PromQL info: metric might not be a counter, name does not end in _total']);
	});

	it('keeps the warnings before the infos, each cut to a few', async () => {
		const result = await probe(prometheus('warningsAndInfos', {secrets: ['s3cr3t']}), deadline(2000));
		expect(result.notes).toEqual([
			'Prometheus warning: query was truncated',
			'Prometheus info: i1',
			'Prometheus info: i2',
			'Prometheus info: i3',
			'1 more Prometheus info',
		]);
	});

	it('takes no warnings from an answer whose warnings are no list', async () => {
		const result = await probe(prometheus('notAList'), deadline(2000));
		expect(result).toMatchObject({outcome: 'up'});
		expect(result.notes).toBeUndefined();
	});

	it('names the HTTP status of an error that has no errorType', async () => {
		const result = await probe(prometheus('unauthorized'), deadline(2000));
		expect(result).toMatchObject({outcome: 'failing', status: 401});
		expect(result.reason).toEqual({code: 'protocol', message: 'query failed: HTTP 401: unauthorized'});
	});

	it('says where a redirect led, that it was not followed, and to use the final URL', async () => {
		paths.length = 0;
		const result = await probe(prometheus('login', {secrets: ['s3cr3t']}), deadline(2000));
		expect(result).toMatchObject({outcome: 'failing', status: 302});
		expect(result.reason).toEqual({
			code: 'redirect',
			message: `HTTP 302: redirected to http://127.0.0.1:${port}/login?next=%2Fapi&session=•••• (a prometheus check does not follow redirects: set url to the final URL)`,
		});
		// Not followed: the login page was never asked for.
		expect(paths).toHaveLength(1);
		expect(paths[0]).toMatch(/^\/api\/v1\/query\?/);
	});

	it('resolves a relative Location, and says when there is none', async () => {
		const relative = await probe(prometheus('relative'), deadline(2000));
		expect(relative.reason?.message).toBe(`HTTP 307: redirected to http://127.0.0.1:${port}/sso/start (a prometheus check does not follow redirects: set url to the final URL)`);
		const nowhere = await probe(prometheus('nowhere'), deadline(2000));
		expect(nowhere.reason).toEqual({code: 'redirect', message: 'HTTP 302: a redirect with no Location (a prometheus check does not follow redirects: set url to the final URL)'});
	});
});
