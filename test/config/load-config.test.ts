import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {CommandCheck, DnsCheck, FreshnessCheck, HttpCheck, PrometheusCheck, TcpCheck, TlsCheck} from '../../source/config/types.js';
import {loadError, loadText} from './temp-files.js';

const full = `# yaml-language-server: $schema=./schema/checks.schema.json
defaults:
  interval: 30s
  timeout: 4s
  owner: "@platform"
  headers:
    User-Agent: uptop
groups:
  payments:
    owner: "@payments-oncall"
    runbook: https://runbooks.example/payments
    interval: 15s
    headers:
      Authorization: Bearer \${PAYMENTS_TOKEN}
checks:
  - name: payments api
    url: http://127.0.0.1:8000/health
    group: payments
    rollback: helm rollback payments
    expect: {status: [200, 204], json: {status: UP, checks.db: ok}, body: /up/i, header: {Content-Type: json}}
    version: {json: build.version}
    interval: 5s
  - name: ledger
    url: https://ledger.example/health
    group: payments
    method: post
    body: '{"ping": true}'
  - name: db
    kind: tcp
    host: "[::1]:5432"
    send: PING
    expect: PONG
  - name: resolver
    kind: dns
    query: api.internal.example
    type: aaaa
    server: 127.0.0.1:5353
    expect: ["::1"]
  - name: cert
    kind: tls
    host: api.example
    warnDays: 20
  - name: backup
    kind: command
    run: [./backup.sh, --check]
    env: {DB_PASSWORD: hunter2, MODE: check}
  - name: nightly
    kind: command
    run: test -f /tmp/x
    shell: true
    cwd: jobs
  - name: export freshness
    kind: freshness
    file: last-export.stamp
    maxAge: 1d
  - name: queue depth
    kind: prometheus
    url: http://127.0.0.1:9090
    query: sum(queue_depth)
    each: queue
    warn: "> 100"
    fail: ">= 1000"
`;

