import {existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {runValidate} from '../../source/modes/validate.js';

const directories: string[] = [];
afterEach(() => {
	for (const directory of directories.splice(0)) {
		rmSync(directory, {recursive: true, force: true});
	}
});

function write(files: Record<string, string>): string {
	const directory = mkdtempSync(path.join(tmpdir(), 'uptop-validate-'));
	directories.push(directory);
	for (const [name, text] of Object.entries(files)) {
		writeFileSync(path.join(directory, name), text);
	}

	return directory;
}

function validate(file: string, env: NodeJS.ProcessEnv = {}, stateDir?: string) {
	let stdout = '';
	let stderr = '';
	const code = runValidate(file, {stdout: text => (stdout += text), stderr: text => (stderr += text), env, ...(stateDir === undefined ? {} : {stateDir})});
	return {code, stdout, stderr};
}

const check = (name: string) => `  - name: ${name}\n    url: http://127.0.0.1:8000/${name}\n`;

describe('uptop validate', () => {
	it('prints "N checks OK" and exits 0 for a valid file', () => {
		const directory = write({'checks.yaml': `checks:\n${check('a')}${check('b')}${check('c')}`});
		expect(validate(path.join(directory, 'checks.yaml'))).toEqual({code: 0, stdout: '3 checks OK\n', stderr: ''});
	});

	it('notes on stderr, exit 0, when a written `slow` is not below the timeout: the check can never show slow', () => {
		const own = validate(path.join(write({'checks.yaml': `checks:\n${check('a')}    timeout: 2s\n    slow: 2s\n${check('b')}`}), 'checks.yaml'));
		expect(own).toEqual({code: 0, stdout: '2 checks OK\n', stderr: 'note: check `a`: slow 2s is not below its timeout 2s, so it can never show slow (a probe that long is stopped at the timeout and fails); lower `slow` if it should warn before that, e.g. `slow: 1s`.\n'});
		const five = Array.from({length: 5}, (_, index) => check(`c${index}`)).join('');
		const all = validate(path.join(write({'checks.yaml': `defaults: {slow: 1h}\nchecks:\n${five}`}), 'checks.yaml'));
		expect(all.stderr).toMatch(/^note: checks `c0`, `c1`, `c2` and 2 more: `slow` is not below their timeout, so they can never show slow /);
	});

	it('notes a `slow` equal to the built-in 1 s too, written or not, with a value that would warn in time', () => {
		const written = validate(path.join(write({'checks.yaml': `checks:\n${check('a')}    timeout: 1s\n    slow: 1s\n`}), 'checks.yaml'));
		expect(written).toEqual({code: 0, stdout: '1 check OK\n', stderr: 'note: check `a`: slow 1s is not below its timeout 1s, so it can never show slow (a probe that long is stopped at the timeout and fails); lower `slow` if it should warn before that, e.g. `slow: 500ms`.\n'});
		// An interval of 1 s makes the timeout 1 s, the built-in slow is 1 s: nobody wrote it, yet it can never warn.
		const defaulted = validate(path.join(write({'checks.yaml': `defaults: {interval: 1s}\nchecks:\n${check('a')}`}), 'checks.yaml'));
		expect(defaulted.stderr).toBe('note: check `a`: slow 1s is not below its timeout 1s, so it can never show slow (a probe that long is stopped at the timeout and fails); lower `slow` if it should warn before that, e.g. `slow: 500ms`.\n');
		const many = Array.from({length: 5}, (_, index) => check(`c${index}`)).join('');
		const fast = validate(path.join(write({'checks.yaml': `defaults: {interval: 500ms}\nchecks:\n${many}`}), 'checks.yaml'));
		expect(fast.stderr).toBe('note: checks `c0`, `c1`, `c2` and 2 more: `slow` is not below their timeout, so they can never show slow (a probe that long is stopped at the timeout and fails); lower `slow` if they should warn before that, e.g. `slow: 250ms`.\n');
	});

	it('notes on stderr, exit 0, a url whose #fragment is never sent, with the check, where it is and what is requested', () => {
		const directory = write({'checks.yaml': 'checks:\n  - name: api\n    url: http://127.0.0.1:8000/health#ready\n'});
		expect(validate(path.join(directory, 'checks.yaml'))).toEqual({
			code: 0,
			stdout: '1 check OK\n',
			stderr: `note: check \`api\` (${path.join(directory, 'checks.yaml')}:2:5): the fragment \`#ready\` of its url is never sent to the server (a browser keeps it to itself), so it requests http://127.0.0.1:8000/health; drop it, or put what it should select in the path or the query.\n`,
		});
	});

	it('notes a fragment in a freshness url too, and hides one from the environment', () => {
		const text = 'checks:\n  - name: api\n    url: http://127.0.0.1:8000/\n  - name: job\n    kind: freshness\n    url: "http://127.0.0.1:8000/jobs#${FRAGMENT}"\n    field: at\n    maxAge: 1h\n';
		const run = validate(path.join(write({'checks.yaml': text}), 'checks.yaml'), {FRAGMENT: 'k7-topsecret'});
		expect(run.code).toBe(0);
		expect(run.stderr).toMatch(/^note: check `job` \(.*checks\.yaml:4:5\): the fragment `#••••` of its url is never sent to the server .* so it requests http:\/\/127\.0\.0\.1:8000\/jobs;/);
		expect(run.stderr).not.toContain('topsecret');
	});

	it('names a check whose name came from the environment as ••••, as every other output does', () => {
		// `name: "${SVC} api"` is "•••• api" on screen and in --json; the slow note said `topsecret api`.
		const text = 'checks:\n  - name: "${SVC} api"\n    url: http://127.0.0.1:8000/\n    timeout: 1s\n    slow: 2s\n';
		const run = validate(path.join(write({'checks.yaml': text}), 'checks.yaml'), {SVC: 'topsecret'});
		expect(run.code).toBe(0);
		expect(run.stderr).toMatch(/^note: check `•••• api`: slow 2s is not below its timeout 1s/);
		expect(run.stdout + run.stderr).not.toContain('topsecret');
	});

	it('notes on stderr, exit 0, when a check takes its name from the environment: hidden, its history kept under a hashed id', () => {
		// It said "its history is not kept across restarts"; the history is now kept under a keyed hash of the name.
		const directory = write({'checks.yaml': `checks:\n  - name: "\${SVC} api"\n    url: http://127.0.0.1:8000/\n${check('b')}`});
		const file = path.join(directory, 'checks.yaml');
		const stateDir = path.join(directory, 'state');
		const named = validate(file, {SVC: 'prod'}, stateDir);
		expect(named.code).toBe(0);
		expect(named.stdout).toBe('2 checks OK\n');
		expect(named.stderr).toBe(`note: the name of check \`•••• api\` holds a value the config keeps secret (from the environment): the value shows as ••••, and its history is kept under a keyed hash of the name, not the name (the key: ${path.join(stateDir, 'history-key')}).\n`);
		expect(named.stderr).not.toContain('prod');
		// validate makes nothing: the key is made by the first run that writes such a check's history.
		expect(existsSync(stateDir)).toBe(false);
		// A key that cannot be read: that history is not kept, and the note says why.
		mkdirSync(path.join(stateDir, 'history-key'), {recursive: true});
		expect(validate(file, {SVC: 'prod'}, stateDir).stderr).toBe(`note: the name of check \`•••• api\` holds a value the config keeps secret (from the environment): the value shows as ••••, and its history is not kept: ${path.join(stateDir, 'history-key')} is a directory, where uptop keeps a file; move it away, or point --state-dir at a directory uptop may write, or run with --no-history.\n`);
		// Another check's secret in a name written in the file: the history hides it as well, so the note says so.
		const shared = validate(path.join(write({'checks.yaml': 'checks:\n  - name: web\n    url: "http://${HOST}:8000/"\n  - name: payments db\n    kind: tcp\n    host: 127.0.0.1:5432\n'}), 'checks.yaml'), {HOST: 'payments'});
		expect(shared.stderr).toContain('the name of check `•••• db` holds a value the config keeps secret');
		expect(shared.stderr).not.toContain('payments');
	});

	it('notes on stderr when `concurrency:` leaves the checks too little room for ordinary answer times', () => {
		const thirty = Array.from({length: 30}, (_, index) => check(`c${index}`)).join('');
		const file = (concurrency: number, interval = '1s') => path.join(write({'checks.yaml': `concurrency: ${concurrency}\ndefaults: {interval: ${interval}, timeout: 500ms, slow: 250ms}\nchecks:\n${thirty}`}), 'checks.yaml');
		// 30 checks at 1 s in 2 slots: 30 × d ÷ (1000 + d) = 2 at d ≈ 71 ms.
		const tight = validate(file(2));
		expect(tight.code).toBe(0);
		expect(tight.stdout).toBe('30 checks OK\n');
		expect(tight.stderr).toMatch(/^note: a cap of 2 probes in flight \(`concurrency:` or --concurrency\) keeps these 30 checks on their intervals only while each probe takes under 7[01] ms; /);
		// 10 slots: under 500 ms each; every 10 s, 2 slots: under 714 ms; 30 slots: anything fits.
		expect(validate(file(10)).stderr).toBe('');
		expect(validate(file(2, '10s')).stderr).toBe('');
		expect(validate(file(30)).stderr).toBe('');
		// --concurrency is judged instead of the file's, as the monitor would use it.
		let stderr = '';
		expect(runValidate(file(30), {stdout: () => undefined, stderr: text => (stderr += text), env: {}, concurrency: 2})).toBe(0);
		expect(stderr).toMatch(/^note: a cap of 2 probes in flight .* keeps these 30 checks/);
	});

	it('notes on stderr, exit 0 and stdout unchanged, when the http checks would open more than 500 connections a second', () => {
		const many = Array.from({length: 600}, (_, index) => check(`c${index}`)).join('');
		const fresh = validate(path.join(write({'checks.yaml': `defaults: {interval: 1s, timeout: 500ms, slow: 250ms}\nchecks:\n${many}`}), 'checks.yaml'));
		expect(fresh.code).toBe(0);
		expect(fresh.stdout).toBe('600 checks OK\n');
		expect(fresh.stderr).toMatch(/^note: the http checks open 600 new connections a second .*keepAlive: true/);
		const keptAlive = validate(path.join(write({'checks.yaml': `defaults: {interval: 1s, timeout: 500ms, slow: 250ms, keepAlive: true}\nchecks:\n${many}`}), 'checks.yaml'));
		expect(keptAlive).toEqual({code: 0, stdout: '600 checks OK\n', stderr: ''});
		// The same checks every 2 s open 300 a second: no note.
		const slower = validate(path.join(write({'checks.yaml': `defaults: {interval: 2s, timeout: 500ms, slow: 250ms}\nchecks:\n${many}`}), 'checks.yaml'));
		expect(slower.stderr).toBe('');
	});

	it('notes on stderr when one remote host and port would get more new connections a second than its local ports allow', () => {
		const remote = Array.from({length: 450}, (_, index) => `  - name: r${index}\n    url: https://api.example.com/health/${index}\n`).join('');
		const busy = validate(path.join(write({'checks.yaml': `defaults: {interval: 1s, timeout: 500ms, slow: 250ms}\nchecks:\n${remote}`}), 'checks.yaml'));
		expect(busy.code).toBe(0);
		expect(busy.stdout).toBe('450 checks OK\n');
		expect(busy.stderr).toMatch(/^note: 450 new connections a second go to api\.example\.com:443\. .*EADDRNOTAVAIL.*keepAlive: true/);
		// The same rate to loopback reuses ports: no note.
		const local = Array.from({length: 450}, (_, index) => check(`l${index}`)).join('');
		expect(validate(path.join(write({'checks.yaml': `defaults: {interval: 1s, timeout: 500ms, slow: 250ms}\nchecks:\n${local}`}), 'checks.yaml')).stderr).toBe('');
	});

	it('says "1 check OK" for one check and counts included files', () => {
		const directory = write({'checks.yaml': `include: [more.yaml]\nchecks:\n${check('a')}`, 'more.yaml': `checks:\n${check('b')}`});
		const file = path.join(directory, 'checks.yaml');
		expect(validate(file).stdout).toBe(`2 checks OK (${file} and 1 included file)\n`);
		const single = write({'checks.yaml': `checks:\n${check('a')}`});
		expect(validate(path.join(single, 'checks.yaml')).stdout).toBe('1 check OK\n');
	});

	it('prints every error with file:line:col and a caret to stderr and exits 1', () => {
		const directory = write({'checks.yaml': `checks:\n${check('a')}    timout: 1s\n${check('a')}`});
		const result = validate(path.join(directory, 'checks.yaml'));
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/checks\.yaml:4:5: unknown key `timout` in http check `a`\n/);
		expect(result.stderr).toContain('hint: did you mean `timeout`?');
		expect(result.stderr).toMatch(/checks\.yaml:5:11: duplicate check name `a`\n/);
		expect(result.stderr).toMatch(/2 errors in .*checks\.yaml\n$/);
		expect(result.stderr).toContain('    |     ^^^^^^');
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});

	it('refuses a tls check whose ca file does not exist, at its `ca:`, exit 1', () => {
		const directory = write({'checks.yaml': 'checks:\n  - name: cert\n    kind: tls\n    host: 127.0.0.1:8443\n    ca: certs/missing.pem\n'});
		const result = validate(path.join(directory, 'checks.yaml'));
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain(`checks.yaml:5:9: ca file ${path.join(directory, 'certs/missing.pem')} does not exist\n`);
		expect(result.stderr).toContain('    |         ^^^^^^^^^^^^^^^^^');
		expect(result.stderr).toContain('hint: a relative `ca:` is read from the directory of the file it is written in; every probe of the check fails until the file is there');
		expect(result.stderr).toMatch(/1 error in .*checks\.yaml\n$/);
	});

	it('refuses a ca in defaults that holds a private key, once for every https check it applies to', () => {
		const key = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';
		const directory = write({'checks.yaml': 'defaults:\n  ca: ca.key\nchecks:\n  - {name: a, url: "https://127.0.0.1:8443/"}\n  - {name: b, url: "https://127.0.0.1:8444/"}\n  - {name: c, url: "http://127.0.0.1:8000/"}\n', 'ca.key': key});
		const result = validate(path.join(directory, 'checks.yaml'));
		expect(result.code).toBe(1);
		expect(result.stderr.match(/holds no PEM certificate/g)).toHaveLength(1);
		expect(result.stderr).toContain(`checks.yaml:2:7: ca file ${path.join(directory, 'ca.key')} holds no PEM certificate (it holds a private key)\n`);
		expect(result.stderr).toContain('hint: give the CA\'s certificate in PEM');
	});

	it('refuses a ca that is a directory', () => {
		const directory = write({'checks.yaml': 'checks:\n  - {name: cert, kind: tls, host: "127.0.0.1:8443", ca: .}\n'});
		const result = validate(path.join(directory, 'checks.yaml'));
		expect(result.code).toBe(1);
		expect(result.stderr).toContain(`checks.yaml:2:57: ca file ${directory} is a directory\n`);
	});

	it('takes a ca file that holds a certificate, and leaves alone one an http:// check never reads', () => {
		const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
		const directory = write({'checks.yaml': 'checks:\n  - {name: cert, kind: tls, host: "127.0.0.1:8443", ca: ca.pem}\n  - {name: plain, url: "http://127.0.0.1:8000/", ca: gone.pem}\n', 'ca.pem': pem});
		expect(validate(path.join(directory, 'checks.yaml'))).toEqual({code: 0, stdout: '2 checks OK\n', stderr: ''});
	});

	it('hides a ca path that came from the environment', () => {
		const directory = write({'checks.yaml': 'checks:\n  - {name: cert, kind: tls, host: "127.0.0.1:8443", ca: "${CA_FILE}"}\n'});
		const result = validate(path.join(directory, 'checks.yaml'), {CA_FILE: '/run/secrets/k7-private-ca.pem'});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('does not exist');
		expect(result.stderr).not.toContain('k7-private-ca');
	});

	it('exits 1 with a one-line reason for a missing file', () => {
		const result = validate('/nonexistent/checks.yaml');
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/^\/nonexistent\/checks\.yaml: config file \/nonexistent\/checks\.yaml not found\n/);
	});

	it('looks up ${NAME} in the environment it is given', () => {
		const directory = write({'checks.yaml': 'checks:\n  - name: a\n    url: http://${HOST}:8000/\n'});
		const file = path.join(directory, 'checks.yaml');
		expect(validate(file, {HOST: '127.0.0.1'}).code).toBe(0);
		const unset = validate(file, {});
		expect(unset.code).toBe(1);
		expect(unset.stderr).toMatch(/checks\.yaml:3:17: environment variable HOST is not set/);
	});
});

