import {describe, expect, it} from 'vitest';
import {ConfigError} from '../../source/config/config-error.js';
import {formatConfigError} from '../../source/config/format-config-error.js';
import {loadError} from './temp-files.js';

describe('formatConfigError', () => {
	it('shows file:line:col, a code frame with a caret under the value, expected, found and hint', () => {
		const error = loadError('checks:\n  - name: api\n    url: http://127.0.0.1\n    interval: fast\n');
		const file = error.issues[0]!.file;
		expect(formatConfigError(error)).toBe([
			`${file}:4:15: \`fast\` is not a duration`,
			'  2 |   - name: api',
			'  3 |     url: http://127.0.0.1',
			'> 4 |     interval: fast',
			'    |               ^^^^',
			'  expected: a duration such as 250ms, 10s, 1m',
			'  found:    "fast"',
			'  hint: write a number with a unit: 250ms, 2s, 1m, 1h, 1d (or 1m30s)',
			'',
			`1 error in ${file}`,
		].join('\n'));
	});

	it('puts the did-you-mean hint under an unknown key', () => {
		const error = loadError('checks:\n  - name: api\n    url: http://127.0.0.1\n    ownr: "@me"\n');
		const text = formatConfigError(error);
		expect(text).toContain('> 4 |     ownr: "@me"\n    |     ^^^^\n  hint: did you mean `owner`?');
	});

	it('separates several errors with blank lines and counts them', () => {
		const error = loadError('checks:\n  - name: a\n    url: http://x\n    timout: 1s\n  - name: b\n    url: http://x\n    slow: 5 s\n');
		const text = formatConfigError(error);
		expect(text.split('\n\n')).toHaveLength(3);
		expect(text).toMatch(/2 errors in .*checks\.yaml$/);
	});

	it('adds colour only when asked', () => {
		const error = loadError('checks:\n  - name: api\n    url: http://127.0.0.1\n    ownr: x\n');
		expect(formatConfigError(error)).not.toContain('\u001B[');
		expect(formatConfigError(error, {color: true})).toContain('\u001B[31m');
	});

	it('hides secrets written in the file from the frame, keeping the caret in its column', () => {
		const error = loadError([
			'checks:',
			'  - name: api',
			'    url: https://admin:hunter2@db.example/health?token=s3cr3t',
			'    headers: {X-Token: {secret: "d41d8cd98f00b204"}, Authorization: "Bearer abc123", X-Env: "${HOME}"}',
			'    interval: fast',
			'',
		].join('\n'));
		const text = formatConfigError(error);
		for (const secret of ['hunter2', 's3cr3t', 'd41d8cd98f00b204', 'abc123']) expect(text).not.toContain(secret);
		expect(text).toContain('https://admin:•••••••@db.example/health?token=••••••');
		expect(text).toContain('{X-Token: {secret: ••••••••••••••••••}, Authorization: •••••••••••••••, X-Env: "${HOME}"}');
		expect(text).toContain('> 5 |     interval: fast\n    |               ^^^^');
		// On the error's own line, the caret stays under the value after the hidden one.
		const onLine = formatConfigError(loadError('checks:\n  - {name: api, url: "http://x", headers: {Authorization: "Bearer abc123"}, interval: fast}\n'));
		const [, , frame, caret] = onLine.split('\n');
		expect(frame).not.toContain('abc123');
		expect(caret!.indexOf('^')).toBe(frame!.indexOf('fast'));
	});

	it('keeps the closing quote of a header written as one string, as curl takes it, when it hides its value', () => {
		// `- "Authorization: ••••` read as an unclosed quote, one more thing to fix that was not wrong.
		const list = (item: string) => formatConfigError(loadError(`checks:\n  - name: api\n    url: http://x\n    headers:\n      - ${item}\n`));
		const text = list('"Authorization: Bearer abc123"') + list('\'X-Api-Key: k-99\'');
		for (const secret of ['abc123', 'k-99']) expect(text).not.toContain(secret);
		expect(text).toContain('- "Authorization: •••••••••••••"');
		expect(text).toContain('- \'X-Api-Key: ••••\'');
	});

	it('does not quote a credential back in the message or under found', () => {
		const error = loadError('checks:\n  - name: api\n    url: http://x\n    headers:\n      Authorization: "Bearer abc123\\ndef"\n      X-Sig: {secret: "s\\nig-77"}\n');
		expect(error.issues.map(issue => [issue.message, issue.found])).toEqual([['`••••` is not valid here', '••••'], ['`••••` is not valid here', '••••']]);
		const text = formatConfigError(error);
		for (const secret of ['abc123', 'ig-77']) expect(text).not.toContain(secret);
	});

	it('does not quote a URL password or a token back when the URL itself is the error', () => {
		// The URL cannot be parsed, so the loader has no password to hide: the frame hid it, the message and found did not.
		const error = loadError('checks:\n  - name: api\n    url: "http://admin:hunter22@db example/health?token=s3cr3t"\n');
		expect(error.issues.map(issue => [issue.message, issue.found])).toEqual([['`http://admin:••••@db example/health?token=••••` is not a valid URL', '"http://admin:••••@db example/health?token=••••"']]);
		const text = formatConfigError(error);
		for (const secret of ['hunter22', 's3cr3t']) expect(text).not.toContain(secret);
		// A quote too long for the message is cut after the password is hidden, so the cut cannot expose it.
		const long = loadError(`checks:\n  - name: api\n    url: "http://admin:hunter22@${'x'.repeat(70)} /"\n`);
		expect(long.issues[0]!.message).toMatch(/^`http:\/\/admin:••••@x+…` is not a valid URL$/);
		expect(formatConfigError(long)).not.toContain('hunter22');
	});

	it('hides a URL password that holds an @ whole, in the frame and in the message', () => {
		// `new URL` reads up to the last @ of the authority as the password: the frame showed `admin:•@ss-w0rd@db…`.
		const frame = formatConfigError(loadError('checks:\n  - name: api\n    url: "http://admin:p@ss-w0rd@db.example/health"\n    interval: fast\n'));
		expect(frame).toContain('url: "http://admin:•••••••••@db.example/health"');
		expect(frame).not.toContain('ss-w0rd');
		const message = loadError('checks:\n  - name: api\n    url: "http://admin:p@ss-w0rd@db example/health"\n').issues[0]!.message;
		expect(message).toBe('`http://admin:••••@db example/health` is not a valid URL');
	});

	it('hides a credential written over several lines (a block scalar, a continued quote or plain value)', () => {
		// `Authorization: >-` puts the token on the next line, which the frame showed as written.
		const text = formatConfigError(loadError([
			'checks:',
			'  - name: api',
			'    url: http://x/',
			'    headers:',
			'      Authorization: >-',
			'        Bearer abc123secret',
			'      X-Api-Key: "k3y-part-one',
			'        k3y-part-two"',
			'      Cookie: session=c00kie-one',
			'        c00kie-two',
			'      X-Token:',
			'        secret: t0ken-value',
			'      Accept: text/plain',
			'    interval: fast',
			'',
		].join('\n')), {contextLines: 12});
		for (const secret of ['abc123secret', 'k3y-part', 'c00kie', 't0ken-value']) expect(text).not.toContain(secret);
		expect(text).toContain('   6 |         •••••••••••••••••••\n');
		expect(text).toContain('  12 |         secret: •••••••••••\n');
		expect(text).toContain('  13 |       Accept: text/plain\n');
		expect(text).toContain('> 14 |     interval: fast\n     |               ^^^^');
	});

	it('hides a credential in a header written as one string, curl-style, in the frame and the message', () => {
		// `headers: "Authorization: Bearer …"` is not a mapping: nothing was read as a secret, and both said the token.
		const error = loadError('checks:\n  - name: api\n    url: http://x/\n    headers: "Authorization: Bearer abc123zz"\n');
		expect(error.issues[0]!.message).toBe('`headers`: expected a mapping of name: value, found "Authorization: ••••"');
		const text = formatConfigError(error);
		expect(text).not.toContain('abc123zz');
		expect(text).toContain('> 4 |     headers: "Authorization: •••••••••••••••"\n');
	});

	it('hides a credential in a hint that quotes the flow mapping it is about', () => {
		// An unclosed `{` is answered with the mapping to write, closed: it said the token the frame hid.
		const error = loadError('checks:\n  - name: api\n    url: http://x/\n    headers: {Authorization: Bearer abc123zz, X-Token: "t0k"\n');
		expect(error.issues[0]!.hint).toBe('add the } after its last entry: {Authorization: ••••, X-Token: ••••}');
		expect(formatConfigError(error)).not.toMatch(/abc123zz|t0k/);
	});

	it('shows a tab in the frame as a space so the caret stays under it', () => {
		const error = loadError('checks:\n  - name: api\n\t  url: http://x\n');
		expect(formatConfigError(error)).toContain('> 3 |    url: http://x\n    | ^\n');
	});

	it('formats an issue without a position as the file name alone', () => {
		const error = new ConfigError([{file: 'missing.yaml', line: 0, column: 0, message: 'config file missing.yaml not found'}]);
		expect(formatConfigError(error)).toBe('missing.yaml: config file missing.yaml not found\n\n1 error in missing.yaml');
		expect(error.message).toBe('missing.yaml: config file missing.yaml not found');
	});

	it('never prints control characters from the file', () => {
		const error = loadError('checks:\n  - name: "a\u001B]2;pwned\u0007"\n    url: http://x\n    ownr: x\n');
		const text = formatConfigError(error);
		expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/);
		expect(text).toContain('check `a\\u001b]2;pwned\\u0007`');
	});

	it('shows a long line around the error, with the caret under the value', () => {
		// Flow style (JSON is YAML too): one long line, the mistake far to the right.
		const checks = Array.from({length: 6}, (_, index) => `{"name": "api-${index}", "url": "http://127.0.0.1:8000/health/${index}"}`);
		const error = loadError(`{"checks": [${checks.join(', ')}, {"name": "bad", "url": "http://127.0.0.1:8000/x", "interval": "soon"}]}\n`);
		const issue = error.issues[0]!;
		expect(issue.column).toBeGreaterThan(300);
		const [, frame, caret] = formatConfigError(error).split('\n');
		expect(frame!.length).toBeLessThan(180);
		expect(frame).toMatch(/^> 1 \| …/);
		// The caret stands under the value it is about, in the part of the line that is shown.
		const at = caret!.indexOf('^');
		expect(frame!.slice(at, at + 6)).toBe('"soon"');
	});

	it('cuts a huge value in the message and in found', () => {
		const blob = 'x'.repeat(5000);
		const text = formatConfigError(loadError(`checks:\n  - name: api\n    url: http://127.0.0.1\n    interval: ${blob}\n`));
		expect(Math.max(...text.split('\n').map(line => line.length))).toBeLessThan(200);
		expect(text).toContain('found:    "xxxxxxxxxx');
		expect(text).toContain('…');
		const binary = formatConfigError(loadError(String.fromCodePoint(...Array.from({length: 2000}, (_, index) => 1 + (index % 120)))));
		expect(Math.max(...binary.split('\n').map(line => line.length))).toBeLessThan(200);
	});
});

describe('formatConfigError and env names that follow a credential convention', () => {
	it('hides in the frame what the loader takes as a secret, and shows the rest', () => {
		const error = loadError('checks:\n  - name: c\n    kind: command\n    run: [redis-cli, ping]\n    env: {REDISCLI_AUTH: "rcauth-lit-2", API_KEY: "sk-live-4242abcd", MYSQL_PWD: my-lit-3, AUTH_URL: "http://auth.internal/"}\n    interval: fast\n');
		const text = formatConfigError(error);
		for (const secret of ['rcauth-lit-2', 'sk-live-4242abcd', 'my-lit-3']) expect(text).not.toContain(secret);
		expect(text).toContain('AUTH_URL: "http://auth.internal/"');
	});
});
