import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {handCommand} from '../../source/config/hand-command.js';
import {loadConfig} from '../../source/config/load-config.js';
import type {Check} from '../../source/config/types.js';
import {displayCheck} from '../../source/monitor/display-check.js';
import {writeFiles} from './temp-files.js';

const env = {API_PASSWORD: 'hunter2-it\'s', API_TOKEN: 'tok-9f8e7d6c', TENANT: 'emea', DB_HOST: 'db.internal', DB_PASSWORD: 'pg pass $HOME', JOB: 'payments'};

const config = `
checks:
  - name: api health
    url: https://deploy:\${API_PASSWORD}@api.example.com:8443/health?probe=1
    method: HEAD
    timeout: 2500ms
    headers: {Authorization: "Bearer \${API_TOKEN}", X-Tenant: "t_\${TENANT}", X-Static: {secret: "lit'eral-key"}}
  - name: order post
    url: http://admin:pa'ss@127.0.0.1:8080/orders
    method: POST
    body: '{"note": "it''s @home"}'
    insecure: true
    maxRedirects: 0
    expect: {json: {ok: true}}
  - name: order delete
    url: http://127.0.0.1:8080/orders/1
    method: delete
  - name: version header
    url: http://127.0.0.1:8080/health
    version: {header: x-app-version}
  - name: order put
    url: http://127.0.0.1:8080/orders/1
    method: PUT
    headers: {Content-Type: application/json}
    body: '{"note": "x"}'
  - name: database port
    kind: tcp
    host: \${DB_HOST}:5432
  - name: redis ping
    kind: tcp
    host: 127.0.0.1:6379
    send: "PING\\r\\n50%"
    expect: PONG
  - name: smtp banner
    kind: tcp
    host: "[::1]:25"
    expect: "220 "
    timeout: 1500ms
  - name: api certificate
    kind: tls
    host: 10.0.0.5:443
    servername: api.example.com
  - name: ip certificate
    kind: tls
    host: 10.0.0.5:443
  - name: api dns
    kind: dns
    query: api.example.com
    type: aaaa
    server: 10.0.0.2:5353
  - name: root disk
    kind: command
    run: [check_disk, -w, "20%", --label, "it's", "\${DB_PASSWORD}"]
    env: {PGPASSWORD: "\${DB_PASSWORD}"}
    cwd: /srv/my data
  - name: queue script
    kind: command
    shell: true
    run: "test $(redis-cli llen jobs) -lt 100"
  - name: nightly export
    kind: freshness
    file: /var/lib/export/last-success
    maxAge: 26h
  - name: report job
    kind: freshness
    url: http://127.0.0.1:9000/status
    field: last_success
    maxAge: 1h
  - name: queue depth
    kind: prometheus
    url: http://127.0.0.1:9090/
    query: sum(rabbitmq_queue_messages_ready{job="\${JOB}"})
`;

function loadChecks(): Map<string, Check> {
	const directory = writeFiles({'checks.yaml': config});
	const loaded = loadConfig(path.join(directory, 'checks.yaml'), {env});
	return new Map(loaded.checks.map(check => [check.name, check]));
}

/**
 * The arguments a POSIX shell reads from `command` after its first word, with `env` set: each in brackets, so a
 * quoting mistake (a word split, a quote left in, a variable not expanded) shows.
 */
function shellArguments(command: string, variables: Readonly<Record<string, string>> = env): string[] {
	const rest = command.slice(command.indexOf(' ') + 1);
	const output = execFileSync('/bin/sh', ['-c', `for word in ${rest}; do printf '[%s]\\n' "$word"; done`], {env: {...variables, PATH: process.env.PATH}, encoding: 'utf8'});
	return output.split('\n').filter(line => line !== '').map(line => line.slice(1, -1));
}

