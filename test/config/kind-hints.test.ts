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
	const pairs = [...hint.matchAll(/`((?:kind|host|query|url|run): [^`]+)`/g)].map(match => match[1]!);
	const alternative = pairs.findIndex((pair, index) => index > 0 && pair.startsWith('kind:'));
	return (alternative === -1 ? pairs : pairs.slice(0, alternative)).join('\n');
}

describe('hints for a check written the way other monitors spell it', () => {
	it.each([
		['tcp: 127.0.0.1:5432', 'tcp', {host: '127.0.0.1', port: 5432}],
		['dns: api.example', 'dns', {query: 'api.example'}],
		['command: /usr/lib/nagios/plugins/check_dummy 0', 'command', {run: ['/usr/lib/nagios/plugins/check_dummy', '0']}],
		['command: check_http -H x -w 1,2', 'command', {run: ['check_http', '-H', 'x', '-w', '1,2']}],
		['redis: cache:6379', 'tcp', {host: 'cache', port: 6379}],
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
		['url: postgres://app:pw@db.internal/app', '`kind: tcp` with `host: db.internal:5432` checks that postgres accepts connections; `kind: command` runs a client or Nagios plugin that queries it', {kind: 'tcp', host: 'db.internal', port: 5432}],
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
		['kind: postgres\nhost: db:5432', '`kind: tcp` with `host: HOST:5432` checks that postgres accepts connections; `kind: command` runs a client or Nagios plugin that queries it'],
		['kind: htp\nurl: http://x', 'did you mean `http`?'],
	])('an unknown kind, `%s`, gets uptop\'s name for it', (lines, hint) => {
		const issue = issueOf(lines);
		expect(issue.message).toMatch(/^unknown kind/);
		expect(issue.hint).toBe(hint);
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
