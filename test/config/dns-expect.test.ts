import {describe, expect, it} from 'vitest';
import type {DnsCheck} from '../../source/config/types.js';
import {loadError, loadText} from './temp-files.js';

const dns = (extra: string): string => `checks:\n  - {name: d1, kind: dns, query: localhost, ${extra}}\n`;

/** The one issue a file produces. */
function issueOf(text: string) {
	const error = loadError(text);
	expect(error.issues.map(issue => issue.message)).toHaveLength(1);
	return error.issues[0]!;
}

describe('a dns expect address of the other family', () => {
	it('is refused for type AAAA, at the item, suggesting type A', () => {
		expect(issueOf(dns('type: AAAA, expect: ["127.0.0.1"]'))).toMatchObject({
			line: 2,
			column: 66,
			path: 'checks[0].expect[0]',
			message: '`127.0.0.1` is an IPv4 address, and the answers to type AAAA are IPv6 addresses: it can never match',
			hint: 'type A answers IPv4 addresses, AAAA IPv6 ones: for 127.0.0.1 write type: A',
		});
	});

	it('is refused for type A (the default too), suggesting type AAAA', () => {
		expect(issueOf(dns('type: a, expect: ["::1"]'))).toMatchObject({
			message: '`::1` is an IPv6 address, and the answers to type A are IPv4 addresses: it can never match',
			hint: 'type A answers IPv4 addresses, AAAA IPv6 ones: for ::1 write type: AAAA',
		});
		expect(issueOf(dns('expect: ["::1"]')).message).toBe('`::1` is an IPv6 address, and the answers to type A are IPv4 addresses: it can never match');
	});

	it('suggests a second check when the list holds both families', () => {
		expect(issueOf(dns('expect: ["127.0.0.1", "::1"]'))).toMatchObject({
			path: 'checks[0].expect[1]',
			hint: 'type A answers IPv4 addresses, AAAA IPv6 ones: expect ::1 in a second dns check with type: AAAA',
		});
	});

	it('leaves names, and other types, alone', () => {
		const {config} = loadText(dns('type: AAAA, expect: ["::1", "localhost"]'));
		expect((config.checks[0] as DnsCheck).expectAnswers).toEqual(['::1', 'localhost']);
		expect(() => loadText(dns('type: TXT, expect: ["127.0.0.1"]'))).not.toThrow();
	});
});

describe('a dns expect IPv4 address with leading zeros', () => {
	it('is refused, with the plain form as the hint', () => {
		expect(issueOf(dns('expect: ["127.0.0.001"]'))).toMatchObject({
			path: 'checks[0].expect[0]',
			message: '`127.0.0.001` has a part with a leading zero: an answer is never written so, and some tools read such a part as octal',
			hint: 'write 127.0.0.1',
		});
	});

	it('names the octal reading when it is another address', () => {
		expect(issueOf(dns('expect: ["10.0.0.010"]')).hint).toBe('write 10.0.0.10 (or 10.0.0.8, if the 0 meant octal)');
	});
});