describe('uptop validate with a proxy in the environment', () => {
	const checks = `checks:\n${check('a')}${check('b')}  - {name: job, kind: command, run: ["true"]}\n`;
	const note = (names: string) => `note: ${names} set, but uptop ignores ${names.includes(' and ') ? 'them' : 'it'}: the requests of its 2 checks with a url go straight to their targets, not through a proxy as curl's would; a target reachable only through the proxy fails (a refused connection, a timeout, a name that does not resolve).\n`;

	it('says once that uptop connects directly, naming the variables and never their values (a proxy URL may hold a password)', () => {
		const file = path.join(write({'checks.yaml': checks}), 'checks.yaml');
		const run = validate(file, {HTTPS_PROXY: 'http://ops:hunter2@proxy.internal:3128', http_proxy: 'http://proxy.internal:3128', NO_PROXY: 'localhost,.internal'});
		expect(run).toEqual({code: 0, stdout: '3 checks OK\n', stderr: note('HTTPS_PROXY, http_proxy and NO_PROXY are')});
		expect(validate(file, {HTTP_PROXY: 'http://proxy.internal:3128'}).stderr).toBe(note('HTTP_PROXY is'));
		expect(validate(file, {ALL_PROXY: 'socks5://proxy.internal:1080'}).stderr).toBe(note('ALL_PROXY is'));
	});

	it('says nothing when no proxy is named: none set, set empty (curl ignores that too), or NO_PROXY alone (curl too connects directly then)', () => {
		const file = path.join(write({'checks.yaml': checks}), 'checks.yaml');
		expect(validate(file, {}).stderr).toBe('');
		expect(validate(file, {HTTPS_PROXY: ''}).stderr).toBe('');
		expect(validate(file, {NO_PROXY: '*'}).stderr).toBe('');
	});

	it('says nothing for a config without a check that makes requests', () => {
		const file = path.join(write({'checks.yaml': 'checks:\n  - {name: job, kind: command, run: ["true"]}\n  - {name: db, kind: tcp, host: "127.0.0.1:5432"}\n'}), 'checks.yaml');
		expect(validate(file, {HTTPS_PROXY: 'http://proxy.internal:3128'}).stderr).toBe('');
	});
});
