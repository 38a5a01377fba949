import {describe, expect, it} from 'vitest';
import {loadError} from './temp-files.js';

/** The one issue a file produces: a check pasted from another tool's config. */
function issueOf(text: string) {
	const error = loadError(text);
	expect(error.issues.map(issue => issue.message)).toHaveLength(1);
	return error.issues[0]!;
}

const check = (lines: string): string => `checks:\n  - name: api\n    ${lines.replaceAll('\n', '\n    ')}\n`;
const withUrl = (lines: string): string => check(`url: http://127.0.0.1:1/\n${lines}`);

describe('a check pasted from a Kubernetes probe', () => {
	it('reads httpGet as the url to write', () => {
		expect(issueOf(check('httpGet:\n  path: /healthz\n  port: 8080'))).toMatchObject({
			message: 'missing `kind` (and no `url` for an http check)',
			hint: '`httpGet:` is a Kubernetes probe; uptop probes from outside the pod: write `url: http://HOST:8080/healthz` with the address it is reached at',
		});
	});

	it('reads tcpSocket as a tcp check', () => {
		expect(issueOf(check('tcpSocket: {port: 5432}')).hint).toBe('`tcpSocket:` is a Kubernetes probe; write `kind: tcp` and `host: HOST:5432`');
	});

	it('carries an exec probe\'s command into `run:`', () => {
		expect(issueOf(check('exec:\n  command: [cat, /tmp/healthy]'))).toMatchObject({
			message: 'missing `kind` (and no `url` for an http check)',
			hint: '`exec:` is a Kubernetes probe; uptop runs the command on its own machine, not in the pod: write `kind: command` and `run: [cat, /tmp/healthy]`',
		});
	});

	it('carries it into `run:` alone in a command check, quoting a word with spaces', () => {
		const issue = issueOf(check('kind: command\nrun: [true]\nexec:\n  command: ["sh", "-c", "pg_isready -h localhost"]'));
		expect(issue.message).toBe('unknown key `exec` in command check `api`');
		expect(issue.hint).toBe('`exec:` is a Kubernetes probe; uptop runs the command on its own machine, not in the pod: write `run: [sh, -c, "pg_isready -h localhost"]`');
	});

	it('keeps the hint for `exec` as a word for `run` when it holds no command list', () => {
		expect(issueOf(check('exec: check_disk')).hint).toBe('`exec:` is not a key; use `kind: command` (with `run:`)');
	});

	it.each([
		['periodSeconds: 10', 'a Kubernetes probe\'s `periodSeconds` is `interval: 10s`'],
		['timeoutSeconds: 2', 'a Kubernetes probe\'s `timeoutSeconds` is `timeout: 2s`'],
		['failureThreshold: 3', 'a Kubernetes probe\'s `failureThreshold: 3` is `retries: 2` (failing after 3 failed attempts)'],
		['initialDelaySeconds: 5', /has no equivalent: uptop probes at once/],
	])('names uptop\'s key for `%s`', (line, hint) => {
		const issue = issueOf(withUrl(line));
		expect(issue.message).toMatch(/^unknown key `\w+` in http check `api`$/);
		expect(issue.hint).toMatch(typeof hint === 'string' ? new RegExp(`^${hint.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : hint);
	});
});

describe('a config pasted from Gatus', () => {
	it('says its endpoints are uptop\'s checks', () => {
		expect(issueOf('endpoints:\n  - name: api\n    url: http://127.0.0.1:1/\n')).toMatchObject({message: 'unknown top-level key `endpoints`', hint: /^Gatus's `endpoints:` are uptop's `checks:`/});
	});

	it('writes its conditions as expect and slow', () => {
		const issue = issueOf(withUrl('conditions:\n  - "[STATUS] == 200"\n  - "[BODY].status == UP"\n  - "[RESPONSE_TIME] < 300"\n  - "[DOMAIN_EXPIRATION] > 720h"'));
		expect(issue.hint).toBe('Gatus conditions are uptop\'s `expect:`: write `expect: {status: 200, json: {status: UP}}` and `slow: 300ms`; no equivalent for `[DOMAIN_EXPIRATION] > 720h`');
	});
});

describe('a monitor pasted from Uptime Kuma', () => {
	it.each([
		['keyword: healthy', 'Uptime Kuma\'s `keyword` is `expect: {body: healthy}`'],
		['accepted_statuscodes: ["200-299"]', 'Uptime Kuma\'s `accepted_statuscodes` is `expect: {status: [200-299]}`'],
		['ignoreTls: true', 'Uptime Kuma\'s `ignoreTls` is `insecure: true`'],
		['type: http', 'Uptime Kuma\'s `type: http` is `kind: http`; `type:` is the record type of a dns check'],
	])('names uptop\'s key for `%s`', (line, hint) => {
		expect(issueOf(withUrl(line)).hint).toBe(hint);
	});

	it('reads type: port with hostname and port as a tcp check', () => {
		expect(issueOf(check('type: port\nhostname: db.internal\nport: 5432')).hint).toBe('Uptime Kuma\'s `type: port` is `kind: tcp` with `host: db.internal:5432`; `type:` is the record type of a dns check');
	});
});

describe('a module pasted from the Prometheus blackbox exporter', () => {
	it('writes an http module\'s settings as the check\'s own', () => {
		const error = loadError(withUrl('prober: http\nhttp:\n  valid_status_codes: [200, 204]\n  fail_if_body_not_matches_regexp: ["ok"]\n  tls_config: {insecure_skip_verify: true}'));
		expect(error.issues.map(issue => issue.hint)).toEqual([
			'`prober:` is a blackbox exporter module\'s; uptop\'s is `kind: http`',
			'a blackbox exporter module\'s settings go on the check itself: `expect: {status: [200, 204], body: "/ok/"}`, `insecure: true`',
		]);
	});
});

describe('keys from HTTP clients, curl loops and other monitors', () => {
	it.each([
		['retry: 2', 'did you mean `retries`?'],
		['ca_file: ca.pem', 'did you mean `ca`?'],
		['cacert: ca.pem', 'did you mean `ca`?'],
		['insecure_skip_verify: true', '`insecure: true` is uptop\'s way to skip verifying the certificate'],
		['tls_skip_verify: true', '`insecure: true` is uptop\'s way to skip verifying the certificate'],
		['skipTlsVerify: false', 'the certificate is verified unless `insecure: true`: remove the key'],
		['verify_ssl: false', '`insecure: true` is uptop\'s way to skip verifying the certificate'],
		['verify: true', 'the certificate is verified unless `insecure: true`: remove the key'],
		['verify_ssl: "false"', '`insecure: true` is uptop\'s way to skip verifying the certificate'],
		['verify: /etc/ssl/internal-ca.pem', 'a CA bundle goes in `ca:`, a PEM file relative to this file: `ca: /etc/ssl/internal-ca.pem`'],
		['follow_redirects: false', '`maxRedirects: 0` is uptop\'s way not to follow redirects'],
		['followRedirects: true', 'uptop follows up to 5 redirects unless told otherwise: `maxRedirects:` sets how many'],
		['user_agent: uptop-probe/1', 'write it as a header: `headers: {User-Agent: uptop-probe/1}`'],
		['userAgent: "Mozilla/5.0 (X11)"', 'write it as a header: `headers: {User-Agent: "Mozilla/5.0 (X11)"}`'],
		['bearer_token: abc123', 'write it as a header, the token from the environment: `headers: {Authorization: "Bearer ${TOKEN}"}`'],
		['api_key: abc123', 'write it as a header, the key from the environment: `headers: {X-Api-Key: "${API_KEY}"}`'],
		['basic_auth: {username: a, password: b}', 'put the user in the URL, the password from the environment: `url: http://USER:${PASSWORD}@host/path` (or an Authorization header of type Basic)'],
		['body_contains: ok', 'write `expect: {body: ok}` (a substring, or /regex/)'],
		['contains: "status: UP"', 'write `expect: {body: "status: UP"}` (a substring, or /regex/)'],
		['response_time: 300', 'write `slow: 300ms`: a slower answer shows slow, not failing'],
		['max_response_time: 2s', 'write `slow: 2s`: a slower answer shows slow, not failing'],
		['status_code: 204', 'write `expect: {status: 204}`'],
		['expected_status: [200, 204]', 'write `expect: {status: [200, 204]}`'],
		['client: {insecure: true, timeout: 5s}', 'Gatus\'s `client:` settings go on the check itself: `insecure: true`, `timeout: 5s`'],
	])('gives `%s` the line to write', (line, hint) => {
		const issue = issueOf(withUrl(line));
		expect(issue.message).toMatch(/^unknown key `\w+` in http check `api`$/);
		expect(issue.hint).toBe(hint);
	});

	it('never puts a token written under another tool\'s key into its hint', () => {
		for (const line of ['bearer_token: s3cr3t-value', 'token: s3cr3t-value', 'api_key: s3cr3t-value', 'basic_auth: {username: a, password: s3cr3t-value}']) {
			const issue = issueOf(withUrl(line));
			expect(JSON.stringify(issue)).not.toContain('s3cr3t-value');
		}
	});

	it('reads status_code inside expect as status', () => {
		expect(issueOf(withUrl('expect: {status_code: 200}')).hint).toBe('did you mean `status`?');
	});

	it('reads a blackbox module\'s follow_redirects: false as maxRedirects: 0', () => {
		expect(issueOf(withUrl('http:\n  follow_redirects: false\n  valid_status_codes: [200]')).hint).toBe('a blackbox exporter module\'s settings go on the check itself: `expect: {status: [200]}`, `maxRedirects: 0`');
	});
});
