import {describe, expect, it} from 'vitest';
import type {HttpCheck} from '../../source/config/types.js';
import {loadError, loadText} from './temp-files.js';

/** The one issue a file produces. */
function issueOf(text: string, env: NodeJS.ProcessEnv = {}) {
	const error = loadError(text, env);
	expect(error.issues.map(issue => issue.message)).toHaveLength(1);
	return error.issues[0]!;
}

describe('a port written with a leading zero', () => {
	it('is refused in a tcp host, not read as port 755', () => {
		expect(issueOf('checks:\n  - name: db\n    kind: tcp\n    host: db:0755\n')).toMatchObject({
			line: 4,
			column: 11,
			message: 'port `0755` starts with a 0: a port is written in decimal',
			hint: 'write db:755 if that is the port (uptop does not read a leading 0 as octal, where 0755 would be 493)',
		});
	});

	it('is refused in a tls host in brackets, with no octal reading for digits that are not octal', () => {
		expect(issueOf('checks:\n  - name: ldap\n    kind: tls\n    host: "[::1]:0989"\n').hint).toBe('write [::1]:989 if that is the port (uptop does not read a leading 0 as octal)');
	});

	it('is refused in a url, which the URL parser would read as port 80', () => {
		expect(issueOf('checks:\n  - name: api\n    url: http://127.0.0.1:0080/health\n')).toMatchObject({
			message: 'port `0080` in `http://127.0.0.1:0080/health` starts with a 0: a port is written in decimal',
			hint: 'write http://127.0.0.1:80/health if that is the port (uptop does not read a leading 0 as octal)',
		});
	});
});

describe('a url port that is 0 or empty', () => {
	it('is refused at 0, as a tcp or tls port is', () => {
		expect(issueOf('checks:\n  - name: api\n    url: "http://127.0.0.1:0/"\n')).toMatchObject({
			line: 3,
			column: 10,
			message: 'port 0 in `http://127.0.0.1:0/` is out of range (1-65535)',
			hint: 'write the port the server listens on',
			expected: 'an http:// or https:// URL',
		});
	});

	it.each([
		['a freshness', 'checks:\n  - {name: f, kind: freshness, url: "http://[::1]:00/jobs", field: at, maxAge: 1d}\n', 'port 00 in `http://[::1]:00/jobs` is out of range (1-65535)'],
		['a prometheus', 'checks:\n  - {name: p, kind: prometheus, url: "http://user:pw@127.0.0.1:0", query: up}\n', 'port 0 in `http://user:••••@127.0.0.1:0` is out of range (1-65535)'],
	])('is refused at 0 in %s url', (_kind, text, message) => {
		expect(issueOf(text).message).toBe(message);
	});

	it('is refused when empty, which the URL parser would read as the default port', () => {
		expect(issueOf('checks:\n  - name: api\n    url: "https://127.0.0.1:/json"\n')).toMatchObject({
			line: 3,
			column: 10,
			message: 'the port in `https://127.0.0.1:/json` is empty: nothing follows the `:`',
			hint: 'write the port after the colon, or drop the colon for https\'s default port, 443',
		});
	});

	it('says which variable was empty when the port came from ${…}', () => {
		const text = 'checks:\n  - {name: c4, url: "http://127.0.0.1:${PORTX:-}/json"}\n';
		const expected = {
			message: 'the port in `http://127.0.0.1:/json` is empty: `${PORTX:-}` gave nothing, as PORTX is unset or empty',
			hint: 'set PORTX to the port, or give it a fallback: ${PORTX:-8080}',
		};
		expect(issueOf(text)).toMatchObject(expected);
		expect(issueOf(text, {PORTX: ''})).toMatchObject(expected);
		expect(issueOf('checks:\n  - {name: c4, url: "http://${HOST}:${PORTX}"}\n', {HOST: 'api.internal', PORTX: ''}).message, 'the host, from the environment, is hidden as every value from it is').toBe('the port in `http://••••:` is empty: `${PORTX}` gave nothing, as PORTX is unset or empty');
	});

	it('keeps a port from ${…} that is set, and a url with no port', () => {
		const {config} = loadText('checks:\n  - {name: a, url: "http://127.0.0.1:${PORTX:-8080}/json"}\n  - {name: b, url: "http://127.0.0.1/json"}\n');
		expect(config.checks.map(check => (check as HttpCheck).url)).toEqual(['http://127.0.0.1:8080/json', 'http://127.0.0.1/json']);
	});
});

