import http from 'node:http';
import process from 'node:process';
import {spawn} from 'node:child_process';
import {closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, realpathSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {holdAnswers} from '../helpers/http-servers.js';
import {runCli, startUptop} from '../helpers/run-cli.js';
import {nodeBinary, testStateHome, uptopBinary} from '../helpers/tmux.js';
import {holdDemoPort, withDemoPort} from '../helpers/demo-port-lock.js';

const env = {...process.env, XDG_STATE_HOME: testStateHome};

let server: http.Server;
let base: string;
const held = holdAnswers(150);
let directory: string;

function writeConfig(name: string, lines: readonly string[]): string {
	const file = path.join(directory, name);
	writeFileSync(file, `${lines.join('\n')}\n`);
	return file;
}

/** Runs the real binary with stdout on /dev/full (a full disk) and stderr piped: its exit code and what it said. */
async function runWithFullStdout(args: readonly string[]): Promise<{code: number | null; stderr: string}> {
	return new Promise(resolve => {
		const full = openSync('/dev/full', 'w');
		const child = spawn(nodeBinary, [uptopBinary, ...args], {stdio: ['ignore', full, 'pipe'], env});
		closeSync(full);
		let stderr = '';
		child.stderr!.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), 6000);
		child.on('close', code => {
			clearTimeout(timer);
			resolve({code, stderr});
		});
	});
}

