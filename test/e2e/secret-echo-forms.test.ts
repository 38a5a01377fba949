import http from 'node:http';
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli, startUptop} from '../helpers/run-cli.js';

// A credential with characters every encoder treats differently: `/ + :` and a space.
const token = 'Tok/qz9wv+xk7c:55 Qz';
// A host name from the environment, which the URL parser and every error that names it write in lower case.
const host = 'LocalHost';
const env = {UPTOP_TEST_TOKEN: token, UPTOP_TEST_HOST: host};

/** The token as a target echoes it back, each way a server or a JSON encoder rewrites it. */
const echoes: Record<string, string> = {
	'lower-hex': encodeURIComponent(token).replaceAll(/%[\dA-F]{2}/g, escape => escape.toLowerCase()),
	form: encodeURIComponent(token).replaceAll('%20', '+'),
	uri: encodeURI(token),
	upper: token.toUpperCase(),
};

/** A FastAPI 422 body quoting the token it was sent, as a JSON encoder that escapes `/` and a letter writes it. */
const fastapiBody = `{"detail":[{"msg":"invalid token","input":"${token.replace('T', String.raw`\u0054`).replaceAll('/', String.raw`\/`)}"}]}`;

let server: http.Server;
let directory: string;
let configFile: string;

/** Every string in `text`: the text itself, and the strings inside each line that is JSON (escapes read). */
function readable(text: string): string {
	const strings: string[] = [text];
	const collect = (value: unknown): void => {
		if (typeof value === 'string') strings.push(value);
		else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) collect(item);
	};

	for (const line of text.split('\n')) {
		try {
			collect(JSON.parse(line));
		} catch {}
	}

	// A report escapes Markdown: `\+`, `\_`.
	return [...strings, text.replaceAll(/\\(?=[^\w\s])/g, '')].join('\n');
}

function expectNoEcho(text: string): void {
	const seen = readable(text);
	// Whatever the form, the token's letters and digits stay in runs of their own; only their case may change.
	expect(seen).not.toMatch(/qz9wv|xk7c/i);
	expect(seen).not.toMatch(/localhost/i);
	for (const echo of [...Object.values(echoes), fastapiBody]) expect(seen).not.toContain(echo);
}

beforeAll(async () => {
	// Echoes the credential it was sent in the status text, and in the body in the form the path names.
	server = http.createServer((request, response) => {
		const form = request.url!.split('?')[0]!.split('/').at(-1)!;
		response.writeHead(500, `Denied ${token.toUpperCase()}`, {'content-type': form === 'json' ? 'application/json' : 'text/plain'});
		response.end(form === 'json' ? fastapiBody : `got ${echoes[form] ?? ''}`);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as {port: number};
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-secret-echo-'));
	configFile = path.join(directory, 'checks.yaml');
	const formChecks = [...Object.keys(echoes), 'json'].flatMap(form => [
		`  - name: echo ${form}`,
		`    url: "http://127.0.0.1:${port}/f/${form}?token=\${UPTOP_TEST_TOKEN}"`,
		'    headers: {authorization: "Bearer ${UPTOP_TEST_TOKEN}"}',
	]);
	writeFileSync(configFile, [
		'defaults: {interval: 500ms, timeout: 400ms}',
		'checks:',
		...formChecks,
		'  - name: host from the environment',
		'    url: "http://${UPTOP_TEST_HOST}:1/health"',
		'',
	].join('\n'));
});

afterAll(() => {
	server?.closeAllConnections();
	server?.close();
});

describe('a secret a target echoes in another encoding or letter case', () => {
	it('is hidden in --once, --once --json, plain lines, the NDJSON stream, the history and the report', async () => {
		const stateDir = path.join(directory, 'state');
		const once = await runCli(['--once', '--state-dir', stateDir, configFile], {env});
		expect(once.code).toBe(2);
		expect(once.stdout).toContain('echo lower-hex');
		expect(once.stdout).toContain('host from the environment');
		expectNoEcho(once.stdout + once.stderr);

		const json = await runCli(['--once', '--json', configFile], {env});
		const records = json.stdout.trim().split('\n').map(line => JSON.parse(line) as {name: string; excerpt: string | null; target: string});
		// Each echo reached the output, hidden.
		for (const form of Object.keys(echoes)) expect(records.find(record => record.name === `echo ${form}`)?.excerpt).toBe('got ••••');
		expect(records.find(record => record.name === 'echo json')?.excerpt).toBe('{"detail":[{"msg":"invalid token","input":"••••"}]}');
		expectNoEcho(json.stdout + json.stderr);

		for (const args of [['--json'], []]) {
			const uptop = startUptop([...args, '--state-dir', stateDir, configFile], {env});
			const output = () => uptop.stdout() + uptop.stderr();
			// Every check's line: they come in the order their probes answer, not the config's.
			const names = [...Object.keys(echoes).map(form => `echo ${form}`), 'echo json', 'host from the environment'];
			await uptop.waitUntil(() => names.every(name => output().includes(name)), 8000);
			await uptop.stop();
			expect(output()).toContain('echo upper');
			expectNoEcho(output());
		}

		const [historyFile] = readdirSync(stateDir).filter(name => name.endsWith('.jsonl'));
		const history = readFileSync(path.join(stateDir, historyFile!), 'utf8');
		expect(history).toContain('echo uri');
		expectNoEcho(history);

		await runCli(['mark', '--config', configFile, '--state-dir', stateDir, 'deploy'], {env});
		const report = await runCli(['report', '--config', configFile, '--state-dir', stateDir], {env});
		expect(report.stdout).toContain('echo form');
		expectNoEcho(report.stdout + report.stderr);
	}, 40_000);
});