describe('a url with a space in it', () => {
	it('keeps a plain space in the path or query: it is sent as %20 (test/config/hand-command-url-spaces.test.ts)', () => {
		const {config} = loadText('checks:\n  - name: api\n    url: "http://127.0.0.1:8000/status page?for=a b"\n');
		expect((config.checks[0] as HttpCheck).url).toBe('http://127.0.0.1:8000/status page?for=a b');
	});

	it('is refused with a space at its end, which the URL parser would drop', () => {
		expect(issueOf('checks:\n  - name: api\n    url: "http://127.0.0.1:8000/health "\n')).toMatchObject({
			line: 3,
			column: 10,
			message: '`http://127.0.0.1:8000/health ` has a space at its end, which is not sent',
			hint: 'write http://127.0.0.1:8000/health',
		});
	});

	it('is refused with a tab inside, which the URL parser would drop', () => {
		expect(issueOf('checks:\n  - name: api\n    url: "http://127.0.0.1:8000/a\\tb"\n')).toMatchObject({
			message: '`http://127.0.0.1:8000/a\tb` holds a tab at character 24, which the URL parser drops',
			hint: 'delete it, or write it percent-encoded if it belongs in the URL',
		});
	});

	it('is refused with a pasted non-breaking space, which would go out as %C2%A0', () => {
		expect(issueOf('checks:\n  - name: api\n    url: http://127.0.0.1:8000/a\u00A0b\n')).toMatchObject({
			message: '`http://127.0.0.1:8000/a\u00A0b` holds a non-breaking space (U+00A0) at character 24, which would be sent as %C2%A0',
			hint: 'pasted? type a plain space (sent as %20), or delete it',
		});
	});

	it('is refused in a prometheus url too', () => {
		expect(issueOf('checks:\n  - name: up\n    kind: prometheus\n    url: "http://prometheus:9090/ "\n    query: up\n    fail: "< 1"\n').message).toBe('`http://prometheus:9090/ ` has a space at its end, which is not sent');
	});
});

describe('a prometheus url with a fragment or a query', () => {
	const prometheus = (url: string) => `checks:\n  - name: up\n    kind: prometheus\n    url: "${url}"\n    query: up\n    fail: "< 1"\n`;

	it('is refused: the API path uptop adds would land in the fragment', () => {
		expect(issueOf(prometheus('http://prometheus:9090/#/alerts'))).toMatchObject({
			line: 4,
			column: 10,
			message: '`http://prometheus:9090/#/alerts` has a fragment (`#/alerts`): uptop adds /api/v1/query?query=… to the server\'s base URL, which would land in it',
			hint: 'write the base URL: http://prometheus:9090/',
		});
	});

	it('is refused with a query, the UI\'s /graph left out of the base URL it suggests', () => {
		expect(issueOf(prometheus('http://prometheus:9090/graph?g0.expr=up&g0.tab=0'))).toMatchObject({
			message: '`http://prometheus:9090/graph?g0.expr=up&g0.tab=0` has a query (`?g0.expr=up&g0.tab=0`): uptop adds /api/v1/query?query=… to the server\'s base URL, which would land in it',
			hint: 'write the base URL: http://prometheus:9090/',
		});
	});
});

