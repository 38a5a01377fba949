import {spawn} from 'node:child_process';
import http from 'node:http';
import process from 'node:process';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {nodeBinary, uptopBinary} from '../helpers/tmux.js';

/** `uptop report` on a history whose key (history-key, beside it) was broken after a check named from the environment was recorded. */
let server: http.Server;
let directory: string;
let configFile: string;

beforeAll(async () => {
	server = http.createServer((_request, response) => {
		response.writeHead(503).end('x');
	});
	await new Promise<void>(resolve => {
		server.listen(20_650, '127.0.0.1', resolve);
	});
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-report-broken-key-'));
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, ['defaults: {interval: 1s, timeout: 500ms}', 'checks:', '  - {name: "${SVC} api", url: "http://127.0.0.1:20650/", owner: "@pay"}', ''].join('\n'));
});

afterAll(() => {
	server?.closeAllConnections();
	server?.close();
	rmSync(directory, {recursive: true, force: true});
});

const env = {SVC: 'zq-pay-secret'};

/** Watches with --json until two results are out, then stops it (SIGTERM, so it writes its history); SIGKILL at 15 s. */
async function watchUntilRecorded(stateDir: string, extra: readonly string[] = []): Promise<{records: number; stderr: string}> {
	const child = spawn(nodeBinary, [uptopBinary, '--json', '--state-dir', stateDir, ...extra, configFile], {env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe'], killSignal: 'SIGKILL', timeout: 15_000});
	let records = 0;
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	child.stdout.on('data', (chunk: Buffer) => {
		records += chunk.toString().split('\n').length - 1;
		if (records >= 2) child.kill('SIGTERM');
	});
	await new Promise(resolve => {
		child.once('close', resolve);
	});
	return {records, stderr};
}

/** A state directory with the check's records in it, under its hashed id, and the key then broken by `breakKey`. */
async function recordedThenBroken(name: string, breakKey: (keyFile: string) => void): Promise<string> {
	const stateDir = path.join(directory, name);
	const run = await watchUntilRecorded(stateDir);
	expect(run.records, run.stderr).toBeGreaterThanOrEqual(2);
	const histories = readdirSync(stateDir).filter(file => file.endsWith('.jsonl'));
	expect(histories.map(file => readFileSync(path.join(stateDir, file), 'utf8')).join('')).toMatch(/"id":"h:[\da-f]{16}"/);
	const keyFile = path.join(stateDir, 'history-key');
	rmSync(keyFile);
	breakKey(keyFile);
	return stateDir;
}

const brokenKeys: Array<[string, (keyFile: string) => void, (keyFile: string) => string]> = [
	['garbage', keyFile => writeFileSync(keyFile, 'not a key at all\n'), keyFile => `${keyFile} does not hold a key uptop wrote (64 hex digits)`],
	['truncated', keyFile => writeFileSync(keyFile, 'ab12cd'), keyFile => `${keyFile} does not hold a key uptop wrote (64 hex digits)`],
	['a directory', keyFile => mkdirSync(keyFile), keyFile => `${keyFile} is a directory, where uptop keeps a file`],
];

describe('uptop report with a broken history key', () => {
	it.each(brokenKeys)('says the key problem once on stderr, and as the reason of the check it hides: %s', async (name, breakKey, problem) => {
		const stateDir = await recordedThenBroken(name.replace(' ', '-'), breakKey);
		const keyFile = path.join(stateDir, 'history-key');
		const report = await runCli(['report', '--config', configFile, '--state-dir', stateDir], {env, timeoutMs: 15_000});
		expect(report.code, report.stderr).toBe(0);
		expect(report.stderr.split(problem(keyFile)).length - 1, report.stderr).toBe(1);
		expect(report.stderr).toMatch(/^uptop report: the records of checks named from the environment cannot be matched to them: /m);
		const attention = report.stdout.split('## Needs attention')[1] ?? '';
		expect(attention).toContain('### •••• api — no data');
		expect(attention).not.toContain('with another value');
		expect(attention).toContain(`(its records, kept under a name from the environment, cannot be matched to it: ${problem(keyFile)}`);
		expect(`${report.stdout}${report.stderr}`).not.toContain('zq-pay-secret');
	}, 30_000);
});

describe('uptop --report FILE with a broken history key', () => {
	it('names the key problem as the reason of the check it hides, in the report written at exit', async () => {
		const stateDir = await recordedThenBroken('at-exit', keyFile => writeFileSync(keyFile, 'not a key at all\n'));
		const reportFile = path.join(directory, 'at-exit.md');
		const run = await watchUntilRecorded(stateDir, ['--report', reportFile]);
		const problem = `${path.join(stateDir, 'history-key')} does not hold a key uptop wrote (64 hex digits)`;
		expect(run.stderr.split(problem).length - 1, run.stderr).toBe(1);
		const attention = readFileSync(reportFile, 'utf8').split('## Needs attention')[1] ?? '';
		expect(attention).toContain('### •••• api — no data');
		expect(attention).not.toContain('with another value');
		expect(attention).toContain(`(its records, kept under a name from the environment, cannot be matched to it: ${problem}`);
	}, 30_000);
});
