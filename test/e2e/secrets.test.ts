import http from 'node:http';
import net from 'node:net';
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli, startUptop} from '../helpers/run-cli.js';
import {requireWorkingCommand, titleFor} from '../helpers/require-component.js';
import {nodeBinary, TmuxPane, uptopBinary} from '../helpers/tmux.js';

const isTmuxAvailable = requireWorkingCommand(['tmux', '-V'], 'tmux');

const token = 'tok-3f9a7c1e55';
const password = 'pw-81d2b0aa';
const runbookKey = 'rb-6c02e4';
const secrets = [token, password, runbookKey];
const env = {UPTOP_TEST_TOKEN: token, UPTOP_TEST_PASSWORD: password, UPTOP_TEST_RUNBOOK_KEY: runbookKey};

let server: http.Server;
let directory: string;
let stateDir: string;
let configFile: string;

function expectNoSecret(text: string): void {
	for (const secret of secrets) {
		expect(text).not.toContain(secret);
		expect(text).not.toContain(encodeURIComponent(secret));
	}
}

beforeAll(async () => {
	// A target that echoes everything it was sent: the request line, the headers, the credentials.
	server = http.createServer((request, response) => {
		response.writeHead(500, {'x-echo': `${request.headers.authorization ?? ''}`}).end(`echo ${request.url} ${JSON.stringify(request.headers)}`);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as {port: number};
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-secrets-'));
	stateDir = path.join(directory, 'state');
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, [
		'defaults: {interval: 500ms, timeout: 400ms}',
		'checks:',
		'  - name: billing api',
		`    url: "http://admin:\${UPTOP_TEST_PASSWORD}@127.0.0.1:${port}/health?api_key=\${UPTOP_TEST_TOKEN}"`,
		'    headers: {authorization: "Bearer ${UPTOP_TEST_TOKEN}"}',
		'    runbook: "https://runbooks.example.com/billing?key=${UPTOP_TEST_RUNBOOK_KEY}"',
		'    owner: "@billing-oncall"',
		'    expect: {status: 200, body: "${UPTOP_TEST_TOKEN}"}',
		'  - name: refused api',
		`    url: "http://admin:\${UPTOP_TEST_PASSWORD}@127.0.0.1:1/?token=\${UPTOP_TEST_TOKEN}"`,
		'    runbook: "https://runbooks.example.com/refused?key=${UPTOP_TEST_RUNBOOK_KEY}"',
		'',
	].join('\n'));
});

afterAll(() => {
	server?.closeAllConnections();
	server?.close();
});

describe('config secrets never leave uptop', () => {
	it('not in --once, --once --json, the NDJSON stream, plain lines, the history file or the report', async () => {
		const once = await runCli(['--once', '--state-dir', stateDir, configFile], {env});
		expect(once.code).toBe(2);
		expect(once.stdout).toContain('billing api');
		// The follow-up under the table names the failing check's runbook and target, with their secrets hidden.
		expect(once.stdout).toContain('\nfailing  refused api\n  runbook   https://runbooks.example.com/refused?key=••••\n  target    GET http://admin:••••@127.0.0.1:1/?token=••••\n');
		expect(once.stdout).toMatch(/\n {2}target {4}GET http:\/\/admin:••••@127\.0\.0\.1:\d+\/health\?api_key=••••\n/);
		expectNoSecret(once.stdout + once.stderr);

		const json = await runCli(['--once', '--json', configFile], {env});
		expect(json.stdout).toContain('"name":"billing api"');
		expectNoSecret(json.stdout + json.stderr);

		for (const args of [['--json'], []]) {
			const uptop = startUptop([...args, '--state-dir', stateDir, configFile], {env});
			const output = () => uptop.stdout() + uptop.stderr();
			await uptop.waitUntil(() => output().includes('billing api') && output().includes('refused api') && output().split('\n').length > 4, 8000);
			await uptop.stop();
			expect(output()).toContain('billing api');
			expectNoSecret(output());
		}

		const [historyFile] = readdirSync(stateDir).filter(name => name.endsWith('.jsonl'));
		const history = readFileSync(path.join(stateDir, historyFile!), 'utf8');
		expect(history).toContain('billing api');
		expectNoSecret(history);

		await runCli(['mark', '--config', configFile, '--state-dir', stateDir, 'deploy'], {env});
		const report = await runCli(['report', '--config', configFile, '--state-dir', stateDir], {env});
		expect(report.stdout).toContain('billing api');
		expectNoSecret(report.stdout + report.stderr);
	}, 40_000);

	it('not in the errors of a config whose values from the environment are invalid (validate, --once, --json)', async () => {
		const bad = path.join(directory, 'bad.yaml');
		writeFileSync(bad, [
			'checks:',
			'  - {name: basic, url: "http://admin:${UPTOP_TEST_PASSWORD}/x@127.0.0.1:8000/health"}',
			'  - {name: slow, url: "http://127.0.0.1:8000/", interval: "${UPTOP_TEST_TOKEN}"}',
			'',
		].join('\n'));
		for (const args of [['validate', bad], ['--once', bad], ['--json', bad]]) {
			const run = await runCli(args, {env, timeoutMs: 5000});
			expect(run.code, args.join(' ')).toBe(args[0] === 'validate' ? 1 : 3);
			expect(run.stderr).toContain('bad.yaml:3:');
			expect(run.stderr).toContain('`••••` is not a duration');
			expectNoSecret(run.stdout + run.stderr);
		}
	});

	it.skipIf(!isTmuxAvailable)(titleFor('not on the screen, in the table or the detail pane', isTmuxAvailable, 'tmux'), async () => {
		const pane = TmuxPane.start(`${nodeBinary} ${uptopBinary} --state-dir ${stateDir} ${configFile}`, {cwd: directory, columns: 200, rows: 50, env});
		try {
			await pane.waitFor(text => /failing\s+billing api/.test(text) && /failing\s+refused api/.test(text));
			for (const keys of [['g', 'Enter'], ['Escape', 'G', 'Enter']]) {
				pane.sendKeys(...keys);
				await new Promise(resolve => setTimeout(resolve, 700));
				const screen = pane.capture();
				expect(screen).toMatch(/runbook|reason/);
				// The request the check makes is shown, with the password and the key from the environment hidden.
				expect(screen).toMatch(/target\s+GET http:\/\/admin:••••@127\.0\.0\.1:\d+\/(health\?api_key|\?token)=••••/);
				expectNoSecret(screen);
			}
		} finally {
			pane.kill();
		}
	}, 30_000);
});

describe('a version change of a check named from the environment', () => {
	it('is a marker for "•••• api" in the plain lines and the --json stream', async () => {
		// `name: "${SERVICE} api"` reads "•••• api" everywhere, but its version marker said the name in full:
		// "marker: tok-… api 1.0 → 1.1", and `"check": "tok-… api"` in the stream.
		let requests = 0;
		const versioned = http.createServer((_request, response) => {
			requests++;
			response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({version: requests <= 2 ? '1.0' : '1.1'}));
		});
		await new Promise<void>(resolve => {
			versioned.listen(0, '127.0.0.1', resolve);
		});
		try {
			const {port} = versioned.address() as {port: number};
			const file = path.join(directory, 'versioned.yaml');
			writeFileSync(file, ['checks:', '  - name: "${UPTOP_TEST_TOKEN} api"', `    url: http://127.0.0.1:${port}/`, '    interval: 250ms', '    version: {json: version}', ''].join('\n'));
			for (const args of [[], ['--json']]) {
				requests = 0;
				const uptop = startUptop([...args, '--no-history', file], {env});
				expect(await uptop.waitUntil(() => /marker(?::|")/.test(uptop.stdout()), 8000), args.join(' ')).toBe(true);
				await uptop.stop();
				const output = uptop.stdout();
				expectNoSecret(output);
				if (args.length === 0) {
					expect(output).toMatch(/ marker: •••• api 1\.0 → 1\.1\n/);
				} else {
					const marker = uptop.records<{type: string; label: string; check: string}>().find(record => record.type === 'marker');
					expect(marker).toMatchObject({label: '•••• api 1.0 → 1.1', check: '•••• api'});
				}
			}
		} finally {
			versioned.closeAllConnections();
			versioned.close();
		}
	}, 30_000);
});

describe('short values from the environment', () => {
	const shortKey = 'ab12';
	let echo: http.Server;
	let folder: string;

	beforeAll(async () => {
		// Echoes the short key in its body, inside a word and on its own.
		echo = http.createServer((request, response) => {
			response.writeHead(500).end(`key ${String(request.headers['x-api-key'])} x${String(request.headers['x-api-key'])}y region eu`);
		});
		await new Promise<void>(resolve => {
			echo.listen(0, '127.0.0.1', resolve);
		});
		folder = mkdtempSync(path.join(tmpdir(), 'uptop-short-env-'));
	});

	afterAll(() => {
		echo?.closeAllConnections();
		echo?.close();
	});

	it('leave a config error readable: REGION=e does not turn `key` into `k••••y`', async () => {
		const bad = path.join(folder, 'bad.yaml');
		writeFileSync(bad, 'checks:\n  - name: api ${REGION}\n    url: "http://127.0.0.1:${PORT}/"\n    expect: {status: 200, bodyy: x}\n');
		const run = await runCli(['validate', bad], {env: {REGION: 'e', PORT: '80'}, timeoutMs: 5000});
		expect(run.code).toBe(1);
		expect(run.stderr).toContain('unknown key `bodyy`');
		expect(run.stderr).toContain('did you mean `body`?');
	});

	it('show a port and a region in --once, while a short key in a header stays hidden in --once, --json and the history', async () => {
		const {port} = echo.address() as {port: number};
		const config = path.join(folder, 'checks.yaml');
		const state = path.join(folder, 'state');
		writeFileSync(config, 'defaults: {interval: 500ms, timeout: 400ms}\nchecks:\n  - name: checkout ${REGION}\n    url: "http://127.0.0.1:${PORT}/health"\n    headers: {X-Api-Key: "${KEY}"}\n    runbook: https://runbooks.example.com/checkout\n');
		const shortEnv = {PORT: String(port), REGION: 'eu', KEY: shortKey};
		const once = await runCli(['--once', config], {env: shortEnv});
		expect(once.code).toBe(2);
		// The region is the name's own value from the environment: hidden there, as a whole word only.
		expect(once.stdout).toContain('checkout ••••');
		expect(once.stdout).toContain(`GET http://127.0.0.1:${port}/health`);
		expect(once.stdout).not.toContain(shortKey);

		const json = await runCli(['--once', '--json', config], {env: shortEnv});
		expect(json.stdout).toContain('"name":"checkout ••••"');
		expect(json.stdout).toContain('x••••y');
		expect(json.stdout).not.toContain(shortKey);

		const uptop = startUptop(['--state-dir', state, config], {env: shortEnv});
		await uptop.waitUntil(() => uptop.stdout().includes('checkout'), 8000);
		await uptop.stop();
		expect(uptop.stdout() + uptop.stderr()).not.toContain(shortKey);
		const [historyFile] = readdirSync(state).filter(name => name.endsWith('.jsonl'));
		const history = readFileSync(path.join(state, historyFile!), 'utf8');
		expect(history).toContain('status 500');
		expect(history).not.toContain(shortKey);
	}, 30_000);
});

describe('short values and numbers from the environment outside secret positions', () => {
	// A PIN in a header with an ordinary name, a number in a query parameter, values written inside longer words:
	// all were hidden before short values became whole-token secrets, and a target echoes them back.
	const values = {K: '4821', PIN: '9073', S: 'zq7'};
	let echo: http.Server;
	let banner: net.Server;
	let folder: string;

	beforeAll(async () => {
		echo = http.createServer((request, response) => {
			if (request.url!.startsWith('/api/v1/query')) {
				response.writeHead(400, {'content-type': 'application/json'}).end(JSON.stringify({status: 'error', errorType: 'bad_data', error: `parse error in ${decodeURIComponent(request.url!)}`}));
				return;
			}

			response.writeHead(500).end(`echo ${request.url!} pin ${String(request.headers['x-customer-pin'])} tenant ${String(request.headers['x-tenant'])}`);
		});
		banner = net.createServer(socket => {
			// uptop closes the connection once it has judged the answer; a reset then is no failure of the test.
			socket.on('error', () => undefined);
			socket.on('data', data => socket.end(`ERR got ${data.toString()}`));
		});
		await Promise.all([echo, banner].map(async server => new Promise<void>(resolve => {
			server.listen(0, '127.0.0.1', resolve);
		})));
		folder = mkdtempSync(path.join(tmpdir(), 'uptop-short-echo-'));
	});

	afterAll(() => {
		echo?.closeAllConnections();
		echo?.close();
		banner?.close();
	});

	it('stay hidden in a config error\'s hint made from the value: `write ••••s`, not `write 4821s`', async () => {
		const bad = path.join(folder, 'bad-interval.yaml');
		writeFileSync(bad, 'checks:\n  - name: api\n    url: "http://127.0.0.1:8000/"\n    interval: "${K}"\n');
		const run = await runCli(['validate', bad], {env: values, timeoutMs: 5000});
		expect(run.code).toBe(1);
		expect(run.stderr).toContain('`••••` has no unit');
		expect(run.stderr).toContain('hint: write ••••s (seconds) or ••••ms (milliseconds)');
		expect(run.stdout + run.stderr).not.toContain(values.K);
	});

	it('stay hidden in --once, --json, the history and the report, a port still shown', async () => {
		const {port} = echo.address() as {port: number};
		const tcpPort = (banner.address() as {port: number}).port;
		const config = path.join(folder, 'checks.yaml');
		const state = path.join(folder, 'state');
		writeFileSync(config, [
			'defaults: {interval: 500ms, timeout: 400ms}',
			'checks:',
			'  - name: query parameter',
			'    url: "http://127.0.0.1:${PORT}/a?k=${K}"',
			'    runbook: https://runbooks.example.com/query',
			'  - name: pin header',
			'    url: "http://127.0.0.1:${PORT}/b"',
			'    headers: {X-Customer-Pin: "${PIN}", X-Tenant: "t_${S}"}',
			'  - name: path segment',
			'    url: "http://127.0.0.1:${PORT}/api-${K}/x"',
			'  - name: command',
			'    kind: command',
			'    run: [sh, -c, \'echo "arg $1 env $CUSTOMER_PIN"; exit 2\', x, "${S}"]',
			'    env: {CUSTOMER_PIN: "${PIN}"}',
			'  - name: tcp send',
			'    kind: tcp',
			`    host: 127.0.0.1:${tcpPort}`,
			'    send: "AUTH ${PIN}\\r\\n"',
			'    expect: "+OK"',
			'  - name: prometheus',
			'    kind: prometheus',
			'    url: "http://127.0.0.1:${PORT}"',
			'    query: \'up{pin="${PIN}"}\'',
			'    warn: "> 1"',
			'',
		].join('\n'));
		const shortEnv = {...values, PORT: String(port)};
		const expectNoValue = (text: string): void => {
			for (const value of Object.values(values)) expect(text).not.toMatch(new RegExp(`(?<!\\d)${value}(?!\\d)`));
		};

		const once = await runCli(['--once', config], {env: shortEnv});
		expect(once.code).toBe(2);
		// The port is no secret: the target line shows it.
		expect(once.stdout).toContain(`target    GET http://127.0.0.1:${port}/a?k=••••\n`);
		expect(once.stdout).toContain('arg •••• env ••••');
		expect(once.stdout).toContain("got 'ERR got AUTH ••••'");
		expect(once.stdout).toContain('up{pin="••••"}');
		expectNoValue(once.stdout + once.stderr);

		const json = await runCli(['--once', '--json', config], {env: shortEnv});
		expect(json.stdout).toContain('echo /b pin •••• tenant t_••••"');
		expect(json.stdout).toContain('echo /a?k=•••• ');
		expect(json.stdout).toContain('echo /api-••••/x ');
		expectNoValue(json.stdout + json.stderr);

		const uptop = startUptop(['--state-dir', state, config], {env: shortEnv});
		// Each check's first line comes as its probe ends, in no fixed order: wait for both that are asserted.
		await uptop.waitUntil(() => uptop.stdout().includes('prometheus') && uptop.stdout().includes('pin header'), 8000);
		await uptop.stop();
		expect(uptop.stdout()).toContain('pin header');
		expectNoValue(uptop.stdout() + uptop.stderr());
		const [historyFile] = readdirSync(state).filter(name => name.endsWith('.jsonl'));
		const history = readFileSync(path.join(state, historyFile!), 'utf8');
		expect(history).toContain('pin header');
		expectNoValue(history);

		await runCli(['mark', '--config', config, '--state-dir', state, `deploy ${values.PIN}`], {env: shortEnv});
		const report = await runCli(['report', '--config', config, '--state-dir', state], {env: shortEnv});
		expect(report.stdout).toContain('pin header');
		expectNoValue(report.stdout + report.stderr);
	}, 30_000);
});

describe('passwords in URLs written in a command check', () => {
	it('are hidden in the target, the reason and --json, as an http check\'s url password is', async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'uptop-command-url-'));
		const config = path.join(folder, 'checks.yaml');
		// A client that says which URL it could not reach, as psql and redis-cli do: the password comes back in its output.
		const client = 'echo "could not connect to $1 ($DATABASE_URL)" >&2; exit 2';
		writeFileSync(config, [
			'checks:',
			'  - name: pg',
			'    kind: command',
			`    run: [sh, -c, '${client}', psql, "postgresql://monitor:monpass123@127.0.0.1:1/nosuchdb"]`,
			'    env: {DATABASE_URL: "redis://default:redispw-literal@127.0.0.1:1?timeout=1"}',
			'  - name: redis',
			'    kind: command',
			`    run: [sh, -c, '${client}', redis-cli, "--url=rediss://:urlpw-9c1e%40x@127.0.0.1:1"]`,
			'',
		].join('\n'));
		const passwords = ['monpass123', 'redispw-literal', 'urlpw-9c1e', 'urlpw-9c1e@x'];
		const once = await runCli(['--once', config]);
		expect(once.code).toBe(2);
		expect(once.stdout).toContain('target    sh -c');
		expect(once.stdout).toContain(`psql 'postgresql://monitor:••••@127.0.0.1:1/nosuchdb'\n`);
		const json = await runCli(['--once', '--json', config]);
		expect(json.stdout).toContain('"summary":"could not connect to postgresql://monitor:••••@127.0.0.1:1/nosuchdb (redis://default:••••@127.0.0.1:1?timeout=1)"');
		expect(json.stdout).toContain('"summary":"could not connect to --url=rediss://:••••@127.0.0.1:1 ()"');
		for (const password of passwords) expect(once.stdout + once.stderr + json.stdout + json.stderr).not.toContain(password);
	}, 30_000);
});

