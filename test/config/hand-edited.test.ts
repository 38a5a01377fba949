import {describe, expect, it} from 'vitest';
import {formatConfigError} from '../../source/config/format-config-error.js';
import type {CommandCheck, HttpCheck, TcpCheck} from '../../source/config/types.js';
import {loadError, loadText} from './temp-files.js';

/** Mistakes of a person editing checks.yaml by hand, pasting from a wiki or another tool's config. */

describe('text written as a number or a boolean', () => {
	it('keeps what was written, not the number YAML reads (1.10 is not 1.1, 0755 not 755)', () => {
		const {config} = loadText([
			'checks:',
			'  - name: 1.10',
			'    kind: tcp',
			'    host: 127.0.0.1:1',
			'    expect: 1.10',
			'  - name: 0755',
			'    kind: command',
			'    run: [chmod, 0755, ./x, --wait, 1.50, 0x1F, 1e3]',
			'    env: {UMASK: 0022, FLAG: TRUE}',
			'  - name: 1e3',
			'    url: http://127.0.0.1:1/',
			'    headers: {X-Version: 2.10}',
			'    expect: {body: 3.0}',
			'  - name: 2024',
			'    url: http://127.0.0.1:1/',
			'',
		].join('\n'));
		expect(config.checks.map(check => check.name)).toEqual(['1.10', '0755', '1e3', '2024']);
		expect((config.checks[0] as TcpCheck).expectText).toBe('1.10');
		expect((config.checks[1] as CommandCheck).run).toEqual(['chmod', '0755', './x', '--wait', '1.50', '0x1F', '1e3']);
		expect((config.checks[1] as CommandCheck).env).toEqual({UMASK: '0022', FLAG: 'TRUE'});
		expect((config.checks[2] as HttpCheck).headers).toMatchObject({'x-version': '2.10'});
		expect((config.checks[2] as HttpCheck).expect.body).toEqual({substring: '3.0'});
	});
});