describe('a prometheus url that ends in the API path or the UI page', () => {
	const prometheus = (url: string) => `checks:\n  - name: up\n    kind: prometheus\n    url: "${url}"\n    query: up\n    fail: "< 1"\n`;

	it('is refused at /api/v1/query, which the probe would ask for twice', () => {
		expect(issueOf(prometheus('http://prometheus:9090/api/v1/query'))).toMatchObject({
			line: 4,
			column: 10,
			message: '`http://prometheus:9090/api/v1/query` ends in `/api/v1/query`: uptop adds /api/v1/query?query=… to the server\'s base URL, so it would ask for /api/v1/query/api/v1/query',
			hint: 'write the base URL: http://prometheus:9090/',
		});
	});

	it.each([
		['http://prometheus:9090/api/v1/query/', '/api/v1/query/', 'http://prometheus:9090/'],
		['http://prometheus:9090/api/v1/query_range', '/api/v1/query_range', 'http://prometheus:9090/'],
		['http://prometheus:9090/api/v1', '/api/v1', 'http://prometheus:9090/'],
		['http://prometheus:9090/graph', '/graph', 'http://prometheus:9090/'],
		['https://ops.example/prometheus/graph/', '/graph/', 'https://ops.example/prometheus/'],
		['https://ops.example/prometheus/api/v1/query', '/api/v1/query', 'https://ops.example/prometheus/'],
	])('is refused at %s, the base URL kept with its prefix', (url, end, base) => {
		const issue = issueOf(prometheus(url));
		expect(issue.message).toMatch(new RegExp(`^\`${url.replaceAll(/[.?/]/g, '\\$&')}\` ends in \`${end.replaceAll(/[.?/]/g, '\\$&')}\`: `));
		expect(issue.hint).toBe(`write the base URL: ${base}`);
	});

	it('keeps a base URL, with or without a path prefix, and an http check\'s URL that ends so', () => {
		const {config} = loadText(`${prometheus('https://ops.example/prometheus/')}  - name: api\n    url: http://prometheus:9090/api/v1/query?query=up\n`);
		expect(config.checks).toHaveLength(2);
	});
});

describe('a check name with spaces around it, alone', () => {
	it('is refused, not trimmed: the name is the check\'s identity, and `--only api` would miss it', () => {
		expect(issueOf('checks:\n  - name: "api "\n    url: http://127.0.0.1:8000/\n')).toMatchObject({
			line: 2,
			column: 11,
			path: 'checks[0].name',
			message: 'check name `api ` ends with a space, which does not show',
			hint: 'write `api`: `--only "api"` and `uptop mark --check "api"` would not find the check as written',
		});
	});

	it('says where the spaces are', () => {
		expect(issueOf('checks:\n  - name: "  orders api"\n    url: http://127.0.0.1:8000/\n').message).toBe('check name `  orders api` starts with spaces, which do not show');
		expect(issueOf('checks:\n  - name: " api "\n    url: http://127.0.0.1:8000/\n').message).toBe('check name ` api ` has spaces around it, which do not show');
	});
});

describe('a zero-width space inside a value', () => {
	it('is named at its place, in a host, where it would be looked up as part of the name', () => {
		expect(issueOf('checks:\n  - name: db\n    kind: tcp\n    host: "db\u200B.internal:5432"\n')).toMatchObject({
			line: 4,
			column: 14,
			message: 'the value of `host` holds a zero-width space (U+200B) at character 3, which does not show',
			hint: 'it is invisible (pasted from a web page or a chat?) and is kept as part of the value: delete it, or type the value again',
		});
	});

	it('is named in a check name, and a credential is not quoted back', () => {
		expect(issueOf('checks:\n  - name: api\u200B\n    url: http://127.0.0.1:8000/\n').message).toBe('the value of `name` holds a zero-width space (U+200B) at character 4, which does not show');
		const issue = issueOf('checks:\n  - name: api\n    url: http://127.0.0.1:8000/\n    headers: {X-Api-Key: "k3y\u2060secret"}\n');
		expect(issue.message).toBe('the value of `X-Api-Key` holds a word joiner (U+2060) at character 4, which does not show');
		expect(JSON.stringify(issue)).not.toContain('secret"');
	});

	it('is kept in a sentence of a note, and joiners are kept anywhere (emoji are written with them)', () => {
		const {config} = loadText('checks:\n  - name: "ops \u{1F468}\u200D\u{1F4BB}"\n    url: http://127.0.0.1:8000/\n    description: "a zero\u200Bwidth space"\n');
		expect(config.checks[0]).toMatchObject({name: 'ops \u{1F468}\u200D\u{1F4BB}', description: 'a zero\u200Bwidth space'});
	});
});

describe('an empty tcp expect', () => {
	it('is refused as a dns one is, with the hint to leave it out: it would wait for a banner that may never come', () => {
		expect(issueOf('checks:\n  - {name: t1, kind: tcp, host: "127.0.0.1:47101", expect: ""}\n')).toMatchObject({
			line: 2,
			column: 60,
			message: '`expect` must not be empty',
			hint: 'leave `expect` out to only test the connection',
		});
	});
});