describe('handCommand', () => {
	const checks = loadChecks();
	const command = (name: string) => handCommand(checks.get(name)!);

	it('writes an http check as curl with its timeout, method, headers and URL, the variables as ${NAME}', () => {
		expect(command('api health')).toBe('curl -sS -A uptop -o /dev/null -w \'%{http_code} %{time_total}s\\n\' -m 2.5 -I -L -H \'authorization: Bearer \'"${API_TOKEN}" -H \'x-tenant: t_\'"${TENANT}" -H \'x-static: ••••\' https://deploy:"${API_PASSWORD}"\'@api.example.com:8443/health?probe=1\'');
	});

	it('gives a shell the probe\'s own values for the variables, a value with a quote in it too', () => {
		const words = shellArguments(command('api health'));
		expect(words).toContain('authorization: Bearer tok-9f8e7d6c');
		expect(words).toContain('x-tenant: t_emea');
		expect(words.at(-1)).toBe('https://deploy:hunter2-it\'s@api.example.com:8443/health?probe=1');
	});

	it('hides a secret written in the file as ••••, also one with a quote in it', () => {
		const post = command('order post');
		expect(post).toContain(`'http://admin:••••@127.0.0.1:8080/orders'`);
		expect(post).not.toContain('pa\'ss');
		expect(post).not.toContain(String.raw`pa'\''ss`);
		expect(command('api health')).not.toContain('eral-key');
	});

	it('sends a body as written, shows it when the check reads it, and adds -k for an insecure check', () => {
		const post = command('order post');
		expect(post).toBe(String.raw`curl -sS -A uptop -w '\n%{http_code} %{time_total}s\n' -m 5 -k -H Content-Type: --data-raw '{"note": "it'\''s @home"}' 'http://admin:••••@127.0.0.1:8080/orders'`);
		expect(shellArguments(post)).toContain('{"note": "it\'s @home"}');
		expect(command('order delete')).toBe(String.raw`curl -sS -A uptop -o /dev/null -w '%{http_code} %{time_total}s\n' -m 5 -X DELETE -L http://127.0.0.1:8080/orders/1`);
	});

	it('sends no Content-Type with a body when the check gives none, as the probe does, and the check\'s own when it does', () => {
		expect(shellArguments(command('order post'))).toContain('Content-Type:');
		expect(command('order put')).toBe(String.raw`curl -sS -A uptop -o /dev/null -w '%{http_code} %{time_total}s\n' -m 5 -X PUT -L -H 'content-type: application/json' --data-raw '{"note": "x"}' http://127.0.0.1:8080/orders/1`);
	});

	it.each([
		['database port', 'nc -vz -w 5 "${DB_HOST}" 5432'],
		['redis ping', String.raw`printf 'PING\r\n50%%' | nc -v -w 5 127.0.0.1 6379`],
		['smtp banner', 'nc -v -w 2 ::1 25 </dev/null'],
		['api certificate', 'timeout 5 openssl s_client -connect 10.0.0.5:443 -servername api.example.com </dev/null'],
		['ip certificate', 'timeout 5 openssl s_client -connect 10.0.0.5:443 </dev/null'],
		['api dns', 'dig +short +timeout=5 +tries=1 api.example.com AAAA @10.0.0.2 -p 5353'],
		['root disk', 'cd \'/srv/my data\' && timeout 5 env PGPASSWORD="${DB_PASSWORD}" check_disk -w 20% --label \'it\'\\\'\'s\' "${DB_PASSWORD}"; echo "exit $?"'],
		['version header', String.raw`curl -sS -A uptop -o /dev/null -D - -w '%{http_code} %{time_total}s\n' -m 5 -L http://127.0.0.1:8080/health`],
		['nightly export', 'stat -c %y /var/lib/export/last-success'],
		['report job', 'curl -sS -m 5 -A uptop -H \'Accept: application/json\' http://127.0.0.1:9000/status'],
		['queue depth', `curl -sS -m 5 -G --data-urlencode 'query=sum(rabbitmq_queue_messages_ready{job="'"\${JOB}"'"})' -A uptop -H 'Accept: application/json' http://127.0.0.1:9090/api/v1/query`],
	])('writes %s as %s', (name, expected) => {
		expect(command(name)).toBe(expected);
	});

	it('runs a shell: true command through sh -c, in the directory the probe runs it in', () => {
		expect(command('queue script')).toMatch(/^cd \S+ && timeout 5 sh -c 'test \$\(redis-cli llen jobs\) -lt 100'; echo "exit \$\?"$/);
	});

	it('says the exit code the probe judges, also for a command that prints nothing', () => {
		const directory = writeFiles({'checks.yaml': 'checks:\n  - {name: backup done, kind: command, run: [test, -f, no-such-file], exitCodes: plain}\n'});
		const check = loadConfig(path.join(directory, 'checks.yaml'), {env: {}}).checks[0]!;
		const output = execFileSync('/bin/sh', ['-c', handCommand(check)], {encoding: 'utf8', env: {PATH: process.env.PATH}});
		expect(output).toBe('exit 1\n');
	});

	it('ends the command at the check\'s timeout, in whole seconds rounded up, as the probe would', () => {
		const directory = writeFiles({'checks.yaml': 'checks:\n  - {name: stuck job, kind: command, run: [sleep, "30"], timeout: 1s}\n  - {name: slow job, kind: command, run: [sleep, "1"], timeout: 1500ms}\n'});
		const [stuck, slow] = loadConfig(path.join(directory, 'checks.yaml'), {env: {}}).checks;
		expect(handCommand(slow!)).toMatch(/^cd \S+ && timeout 2 sleep 1; echo "exit \$\?"$/);
		const started = performance.now();
		const output = execFileSync('/bin/sh', ['-c', handCommand(stuck!)], {encoding: 'utf8', env: {PATH: process.env.PATH}, timeout: 10_000, killSignal: 'SIGKILL'});
		expect(output).toBe('exit 124\n');
		expect(performance.now() - started).toBeLessThan(5000);
	});

	it('keeps a value from the environment one word, whatever is in it', () => {
		const words = shellArguments(command('root disk').replace(/^.*&& timeout 5 env /, 'env ').replace(/; echo "exit \$\?"$/, ''));
		expect(words).toEqual(['PGPASSWORD=pg pass $HOME', 'check_disk', '-w', '20%', '--label', 'it\'s', 'pg pass $HOME']);
	});

	it('sends what a tcp check sends, byte for byte', () => {
		const format = command('redis ping').split(' | ')[0]!;
		const sent = execFileSync('/bin/sh', ['-c', format], {encoding: 'utf8'});
		expect(sent).toBe('PING\r\n50%');
	});

	it('writes a run argument with control characters as $\'…\', which bash reads back byte for byte', () => {
		// check_tcp -s "PING\r\n": in single quotes the raw CR LF showed as `^M⏎` and went into what `y` copies.
		const directory = writeFiles({'c.yaml': 'checks:\n  - {name: redis check_tcp, kind: command, run: [check_tcp, -s, "PING\\r\\n", -e, "+PONG", -x, "a\\tb\\u001bc\'d\\\\e"]}\n'});
		const check = loadConfig(path.join(directory, 'c.yaml'), {env: {}}).checks[0]!;
		const line = handCommand(check);
		expect(line).toContain(String.raw`-s $'PING\r\n' -e +PONG -x $'a\tb\x1bc\'d\\e'`);
		// eslint-disable-next-line no-control-regex
		expect(line).not.toMatch(/[\u0000-\u001F]/);
		const words = line.slice(line.indexOf('check_tcp'), line.indexOf(';'));
		const output = execFileSync('/bin/bash', ['-c', `set -- ${words}; printf '%s\\0' "$@"`], {encoding: 'utf8'});
		expect(output.split('\0').slice(0, -1)).toEqual(['check_tcp', '-s', 'PING\r\n', '-e', '+PONG', '-x', 'a\tb\u001Bc\'d\\e']);
	});

	it('shows no value from the environment in the display copy, only the names', () => {
		for (const check of checks.values()) {
			const shown = displayCheck(check).byHand!;
			expect(shown).toBe(handCommand(check));
			for (const value of Object.values(env)) expect(shown).not.toContain(value);
		}
	});
});