describe('loadConfig', () => {
	const {config, directory} = loadText(full, {PAYMENTS_TOKEN: 'tok-123'});
	const byName = (name: string) => config.checks.find(check => check.name === name)!;

	it('keeps the line breaks and tabs of a note written as a block scalar (only other control characters are refused)', () => {
		const {config: notes} = loadText('checks:\n  - name: api\n    url: http://x\n    rollback: |\n      helm rollback api\n      then\tcheck /health\n');
		expect(notes.checks[0]!.rollback).toBe('helm rollback api\nthen\tcheck /health\n');
	});

	it('resolves every check in file order with its kind', () => {
		expect(config.checks.map(check => [check.name, check.kind])).toEqual([
			['payments api', 'http'], ['ledger', 'http'], ['db', 'tcp'], ['resolver', 'dns'], ['cert', 'tls'],
			['backup', 'command'], ['nightly', 'command'], ['export freshness', 'freshness'], ['queue depth', 'prometheus'],
		]);
		expect(config.file).toBe(path.join(directory, 'checks.yaml'));
		expect(config.files).toEqual([config.file]);
	});

	it('applies check over group over defaults over built-in defaults', () => {
		const payments = byName('payments api');
		expect([payments.intervalMs, payments.timeoutMs, payments.slowMs, payments.retries]).toEqual([5000, 4000, 1000, 0]);
		expect(payments.owner).toBe('@payments-oncall');
		expect(byName('ledger').intervalMs).toBe(15_000);
		expect(byName('db').intervalMs).toBe(30_000);
		expect(byName('db').owner).toBe('@platform');
		expect(byName('payments api').runbook).toBe('https://runbooks.example/payments');
		expect(byName('db').runbook).toBeUndefined();
	});

	it('merges headers from defaults, group and check with lower-case names', () => {
		expect((byName('payments api') as HttpCheck).headers).toEqual({'user-agent': 'uptop', authorization: 'Bearer tok-123'});
	});

	it('fills http defaults and parses expectations', () => {
		const payments = byName('payments api') as HttpCheck;
		expect(payments.method).toBe('GET');
		expect(payments.maxRedirects).toBe(5);
		expect(payments.insecure).toBe(false);
		expect(payments.keepAlive).toBe(false);
		expect(payments.expect).toEqual({
			status: [{min: 200, max: 200}, {min: 204, max: 204}],
			json: {status: 'UP', 'checks.db': 'ok'},
			body: {regex: 'up', flags: 'i'},
			header: {'content-type': {substring: 'json'}},
			maxBytes: 1_048_576,
		});
		expect(payments.version).toEqual({json: 'build.version'});
		const ledger = byName('ledger') as HttpCheck;
		expect(ledger.method).toBe('POST');
		expect(ledger.body).toBe('{"ping": true}');
		expect(ledger.expect.status).toEqual([{min: 200, max: 299}]);
	});

	it('parses the other kinds', () => {
		expect(byName('db')).toMatchObject({host: '::1', port: 5432, send: 'PING', expectText: 'PONG'} satisfies Partial<TcpCheck>);
		expect(byName('resolver')).toMatchObject({name: 'resolver', query: 'api.internal.example', type: 'AAAA', server: '127.0.0.1:5353', expectAnswers: ['::1']} satisfies Partial<DnsCheck>);
		expect(byName('cert')).toMatchObject({host: 'api.example', port: 443, warnDays: 20, failDays: 3} satisfies Partial<TlsCheck>);
		expect(byName('backup')).toMatchObject({run: ['./backup.sh', '--check'], shell: false, env: {DB_PASSWORD: 'hunter2', MODE: 'check'}, cwd: directory} satisfies Partial<CommandCheck>);
		expect(byName('nightly')).toMatchObject({run: ['test -f /tmp/x'], shell: true, cwd: path.join(directory, 'jobs')} satisfies Partial<CommandCheck>);
		expect(byName('export freshness')).toMatchObject({file: path.join(directory, 'last-export.stamp'), maxAgeMs: 86_400_000} satisfies Partial<FreshnessCheck>);
		expect(byName('queue depth')).toMatchObject({query: 'sum(queue_depth)', each: 'queue', warn: {op: '>', value: 100}, fail: {op: '>=', value: 1000}} satisfies Partial<PrometheusCheck>);
	});

	it('reads a prometheus unit, and leaves it out when none is given', () => {
		const {config} = loadText('checks:\n  - {name: age, kind: prometheus, url: "http://127.0.0.1:9090", query: up, unit: s}\n  - {name: disk, kind: prometheus, url: "http://127.0.0.1:9090", query: up, unit: "%"}\n  - {name: bare, kind: prometheus, url: "http://127.0.0.1:9090", query: up}\n');
		expect(config.checks.map(check => (check as PrometheusCheck).unit)).toEqual(['s', '%', undefined]);
		expect(Object.hasOwn(config.checks[2]!, 'unit')).toBe(false);
	});

	it('writes a prometheus check\'s expected thresholds in its unit, as its value reads', () => {
		const {config} = loadText([
			'checks:',
			'  - {name: latency, kind: prometheus, url: "http://127.0.0.1:9090", query: up, unit: s, fail: "> 0.5", warn: "> 0.25"}',
			'  - {name: rss, kind: prometheus, url: "http://127.0.0.1:9090", query: up, unit: bytes, warn: ">= 1572864"}',
			'  - {name: disk, kind: prometheus, url: "http://127.0.0.1:9090", query: up, unit: "%", fail: ">= 90"}',
			'  - {name: age, kind: prometheus, url: "http://127.0.0.1:9090", query: up, unit: ms, fail: "> 120000"}',
			'  - {name: bare, kind: prometheus, url: "http://127.0.0.1:9090", query: up, fail: "> 0.5"}',
			'  - {name: slo, kind: prometheus, url: "http://127.0.0.1:9090", query: up, unit: "%", fail: "< 99.99995"}',
			'  - {name: big, kind: prometheus, url: "http://127.0.0.1:9090", query: up, fail: "> 1234566"}',
			'',
		].join('\n'));
		expect(config.checks.map(check => check.expectSummary)).toEqual([
			'value ≤ 500ms · warn > 250ms',
			'value < 1.5 MiB',
			'value < 90 %',
			'value ≤ 2m',
			'value ≤ 0.5',
			'value ≥ 99.99995 %',
			'value ≤ 1234566',
		]);
	});

	it('writes an expected threshold that its unit\'s spelling would round as the exact amount written', () => {
		// `unit: s`, `fail: "> 59.5"` read `value ≤ 1m`: not the threshold written, and a value of 59.7 fails under it.
		const {config} = loadText([
			'checks:',
			'  - {name: seconds, kind: prometheus, url: "http://127.0.0.1:9090", query: up, unit: s, fail: "> 59.5"}',
			'  - {name: hour, kind: prometheus, url: "http://127.0.0.1:9090", query: up, unit: s, fail: "> 3601", warn: "> 90"}',
			'  - {name: millis, kind: prometheus, url: "http://127.0.0.1:9090", query: up, unit: ms, fail: "> 1234"}',
			'  - {name: size, kind: prometheus, url: "http://127.0.0.1:9090", query: up, unit: bytes, fail: ">= 1500000"}',
			'  - {name: below, kind: prometheus, url: "http://127.0.0.1:9090", query: up, unit: s, fail: "< -59.5"}',
			'',
		].join('\n'));
		expect(config.checks.map(check => check.expectSummary)).toEqual([
			'value ≤ 59.5s',
			'value ≤ 3601s · warn > 1m 30s',
			'value ≤ 1234ms',
			'value < 1500000 B',
			'value ≥ -59.5s',
		]);
	});

	it('uses the check name as the DNS query when no query is given', () => {
		const {config} = loadText('checks:\n  - name: api.example\n    kind: dns\n');
		expect(config.checks[0]).toMatchObject({name: 'api.example', query: 'api.example', type: 'A'});
	});

	it.each([
		['payments api', 'status 200, 204 · json status=UP · json checks.db=ok · body matches /up/i · content-type contains "json"'],
		['ledger', 'status 2xx'],
		['db', 'connect · reply contains "PONG"'],
		['resolver', 'AAAA contains ::1'],
		['cert', 'certificate valid · ≥ 20d left'],
		['backup', 'exit 0'],
		['export freshness', 'age ≤ 1d'],
		['queue depth', 'value < 1000 · warn > 100'],
	])('summarizes what %s expects', (name, summary) => {
		expect(byName(name).expectSummary).toBe(summary);
	});

	it('keeps the id equal to the name and records where each check was written', () => {
		expect(byName('db').id).toBe('db');
		expect(byName('db').source).toEqual({file: expect.stringMatching(/checks\.yaml$/), line: 28, column: 5});
	});

	it('lists env values, secret headers and secret-looking env names as secrets', () => {
		expect(byName('payments api').secrets).toEqual(['Bearer tok-123', 'tok-123']);
		expect(byName('ledger').secrets).toEqual(['Bearer tok-123', 'tok-123']);
		expect(byName('backup').secrets).toEqual(['hunter2']);
		expect(byName('db').secrets).toEqual([]);
	});

	it('does not redact in the config itself', () => {
		expect((byName('payments api') as HttpCheck).headers.authorization).toBe('Bearer tok-123');
	});
});