describe('a long secret the target cuts before echoing it', () => {
	it('is hidden in --once and --json, though only its first 128 characters come back', async () => {
		// As redis answers a command it does not know: the first 128 characters of its argument, quoted.
		const redisLike = net.createServer(socket => {
			socket.on('error', () => undefined);
			let received = '';
			socket.on('data', data => {
				received += data.toString();
				if (!received.includes('\r\n')) return;
				const [command, argument = ''] = received.split('\r\n')[0]!.split(' ');
				socket.end(`-ERR unknown command '${command!}', with args beginning with: '${argument.slice(0, 128)}' \r\n`);
			});
		});
		await new Promise<void>(resolve => {
			redisLike.listen(0, '127.0.0.1', resolve);
		});
		try {
			const {port} = redisLike.address() as {port: number};
			const folder = mkdtempSync(path.join(tmpdir(), 'uptop-cut-secret-'));
			const config = path.join(folder, 'checks.yaml');
			writeFileSync(config, ['checks:', '  - name: redis auth', '    kind: tcp', `    host: 127.0.0.1:${port}`, '    send: "AUTHX ${REDIS_PASSWORD}\\r\\n"', '    expect: "+OK"', ''].join('\n'));
			const longPassword = 'u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnFRIBXuDL7DxtpYlSXpfKtHF4vUCsMehGAkWvj7FAc9QeWJKY40uvSwMFLZk2Vt0Q3sRn1aPbYx9Lc4mTgE7hJdU6oWq5zN';
			const cutEnv = {REDIS_PASSWORD: longPassword};
			const once = await runCli(['--once', config], {env: cutEnv});
			expect(once.code).toBe(2);
			const json = await runCli(['--once', '--json', config], {env: cutEnv});
			expect(json.stdout).toContain('with args beginning with: \'••••\' ');
			for (const output of [once.stdout + once.stderr, json.stdout + json.stderr]) {
				expect(output).toContain('beginning with');
				expect(output).not.toContain(longPassword.slice(0, 12));
			}
		} finally {
			redisLike.close();
		}
	}, 30_000);
});
