import {describe, expect, it} from 'vitest';
import {loadError} from './temp-files.js';

/** The one issue a file produces. */
function issueOf(text: string) {
	const error = loadError(text);
	expect(error.issues.map(issue => issue.message)).toHaveLength(1);
	return error.issues[0]!;
}

const tcp = (host: string): string => `checks:\n  - {name: t, kind: tcp, host: ${host}}\n`;
const tls = (host: string): string => `checks:\n  - {name: t, kind: tls, host: ${host}}\n`;

describe('a tcp or tls host written as something else', () => {
	it('a URL: the hint is the host and port without the scheme', () => {
		expect(issueOf(tcp('http://127.0.0.1:47101'))).toMatchObject({message: '`http://127.0.0.1:47101` is not host:port', hint: 'drop the scheme: host: 127.0.0.1:47101'});
		expect(issueOf(tcp('redis://:pw@cache:6380/0')).hint).toBe('drop the scheme, the password and the path: host: cache:6380');
		expect(issueOf(tcp('http://127.0.0.1/')).hint).toBe('drop the scheme and the path: host: 127.0.0.1:80');
	});

	it('an https URL for tls: the port 443 is the default', () => {
		expect(issueOf(tls('https://127.0.0.1')).hint).toBe('drop the scheme (the port is 443 unless written): host: 127.0.0.1');
		expect(issueOf(tls('https://api.example:8443/health')).hint).toBe('drop the scheme and the path: host: api.example:8443');
	});

	it('a trailing slash or a path: the hint is without it', () => {
		expect(issueOf(tcp('127.0.0.1:47101/'))).toMatchObject({message: '`127.0.0.1:47101/` is not host:port', hint: 'drop the trailing slash: host: 127.0.0.1:47101'});
		expect(issueOf(tcp('db:5432/app')).hint).toBe('drop the path: host: db:5432');
	});

	it('an IPv6 address and a port without brackets: the hint puts it in them, in quotes', () => {
		expect(issueOf(tcp('"::1:47101"'))).toMatchObject({message: '`::1:47101` is not host:port', hint: 'write an IPv6 address in brackets, in quotes: host: "[::1]:47101"'});
		expect(issueOf(tcp('"::1"')).hint).toBe('write an IPv6 address in brackets, in quotes, with the port: host: "[::1]:PORT"');
		expect(issueOf(tls('"::1"')).hint).toBe('write an IPv6 address in brackets, in quotes: host: "[::1]"');
	});
});

describe('a number written with a unit', () => {
	it('warnDays: 14d → warnDays: 14', () => {
		expect(issueOf('checks:\n  - {name: t, kind: tls, host: 127.0.0.1, warnDays: 14d}\n')).toMatchObject({
			message: '`warnDays`: expected a whole number from 0 to 3650, found "14d"',
			hint: 'write the number of days: warnDays: 14',
		});
	});

	it('maxBytes: 1MB → the number of bytes, both readings of MB', () => {
		const http = (maxBytes: string): string => `checks:\n  - {name: h, url: http://127.0.0.1:47101/, expect: {maxBytes: ${maxBytes}}}\n`;
		expect(issueOf(http('1MB')).hint).toBe('write the number of bytes: maxBytes: 1000000 (or 1048576 for 1 MiB)');
		expect(issueOf(http('512KiB')).hint).toBe('write the number of bytes: maxBytes: 524288');
		expect(issueOf(http('2GB')).hint).toBe('write the number of bytes, at most 1073741824 (1 GiB)');
	});
});