describe('environment substitution and secrets', () => {
	it('substitutes ${NAME} and ${NAME:-fallback}, and $${X} is a literal', () => {
		const {config} = loadText('checks:\n  - name: api\n    url: "http://${HOST}:${PORT:-8080}/health?x=$${LITERAL}"\n', {HOST: '10.1.2.3'});
		const check = config.checks[0] as HttpCheck;
		expect(check.url).toBe('http://10.1.2.3:8080/health?x=${LITERAL}');
		expect(check.secrets).toEqual(['10.1.2.3']);
	});

	it('treats {secret: ...} values, URL passwords, token query parameters and API key headers as secrets', () => {
		const {config} = loadText(`checks:
  - name: api
    url: https://bot:p%40ss@api.example/health?access_token=qwerty&page=2
    headers:
      X-Api-Key: key-1
      X-Auth-Token: tok-2
      Cookie: session=abc
      Accept: application/json
    body: {secret: "payload-3"}
`);
		// With the Basic value a probe sends for the URL's `bot:p@ss`, and the cookie's value alone: a target may echo either.
		const basic = Buffer.from('bot:p@ss').toString('base64');
		expect([...config.checks[0]!.secrets].sort()).toEqual([`Basic ${basic}`, basic, 'key-1', 'p%40ss', 'p@ss', 'payload-3', 'qwerty', 'session=abc', 'tok-2'].sort());
		expect((config.checks[0] as HttpCheck).body).toBe('payload-3');
	});

	it('keeps a variable that is set but empty as empty, and uses the fallback for it', () => {
		const {config} = loadText('checks:\n  - name: api\n    url: http://127.0.0.1/${EMPTY}\n    owner: "${EMPTY:-nobody}"\n', {EMPTY: ''});
		expect(config.checks[0]).toMatchObject({url: 'http://127.0.0.1/', owner: 'nobody'});
	});
});