describe('handCommand with a secret the command reshapes', () => {
	const secretEnv = {DB_ADDR: 'db.internal:5432', RESOLVER: '10.0.0.9:5353'};
	const directory = writeFiles({'checks.yaml': `
checks:
  - name: redis auth
    kind: tcp
    host: 127.0.0.1:6379
    send: {secret: "AUTH hunter2-long%x\\r\\n"}
    expect: "+OK"
  - name: database address
    kind: tcp
    host: \${DB_ADDR}
  - name: private dns
    kind: dns
    query: api.example.com
    server: \${RESOLVER}
`});
	const checks = loadConfig(path.join(directory, 'checks.yaml'), {env: secretEnv}).checks;
	const command = (name: string) => handCommand(checks.find(check => check.name === name)!);

	it('hides a secret a tcp check sends, though printf\'s format writes its CR LF and % differently', () => {
		expect(command('redis auth')).toBe('printf \'••••\' | nc -v -w 5 127.0.0.1 6379');
	});

	it('hides the pieces of a variable\'s value it had to cut into a host and a port', () => {
		expect(command('database address')).toBe('nc -vz -w 5 \'••••\' \'••••\'');
		expect(command('private dns')).toBe('dig +short +timeout=5 +tries=1 api.example.com A \'@••••\' -p \'••••\'');
		for (const check of checks) {
			const shown = displayCheck(check).byHand!;
			for (const value of ['hunter2', 'db.internal', '5432', '10.0.0.9', '5353']) expect(shown).not.toContain(value);
		}
	});
});

