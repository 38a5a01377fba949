import http from 'node:http';
import process from 'node:process';
import {mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli, startUptop} from '../helpers/run-cli.js';
import {hasTmux, nodeBinary, shellQuote, TmuxPane, uptopBinary} from '../helpers/tmux.js';

const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

let server: http.Server;
let directory: string;
let configFile: string;

beforeAll(async () => {
	server = http.createServer((_request, response) => {
		response.writeHead(503).end('x');
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as {port: number};
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-env-named-'));
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, ['defaults: {interval: 1s, timeout: 500ms}', 'checks:', `  - {name: "\${SVC} api", url: "http://127.0.0.1:${port}/"}`, ''].join('\n'));
});

afterAll(() => {
	server?.close();
});

/** The plain lines (stdout a pipe) of one run with SVC set to `service`, until the check has had one. */
async function plainRun(stateDir: string, service: string): Promise<{lines: string[]; stderr: string}> {
	const uptop = startUptop(['--state-dir', stateDir, configFile], {env: {SVC: service}});
	await uptop.waitUntil(() => uptop.stdout().includes('•••• api'), 8000);
	await uptop.stop();
	return {lines: uptop.stdout().split('\n').filter(Boolean), stderr: uptop.stderr()};
}

/** Every file uptop left in the state directory, as text. */
function stateText(stateDir: string): string {
	return readdirSync(stateDir).map(name => readFileSync(path.join(stateDir, name), 'utf8')).join('\n');
}

describe('a check named from the environment across a restart (`name: "${SVC} api"`)', () => {
	it('keeps its history under a hashed id: back after a restart, not for another value, the value nowhere on disk', async () => {
		// Such a check's records were not written at all: every restart began at "pending", and no report had it.
		const stateDir = path.join(directory, 'state');
		const first = await plainRun(stateDir, 'paysecret');
		expect(first.lines.filter(line => line.includes('api'))).toEqual([expect.stringMatching(/^\S+Z •••• api: pending → failing \([\d.]+ ms\) — status 503, expected 2xx — body: x$/)]);
		const stored = stateText(stateDir);
		expect(stored).toMatch(/"id":"h:[\da-f]{16}"/);
		expect(stored).not.toContain('paysecret');
		expect(stored).not.toContain('•••• api');
		expect(statSync(path.join(stateDir, 'history-key')).mode & 0o777).toBe(0o600);

		const second = await plainRun(stateDir, 'paysecret');
		expect(second.lines.filter(line => line.includes('api'))).toEqual([expect.stringMatching(/^\S+Z •••• api: failing, as before the restart \([\d.]+ ms\) — status 503, expected 2xx — body: x$/)]);

		// Another value is another check: the history of the first is not its own.
		const other = await plainRun(stateDir, 'othersecret');
		expect(other.lines.filter(line => line.includes('api'))).toEqual([expect.stringMatching(/^\S+Z •••• api: pending → failing /)]);
		const all = stateText(stateDir);
		expect(all).not.toContain('paysecret');
		expect(all).not.toContain('othersecret');
		for (const run of [first, second, other]) expect(run.stderr).toBe('');
		// The release report reads the hashed records back as the check's, for the value of the run that asks.
		const report = await runCli(['report', '--state-dir', stateDir, configFile], {env: {SVC: 'paysecret'}});
		expect(report.code).toBe(0);
		expect(report.stdout).toMatch(/•••• api.*failing/);
		expect(report.stdout).not.toContain('paysecret');
	}, 40_000);
});

describe('uptop validate with a check named from the environment', () => {
	it('says where its history\'s key is, in the --state-dir given', async () => {
		const stateDir = path.join(directory, 'validate-state');
		const run = await runCli(['validate', '--state-dir', stateDir, configFile], {env: {SVC: 'paysecret'}});
		expect(run.code).toBe(0);
		expect(run.stderr).toContain(`its history is kept under a keyed hash of the name, not the name (the key: ${path.join(stateDir, 'history-key')})`);
		expect(run.stdout + run.stderr).not.toContain('paysecret');
	});
});

describe.skipIf(isTmuxMissing)('the live screen after a restart, for a check named from the environment', () => {
	it('finds the state the last run left (read by the probe worker)', async () => {
		const stateDir = path.join(directory, 'live-state');
		await plainRun(stateDir, 'paysecret');
		const pane = TmuxPane.start(`${shellQuote(nodeBinary)} ${shellQuote(uptopBinary)} --state-dir ${shellQuote(stateDir)} ${shellQuote(configFile)}`, {env: {SVC: 'paysecret'}});
		try {
			await pane.waitFor(text => /failing\s+•••• api/.test(text));
			pane.sendKeys('e');
			const events = await pane.waitFor(text => /•••• api {2}failing, as before the restart/.test(text));
			expect(events).not.toContain('paysecret');
		} finally {
			pane.kill();
		}
	}, 30_000);
});
