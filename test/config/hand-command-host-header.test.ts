import {execFile} from 'node:child_process';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {handCommand} from '../../source/config/hand-command.js';
import {loadConfig} from '../../source/config/load-config.js';
import {startHttpsServer, type TestServer} from '../helpers/http-servers.js';
import {requireWorkingCommand, titleFor} from '../helpers/require-component.js';
import {createTestPki, readPem, type TestPki} from '../helpers/tls-certs.js';
import {writeFiles} from './temp-files.js';

const isReady = requireWorkingCommand(['openssl', 'version'], 'openssl') && requireWorkingCommand(['curl', '--version'], 'curl');

function commandOf(yaml: string, env: NodeJS.ProcessEnv = {}): string {
	const directory = writeFiles({'checks.yaml': yaml});
	return handCommand(loadConfig(path.join(directory, 'checks.yaml'), {env}).checks[0]!);
}

const curl = String.raw`curl -sS -A uptop -o /dev/null -w '%{http_code} %{time_total}s\n' -m 5 -L`;

describe('handCommand for an https check with a Host header', () => {
	it('asks for the Host header\'s name at the URL\'s address, so curl checks the certificate the probe checks', () => {
		expect(commandOf('checks:\n  - {name: vhost, url: "https://127.0.0.1:8443/health?x=1", headers: {Host: a.example}}\n'))
			.toBe(`${curl} --connect-to a.example:443:127.0.0.1:8443 'https://a.example/health?x=1'`);
		// The Host header's port is the one curl sends; the URL's scheme gives the port to connect to when it names none.
		expect(commandOf('checks:\n  - {name: vhost, url: "https://10.0.0.5/", headers: {host: "a.example:9000"}}\n'))
			.toBe(`${curl} --connect-to a.example:9000:10.0.0.5:443 https://a.example:9000/`);
		expect(commandOf('checks:\n  - {name: v6, url: "https://user:pw@[::1]:8443/", headers: {Host: a.example}}\n'))
			.toBe(`${curl} --connect-to 'a.example:443:[::1]:8443' 'https://user:••••@a.example/'`);
	});

	it('keeps the variables of the URL and the Host header as variables', () => {
		expect(commandOf('checks:\n  - {name: vhost, url: "https://${ADDR}:8443/", headers: {Host: "${VHOST}"}}\n', {ADDR: '10.0.0.5', VHOST: 'a.example'}))
			.toBe(`${curl} --connect-to "\${VHOST}":443:"\${ADDR}":8443 https://"\${VHOST}"/`);
	});

	it('sends the Host header as a header for an http URL, where no certificate is checked', () => {
		expect(commandOf('checks:\n  - {name: vhost, url: "http://127.0.0.1:8080/", headers: {Host: a.example}}\n'))
			.toBe(`${curl} -H 'host: a.example' http://127.0.0.1:8080/`);
	});
});

describe.skipIf(!isReady)(titleFor('the by-hand curl of an https check with a Host header, run', isReady, 'openssl and curl'), () => {
	let pki: TestPki;
	let server: TestServer;

	beforeAll(async () => {
		pki = createTestPki();
		server = await startHttpsServer(readPem(pki.leaf('a-host', ['a.example'], -1, 30)), (request, response) => {
			response.end(request.headers.host);
		});
	});

	afterAll(async () => {
		await server?.close();
		pki?.cleanup();
	});

	it('gets the answer the probe gets, where the certificate is for the Host header\'s name', async () => {
		const command = commandOf(`checks:\n  - {name: vhost, url: "https://127.0.0.1:${server.port}/", headers: {Host: a.example}, ca: ${pki.caFile}, timeout: 3s}\n`);
		// Not spawnSync: the server answers from this process.
		const run = await promisify(execFile)('bash', ['-c', command], {encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL'}).catch((error: unknown) => error as {stdout: string; stderr: string});
		expect(run.stderr).toBe('');
		expect(run.stdout).toMatch(/^200 /);
		expect(server.requests.at(-1)?.headers.host).toBe('a.example');
	}, 30_000);
});