describe('handCommand for a tls check whose host is a variable with no port', () => {
	it('writes the host as "${NAME}" and the default port after it', () => {
		const directory = writeFiles({'checks.yaml': 'checks:\n  - {name: api certificate, kind: tls, host: "${TLS_HOST}"}\n'});
		const check = loadConfig(path.join(directory, 'checks.yaml'), {env: {TLS_HOST: 'api.example.com'}}).checks[0]!;
		expect(handCommand(check)).toBe('timeout 5 openssl s_client -connect "${TLS_HOST}":443 -servername "${TLS_HOST}" </dev/null');
	});
});

describe('handCommand and the user agent', () => {
	it('sends the probe\'s user agent, uptop, unless the check names its own, which then goes as its header', () => {
		const directory = writeFiles({'checks.yaml': 'checks:\n  - {name: plain, url: "http://127.0.0.1:8080/health"}\n  - {name: own agent, url: "http://127.0.0.1:8080/health", headers: {User-Agent: probe/2}}\n'});
		const [plain, own] = loadConfig(path.join(directory, 'checks.yaml'), {env: {}}).checks;
		expect(shellArguments(handCommand(plain!))).toEqual(expect.arrayContaining(['-A', 'uptop']));
		const ownWords = shellArguments(handCommand(own!));
		expect(ownWords).not.toContain('-A');
		expect(ownWords.some(word => /^user-agent: probe\/2$/i.test(word))).toBe(true);
	});
});

