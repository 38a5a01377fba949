import {execFile} from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {checkTarget} from '../../source/config/check-target.js';
import {handCommand} from '../../source/config/hand-command.js';
import {loadConfig} from '../../source/config/load-config.js';
import type {HttpCheck} from '../../source/config/types.js';
import {displayCheck} from '../../source/monitor/display-check.js';
import {closeHttpAgents, probe} from '../../source/probes/http.js';
import {writeFiles} from './temp-files.js';

let server: http.Server;
let port: number;
const paths: string[] = [];

beforeAll(async () => {
	// Keeps the request target of each request, as it came over the wire.
	server = http.createServer((request, response) => {
		paths.push(request.url ?? '');
		response.end('ok');
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	port = (server.address() as {port: number}).port;
});

afterAll(async () => {
	await closeHttpAgents();
	server.close();
});

describe('a url with a space in its query, as OData filters are written', () => {
	it('is sent with the space as %20 by the probe and by the `by hand` command alike', async () => {
		const directory = writeFiles({'checks.yaml': `checks:\n  - name: products\n    url: http://127.0.0.1:${port}/odata/\${SET}?$filter=Price gt 5&$top=1\n`});
		const env = {SET: 'Products'};
		const check = loadConfig(path.join(directory, 'checks.yaml'), {env}).checks[0] as HttpCheck;
		expect((await probe(check, AbortSignal.timeout(5000))).outcome).toBe('up');

		const command = handCommand(check);
		expect(command).toContain('"${SET}"');
		// curl refuses a URL with a space in it ("bad/illegal format"): the command must run as pasted. Not a
		// synchronous exec: the server answering it runs in this process.
		const {stdout} = await promisify(execFile)('bash', ['-c', command], {env: {...env, PATH: process.env.PATH}});
		expect(stdout).toMatch(/^200 /);
		expect(paths).toEqual(['/odata/Products?$filter=Price%20gt%205&$top=1', '/odata/Products?$filter=Price%20gt%205&$top=1']);
		// The detail pane's `target` line says what is requested, as the command does: `Price gt 5` wrapped there
		// like prose read as three words, and copied it was a URL curl refuses.
		expect(checkTarget(displayCheck(check))).toBe(`GET http://127.0.0.1:${port}/odata/••••?$filter=Price%20gt%205&$top=1`);
	});
});
