import {execFileSync} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {hasFastApi, startFastApi, type FastApi} from '../helpers/fastapi.js';
import {titleFor} from '../helpers/require-component.js';
import {runCli} from '../helpers/run-cli.js';
import {handCommand} from '../../source/config/hand-command.js';
import {loadConfig} from '../../source/config/load-config.js';

const isAvailable = hasFastApi();

type CheckRecord = {name: string; state: string; status: number | null; version: string | null; reason: {code: string; message: string} | null; latencyMs: number | null};

/** The service people watch during a release: a FastAPI app under uvicorn, probed by the real binary. */
describe.skipIf(!isAvailable)(titleFor('uptop --once against a FastAPI service', isAvailable, 'python3-fastapi/uvicorn'), () => {
	let app: FastApi;
	let directory: string;

	beforeAll(async () => {
		app = await startFastApi();
		directory = mkdtempSync(path.join(tmpdir(), 'uptop-fastapi-'));
	}, 30_000);

	afterAll(async () => {
		await app?.stop();
	});

	it('reads /health and its version, and tells a slow route, a failing dependency and a degraded database apart', async () => {
		const file = path.join(directory, 'checks.yaml');
		writeFileSync(file, [
			'defaults: {timeout: 4s, slow: 800ms}',
			'checks:',
			`  - {name: health, url: "${app.url}/health", expect: {status: 200, json: {status: UP, checks.db.status: ok}}, version: {json: version}}`,
			`  - {name: health by header, url: "${app.url}/health", version: {header: x-app-version}}`,
			`  - {name: slow route, url: "${app.url}/slow?seconds=1.2"}`,
			`  - {name: dependency, url: "${app.url}/dependency-down", expect: {status: 200}}`,
			`  - {name: database, url: "${app.url}/health?db=down", expect: {json: {checks.db.status: ok}}}`,
			'',
		].join('\n'));
		const run = await runCli(['--once', '--json', file], {timeoutMs: 20_000});
		expect(run.stderr).toBe('');
		expect(run.code).toBe(2);
		const records = new Map(run.stdout.trim().split('\n').map(line => JSON.parse(line) as CheckRecord).map(record => [record.name, record]));
		expect(records.get('health')).toMatchObject({state: 'up', status: 200, version: '1.4.2', reason: null});
		expect(records.get('health by header')).toMatchObject({state: 'up', version: '1.4.2'});
		expect(records.get('slow route')).toMatchObject({state: 'slow', status: 200});
		expect(records.get('slow route')!.latencyMs).toBeGreaterThanOrEqual(1200);
		expect(records.get('dependency')).toMatchObject({state: 'failing', status: 503, reason: {code: 'expect:status'}});
		expect(records.get('database')).toMatchObject({state: 'failing', status: 200, reason: {code: 'expect:json'}});
		expect(records.get('database')!.reason!.message).toContain('checks.db.status');
	}, 30_000);

	it('posts a JSON body the route reads, and the by hand command gets the same status as the probe', async () => {
		const file = path.join(directory, 'post.yaml');
		writeFileSync(file, [
			'checks:',
			`  - {name: new order, url: "${app.url}/orders", method: POST, body: '{"item": "book"}', expect: {status: 200, json: {status: UP}}}`,
			'',
		].join('\n'));
		const run = await runCli(['--once', '--json', file], {timeoutMs: 20_000});
		expect(JSON.parse(run.stdout) as CheckRecord).toMatchObject({state: 'up', status: 200});
		// curl's --data-raw says the body is a form unless told otherwise, and FastAPI then does not read it as JSON (422).
		const command = handCommand(loadConfig(file, {env: {}}).checks[0]!);
		const output = execFileSync('/bin/sh', ['-c', command], {encoding: 'utf8', env: {PATH: process.env.PATH}});
		expect(output).toMatch(/\n200 \d+\.\d+s\n$/);
	}, 30_000);
});
