import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {loadConfig} from '../../source/config/load-config.js';
import {loadError, writeFiles} from './temp-files.js';

/** The one issue a check written as `lines` (indented under `- name: a`) produces. */
function issueOf(lines: string): {message: string; hint?: string; line?: number} {
	const error = loadError(`checks:\n  - name: a\n    ${lines.replaceAll('\n', '\n    ')}\n`);
	expect(error.issues).toHaveLength(1);
	return error.issues[0]!;
}

/** Loads a check written as `lines`; the hint's YAML must make a valid config, not just read well. */
function loadsAsCheck(lines: string) {
	const directory = writeFiles({'checks.yaml': `checks:\n  - name: a\n    ${lines.replaceAll('\n', '\n    ')}\n`});
	return loadConfig(path.join(directory, 'checks.yaml'), {env: {}}).checks[0]!;
}

/** The `key: value` pairs a hint tells the reader to write first, as YAML lines (up to an alternative's `kind:`). */
function writtenIn(hint: string): string {
	const pairs = [...hint.matchAll(/`((?:kind|host|query|url|run|send|expect): [^`]+)`/g)].map(match => match[1]!);
	const alternative = pairs.findIndex((pair, index) => index > 0 && pair.startsWith('kind:'));
	return (alternative === -1 ? pairs : pairs.slice(0, alternative)).join('\n');
}

/** The pairs of a hint's alternative: from its second `kind:` on. */
function alternativeIn(hint: string): string {
	const pairs = [...hint.matchAll(/`((?:kind|host|query|url|run|send|expect): [^`]+)`/g)].map(match => match[1]!);
	return pairs.slice(pairs.findIndex((pair, index) => index > 0 && pair.startsWith('kind:'))).join('\n');
}

