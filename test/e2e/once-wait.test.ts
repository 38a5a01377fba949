import http from 'node:http';
import process from 'node:process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli, startUptop} from '../helpers/run-cli.js';

let server: http.Server;
let base: string;
let directory: string;
/** When each `/late/KEY` was first asked: it answers 503 for its first 3 s, as a service in a rolling restart. */
const firstAsked = new Map<string, number>();
const lateForMs = 3000;

function writeConfig(name: string, lines: readonly string[]): string {
	const file = path.join(directory, name);
	writeFileSync(file, `${['checks:', ...lines].join('\n')}\n`);
	return file;
}

beforeAll(async () => {
	server = http.createServer((request, response) => {
		const url = request.url ?? '/';
		if (url === '/ok') {
			response.writeHead(200).end('ok');
		} else if (url.startsWith('/late/')) {
			if (!firstAsked.has(url)) firstAsked.set(url, Date.now());
			const isUp = Date.now() - firstAsked.get(url)! >= lateForMs;
			response.writeHead(isUp ? 200 : 503).end(isUp ? 'ok' : 'restarting');
		} else {
			response.writeHead(503).end('down');
		}
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	base = `http://127.0.0.1:${(server.address() as {port: number}).port}`;
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-once-wait-'));
});

afterAll(() => {
	server?.closeAllConnections();
	server?.close();
});

describe('uptop --once --wait', () => {
	it('waits for a check in a rolling restart, then prints the table of the round that found every check up and exits 0', async () => {
		const file = writeConfig('late.yaml', [`  - {name: orders api, url: ${base}/ok}`, `  - {name: stock api, url: ${base}/late/table}`]);
		const run = await runCli(['--once', '--wait', '20s', file], {timeoutMs: 25_000});
		expect(run.code).toBe(0);
		expect(run.durationMs).toBeGreaterThanOrEqual(lateForMs);
		expect(run.stdout.split('\n')[0]).toMatch(/^UPTOP OK - 0 failing, 0 warn, 0 slow, 2 up/);
		expect(run.stdout).toMatch(/^up +stock api /m);
		const progress = run.stderr.trimEnd().split('\n');
		expect(progress[0]).toBe('uptop: waiting up to 20s for every check to be up');
		// Said when the set of checks not up changes, not at every round.
		expect(progress.filter(line => line.startsWith('uptop: not up yet:'))).toEqual(['uptop: not up yet: stock api (failing)']);
		expect(progress.at(-1)).toMatch(/^uptop: every check up after \d+(\.\d)?s$/);
	}, 30_000);

	it('gives up when the wait is over: the last round\'s table, its exit code, and on stderr what is not up', async () => {
		// The name holds a value from the environment: masked on stderr as in the table, `****` with --ascii.
		const file = writeConfig('down.yaml', [`  - {name: orders api, url: ${base}/ok}`, `  - {name: "\${UPTOP_TEST_SERVICE} api", url: ${base}/down}`]);
		const run = await runCli(['--once', '--ascii', '--wait', '3s', file], {env: {UPTOP_TEST_SERVICE: 'hunter2-billing'}, timeoutMs: 15_000});
		expect(run.code).toBe(2);
		// Loose bounds: the machine is shared. At least the wait; not a round's worth of pause past it.
		expect(run.durationMs).toBeGreaterThanOrEqual(3000);
		expect(run.durationMs).toBeLessThan(7000);
		expect(run.stdout.split('\n')[0]).toMatch(/^UPTOP CRITICAL - 1 failing, 0 warn, 0 slow, 1 up/);
		expect(run.stdout).toMatch(/^failing +\*\*\*\* api +\S+ ms +status 503/m);
		expect(run.stderr.trimEnd().split('\n').at(-1)).toMatch(/^uptop: not every check up after 3(\.\d)?s: \*\*\*\* api \(failing\)$/);
		expect(`${run.stdout}${run.stderr}`).not.toContain('hunter2');
		expect(run.stderr).not.toContain('•');
	}, 20_000);

	it('writes a wait of a minute or more as the rest of uptop writes durations: `1m 30s`, not `90s`', async () => {
		const file = writeConfig('up.yaml', [`  - {name: orders api, url: ${base}/ok}`]);
		const run = await runCli(['--once', '--wait', '1.5m', file], {timeoutMs: 15_000});
		expect(run.code).toBe(0);
		expect(run.stderr.split('\n')[0]).toBe('uptop: waiting up to 1m 30s for every check to be up');
	}, 20_000);

	it('with --json keeps stdout to the NDJSON records; the progress is on stderr', async () => {
		const file = writeConfig('late-json.yaml', [`  - {name: orders api, url: ${base}/ok}`, `  - {name: stock api, url: ${base}/late/json}`]);
		const run = await runCli(['--once', '--json', '--wait', '20s', file], {timeoutMs: 25_000});
		expect(run.code).toBe(0);
		const records = run.stdout.trimEnd().split('\n').map(line => JSON.parse(line) as {type: string; name: string; state: string});
		expect(records.map(record => [record.type, record.name, record.state])).toEqual([['check', 'orders api', 'up'], ['check', 'stock api', 'up']]);
		expect(run.stderr).toContain('uptop: not up yet: stock api (failing)');
	}, 30_000);

	it.each([
		[['--wait', '2m'], 'uptop: --wait goes with --once: uptop --once --wait 2m [FILE] runs every check until all are up, at most 2m'],
		[['--json', '--wait', '2m'], 'uptop: --wait goes with --once: uptop --once --wait 2m [FILE] runs every check until all are up, at most 2m'],
		[['--once', '--wait', '0s'], 'uptop: --wait 0s: waits for nothing; write a duration longer than 0, such as 90s or 2m'],
		[['--once', '--wait', '-5s'], 'uptop: --wait -5s: a duration cannot be negative (`-5s`); write a duration such as 90s or 2m'],
		[['--once', '--wait', 'soon'], 'uptop: --wait soon: `soon` is not a duration; write a number with a unit: 250ms, 2s, 1m, 1h, 1d (or 1m30s)'],
		[['--once', '--wait=90'], 'uptop: --wait 90: `90` has no unit; write 90s (seconds) or 90ms (milliseconds)'],
		[['--once', '--wait'], 'uptop: --wait took {file} as its duration; give one before the file: uptop --once --wait 2m {file}'],
	])('%j is a usage error: exit 3, one line saying why, nothing probed', async (args, message) => {
		const file = writeConfig('usage.yaml', [`  - {name: billing api, url: ${base}/down}`]);
		const run = await runCli([...args, file]);
		expect(run.stderr).toBe(`${message.replaceAll('{file}', file)}\n`);
		expect(run.code).toBe(3);
		expect(run.stdout).toBe('');
	});

	// The last round starts before DURATION is up and is waited for whole (its table is that of a complete round):
	// a deploy gate that budgets exactly DURATION must be told the run can take a round longer: a check's every
	// attempt (retries), in as many turns as --concurrency makes.
	it('--help says the run can last DURATION plus a round, retries and turns included', async () => {
		const run = await runCli(['--help']);
		expect(run.stdout.replace(/\s+/g, ' ')).toContain('up to DURATION plus a round: the longest of a check\'s timeout times (retries + 1), times the turns --concurrency makes');
	});

	it('says a value-less --wait needs one', async () => {
		const file = writeConfig('usage.yaml', [`  - {name: billing api, url: ${base}/down}`]);
		const run = await runCli(['--once', file, '--wait']);
		expect(run.stderr).toBe('uptop: --wait needs a value (--wait DURATION)\n');
		expect(run.code).toBe(3);
		expect(run.stdout).toBe('');
	});

	it.each([
		['SIGTERM', 3],
		['SIGINT', 130],
	] as const)('%s during the pause between rounds exits %i at once, with no table', async (signal, expectedCode) => {
		const file = writeConfig(`signal-${signal}.yaml`, [`  - {name: billing api, url: ${base}/down}`]);
		const uptop = startUptop(['--once', '--wait', '30s', file], {env: {NO_COLOR: '1'}});
		try {
			// The first round is in once its checks not up are said; the next starts 2 s later.
			expect(await uptop.waitUntil(() => uptop.stderr().includes('not up yet'), 10_000)).toBe(true);
			const started = Date.now();
			expect(await uptop.stop(signal)).toBe(expectedCode);
			expect(Date.now() - started).toBeLessThan(1500);
			expect(uptop.stdout()).toBe('');
			expect(uptop.stderr().trimEnd().split('\n').at(-1)).toBe(`uptop: stopped by ${signal} while waiting for every check to be up; no result${signal === 'SIGINT' ? '' : ' (UNKNOWN)'}`);
		} finally {
			try {
				process.kill(uptop.pid, 'SIGKILL');
			} catch {
				// Already gone, as it should be.
			}
		}
	}, 20_000);
});