describe('YAML conveniences', () => {
	it('follows anchors and aliases', () => {
		const {config} = loadText('checks:\n  - name: a\n    url: &base http://127.0.0.1:8000\n  - name: b\n    url: *base\n    owner: &team "@team"\n  - name: c\n    url: *base\n    owner: *team\n');
		expect(config.checks.map(check => [(check as HttpCheck).url, check.owner])).toEqual([['http://127.0.0.1:8000', undefined], ['http://127.0.0.1:8000', '@team'], ['http://127.0.0.1:8000', '@team']]);
	});

	it('accepts a numeric name as text', () => {
		const {config} = loadText('checks:\n  - name: 2024\n    url: http://127.0.0.1\n');
		expect(config.checks[0]!.name).toBe('2024');
	});
});

describe('headers and env named like a check key', () => {
	it('sends a header whose name differs from a check key in letter case or is no key of its check (host), and sets env variables in upper case', () => {
		const {config} = loadText('checks:\n  - name: a\n    url: http://127.0.0.1:1/\n    headers: {Timeout: "5", X-Version: "2", host: api.internal}\n  - name: b\n    kind: command\n    run: [./job.sh]\n    env: {TIMEOUT: 30s, EXPECT: ok}\n');
		expect((config.checks[0] as HttpCheck).headers).toEqual({timeout: '5', 'x-version': '2', host: 'api.internal'});
		expect((config.checks[1] as CommandCheck).env).toEqual({TIMEOUT: '30s', EXPECT: 'ok'});
	});

	it('keeps a header or variable named like a check key whose value is no such setting: WebDAV timeout, an owner header, a response header', () => {
		const {config} = loadText([
			'defaults:',
			'  headers: {owner: payments, version: "2"}',
			'checks:',
			'  - name: dav',
			'    url: http://127.0.0.1:1/',
			'    timeout: 5s',
			'    headers: {timeout: Second-3600, method: PROPFIND}',
			'    expect: {header: {version: /^2/}}',
			'  - {name: job, kind: command, run: [./job.sh], env: {group: batch, owner: ops, timeout: soon}}',
			'',
		].join('\n'));
		expect((config.checks[0] as HttpCheck).headers).toEqual({owner: 'payments', version: '2', timeout: 'Second-3600', method: 'PROPFIND'});
		expect((config.checks[1] as CommandCheck).env).toEqual({group: 'batch', owner: 'ops', timeout: 'soon'});
	});
});