describe('handCommand for a command check whose env holds credentials written in the file', () => {
	const directory = writeFiles({'checks.yaml': `
checks:
  - name: redis auth
    kind: command
    run: [redis-cli, -p, "6379", ping]
    env: {API_KEY: "sk-live-4242abcd", REDISCLI_AUTH: "rcauth-lit-2", DB_PASS: "dbpass-lit-1", MYSQL_PWD: "my-lit-3", PASSWD: "x-lit-4", APIKEY: "ak-lit-5", Api_Key: "ak-lit-6", PASS: "p-lit-7", BASIC_AUTH: "u:b-lit-8", DB_PASS_FILE: "/run/secrets/db", MY_SECRETS: "s-lit-9", TOKENS: "t-lit-10", AWS_CREDENTIALS: "c-lit-11", GPG_PASSPHRASE: "pp-lit-12", PRIVATE_KEY: "pk-lit-13", REDIS_PASS: "12345678", SMTP_PASS: "Pa55", HTTP_AUTH: "bob:x1"}
  - name: settings
    kind: command
    run: [env]
    env: {AUTH_URL: "http://auth.internal/", AUTH_MODE: oidc, OAUTH_ISSUER: "https://id.example/", SKIP_AUTH: "true", NO_AUTH: "1", PWD: /srv/app, OLDPWD: /srv, BYPASS_CACHE: "yes", PASSIVE: "on", COMPASS_URL: "http://compass/", DISABLE_BASIC_AUTH: "true", REQUIRE_CLIENT_AUTH: "yes", MIN_PASS: "3", PASS_RATE: "0.95", SMTP_AUTH: login, LDAP_AUTH: simple, KAFKA_AUTH: SCRAM-SHA-512}
`});
	const checks = loadConfig(path.join(directory, 'checks.yaml'), {env: {}}).checks;
	const checkNamed = (name: string) => checks.find(check => check.name === name)!;

	it('hides the value of every env name that follows a credential convention (API_KEY, *_PASS, *_PWD, *_AUTH, secrets, tokens, credentials)', () => {
		const shown = displayCheck(checkNamed('redis auth')).byHand!;
		for (const value of ['sk-live-4242abcd', 'rcauth-lit-2', 'dbpass-lit-1', 'my-lit-3', 'x-lit-4', 'ak-lit-5', 'ak-lit-6', 'p-lit-7', 'b-lit-8', '/run/secrets/db', 's-lit-9', 't-lit-10', 'c-lit-11', 'pp-lit-12', 'pk-lit-13', '12345678', 'Pa55', 'bob:x1']) {
			expect(shown).not.toContain(value);
		}

		expect(shown).toContain("'API_KEY=••••'");
		expect(shown).toContain("'REDISCLI_AUTH=••••'");
		expect(shown).toContain("'MYSQL_PWD=••••'");
	});

	it('keeps readable the values of names that say where or whether to authenticate, not with what', () => {
		// Hidden everywhere, `true`, `3` or `0.95` would go from every body and reason the check shows.
		const check = checkNamed('settings');
		expect(check.secrets).toEqual([]);
		expect(displayCheck(check).byHand).toContain('AUTH_URL=http://auth.internal/ ');
	});
});

describe('handCommand for a command check with a password in a URL it passes', () => {
	it('hides the password in an argument, inside a longer argument, in a shell line and in an env value', () => {
		const directory = writeFiles({'checks.yaml': `
checks:
  - name: pg
    kind: command
    run: [psql, "postgresql://monitor:monpass123@127.0.0.1:5432/app", -tAc, "select 1"]
  - name: redis
    kind: command
    run: [redis-cli, "--url=redis://default:redispw-literal@127.0.0.1:6379", ping]
  - name: shell
    kind: command
    shell: true
    run: "mysql --uri 'mysql://root:shellpw-42@db:3306/app' -e 'select 1' && redis-cli -u redis://:$REDIS_PW@cache ping"
  - name: env url
    kind: command
    run: [./probe]
    env: {TARGET: "amqp://guest:envpw-77@mq:5672/"}
`});
		const checks = loadConfig(path.join(directory, 'checks.yaml'), {env: {}}).checks;
		for (const check of checks) {
			const shown = displayCheck(check);
			for (const text of [shown.byHand!, JSON.stringify(shown)]) {
				for (const password of ['monpass123', 'redispw-literal', 'shellpw-42', 'envpw-77']) expect(text).not.toContain(password);
			}
		}

		expect(displayCheck(checks[0]!).byHand).toContain('psql \'postgresql://monitor:••••@127.0.0.1:5432/app\' -tAc');
		// A shell's own variable is no secret written in the file: the command still reads it.
		expect(displayCheck(checks[2]!).byHand).toContain('redis://:$REDIS_PW@cache ping');
	});
});