describe('characters pasted from a web page or a chat', () => {
	const api = '  - name: api\n    url: http://127.0.0.1:1/\n';
	it.each([
		['non-breaking spaces as indentation', `checks:\n  - name: api\n\u00A0\u00A0\u00A0\u00A0url: http://127.0.0.1:1/\n`, 3, 1, 'indentation holds a non-breaking space (U+00A0), which YAML reads as part of the key `url`', /plain spaces/],
		['a non-breaking space before the colon', `checks:\n  - name: api\n    url\u00A0: http://127.0.0.1:1/\n`, 3, 8, 'key `url` holds a non-breaking space (U+00A0) at character 4', /plain space/],
		['a zero-width space inside a key', `checks:\n  - name: api\n    u\u200Brl: http://127.0.0.1:1/\n`, 3, 6, 'key `url` holds a zero-width space (U+200B) at character 2', /invisible/],
		['a zero-width space before a key', `checks:\n${api}    \u200Btimeout: 2s\n`, 4, 5, 'indentation holds a zero-width space (U+200B), which YAML reads as part of the key `timeout`', /plain spaces/],
		['a narrow no-break space in a nested key', `checks:\n${api}    expect:\n      status\u202F: 200\n`, 5, 13, 'key `status` holds a narrow no-break space (U+202F) at character 7', /plain space/],
	])('names %s at its place instead of an unknown key', (_name, text, line, column, message, hint) => {
		const error = loadError(text);
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({line, column, message});
		expect(error.issues[0]!.hint).toMatch(hint);
	});

	it.each([
		['a name', `checks:\n  - name: \u201Capi\u201D\n    url: http://127.0.0.1:1/\n`, 2, 11, 'curly quotes around `api`: YAML quotes are straight, so these would be part of the value', 'write "api" (straight quotes), or leave the quotes out'],
		['a url', `checks:\n  - name: api\n    url: \u201Chttp://127.0.0.1:1/\u201D\n`, 3, 10, 'curly quotes around `http://127.0.0.1:1/`: YAML quotes are straight, so these would be part of the value', /^write "http/],
		['single curly quotes', `checks:\n${api}    owner: \u2018@team\u2019\n`, 4, 12, 'curly quotes around `@team`: YAML quotes are straight, so these would be part of the value', /^write "@team"/],
	])('refuses curly quotes pasted around %s', (_name, text, line, column, message, hint) => {
		const error = loadError(text);
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({line, column, message});
		expect(error.issues[0]!.hint).toMatch(hint);
	});

	it('does not quote a credential back', () => {
		const error = loadError('checks:\n  - name: api\n    url: \u201Chttp://admin:hunter2pass@127.0.0.1:1/\u201D\n    headers:\n      Authorization: \u201CBearer sekrit123\u201D\n');
		expect(error.issues).toHaveLength(2);
		const text = formatConfigError(error);
		expect(text).not.toMatch(/hunter2|sekrit/);
		expect(error.issues[1]!.message).toBe('curly quotes around this value: YAML quotes are straight, so these would be part of the value');
	});

	it('reads on past a pasted value: the file\'s other errors come in the same run, not one fix later', () => {
		// A zero-width space in one check's url, curly quotes around another's kind, and two errors that have nothing to
		// do with either: only the pasted characters were reported, and the rest came after they were fixed.
		const error = loadError([
			'checks:',
			'  - name: api',
			'    url: "http://127.0.0.1:9/he\u200Blth"',
			'    interval: 5',
			'  - name: db',
			'    kind: \u201Ctcp\u201D',
			'    host: 127.0.0.1:5432',
			'  - name: worker',
			'    kind: tcpp',
			'    host: 127.0.0.1:1',
			'',
		].join('\n'));
		expect(error.issues.map(issue => [issue.line, issue.message])).toEqual([
			[3, 'the value of `url` holds a zero-width space (U+200B) at character 22, which does not show'],
			[4, '5 has no unit'],
			// The pasted value's own follow-on error (an unknown kind `“tcp”`) is not said twice.
			[6, 'curly quotes around `tcp`: YAML quotes are straight, so these would be part of the value'],
			[9, 'unknown kind `tcpp`'],
		]);
	});

	it('still stops at a key with a pasted space: read on, it would be an unknown key and a check without its url', () => {
		const error = loadError('checks:\n  - name: api\n    url\u00A0: http://127.0.0.1:1/\n    interval: 5\n');
		expect(error.issues.map(issue => issue.line)).toEqual([3]);
	});

	it('keeps curly quotes inside a sentence, and straight ones', () => {
		const {config} = loadText(`checks:\n  - name: "api"\n    url: http://127.0.0.1:1/\n    description: the \u201Cpublic\u201D api\n    rollback: \u201Chelm rollback api\u201D, then tell #ops\n`);
		expect(config.checks[0]).toMatchObject({name: 'api', description: 'the \u201Cpublic\u201D api'});
	});
});

describe('check names that look the same', () => {
	it('are refused when they differ only in the kind of space inside, and `--only` would select one (a name pasted from a chat)', () => {
		const text = 'checks:\n  - name: my api\n    url: http://127.0.0.1:1/\n  - name: my\u00A0api\n    url: http://127.0.0.1:2/\n  - name: "my\u2009api"\n    url: http://127.0.0.1:3/\n';
		const error = loadError(text);
		expect(error.issues.map(({line, column, message, path}) => ({line, column, message, path})), formatConfigError(error)).toEqual([
			{line: 4, column: 11, path: 'checks[1].name', message: 'check name `my\u00A0api` differs from `my api` (line 2) only by a non-breaking space (U+00A0) where that one has a plain space'},
			{line: 6, column: 11, path: 'checks[2].name', message: 'check name `my\u2009api` differs from `my api` (line 2) only by a typographic space (U+2009) where that one has a plain space'},
		]);
		expect(error.issues[0]!.hint).toMatch(/first used at .*checks\.yaml:2:11; .*looks like a plain one.*rename one/);
	});

	it('says which space when the plain one comes second', () => {
		const error = loadError('checks:\n  - name: my\u00A0api\n    url: http://127.0.0.1:1/\n  - name: my api\n    url: http://127.0.0.1:2/\n');
		expect(error.issues.map(issue => [issue.line, issue.message]), formatConfigError(error)).toEqual([
			[2, 'check name `my\u00A0api` holds a non-breaking space (U+00A0) at character 3, which looks like a plain space but is not one'],
			[4, 'check name `my api` differs from `my\u00A0api` (line 2) only by a plain space where that one has a non-breaking space (U+00A0)'],
		]);
	});

	it('refuse a no-break space inside a name alone, as in a url, and keep the spaces of CJK and French typography', () => {
		expect(loadError('checks:\n  - name: my\u00A0api\n    url: http://127.0.0.1:1/\n').issues[0]).toMatchObject({
			line: 2, column: 11, path: 'checks[0].name',
			message: 'check name `my\u00A0api` holds a non-breaking space (U+00A0) at character 3, which looks like a plain space but is not one',
			hint: 'type a plain space: `--only "my api"` and `uptop mark --check "my api"` would not find the check as written',
		});
		expect(loadText('checks:\n  - name: "決済\u3000API"\n    url: http://127.0.0.1:1/\n  - name: "prix\u202F: 5"\n    url: http://127.0.0.1:2/\n').config.checks).toHaveLength(2);
	});

	it.each([
		['only in letter case', '  - name: API\n', 'check name `API` differs from `api` (line 2) only in letter case'],
		['only by a trailing space', '  - name: "api "\n', 'check name `api ` differs from `api` (line 2) only by spaces around it'],
		['by a letter: two names', '  - name: apj\n', null],
	])('are refused when they differ %s, and not otherwise', (_name, second, message) => {
		const text = `checks:\n  - name: api\n    url: http://127.0.0.1:1/\n${second}    url: http://127.0.0.1:2/\n`;
		if (message === null) {
			expect(loadText(text).config.checks).toHaveLength(2);
			return;
		}

		const error = loadError(text);
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({line: 4, column: 11, message, path: 'checks[1].name'});
		expect(error.issues[0]!.hint).toMatch(/first used at .*checks\.yaml:2:11; .*rename one/);
	});
});

describe('environment variables written the way a shell writes them', () => {
	it.each([
		['${API_HOST-localhost}', 'write ${API_HOST:-localhost}: uptop takes ${NAME} and ${NAME:-fallback} (the fallback also stands in for an empty value)'],
		['${API_HOST:=localhost}', 'write ${API_HOST:-localhost}: uptop takes ${NAME} and ${NAME:-fallback} (the fallback also stands in for an empty value)'],
		['${API_HOST:?must be set}', 'write ${API_HOST}: an unset variable without a fallback is already an error'],
		['${API_HOST:+x}', 'uptop takes ${NAME} and ${NAME:-fallback}; write the value itself'],
		['${ API_HOST }', 'write ${API_HOST}, without spaces'],
	])('points %s at the form uptop takes', (reference, hint) => {
		const error = loadError(`checks:\n  - name: api\n    url: "http://${reference}/health"\n`);
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({line: 3, column: 18, message: `invalid variable reference \`${reference}\``, hint});
	});
});

describe('$NAME without braces', () => {
	it.each([
		['a url', '  - name: api\n    url: http://$API_HOST:8080/health\n', 3, 17, 'API_HOST'],
		['a header value', '  - name: api\n    url: http://127.0.0.1:1/\n    headers:\n      X-Tenant-Name: tenant $API_TENANT\n', 5, 29, 'API_TENANT'],
		['a tcp host', '  - name: db\n    kind: tcp\n    host: $DB_HOST:5432\n', 4, 11, 'DB_HOST'],
	])('in %s is an error, not sent as it is written', (_name, check, line, column, name) => {
		const error = loadError(`checks:\n${check}`, {[name]: 'value'});
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({line, column, endColumn: column + name.length + 1, message: `\`$${name}\` is not read from the environment: only \`\${${name}}\` is`, hint: `write \${${name}} (or \${${name}:-fallback})`});
	});

	it('in a credential quotes no part of it: `$` and capitals may be the credential itself', () => {
		// The frame hid the Authorization value, while the message, its caret and the hint spelled `$S3CR3TPW` out.
		const error = loadError('checks:\n  - name: api\n    url: http://127.0.0.1:1/\n    headers:\n      Authorization: "Basic us3r:p@$S3CR3TPW"\n');
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({line: 5, column: 22, message: '`$` and a name in this credential are sent as written, not read from the environment'});
		expect(error.issues[0]!.hint).toBe('for a variable, write its name in braces, ${NAME}; a credential that holds `$` itself goes under a `secret:` key of its own (docs/config.md)');
		const text = formatConfigError(error);
		expect(text).not.toMatch(/S3CR3T|p@/);
	});

	it('takes a credential written as {secret: …} as it is, $ and all', () => {
		const {config} = loadText('checks:\n  - name: api\n    url: http://127.0.0.1:1/\n    headers:\n      X-Api-Key: {secret: "k$EY9"}\n');
		expect((config.checks[0] as HttpCheck).headers).toMatchObject({'x-api-key': 'k$EY9'});
	});

	it('leaves a $ before a lower-case word alone, as OData query options are written', () => {
		const {config} = loadText('checks:\n  - name: api\n    url: http://127.0.0.1:1/odata/Products?$filter=Price gt 5&$top=1\n');
		expect((config.checks[0] as HttpCheck).url).toContain('$filter');
	});
});

describe('URLs typed by hand', () => {
	const urlIssue = (url: string) => {
		const error = loadError(`checks:\n  - name: api\n    url: "${url}"\n`);
		expect(error.issues).toHaveLength(1);
		return error.issues[0]!;
	};

	it.each([
		['http//api.internal/health', 'a colon is missing after the scheme: http://api.internal/health'],
		['https//api.internal/health', 'a colon is missing after the scheme: https://api.internal/health'],
		['http://::1:8080/health', 'write an IPv6 address in brackets: http://[::1]:8080/health'],
		['http://fe80::1/health', 'write an IPv6 address in brackets: http://[fe80::1]/health'],
		['http://admin:hunter2pass@::1:8080/health', 'write an IPv6 address in brackets: http://admin:••••@[::1]:8080/health'],
		['https://api.internal:443:443/health', 'a URL has one port: https://api.internal:443/health'],
	])('`%s` gets the URL it meant', (url, hint) => {
		const issue = urlIssue(url);
		expect(issue.message).toMatch(/is not a valid URL$/);
		expect(issue.hint).toBe(hint);
		expect(JSON.stringify(issue)).not.toContain('hunter2');
	});
});

describe('a value with a line break in it', () => {
	it.each([
		['in double quotes', '      X-Tenant: "a\\r\\nX-Injected: 1"\n', '`a\\r\\nX-Injected: 1` is not valid here', '"a\\r\\nX-Injected: 1"'],
		['as a block scalar', '      X-Tenant: |\n        line1\n        line2\n', '`line1\\nline2\\n` is not valid here', '"line1\\nline2\\n"'],
	])('is quoted on one line, %s, in the message and under found', (_name, header, message, found) => {
		const error = loadError(`checks:\n  - name: api\n    url: http://127.0.0.1:1/\n    headers:\n${header}`);
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({line: 5, column: 17, message, found, hint: 'a header value cannot contain a line break'});
		const [first, ...rest] = formatConfigError(error).split('\n');
		expect(first).toMatch(/checks\.yaml:5:17: .* is not valid here$/);
		expect(rest.filter(line => line.startsWith('  found:'))).toEqual([`  found:    ${found}`]);
	});
});

describe('YAML 1.1 booleans in expect.json', () => {
	it('refuses a bare yes, no, on or off, which would be compared as text with a JSON true or false', () => {
		const error = loadError('checks:\n  - name: api\n    url: http://127.0.0.1:1/\n    expect:\n      json: {enabled: yes, db: {replica: Off}}\n');
		expect(error.issues.map(issue => [issue.line, issue.column, issue.message, issue.hint])).toEqual([
			[5, 23, '`yes` is text in YAML 1.2, so it would never match a JSON true', 'write true; or "yes" in quotes for the text yes'],
			[5, 42, '`Off` is text in YAML 1.2, so it would never match a JSON false', 'write false; or "Off" in quotes for the text Off'],
		]);
	});

	it('takes the words in quotes as the text they are', () => {
		const {config} = loadText('checks:\n  - name: api\n    url: http://127.0.0.1:1/\n    expect:\n      json: {mode: "on", enabled: true}\n');
		expect((config.checks[0] as HttpCheck).expect.json).toEqual({mode: 'on', enabled: true});
	});
});

describe('durations written the way other formats write them', () => {
	it.each([
		['PT5S', '`PT5S` is not a duration', 'an ISO 8601 duration: write 5s'],
		['PT1M30S', '`PT1M30S` is not a duration', 'an ISO 8601 duration: write 1m30s'],
		['1h30', '`1h30` is not a duration', 'the last number has no unit: write 1h30m'],
		['5–10s', '`5–10s` is not a duration', 'a range is not a duration: write one, such as 10s'],
		['5-10s', '`5-10s` is not a duration', 'a range is not a duration: write one, such as 10s'],
		['1,5s', '`1,5s` is not a duration', 'a decimal point, not a comma: write 1.5s'],
		['1h1h', '`1h1h` has the unit h twice', 'write 2h, if that is what it means'],
		['30s1m', '`30s1m` has m after s: a duration goes from its largest unit down', 'write 1m30s'],
		['1m30s1m', '`1m30s1m` has the unit m twice', 'write 2m30s, if that is what it means'],
		['500ms1s', '`500ms1s` has s after ms: a duration goes from its largest unit down', 'write 1s500ms'],
	])('`%s` gets the duration it meant', (written, message, hint) => {
		const error = loadError(`checks:\n  - name: api\n    url: http://127.0.0.1:1/\n    interval: ${written}\n`);
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({line: 4, column: 15, message, hint});
	});
});

describe('a key of expect: written on the check itself', () => {
	it.each([
		['status: 200', '`status` goes under `expect:`: `expect: {status: 200}`'],
		['json: {status: UP}', '`json` goes under `expect:`: `expect: {json: {status: UP}}`'],
		['maxBytes: 2048', '`maxBytes` goes under `expect:`: `expect: {maxBytes: 2048}`'],
	])('`%s` is told where it goes', (line, hint) => {
		const error = loadError(`checks:\n  - name: api\n    url: http://127.0.0.1:1/\n    expect:\n      body: ok\n    ${line}\n`);
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({line: 6, column: 5, hint});
	});
});

describe('${NAME} in a key', () => {
	it('says variables are read in values only', () => {
		const error = loadError('checks:\n  - name: api\n    url: http://127.0.0.1:1/\n    headers:\n      ${HEADER_NAME}: x\n', {HEADER_NAME: 'X-Tenant'});
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]).toMatchObject({line: 5, column: 7, message: '`${HEADER_NAME}` is not an HTTP header name', hint: '${NAME} is read in values, not in keys: write the HTTP header name itself'});
	});
});

describe('a file with thousands of errors', () => {
	it('shows the first 100 and counts the rest, so the terminal is not flooded', () => {
		const checks = Array.from({length: 1500}, (_, index) => `  - name: c${index}\n    url: http://127.0.0.1:1/\n    timout: 1s\n`).join('');
		const error = loadError(`checks:\n${checks}`);
		expect(error.issues).toHaveLength(1500);
		const blocks = formatConfigError(error).split('\n\n');
		expect(blocks).toHaveLength(102);
		expect(blocks[99]).toMatch(/^.*checks\.yaml:301:5: unknown key `timout` in http check `c99`/);
		expect(blocks[100]).toBe('… and 1,400 more errors, not shown: fix these first (one mistake, such as a line indented wrong, often makes many)');
		expect(blocks[101]).toMatch(/^1500 errors in .*checks\.yaml$/);
	});
});
