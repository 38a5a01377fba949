import http from 'node:http';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli, startUptop} from '../helpers/run-cli.js';

// An uptop --only one check ran while no other uptop watched the rest: the report, at exit and made later, says
// the rest were not watched then, which it used to count as watched because some uptop was recording.
const port = 19_660;
let server: http.Server;
let directory: string;
let configFile: string;

beforeAll(async () => {
	server = http.createServer((request, response) => {
		response.writeHead(200).end('x');
	});
	await new Promise<void>(resolve => {
		server.listen(port, '127.0.0.1', resolve);
	});
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-report-unwatched-only-'));
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, ['defaults: {interval: 1s, timeout: 500ms}', 'checks:', `  - {name: ctl api, url: "http://127.0.0.1:${port}/ctl"}`, `  - {name: web api, url: "http://127.0.0.1:${port}/web"}`, ''].join('\n'));
});

afterAll(() => {
	server?.close();
	rmSync(directory, {recursive: true, force: true});
});

const sleep = async (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('a report after an uptop --only one check watched alone for a while', () => {
	it('says the other check was not watched then, at exit (--report) and from `uptop report`', async () => {
		const stateDir = path.join(directory, 'state');
		const reportFile = path.join(directory, 'release.md');
		const all = startUptop(['--state-dir', stateDir, configFile]);
		expect(await all.waitUntil(() => all.stdout().includes('web api: pending → up'), 8000)).toBe(true);
		// Started beside it, so that some uptop records all along: no "no uptop running" span.
		const only = startUptop(['--state-dir', stateDir, '--only', 'ctl*', configFile]);
		await sleep(2500);
		expect(await all.stop()).toBe(0);
		// Longer than a silence a check's own results can leave without anyone stopping (interval + timeout × (retries
		// + 1) + 5 s: prepare-report.ts), which is not listed.
		await sleep(9000);
		const again = startUptop(['--state-dir', stateDir, '--report', reportFile, configFile]);
		expect(await again.waitUntil(() => again.stdout().includes('web api'), 8000), again.stdout()).toBe(true);
		await sleep(1500);
		expect(await only.stop()).toBe(0);
		expect(await again.stop()).toBe(0);

		const notWatched = /^- Not watched: web api, \S+ \S+ UTC → \S+ \S+ UTC \((\d+)s, uptop running for other checks only\)$/m;
		const atExit = readFileSync(reportFile, 'utf8');
		const seconds = Number(notWatched.exec(atExit)?.[1]);
		expect(seconds, atExit).toBeGreaterThanOrEqual(8);
		expect(atExit).not.toContain('no uptop running');
		expect(atExit).not.toContain('Not watched: ctl api');
		expect(atExit).toMatch(/^- Uptime is of the watched time only: .* \(web api: \S+( \S+)?\)$/m);

		const later = await runCli(['report', '--state-dir', stateDir, '--config', configFile]);
		expect(later.code, later.stderr).toBe(0);
		expect(notWatched.exec(later.stdout)?.[0]).toBe(notWatched.exec(atExit)?.[0]);
	}, 50_000);
});