describe('$NAME without braces in a body or a command', () => {
	it('is sent as written: GraphQL variables, dollar-quoting, MQTT $SYS topics, a shell or a remote one reads its own', () => {
		const {config} = loadText([
			'checks:',
			'  - {name: a, kind: command, run: [sh, -c, "echo $HOME"]}',
			'  - {name: b, kind: command, run: [timeout, 5, /bin/bash, -c, "curl $URL"]}',
			'  - {name: c, kind: command, run: [awk, "$NF > 1 {exit 2}", /proc/loadavg]}',
			'  - {name: d, kind: command, run: [psql, -c, "select $1"]}',
			'  - {name: e, url: "http://127.0.0.1:1/", method: POST, body: \'{"query": "query($ID: ID!) { node(id: $ID) { id } }"}\'}',
			'  - {name: f, kind: command, shell: true, run: ["check_backup --host $BACKUP_HOST"]}',
			'  - {name: g, kind: command, run: [ssh, backup-1, "test -f /backups/$DATE.done"]}',
			'  - {name: h, kind: command, run: [docker, exec, db, sh, -c, "pg_isready -U $POSTGRES_USER"]}',
			'  - {name: i, kind: command, run: [timeout, 5, perl, -e, "exit($ENV{X} ? 0 : 2)"]}',
			'  - {name: j, kind: command, run: [mosquitto_sub, -t, "$SYS/broker/uptime", -C, "1"]}',
			'  - {name: k, kind: command, run: [psql, -tAc, "DO $BODY$ BEGIN PERFORM 1; END $BODY$"]}',
			'',
		].join('\n'));
		expect(config.checks.map(check => check.name)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k']);
	});
});

describe('JSON paths whose keys begin with $', () => {
	it('reads $schema, $type, $values.0.status and _id.$oid as keys, not as JSONPath', () => {
		const {config} = loadText('checks:\n  - name: a\n    url: http://127.0.0.1:1/\n    expect: {json: {$schema: x, $type: y, $values.0.status: ok, _id.$oid: z}}\n    version: {json: $version}\n');
		expect(Object.keys((config.checks[0] as HttpCheck).expect.json ?? {})).toEqual(['$schema', '$type', '$values.0.status', '_id.$oid']);
	});
});

describe('group labels', () => {
	it('takes a group that groups: does not define as a label, when it is not close to one it does', () => {
		const {config} = loadText('groups:\n  payments:\n    owner: "@payments"\nchecks:\n  - {name: a, url: "http://127.0.0.1:1/", group: search}\n  - {name: b, url: "http://127.0.0.1:1/", group: payments}\n  - {name: c, url: "http://127.0.0.1:1/", group: db}\n');
		expect(config.checks.map(check => [check.group, check.owner])).toEqual([['search', undefined], ['payments', '@payments'], ['db', undefined]]);
	});

	it('takes a label one letter or digit from a defined group as a label of its own: regions, versions, replicas', () => {
		const labels = ['us-east-2', 'db2', 'api-v2', 'web2', 'dc', 'prd', 'team-b', 'node2'];
		const {config} = loadText(`groups:\n${['us-east-1', 'db1', 'api-v1', 'web', 'db', 'prod', 'team-a', 'node1'].map(name => `  ${name}: {owner: "@x"}\n`).join('')}checks:\n${labels.map((label, index) => `  - {name: c${index}, url: "http://127.0.0.1:1/", group: ${label}}\n`).join('')}`);
		expect(config.checks.map(check => [check.group, check.owner])).toEqual(labels.map(label => [label, undefined]));
	});

	it('takes a label written in another Unicode form of the same letters as that group (cafe + combining accent for café)', () => {
		// `group: "cafe\u0301"` lost the `café` group's owner and runbook, and validate said OK.
		const {config} = loadText('groups:\n  café: {owner: "@cafe", runbook: "https://wiki/cafe"}\nchecks:\n  - {name: a, url: "http://127.0.0.1:1/", group: "cafe\\u0301"}\n  - {name: b, url: "http://127.0.0.1:1/", group: café}\n');
		expect(config.checks.map(check => [check.group, check.owner, check.runbook])).toEqual([['café', '@cafe', 'https://wiki/cafe'], ['café', '@cafe', 'https://wiki/cafe']]);
		// Labels without settings are one group too, not two rows that look the same.
		const {config: labels} = loadText('checks:\n  - {name: a, url: "http://127.0.0.1:1/", group: "cafe\\u0301"}\n  - {name: b, url: "http://127.0.0.1:1/", group: café}\n');
		expect(labels.checks.map(check => check.group)).toEqual(['café', 'café']);
		expect(() => loadText('groups:\n  café: {owner: "@a"}\n  "cafe\\u0301": {owner: "@b"}\nchecks:\n  - {name: a, url: "http://127.0.0.1:1/", group: café}\n')).toThrow(/group `cafe\u0301` is defined twice/);
	});

	it('refuses a label that is a defined group in another case or separator, with a plural s, or two letters swapped', () => {
		for (const label of ['Payments-API', 'payments_api', 'payments-apis', 'paymnets-api']) {
			expect(() => loadText(`groups:\n  payments-api: {owner: "@p"}\nchecks:\n  - {name: a, url: "http://127.0.0.1:1/", group: ${label}}\n`), label).toThrow(/is not under `groups:`/);
		}
	});
});

describe('dns server', () => {
	it('takes a host, a host:port, an IPv6 address bare or in brackets with a port, and keeps it as written', () => {
		const servers = ['10.0.0.2', '10.0.0.2:5353', 'dns.internal', 'dns.internal:53', '::1', '[::1]:5353', '[fd00::53]', 'ns1.भारत', 'my_dns.'];
		const text = `checks:\n${servers.map((server, index) => `  - {name: r${index}, kind: dns, query: api.example, server: "${server}"}\n`).join('')}`;
		const {config} = loadText(text);
		expect(config.checks.map(check => (check as DnsCheck).server)).toEqual(servers);
	});

	it('takes an IPv6 address ending in a group that reads like a port when it is in brackets, or whose rest is no address', () => {
		const servers = ['[::1:53]', '[fe80::1:5353]', '2001:4860:4860::8888', 'fd00::53', '::ffff:10.0.0.2', 'fd00::1:0', 'fd00::1:abcd', 'fd00::1:9'];
		const text = `checks:\n${servers.map((server, index) => `  - {name: r${index}, kind: dns, query: api.example, server: "${server}"}\n`).join('')}`;
		const {config} = loadText(text);
		expect(config.checks.map(check => (check as DnsCheck).server)).toEqual(servers);
	});
});

describe('command expect', () => {
	it('reads a substring or a /regex/ the output must contain, and says so in the expected summary', () => {
		const {config} = loadText('checks:\n  - name: redis ping\n    kind: command\n    run: [redis-cli, ping]\n    expect: PONG\n  - name: replica\n    kind: command\n    run: [./lag.sh]\n    expect: "/streaming|catchup/"\n');
		expect(config.checks[0]).toMatchObject({expectOutput: {substring: 'PONG'}, expectSummary: 'exit 0 · output contains "PONG"'} satisfies Partial<CommandCheck>);
		expect(config.checks[1]).toMatchObject({expectOutput: {regex: 'streaming|catchup', flags: ''}, expectSummary: 'exit 0 · output matches /streaming|catchup/'} satisfies Partial<CommandCheck>);
	});

	it('keeps a path that ends in a word as the substring it is, not a regular expression with flags', () => {
		// Each was a substring before flags were checked, and stays one: text between slashes, with no regex's syntax
		// or with a path's slash among it, is not asked about (`/ok/z` reads as `/login/a` does).
		const paths = ['/users/me', '/en/gb', '/usr/bin', '/auth/login', '/usr/bin/python', '/usr/local/bin/x', '/login/a', '/Users/Sid', '/files/[id]/edit', '/api/*/health', '/docs/c++/about', '/ok/z', '/ok/I'];
		const {config} = loadText(`checks:\n${paths.map((path, index) => `  - {name: c${index}, kind: command, run: [which, x], expect: ${JSON.stringify(path)}}\n`).join('')}`);
		expect(config.checks.map(check => (check as CommandCheck).expectOutput)).toEqual(paths.map(path => ({substring: path})));
	});
});

describe('command exitCodes', () => {
	it('reads plain from the check, its group or defaults, says it in the expected summary, and leaves nagios the default', () => {
		const {config} = loadText('defaults:\n  exitCodes: plain\ngroups:\n  plugins:\n    exitCodes: nagios\nchecks:\n  - name: backup done\n    kind: command\n    run: [test, -f, /backups/today.done]\n  - name: disk\n    kind: command\n    group: plugins\n    run: [check_disk]\n  - name: wrapper\n    kind: command\n    group: plugins\n    exitCodes: plain\n    run: [./nightly.sh]\n');
		expect(config.checks.map(check => [check.name, (check as CommandCheck).exitCodes, check.expectSummary])).toEqual([
			['backup done', 'plain', 'exit 0 (any other failing)'],
			['disk', 'nagios', 'exit 0'],
			['wrapper', 'plain', 'exit 0 (any other failing)'],
		]);
		const {config: plain} = loadText('checks:\n  - name: disk\n    kind: command\n    run: [check_disk]\n');
		expect((plain.checks[0] as CommandCheck).exitCodes ?? 'nagios').toBe('nagios');
	});

	it('refuses another value, naming the values there are and the one meant', () => {
		const error = loadError('checks:\n  - name: job\n    kind: command\n    run: [./job.sh]\n    exitCodes: plian\n');
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({line: 5, column: 16, message: '`exitCodes`: expected one of nagios, plain, found "plian"', hint: 'did you mean `plain`?'});
	});
});

describe('freshness warnAge', () => {
	it('reads it, and says it in the expected summary', () => {
		const {config} = loadText('checks:\n  - name: export\n    kind: freshness\n    file: stamp\n    warnAge: 10m\n    maxAge: 30m\n');
		expect(config.checks[0]).toMatchObject({warnAgeMs: 600_000, maxAgeMs: 1_800_000, expectSummary: 'age ≤ 30m · warn > 10m'} satisfies Partial<FreshnessCheck>);
	});

	it('refuses a warnAge that is not shorter than maxAge, at its place', () => {
		const error = loadError('checks:\n  - name: export\n    kind: freshness\n    file: stamp\n    maxAge: 30m\n    warnAge: 1h\n');
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({line: 6, column: 14, message: 'warnAge 1h is not shorter than maxAge 30m in check `export`'});
		expect(error.issues[0]?.hint).toBe('a late job should warn before it fails: warnAge < maxAge');
	});
});

describe('descriptions', () => {
	it('keeps the check\'s own and its group\'s, for the detail pane', () => {
		const {config} = loadText('groups:\n  pay: {description: payment services, owner: "@pay"}\nchecks:\n  - {name: a, url: http://127.0.0.1, group: pay, description: the card API}\n  - {name: b, url: http://127.0.0.1}\n');
		expect(config.checks[0]).toMatchObject({description: 'the card API', group: 'pay', groupDescription: 'payment services', owner: '@pay'});
		expect(config.checks[1]!.description).toBeUndefined();
		expect(config.checks[1]!.groupDescription).toBeUndefined();
	});
});

describe('the built-in timeout', () => {
	const timeouts = (text: string) => Object.fromEntries(loadText(text).config.checks.map(check => [check.name, [check.intervalMs, check.timeoutMs]]));

	it('is capped at an interval shorter than 5s when no timeout is written anywhere', () => {
		expect(timeouts('defaults: {interval: 3s}\nchecks:\n  - {name: a, url: http://127.0.0.1}\n')).toEqual({a: [3000, 3000]});
		expect(timeouts('groups:\n  fast: {interval: 1s}\nchecks:\n  - {name: a, url: http://127.0.0.1, group: fast}\n  - {name: b, url: http://127.0.0.1, interval: 250ms}\n  - {name: c, url: http://127.0.0.1}\n  - {name: d, url: http://127.0.0.1, interval: 1m}\n'))
			.toEqual({a: [1000, 1000], b: [250, 250], c: [10_000, 5000], d: [60_000, 5000]});
	});

	it('gives way to a timeout that is written, in the check, its group or defaults', () => {
		expect(timeouts('defaults: {interval: 3s, timeout: 2s}\ngroups:\n  g: {timeout: 1s}\nchecks:\n  - {name: a, url: http://127.0.0.1}\n  - {name: b, url: http://127.0.0.1, group: g}\n  - {name: c, url: http://127.0.0.1, timeout: 500ms}\n'))
			.toEqual({a: [3000, 2000], b: [3000, 1000], c: [3000, 500]});
	});
});

describe('concurrency', () => {
	it('is absent unless set, so that the engine sizes it from the fleet', () => {
		expect(loadText('checks:\n  - name: a\n    url: http://127.0.0.1\n').config.concurrency).toBeUndefined();
		expect('concurrency' in loadText('checks:\n  - name: a\n    url: http://127.0.0.1\n').config).toBe(false);
	});

	it('takes a whole number', () => {
		expect(loadText('concurrency: 8\nchecks:\n  - name: a\n    url: http://127.0.0.1\n').config.concurrency).toBe(8);
	});
});

describe('extension keys', () => {
	it('ignores top-level x- keys so they can hold anchors', () => {
		const {config} = loadText('x-headers: &probe {User-Agent: uptop}\nchecks:\n  - name: a\n    url: http://127.0.0.1\n    headers: *probe\n');
		expect((config.checks[0] as HttpCheck).headers).toEqual({'user-agent': 'uptop'});
	});
});

describe('expect.json numbers', () => {
	it('keeps a number as written when YAML would print it differently (1.10 is a version, not 1.1)', () => {
		const {config} = loadText('checks:\n  - name: a\n    url: http://127.0.0.1\n    expect:\n      json: {version: 1.10, build: 2.0, n: 3, q: "1.0", big: 1e3, hex: 0x10, deep: {v: 1.20}, list: [1.50]}\n');
		const check = config.checks[0] as HttpCheck;
		expect(check.expect.json).toEqual({version: '1.10', build: '2.0', n: 3, q: '1.0', big: '1e3', hex: 16, deep: {v: '1.20'}, list: ['1.50']});
		expect(check.expectSummary).toContain('json version=1.10');
	});

	it('takes null written as a value to expect (JSON null), and says what to write for a value left empty', () => {
		const {config} = loadText('checks:\n  - name: a\n    url: http://127.0.0.1\n    expect:\n      json: {error: null, cause: ~, deep: {reason: null}}\n');
		const check = config.checks[0] as HttpCheck;
		expect(check.expect.json).toEqual({error: null, cause: null, deep: {reason: null}});
		expect(check.expectSummary).toContain('json error=null');
		const error = loadError('checks:\n  - name: a\n    url: http://127.0.0.1\n    expect:\n      json:\n        checks.db.status:\n');
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({line: 6, message: '`checks.db.status` has no value', hint: 'write the value the field must have, or null for a JSON null: checks.db.status: null'});
	});

	it('leaves numbers elsewhere alone', () => {
		const {config} = loadText('checks:\n  - name: a\n    url: http://127.0.0.1\n    retries: 2\n    expect:\n      status: 200\n');
		expect((config.checks[0] as HttpCheck).retries).toBe(2);
		expect((config.checks[0] as HttpCheck).expect.status).toEqual([{min: 200, max: 200}]);
	});
});

describe('keys from the file', () => {
	it('keeps a __proto__ key as data, not as a prototype', () => {
		const {config} = loadText('checks:\n  - name: a\n    url: http://127.0.0.1\n    expect:\n      json: {__proto__: {polluted: true}}\n');
		const json = (config.checks[0] as HttpCheck).expect.json!;
		expect(Object.keys(json)).toEqual(['__proto__']);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
	});
});