beforeAll(async () => {
	server = http.createServer((request, response) => {
		const url = request.url ?? '/';
		if (url === '/ok') {
			response.writeHead(200, {'content-type': 'application/json'}).end('{"status":"UP","version":"1.2.3"}');
		} else if (url === '/slow') {
			setTimeout(() => response.writeHead(200).end('ok'), 150);
		} else if (url.startsWith('/held/')) {
			held.respond(response);
		} else if (url === '/hang') {
			// Accepts and never answers.
		} else if (url.startsWith('/echo')) {
			response.writeHead(500).end(`you sent ${request.headers.authorization ?? ''}`);
		} else {
			response.writeHead(503).end('down');
		}
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	base = `http://127.0.0.1:${(server.address() as {port: number}).port}`;
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-headless-'));
});

afterAll(() => {
	server?.closeAllConnections();
	server?.close();
});

describe('uptop --once', () => {
	it('exits 0 and prints a Nagios-style first line when every check is up', async () => {
		const file = writeConfig('up.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok}`, `  - {name: stock api, url: ${base}/ok, group: stock}`]);
		const run = await runCli(['--once', file]);
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		expect(run.stdout.split('\n')[0]).toMatch(/^UPTOP OK - 0 failing, 0 warn, 0 slow, 2 up/);
		expect(run.stdout).toMatch(/up\s+orders api/);
	});

	it('exits 1 when the worst check is slow', async () => {
		const file = writeConfig('slow.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok}`, `  - {name: search api, url: ${base}/slow, slow: 100ms}`]);
		const run = await runCli(['--once', file]);
		expect(run.code).toBe(1);
		expect(run.stdout).toMatch(/slow\s+search api/);
	});

	it('exits 2 when a check fails, and says why', async () => {
		const file = writeConfig('fail.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok}`, `  - {name: billing job, url: ${base}/down, expect: {status: 200}}`]);
		const run = await runCli(['--once', file]);
		expect(run.code).toBe(2);
		expect(run.stdout).toMatch(/failing\s+billing job.*503/);
	});

	it('finishes within the timeout plus a second even when a target hangs', async () => {
		const file = writeConfig('hang.yaml', ['checks:', `  - {name: hung api, url: ${base}/hang, timeout: 1s}`, `  - {name: orders api, url: ${base}/ok}`]);
		const run = await runCli(['--once', file]);
		expect(run.code).toBe(2);
		expect(run.stdout).toMatch(/hung api.*timeout/);
		expect(run.durationMs).toBeLessThan(1000 + 1000 + 1500 /* process start-up */);
	});

	it('exits 3 when a plugin cannot tell (its exit 3, UNKNOWN), unless something is failing', async () => {
		const unknown = '  - {name: disk plugin, kind: command, run: [sh, -c, "echo \'DISK UNKNOWN - cannot read /data\'; exit 3"]}';
		const alone = await runCli(['--once', writeConfig('unknown.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok}`, unknown])]);
		expect(alone.code).toBe(3);
		expect(alone.stdout.split('\n')[0]).toMatch(/^UPTOP UNKNOWN - 0 failing, 0 warn, 0 slow, 1 up, 1 unknown \| .* unknown=1$/);
		expect(alone.stdout).toMatch(/unknown\s+disk plugin .*DISK UNKNOWN - cannot read \/data/);
		const json = await runCli(['--once', '--json', writeConfig('unknown.yaml', ['checks:', unknown])]);
		expect(JSON.parse(json.stdout.trim())).toMatchObject({name: 'disk plugin', state: 'unknown', reason: {code: 'command:unknown'}, perfdata: null});
		const measured = '  - {name: disk, kind: command, run: [sh, -c, "echo \'DISK OK | used=72%;80;90\'"]}';
		const withPerfdata = await runCli(['--once', '--json', writeConfig('perfdata-once.yaml', ['checks:', measured])]);
		expect(JSON.parse(withPerfdata.stdout.trim())).toMatchObject({state: 'up', perfdata: [{label: 'used', value: 72, unit: '%', warn: '80', crit: '90'}]});
		const withFailing = await runCli(['--once', writeConfig('unknown-failing.yaml', ['checks:', unknown, `  - {name: billing job, url: ${base}/down}`])]);
		expect(withFailing.code).toBe(2);
	});

	it('exits 3 with a located error and no stack trace for a bad config', async () => {
		const file = writeConfig('bad.yaml', ['checks:', `  - name: orders api`, `    url: ${base}/ok`, '    timout: 5s']);
		const run = await runCli(['--once', file]);
		expect(run.code).toBe(3);
		expect(run.stderr).toContain('bad.yaml:4:5');
		expect(run.stderr).toContain('timeout');
		expect(run.stderr).not.toMatch(/\n\s+at /);
	});

	it('exits 3 for a missing file, naming it, with a hint that fits --once', async () => {
		const run = await runCli(['--once', 'nope.yaml'], {cwd: directory});
		expect(run.code).toBe(3);
		expect(run.stderr).toContain('nope.yaml');
		expect(run.stderr).not.toMatch(/\n\s+at /);
		expect(run.stderr).toContain(`hint: looked at ${path.join(directory, 'nope.yaml')}; start a checks file there with \`uptop init nope.yaml\`, or give the path of an existing one`);
		expect(run.stderr).not.toContain('uptop validate');
	});

	it('selects checks with --only and --group', async () => {
		const file = writeConfig('select.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok, group: shop}`, `  - {name: billing job, url: ${base}/down, group: jobs}`]);
		const only = await runCli(['--once', '--only', 'orders*', file]);
		expect(only.code).toBe(0);
		expect(only.stdout).not.toContain('billing job');
		const group = await runCli(['--once', '--group', 'jobs', file]);
		expect(group.code).toBe(2);
		expect(group.stdout).not.toContain('orders api');
	});

	it('says what a filter that matches nothing missed: --once keeps its UNKNOWN line, --json refuses to run empty', async () => {
		const file = writeConfig('typo.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok, group: shop}`, `  - {name: billing job, url: ${base}/ok, group: jobs}`]);
		const once = await runCli(['--once', '--only', 'order-api', file]);
		expect(once.code).toBe(3);
		expect(once.stdout).toBe('UPTOP UNKNOWN - no checks selected\n');
		expect(once.stderr).toBe('uptop: no check in typo.yaml matches --only order-api (it has checks orders api, billing job; * and ? are wildcards, case aside)\n');
		const stream = await runCli(['--json', '--group', 'payments', file], {timeoutMs: 5000});
		expect(stream.code).toBe(3);
		expect(stream.stdout).toBe('');
		expect(stream.stderr).toContain('no check in typo.yaml matches --group payments (it has groups shop, jobs;');
	});
});

describe('--ascii without the screen', () => {
	const nonAscii = /[^\u0000-\u007F]/u;
	const config = () => writeConfig('ascii.yaml', [
		'checks:',
		`  - {name: orders api, url: ${base}/ok, group: 支払い}`,
		`  - {name: billing api, url: "${base}/echo?token=\${ASCII_TOKEN}", owner: "@billing", rollback: "helm rollback billing — then page", headers: {Authorization: "Bearer \${ASCII_TOKEN}"}}`,
	]);

	it('--once prints only ASCII, its columns still lined up, secrets as ****', async () => {
		const run = await runCli(['--once', '--ascii', '--no-history', config()], {env: {ASCII_TOKEN: 'tok-123'}});
		expect(run.code).toBe(2);
		expect(run.stdout).not.toMatch(nonAscii);
		expect(run.stdout).not.toContain('tok-123');
		expect(run.stdout).toMatch(/up\s+orders api\s+\?{6}\s+\S+ ms\s+200 OK \. \d+ B \. /);
		expect(run.stdout).toContain('GET ' + base + '/echo?token=****');
		expect(run.stdout).toContain('helm rollback billing - then page');
		const [, header, ...rows] = run.stdout.split('\n');
		// A group of three two-cell characters became a `?` for each cell: the DETAIL column still starts where its heading does.
		for (const row of rows.slice(0, 2)) expect(row.slice(header!.indexOf('DETAIL')), row).toMatch(/^(200 OK|status 500)/);
		// Without the flag, the same table keeps its Unicode.
		const unicode = await runCli(['--once', '--no-history', config()], {env: {ASCII_TOKEN: 'tok-123'}});
		expect(unicode.stdout).toContain('••••');
	});

	it('plain state-change lines are ASCII, with -> between the states', async () => {
		const uptop = startUptop(['--ascii', '--no-history', config()], {env: {ASCII_TOKEN: 'tok-123'}});
		await uptop.waitUntil(() => uptop.stdout().split('\n').length > 2, 8000);
		await uptop.stop();
		const lines = uptop.stdout().trim().split('\n');
		expect(lines.length).toBe(2);
		for (const line of lines) expect(line).not.toMatch(nonAscii);
		expect(uptop.stdout()).toMatch(/orders api: pending -> up \(\S+ ms\)/);
		expect(uptop.stdout()).toMatch(/billing api: pending -> failing \(\S+ ms\) - status 500/);
	});
});

describe('the cap on probes in flight', () => {
	const heldChecks = (count: number) => Array.from({length: count}, (_, index) => `  - {name: held ${index}, url: ${base}/held/${index}}`);

	it('is `concurrency:` in the file, `--concurrency` overrides it, and without either all 8 checks of --once start together', async () => {
		const capped = writeConfig('capped.yaml', ['concurrency: 2', 'checks:', ...heldChecks(8)]);
		held.reset();
		const fromFile = await runCli(['--once', '--json', capped]);
		expect(fromFile.stderr).toBe('');
		expect(fromFile.code).toBe(0);
		expect(fromFile.stdout.trim().split('\n').map(line => JSON.parse(line).state)).toEqual(Array.from({length: 8}, () => 'up'));
		expect(held.max()).toBe(2);
		held.reset();
		const fromFlag = await runCli(['--once', '--concurrency', '1', capped]);
		expect(fromFlag.code).toBe(0);
		expect(held.max()).toBe(1);
		held.reset();
		const free = await runCli(['--once', writeConfig('uncapped.yaml', ['checks:', ...heldChecks(8)])]);
		expect(free.code).toBe(0);
		expect(held.max()).toBe(8);
	});

	it('makes --once wait for every turn: 10 hung checks one at a time all end with their timeout, none without a result', async () => {
		const file = writeConfig('turns.yaml', ['concurrency: 1', 'checks:', ...Array.from({length: 10}, (_, index) => `  - {name: hung ${index}, url: ${base}/hang, timeout: 700ms}`)]);
		const run = await runCli(['--once', '--json', file], {timeoutMs: 20_000});
		expect(run.code).toBe(2);
		const records = run.stdout.trim().split('\n').map(line => JSON.parse(line) as {state: string; reason?: string});
		expect(records.map(record => record.state)).toEqual(Array.from({length: 10}, () => 'failing'));
		// Ten turns of 700 ms: longer than one timeout plus the 5 s margin --once allowed before a cap was given.
		expect(run.durationMs).toBeGreaterThan(10 * 700);
	}, 25_000);

	it('holds for the --json stream too: 8 checks whose first runs fall in the same second take turns', async () => {
		const file = writeConfig('stream-capped.yaml', ['concurrency: 1', 'defaults: {interval: 30s, timeout: 2s}', 'checks:', ...heldChecks(8)]);
		held.reset();
		const uptop = startUptop(['--json', file]);
		const isDone = await uptop.waitUntil(() => uptop.records<{type: string}>().filter(record => record.type === 'result').length === 8, 8000);
		await uptop.stop();
		expect(isDone).toBe(true);
		expect(held.max()).toBe(1);
	});

	it('exits 3 (UNKNOWN), not 2 (CRITICAL), on a mistyped or value-less flag, and says which flag it meant', async () => {
		const file = writeConfig('plain-flags.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok}`]);
		const typo = await runCli(['--once', '--jsn', file]);
		expect(typo.code).toBe(3);
		expect(typo.stdout).toBe('');
		expect(typo.stderr).toBe('uptop: unknown flag --jsn; did you mean --json? (uptop --help lists them)\n');
		const bare = await runCli(['--once', file, '--report']);
		expect(bare.code).toBe(3);
		expect(bare.stderr).toBe('uptop: --report needs a value (--report FILE)\n');
		// A wrapper script that adds its own --state-dir: a stack trace and exit 1 (WARNING) before.
		const twice = await runCli(['--state-dir', 'a', '--once', '--state-dir', 'b', file]);
		expect(twice.code).toBe(3);
		expect(twice.stderr).toBe('uptop: --state-dir is given twice (once before); it takes one value, so give it once\n');
	});

	it('gives a value that starts with a dash to its flag: meow read it as flags and exited 2 (CRITICAL)', async () => {
		const file = writeConfig('dash-values.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok}`]);
		const report = await runCli(['--once', file, '--report', '-x.md']);
		expect(report.code).toBe(3);
		expect(report.stderr).toMatch(/^uptop: --report goes with a running monitor/);
		const config = await runCli(['--once', '-c', '-staging.yaml'], {cwd: directory});
		expect(config.code).toBe(3);
		expect(config.stderr).toMatch(/^-staging\.yaml: config file -staging\.yaml not found/);
	});

	it('takes a mistyped command for what it is, and refuses a second file instead of ignoring it', async () => {
		const typo = await runCli(['valdate']);
		expect(typo.code).toBe(3);
		expect(typo.stderr).toBe('uptop: no command or file `valdate`; did you mean `uptop validate`?\n');
		// A file after the typo does not make it a second checks file.
		const typoWithFile = await runCli(['valdiate', 'good2.yaml'], {cwd: directory});
		expect(typoWithFile.code).toBe(3);
		expect(typoWithFile.stderr).toBe('uptop: no command or file `valdiate`; did you mean `uptop validate`?\n');
		const file = writeConfig('first.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok}`]);
		const two = await runCli(['--once', file, 'second.yaml']);
		expect(two.code).toBe(3);
		expect(two.stdout).toBe('');
		expect(two.stderr).toBe(`uptop: one checks file at a time (got ${file}, second.yaml); list the others under include: in it\n`);
		// With --config as well: validate read the flag's file, said OK and never looked at the other.
		const both = await runCli(['validate', '-c', file, 'second.yaml']);
		expect(both.code).toBe(3);
		expect(both.stderr).toBe(`uptop: one checks file at a time (got --config ${file} and second.yaml); give it once, as FILE or with --config\n`);
		expect((await runCli(['validate', '-c', file, file])).code).toBe(0);
	});

	it('refuses a checks file beside --demo, and one given to mark as the first word of its label', async () => {
		// `uptop --once --demo up.yaml` printed the demo fleet's verdict; `uptop mark other.yaml "deploy 1"` added the
		// marker "other.yaml deploy 1" to the history of ./checks.yaml.
		const file = writeConfig('own.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok}`]);
		const demo = await runCli(['--once', '--demo', file]);
		expect(demo.code).toBe(3);
		expect(demo.stdout).toBe('');
		expect(demo.stderr).toBe(`uptop: --demo watches the built-in demo fleet, not ${file}: drop --demo to watch the file, or the file to watch the demo\n`);
		const demoConfig = await runCli(['--once', '--demo', '--config', file]);
		expect(demoConfig.code).toBe(3);
		const mark = await runCli(['mark', file, 'deploy 1'], {cwd: directory});
		expect(mark.code).toBe(3);
		expect(mark.stdout).toBe('');
		expect(mark.stderr).toBe(`uptop: mark takes its label as words and the checks file with --config: uptop mark --config ${file} "deploy 1"\n`);
	});

	it('shows the way to the demo when no file is named and the directory has no checks.yaml (validate keeps exit 1)', async () => {
		const empty = mkdtempSync(path.join(tmpdir(), 'uptop-empty-'));
		const message = `uptop: no checks.yaml in ${empty}\n  hint: give the checks file (uptop path/to/checks.yaml or --config FILE), start one with uptop init, or watch the built-in demo: uptop --demo\n`;
		const once = await runCli(['--once'], {cwd: empty});
		expect(once.code).toBe(3);
		expect(once.stderr).toBe(message);
		const validate = await runCli(['validate'], {cwd: empty});
		expect(validate.code).toBe(1);
		expect(validate.stderr).toBe(message);
		// The file given after --only is that flag's pattern: said, with the way to watch it.
		writeFileSync(path.join(empty, 'fleet.yaml'), 'checks: []\n');
		const taken = await runCli(['--once', '--only', 'fleet.yaml'], {cwd: empty});
		expect(taken.code).toBe(3);
		expect(taken.stderr).toBe(`uptop: no checks.yaml in ${empty}\n  hint: --only took fleet.yaml as its pattern; to watch that file, put it first or use --config: uptop fleet.yaml --only PATTERN\n`);
	});

	it('init writes a starter checks.yaml that validates and points at the shipped schema, and never overwrites it', async () => {
		const empty = mkdtempSync(path.join(tmpdir(), 'uptop-init-'));
		const init = await runCli(['init'], {cwd: empty});
		expect(init.code).toBe(0);
		expect(init.stdout).toBe('wrote checks.yaml: one http check to edit and a commented example of every kind\nnext: edit it, then uptop validate to check it and uptop to watch it\n');
		const written = readFileSync(path.join(empty, 'checks.yaml'), 'utf8');
		const schema = /^# yaml-language-server: \$schema=(.+)$/m.exec(written)?.[1];
		// A bare directory is in no project with this uptop inside it: the absolute path, the one that works here
		// (inside a project the path is relative to the file: test/modes/init.test.ts).
		expect(schema !== undefined && path.isAbsolute(schema) && existsSync(path.resolve(empty, schema)), `schema ${schema}`).toBe(true);
		const validate = await runCli(['validate'], {cwd: empty});
		expect(validate.stdout).toBe('1 check OK\n');
		expect(validate.code).toBe(0);

		const again = await runCli(['init'], {cwd: empty});
		expect(again.code).toBe(1);
		expect(again.stderr).toBe('uptop: checks.yaml already exists; uptop init never overwrites a file\n  hint: uptop validate checks.yaml checks it, or give init another name\n');
		expect(readFileSync(path.join(empty, 'checks.yaml'), 'utf8')).toBe(written);
		const named = await runCli(['init', 'staging.yaml'], {cwd: empty});
		expect(named.stdout).toMatch(/uptop validate staging\.yaml to check it and uptop staging\.yaml to watch it/);
		expect(existsSync(path.join(empty, 'staging.yaml'))).toBe(true);
	});

	it('refuses a --concurrency that is not a whole number from 1 to 10000, saying what it got', async () => {
		const file = writeConfig('plain.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok}`]);
		for (const [value, shown] of [['0', '0'], ['many', 'many'], ['2.5', '2.5'], ['10001', '10001']]) {
			const run = await runCli(['--once', `--concurrency=${value}`, file]);
			expect(run.code, value).toBe(3);
			expect(run.stdout, value).toBe('');
			expect(run.stderr, value).toBe(`uptop: --concurrency expects a whole number from 1 to 10000, found ${shown}\n`);
		}

		const report = await runCli(['report', '--concurrency', '4', '--config', file]);
		expect(report.code).toBe(3);
		expect(report.stderr).toBe('uptop: --concurrency goes with a running monitor (and validate, which judges it), not with uptop report\n');
	});
});

describe('--no-history with mark and report', () => {
	it('is refused, saying why: mark writes to the history and report reads it', async () => {
		// uptop mark --no-history wrote its marker to the default state directory anyway, and said nothing.
		const file = writeConfig('no-history.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok}`]);
		for (const subcommand of ['mark', 'report']) {
			const run = await runCli([subcommand, '--no-history', '--config', file, ...(subcommand === 'mark' ? ['deploy 1'] : [])]);
			expect(run.code, subcommand).toBe(3);
			expect(run.stdout, subcommand).toBe('');
			expect(run.stderr, subcommand).toBe(`uptop: --no-history goes with a running monitor, not with uptop ${subcommand}, which ${subcommand === 'mark' ? 'writes its marker to' : 'reads'} the history (--state-dir DIR names another directory)\n`);
		}
	});
});

describe('--report', () => {
	it('is refused, saying why, with --once and with --no-history, where it would have written nothing', async () => {
		const file = writeConfig('report.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok}`]);
		const report = path.join(directory, 'never.md');
		const once = await runCli(['--once', '--report', report, file]);
		expect(once.code).toBe(3);
		expect(once.stdout).toBe('');
		expect(once.stderr).toMatch(/^uptop: --report goes with a running monitor .*not --once/);
		const noHistory = await runCli(['--json', '--no-history', '--report', report, file], {timeoutMs: 5000});
		expect(noHistory.code).toBe(3);
		expect(noHistory.stderr).toMatch(/^uptop: --report is made from the history file, which --no-history turns off/);
		expect(existsSync(report)).toBe(false);
	});

	it('says where it wrote the report when the stream stops', async () => {
		const file = writeConfig('report-written.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok, interval: 1s}`]);
		const report = path.join(directory, 'release.md');
		const uptop = startUptop(['--json', '--report', report, file]);
		expect(await uptop.waitUntil(() => uptop.stdout().includes('"type":"result"'), 10_000)).toBe(true);
		expect(await uptop.stop()).toBe(0);
		expect(uptop.stderr()).toContain(`uptop: report written to ${report}\n`);
		expect(readFileSync(report, 'utf8')).toContain('orders api');
	});

	it('is refused at the start when it could not be written at the end, not after a whole release watched', async () => {
		const file = writeConfig('report-where.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok}`]);
		const missing = path.join(directory, 'no-such-dir', 'release.md');
		const stream = await runCli(['--json', '--report', missing, file], {timeoutMs: 5000});
		expect(stream.code).toBe(3);
		expect(stream.stdout).toBe('');
		expect(stream.stderr).toBe(`uptop: --report ${missing}: its directory ${path.dirname(missing)} does not exist\n`);
		const plain = await runCli(['--report', directory, file], {timeoutMs: 5000});
		expect(plain.code).toBe(3);
		expect(plain.stderr).toBe(`uptop: --report ${directory}: it is a directory; name a file in it, such as ${path.join(directory, 'release-report.md')}\n`);
	});
});

describe('uptop --demo', () => {
	it('runs the demo fleet once: healthy, slow and failing checks, even when its usual port is taken', async () => withDemoPort(async () => {
		const blocker = await holdDemoPort();
		try {
			const run = await runCli(['--demo', '--once'], {timeoutMs: 20_000});
			expect(run.code).toBe(2);
			// The checks went to the fleet's other port, not the one in checks.yaml: said on stderr, stdout keeps the table.
			expect(run.stderr).toMatch(/^uptop: demo fleet on 127\.0\.0\.1:(\d+) \(checks\.yaml says 47800, which was in use\)\n$/);
			expect(run.stderr).not.toContain('127.0.0.1:47800 ');
			expect(run.stdout).toMatch(/up\s+payments api/);
			expect(run.stdout).toMatch(/slow\s+search api/);
			expect(run.stdout).toMatch(/failing\s+invoice-sync job\s.*status 500, expected 200/);
			expect(run.stdout).toMatch(/up\s+queue depth\s.*queue depth 12/);
		} finally {
			await blocker.close();
		}
	}), 85_000);
});

describe('uptop --json', () => {
	it('with --once prints one JSON object per check with the documented fields, secrets redacted', async () => {
		const file = writeConfig('json.yaml', [
			'checks:',
			`  - {name: orders api, url: ${base}/ok, group: shop, version: {json: version}}`,
			`  - name: echo`,
			`    url: ${base}/echo`,
			'    headers: {authorization: "Bearer ${UPTOP_TEST_TOKEN}"}',
			'    runbook: "https://wiki.example/echo?token=${UPTOP_TEST_TOKEN}"',
			'    rollback: helm rollback echo',
			'    expect: {status: 200}',
		]);
		const run = await runCli(['--once', '--json', file], {env: {UPTOP_TEST_TOKEN: 'hunter2-secret'}});
		expect(run.code).toBe(2);
		const lines = run.stdout.trim().split('\n');
		expect(lines).toHaveLength(2);
		const records = lines.map(line => JSON.parse(line) as Record<string, unknown>);
		const orders = records.find(record => record.name === 'orders api')!;
		expect(orders).toMatchObject({name: 'orders api', group: 'shop', state: 'up', version: '1.2.3'});
		expect(typeof orders.latencyMs).toBe('number');
		expect(Date.parse(orders.at as string)).not.toBeNaN();
		expect(orders).toMatchObject({runbook: null, rollback: null, expected: 'status 2xx'});
		expect(records.find(record => record.name === 'echo')).toMatchObject({state: 'failing', runbook: 'https://wiki.example/echo?token=••••', rollback: 'helm rollback echo', expected: 'status 200'});
		expect(run.stdout).not.toContain('hunter2-secret');
	});

	it('carries a command check\'s perfdata in its results', async () => {
		const plugin = '  - {name: disk, kind: command, interval: 250ms, timeout: 200ms, run: [sh, -c, "echo \'DISK OK | used=72%;80;90;0;100 free=1.2GB\'"]}';
		const uptop = startUptop(['--json', writeConfig('perfdata.yaml', ['checks:', plugin])]);
		await uptop.waitUntil(() => uptop.records<{type: string}>().some(record => record.type === 'result'), 8000);
		await uptop.stop();
		const result = uptop.records<{type: string; perfdata: unknown}>().find(record => record.type === 'result')!;
		expect(result.perfdata).toEqual([{label: 'used', value: 72, unit: '%', warn: '80', crit: '90', min: 0, max: 100}, {label: 'free', value: 1.2, unit: 'GB'}]);
	});

	it('without --once streams results and state changes as NDJSON', async () => {
		const file = writeConfig('stream.yaml', ['defaults: {interval: 250ms, timeout: 200ms}', 'checks:', `  - {name: orders api, url: ${base}/ok}`]);
		const uptop = startUptop(['--json', file]);
		await uptop.waitUntil(() => uptop.stdout().split('\n').filter(line => line.includes('"type":"result"')).length >= 3, 8000);
		const code = await uptop.stop();
		const records = uptop.records<{type: string; name: string; state: string; to?: string}>();
		expect(records.filter(record => record.type === 'result').length).toBeGreaterThanOrEqual(3);
		expect(records.some(record => record.type === 'state' && record.to === 'up')).toBe(true);
		expect(code).toBe(0);
	});
});

describe('the --json stream, when checks.yaml is saved', () => {
	it('applies the change, says so on stderr, and keeps the last good config through an invalid edit', async () => {
		const lines = (...names: string[]) => ['defaults: {interval: 250ms, timeout: 200ms}', 'checks:', ...names.map(name => `  - {name: ${name}, url: ${base}/ok}`)];
		const file = writeConfig('stream-reload.yaml', lines('orders api'));
		const uptop = startUptop(['--json', file]);
		const results = (name: string) => uptop.records<{type: string; name: string}>().filter(record => record.type === 'result' && record.name === name).length;
		try {
			expect(await uptop.waitUntil(() => results('orders api') > 0, 8000)).toBe(true);
			writeFileSync(file, `${lines('orders api', 'stock api').join('\n')}\n`);
			expect(await uptop.waitUntil(() => results('stock api') > 0, 5000)).toBe(true);
			expect(uptop.stderr()).toContain('uptop: stream-reload.yaml reloaded: 2 checks');

			writeFileSync(file, 'checks:\n  - name: orders api\n    url: not a url\n');
			expect(await uptop.waitUntil(() => uptop.stderr().includes('config not reloaded'), 5000)).toBe(true);
			expect(uptop.stderr()).toMatch(/stream-reload\.yaml:3:\d+/);
			const before = results('stock api');
			expect(await uptop.waitUntil(() => results('stock api') > before + 1, 5000)).toBe(true);
			// stdout stayed NDJSON throughout.
			for (const line of uptop.stdout().trim().split('\n')) expect(() => JSON.parse(line), line).not.toThrow();
		} finally {
			expect(await uptop.stop()).toBe(0);
		}
	}, 30_000);
});

describe('the --json stream, when a failing check is taken out of checks.yaml and put back', () => {
	it('goes on with the same outage: no second "pending → failing", and its next result continues it', async () => {
		const lines = (...names: string[]) => ['defaults: {interval: 250ms, timeout: 200ms}', 'checks:', `  - {name: web, url: ${base}/ok}`, ...names.map(name => `  - {name: ${name}, url: ${base}/down}`)];
		const file = writeConfig('stream-readd.yaml', lines('orders api'));
		const uptop = startUptop(['--json', file]);
		type Record = {type: string; name: string; from?: string; to?: string; continues?: boolean};
		const of = (name: string) => uptop.records<Record>().filter(record => record.name === name);
		try {
			expect(await uptop.waitUntil(() => of('orders api').some(record => record.type === 'state' && record.to === 'failing'), 8000)).toBe(true);
			writeFileSync(file, `${lines().join('\n')}\n`);
			expect(await uptop.waitUntil(() => uptop.stderr().includes('removed orders api'), 5000)).toBe(true);
			const resultsBefore = of('orders api').filter(record => record.type === 'result').length;
			writeFileSync(file, `${lines('orders api').join('\n')}\n`);
			expect(await uptop.waitUntil(() => of('orders api').filter(record => record.type === 'result').length > resultsBefore + 1, 5000)).toBe(true);
			const states = of('orders api').filter(record => record.type === 'state');
			expect(states.map(record => `${record.from}→${record.to}`)).toEqual(['pending→failing']);
		} finally {
			expect(await uptop.stop()).toBe(0);
		}
	}, 30_000);
});

describe('uptop without a terminal', () => {
	it('drops lines for a reader that stopped reading instead of holding them all, and says how many once read again', async () => {
		const lines = ['defaults: {interval: 200ms, timeout: 100ms}', 'checks:', ...Array.from({length: 200}, (_, index) => `  - {name: refused ${index}, url: "http://127.0.0.1:1/${index}"}`)];
		const uptop = startUptop(['--json', '--no-history', writeConfig('stalled-reader.yaml', lines)], {env: {UPTOP_MAX_STDOUT_BACKLOG: '65536'}});
		try {
			expect(await uptop.waitUntil(() => uptop.stdout().split('\n').length > 100, 8000)).toBe(true);
			uptop.pauseStdout();
			// ~1,000 results a second, ~350 bytes each: the pipe and the backlog fill within a second.
			await new Promise(resolve => setTimeout(resolve, 2500));
			uptop.resumeStdout();
			const dropped = () => uptop.stdout().split('\n').filter(line => line.includes('"type":"dropped"'));
			expect(await uptop.waitUntil(() => dropped().length > 0 && uptop.stdout().split('\n').slice(-20).some(line => line.includes('"type":"result"')), 8000)).toBe(true);
			const notice = JSON.parse(dropped()[0]!) as {records: number; at: string};
			expect(notice.records).toBeGreaterThan(100);
			expect(Number.isNaN(Date.parse(notice.at))).toBe(false);
			// Every line is whole: dropping happens between lines, never inside one.
			for (const line of uptop.stdout().trimEnd().split('\n')) expect(() => JSON.parse(line), line.slice(0, 80)).not.toThrow();
		} finally {
			await uptop.stop();
		}
	});

	it('prints plain timestamped state changes with no escape codes', async () => {
		const file = writeConfig('plain.yaml', ['defaults: {interval: 250ms, timeout: 200ms}', 'checks:', `  - {name: billing job, url: ${base}/down}`]);
		const uptop = startUptop([file]);
		await uptop.waitUntil(() => uptop.stdout().includes('failing'), 8000);
		await uptop.stop();
		const output = uptop.stdout();
		expect(output).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z billing job: pending → failing/m);
		expect(output).not.toContain('\u001B');
	});

	it('exits quietly when the reader closes the pipe', async () => {
		const file = writeConfig('pipe.yaml', ['defaults: {interval: 250ms, timeout: 200ms}', 'checks:', `  - {name: orders api, url: ${base}/ok}`]);
		const child = spawn('sh', ['-c', `${nodeBinary} ${uptopBinary} --json ${file} | head -n 1`], {stdio: ['ignore', 'pipe', 'pipe'], env});
		let stderr = '';
		let stdout = '';
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		await new Promise(resolve => {
			child.on('close', resolve);
		});
		expect(stdout.split('\n')[0]).toMatch(/^\{.*\}$/);
		expect(stderr).toBe('');
	}, 15_000);

	it.skipIf(!existsSync('/dev/full'))('says so and exits when stdout cannot be written (a full disk), instead of running on silently', async () => {
		const file = writeConfig('full.yaml', ['defaults: {interval: 250ms, timeout: 200ms}', 'checks:', `  - {name: orders api, url: ${base}/ok}`]);
		const run = async (args: readonly string[]) => runWithFullStdout(['--no-history', ...args, file]);
		const message = 'uptop: cannot write to stdout: no space left on device (ENOSPC)\n';
		for (const args of [[], ['--json']]) {
			expect(await run(args), args.join(' ')).toEqual({code: 1, stderr: message});
		}

		// --once: its table never reached the caller, so UNKNOWN, not the checks' state.
		expect(await run(['--once'])).toEqual({code: 3, stderr: message});
	}, 30_000);
});

describe('uptop validate', () => {
	it('prints "N checks OK" and exits 0 for a valid file, 1 with located errors for an invalid one', async () => {
		const good = writeConfig('good.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok}`]);
		const ok = await runCli(['validate', good]);
		expect(ok.code).toBe(0);
		expect(ok.stdout).toMatch(/1 checks? OK/);
		const bad = writeConfig('invalid.yaml', ['checks:', '  - name: orders api', '    url: not a url', '    interval: fast']);
		const failed = await runCli(['validate', bad]);
		expect(failed.code).toBe(1);
		expect(failed.stdout + failed.stderr).toContain('invalid.yaml:3:');
		expect(failed.stdout + failed.stderr).toContain('invalid.yaml:4:');
	});

	it('exits 3 for a usage error, as --help says', async () => {
		const good = writeConfig('good.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok}`]);
		const two = await runCli(['validate', good, good]);
		expect(two.code).toBe(3);
		expect(two.stderr).toMatch(/^uptop: one checks file at a time/);
		const help = await runCli(['--help']);
		expect(help.stdout).toContain('validate: 0 valid, 1 invalid or unreadable, 3 a usage error (such as two files)');
		expect(help.stdout).toContain('or its verdict could not be written');
	});

	it('exits as --help says from report (3: a --since no marker matches) and init (1: the file exists)', async () => {
		const good = writeConfig('good.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok}`]);
		const help = await runCli(['--help']);
		expect(help.stdout).toContain('report: 0 written, 3 not (bad config, a --since no marker matches');
		expect(help.stdout).toContain('init: 0 written, 1 not (the file exists or cannot be written)');
		expect(help.stdout).toContain('watching (no --once): 0 stopped by q or SIGTERM, 1 stdout');
		const stateDir = path.join(directory, 'help-report-state');
		expect((await runCli(['report', '--config', good, '--state-dir', stateDir])).code).toBe(0);
		expect((await runCli(['report', '--config', good, '--state-dir', stateDir, '--since', 'no such release'])).code).toBe(3);
		expect((await runCli(['init', good])).code).toBe(1);
	});

	it.skipIf(!existsSync('/dev/full'))('exits 3, not 1 (invalid), when its verdict cannot be written (a full disk), and says why', async () => {
		const run = async (file: string, command = 'validate') => runWithFullStdout([command, file, ...(command === 'report' ? ['--state-dir', path.join(directory, 'full-state')] : [])]);
		const good = writeConfig('good.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok}`]);
		expect(await run(good)).toEqual({code: 3, stderr: 'uptop: cannot write to stdout: no space left on device (ENOSPC)\n'});
		// An invalid file's errors go to stderr, which works: still 1, the config's verdict.
		const bad = writeConfig('invalid.yaml', ['checks:', '  - name: orders api', '    url: not a url']);
		const invalid = await run(bad);
		expect(invalid.code).toBe(1);
		expect(invalid.stderr).toContain('invalid.yaml:3:');
		// The report is its output, as validate's verdict is: 3 (it could not do the job), as for its other failures.
		expect((await runCli(['mark', '--config', good, '--state-dir', path.join(directory, 'full-state'), 'release 7'])).code).toBe(0);
		expect(await run(good, 'report')).toEqual({code: 3, stderr: 'uptop: cannot write to stdout: no space left on device (ENOSPC)\n'});
	}, 20_000);

	it.skipIf(!existsSync('/dev/full'))('exits 0 from uptop mark whose confirmation cannot be printed (a full disk): the marker is in, and a retry would add it twice', async () => {
		const good = writeConfig('good.yaml', ['checks:', `  - {name: orders api, url: ${base}/ok}`]);
		const stateDir = path.join(directory, 'mark-full-state');
		const mark = await runWithFullStdout(['mark', '--config', good, '--state-dir', stateDir, 'release 8']);
		const file = path.join(stateDir, readdirSync(stateDir).find(name => name.endsWith('.jsonl'))!);
		// The confirmation goes to stderr instead, so the deploy log still says where the marker went (after the note
		// that no uptop has watched this config there yet).
		const note = `uptop mark: note: no uptop has recorded results of ${realpathSync(good)} in ${stateDir} yet; a running one shows this marker only if it keeps its history there (--state-dir)\n`;
		expect(mark).toEqual({code: 0, stderr: `${note}uptop mark: marker "release 8" added to ${file}; stdout could not take this confirmation: no space left on device (ENOSPC)\n`});
		expect(readFileSync(file, 'utf8').match(/"label":"release 8"/g)).toHaveLength(1);
	}, 20_000);
});