describe('hints for a check written the way other monitors spell it', () => {
	it.each([
		['tcp: 127.0.0.1:5432', 'tcp', {host: '127.0.0.1', port: 5432}],
		['dns: api.example', 'dns', {query: 'api.example'}],
		['command: /usr/lib/nagios/plugins/check_dummy 0', 'command', {run: ['/usr/lib/nagios/plugins/check_dummy', '0']}],
		['command: check_http -H x -w 1,2', 'command', {run: ['check_http', '-H', 'x', '-w', '1,2']}],
		['redis: cache:6379', 'tcp', {host: 'cache', port: 6379}],
		// A connection URL, as client libraries take it: its host and port, not the URL (nor its password).
		['redis: "redis://:pw@cache:6380/0"', 'tcp', {host: 'cache', port: 6380}],
		['postgres: postgres://app@db.internal/app', 'tcp', {host: 'db.internal', port: 5432}],
		['command: "printf a: b"', 'command', {run: ['printf', 'a:', 'b']}],
	])('a kind written as a key, `%s`, gets the keys uptop reads, and they load', (lines, kind, fields) => {
		const issue = issueOf(lines);
		expect(issue.message).toBe('missing `kind` (and no `url` for an http check)');
		const check = loadsAsCheck(writtenIn(issue.hint!));
		expect(check).toMatchObject({kind, ...fields});
	});

	it('keeps a command line with shell syntax one string, with shell: true', () => {
		const issue = issueOf('command: pg_isready -q && echo ok');
		expect(issue.hint).toBe('write `kind: command` and `run: pg_isready -q && echo ok` with `shell: true`');
		expect(loadsAsCheck('kind: command\nrun: pg_isready -q && echo ok\nshell: true')).toMatchObject({kind: 'command', shell: true});
	});

	it('keeps a command line with a shell comment for the shell, quoted so YAML reads it back whole', () => {
		const issue = issueOf('command: "echo ok # comment: not one"');
		expect(issue.hint).toBe('write `kind: command` and `run: "echo ok # comment: not one"` with `shell: true`');
		expect(loadsAsCheck('kind: command\nrun: "echo ok # comment: not one"\nshell: true')).toMatchObject({run: ['echo ok # comment: not one']});
	});

	it('leaves the guess from a key that belongs to a kind as it was (`shell: true` is a command key)', () => {
		expect(issueOf('shell: true').hint).toBe('add kind: command');
	});

	it.each([
		['url: tcp://127.0.0.1:5432', 'for a TCP port write `kind: tcp` and `host: 127.0.0.1:5432`; `url:` takes http:// or https://', {kind: 'tcp', port: 5432}],
		['url: postgres://app:pw@db.internal/app', '`kind: tcp` with `host: db.internal:5432` checks that postgres accepts connections; `kind: command` with `run: [pg_isready, -h, db.internal, -p, "5432"]` asks it', {kind: 'tcp', host: 'db.internal', port: 5432}],
		['url: tcp://[::1]:5432', 'for a TCP port write `kind: tcp` and `host: "[::1]:5432"`; `url:` takes http:// or https://', {kind: 'tcp', host: '::1', port: 5432}],
		['url: tls://api.example', 'for a certificate write `kind: tls` and `host: api.example:443`; `url:` takes http:// or https://', {kind: 'tls', host: 'api.example', port: 443}],
		['url: dns://api.example', 'for a DNS name write `kind: dns` and `query: api.example`; `url:` takes http:// or https://', {kind: 'dns', query: 'api.example'}],
		['url: wss://api.example/socket?v=2', 'uptop checks the HTTP side of a WebSocket: `url: https://api.example/socket?v=2`', {kind: 'http', url: 'https://api.example/socket?v=2'}],
	])('a URL with another scheme, `%s`, is pointed at the kind that checks it', (lines, hint, fields) => {
		const issue = issueOf(lines);
		expect(issue.message).toMatch(/^unsupported URL scheme/);
		expect(issue.hint).toBe(hint);
		expect(loadsAsCheck(writtenIn(hint))).toMatchObject(fields);
	});

	it('reads `localhost:9090` (which parses as a scheme) as a host and port without one', () => {
		const issue = issueOf('url: localhost:9090/health');
		expect(issue.message).toBe('unsupported URL scheme `localhost:` in `localhost:9090/health`');
		expect(issue.hint).toBe('add the scheme: http://localhost:9090/health');
	});

	it('points a file:// URL at the freshness check, which reads a file\'s age', () => {
		const issue = issueOf('url: file:///var/lib/export/last%20success');
		expect(issue.hint).toBe('for how old a file is write `kind: freshness`, `file: /var/lib/export/last success` and `maxAge:`');
		expect(loadsAsCheck('kind: freshness\nfile: /var/lib/export/last success\nmaxAge: 1d')).toMatchObject({kind: 'freshness', file: '/var/lib/export/last success'});
	});

	it('says there is no ping rather than suggesting a kind that is not one', () => {
		for (const lines of ['kind: ping', 'kind: ICMP', 'url: icmp://10.0.0.1']) {
			expect(issueOf(lines).hint).toMatch(/^uptop has no ICMP ping .*`kind: tcp`.*check_ping$/);
		}
	});

	it.each([
		['kind: https\nurl: http://x', 'use `kind: http` (with `url:`)'],
		['kind: ssl\nhost: api.example:443', 'use `kind: tls` (with `host:`)'],
		['kind: script\nrun: [ls]', 'use `kind: command` (with `run:`)'],
		['kind: postgres\nhost: db:5432', '`kind: tcp` with `host: db:5432` checks that postgres accepts connections; `kind: command` with `run: [pg_isready, -h, db, -p, "5432"]` asks it'],
		['kind: kafka', '`kind: tcp` with `host: HOST:9092` checks that kafka accepts connections; `kind: command` runs a client or Nagios plugin that queries it'],
		['kind: htp\nurl: http://x', 'did you mean `http`?'],
	])('an unknown kind, `%s`, gets uptop\'s name for it', (lines, hint) => {
		const issue = issueOf(lines);
		expect(issue.message).toMatch(/^unknown kind/);
		expect(issue.hint).toBe(hint);
	});

	it.each([
		['kind: redis\nhost: cache:6379', {kind: 'tcp', host: 'cache', port: 6379, send: 'PING\r\n', expectText: '+PONG'}, {kind: 'command', run: ['redis-cli', '-h', 'cache', '-p', '6379', 'ping'], expectOutput: {substring: 'PONG'}}],
		['kind: mysql\nhost: "[::1]"', {kind: 'tcp', host: '::1', port: 3306}, {kind: 'command', run: ['mysqladmin', 'ping', '-h', '::1', '-P', '3306'], expectOutput: {substring: 'alive'}}],
		['kind: rabbitmq\nhost: mq', {kind: 'tcp', host: 'mq', port: 5672}, {kind: 'http', url: 'http://mq:15672/api/health/checks/alarms'}],
		['kind: memcached\nhost: 10.0.0.7:11211', {kind: 'tcp', host: '10.0.0.7', port: 11_211, send: 'version\r\n', expectText: 'VERSION'}, undefined],
		['kind: zookeeper\nhost: zk-1', {kind: 'tcp', host: 'zk-1', port: 2181, send: 'srvr', expectText: 'Zookeeper version'}, undefined],
		['kind: elasticsearch\nhost: search', {kind: 'tcp', host: 'search', port: 9200}, {kind: 'http', url: 'http://search:9200/_cluster/health'}],
		['kind: opensearch\nhost: search', {kind: 'tcp', host: 'search', port: 9200}, {kind: 'http', url: 'http://search:9200/_cluster/health'}],
		// Its health API is on the port it was written with (a cluster behind another port), unlike RabbitMQ's management port.
		['kind: elasticsearch\nhost: search:9201', {kind: 'tcp', host: 'search', port: 9201}, {kind: 'http', url: 'http://search:9201/_cluster/health'}],
		['kind: rabbitmq\nhost: mq:5673', {kind: 'tcp', host: 'mq', port: 5673}, {kind: 'http', url: 'http://mq:15672/api/health/checks/alarms'}],
		['kind: clickhouse\nhost: ch', {kind: 'tcp', host: 'ch', port: 9000}, {kind: 'http', url: 'http://ch:8123/ping'}],
		// A real host name makes the client form longer than a quoted value may be: it must still be whole to copy.
		['kind: redis\nhost: cache-primary.payments.eu-west-1.internal.example.com:6380', {kind: 'tcp', host: 'cache-primary.payments.eu-west-1.internal.example.com', port: 6380}, {kind: 'command', run: ['redis-cli', '-h', 'cache-primary.payments.eu-west-1.internal.example.com', '-p', '6380', 'ping']}],
	])('a service as a kind, `%s`, gets a tcp check that asks it for its answer and a client or URL, with the host written, and both load', (lines, tcp, other) => {
		const hint = issueOf(lines).hint!;
		expect(loadsAsCheck(writtenIn(hint))).toMatchObject(tcp);
		if (other !== undefined) expect(loadsAsCheck(alternativeIn(hint))).toMatchObject(other);
	});

	it('says the redis forms in words a person can copy: send PING, expect +PONG, or redis-cli with expect PONG', () => {
		expect(issueOf('kind: redis').hint).toBe('`kind: tcp` with `host: HOST:6379`, `send: "PING\\r\\n"` and `expect: +PONG` checks that redis answers; `kind: command` with `run: [redis-cli, -h, HOST, -p, "6379", ping]` and `expect: PONG` asks it');
	});

	it('does not copy a host taken from the environment into the hint (it is a secret)', () => {
		const error = loadError('checks:\n  - name: a\n    kind: redis\n    host: ${REDIS_HOST:-cache.internal}:6379\n');
		expect(error.issues[0]!.hint).toMatch(/^`kind: tcp` with `host: HOST:6379`/);
	});

	it.each(['cron', 'job', 'cronjob', 'heartbeat', 'backup'])('points `kind: %s` at a freshness check of a file the job touches, or a script with exitCodes: plain', word => {
		expect(issueOf(`kind: ${word}`).hint).toBe('use `kind: freshness` with `file:` (a file the job touches when it succeeds) and `maxAge:` (or `url:` and `field:` for a status endpoint); or `kind: command` with `run:` and `exitCodes: plain` for a script that exits 1 when the job failed');
		expect(loadsAsCheck('kind: freshness\nfile: /var/lib/job/done\nmaxAge: 1d')).toMatchObject({kind: 'freshness'});
		expect(loadsAsCheck('kind: command\nrun: [./job-ok.sh]\nexitCodes: plain')).toMatchObject({kind: 'command', exitCodes: 'plain'});
	});

	it('gives no hint for a kind it knows nothing about', () => {
		expect(issueOf('kind: teapot\nurl: http://x').hint).toBeUndefined();
	});

	it.each([
		['kind: tcp\nhost: db:1\naddress: db:5432', 'address', 'host'],
		['url: http://x\nevery: 5s', 'every', 'interval'],
		['url: http://x\nteam: sre', 'team', 'owner'],
		['kind: command\nrun: [ls]\ncmd: [ls]', 'cmd', 'run'],
		['kind: dns\nquery: a.example\ndomain: a.example', 'domain', 'query'],
	])('another word for a key, `%s`, names the key', (lines, key, meant) => {
		const issue = issueOf(lines);
		expect(issue.message).toMatch(new RegExp(`^unknown key \`${key}\``));
		expect(issue.hint).toBe(`did you mean \`${meant}\`?`);
	});

	it('offers a synonym only where that key exists (`address` in an http check means its url)', () => {
		expect(issueOf('url: http://x\naddress: http://y').hint).toBe('did you mean `url`?');
	});
});
