import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {FreshnessCheck} from '../../source/config/types.js';
import {probe} from '../../source/probes/freshness.js';
import {common, deadline} from '../helpers/probe-checks.js';

const port = 20_701;
const hour = 3_600_000;

const freshness = (extra: Partial<FreshnessCheck>): FreshnessCheck => ({
	...common('nightly'),
	kind: 'freshness',
	maxAgeMs: hour,
	headers: {},
	...extra,
});

/** `status` is the HTTP status (docs/json.md) whenever the URL answered, the age judged or not; none for a file. */
describe('freshness result status', () => {
	let server: http.Server;
	let directory = '';
	const url = `http://127.0.0.1:${port}/status`;

	beforeAll(async () => {
		directory = mkdtempSync(path.join(tmpdir(), 'uptop-freshness-status-'));
		server = http.createServer((_request, response) => {
			const now = Date.now();
			response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({
				fresh: new Date(now - 60_000).toISOString(),
				aging: new Date(now - (2 * hour / 3)).toISOString(),
				stale: new Date(now - (2 * hour)).toISOString(),
				future: new Date(now + (3 * hour)).toISOString(),
			}));
		});
		await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve));
	});

	afterAll(async () => {
		rmSync(directory, {recursive: true, force: true});
		await new Promise<void>(resolve => {
			server.close(() => resolve());
		});
	});

	it('is the HTTP status when the age was judged: up, warn, stale or in the future', async () => {
		const up = await probe(freshness({url, field: 'fresh'}), deadline(2000));
		expect(up).toMatchObject({outcome: 'up', status: 200});
		const warn = await probe(freshness({url, field: 'aging', warnAgeMs: hour / 2}), deadline(2000));
		expect(warn).toMatchObject({outcome: 'warn', status: 200});
		const stale = await probe(freshness({url, field: 'stale'}), deadline(2000));
		expect(stale).toMatchObject({outcome: 'failing', status: 200, reason: {code: 'stale'}});
		const future = await probe(freshness({url, field: 'future'}), deadline(2000));
		expect(future).toMatchObject({outcome: 'failing', status: 200, reason: {code: 'expect:json'}});
	});

	it('is the HTTP status when the field is missing, as before', async () => {
		const missing = await probe(freshness({url, field: 'nope'}), deadline(2000));
		expect(missing).toMatchObject({outcome: 'failing', status: 200, reason: {code: 'no_data'}});
	});

	it('is none for a file, which no HTTP answered', async () => {
		const file = path.join(directory, 'done');
		writeFileSync(file, '');
		const result = await probe(freshness({file}), deadline(2000));
		expect(result.outcome).toBe('up');
		expect(result.status).toBeUndefined();
	});
});
