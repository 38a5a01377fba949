import {describe, expect, it} from 'vitest';
import {redact, redactDeep} from '../../source/probes/redact.js';

describe('redact', () => {
	it('hides a secret and its URL-encoded form', () => {
		expect(redact('token=s3cr3t/+ and s3cr3t%2F%2B', ['s3cr3t/+'])).toBe('token=•••• and ••••');
	});

	it.each([
		['expect a body', 'expect a body'],
		['eu', '••••'],
		['region eu, zone eu-west and europe', 'region ••••, zone eu-west and europe'],
		['http://eu/health?r=eu.', 'http://••••/health?r=••••.'],
		['eu.example.com and api.eu', 'eu.example.com and api.eu'],
	])('hides a whole-token secret only where it stands alone: %j', (text, redacted) => {
		expect(redact(text, [{wholeToken: 'eu'}])).toBe(redacted);
	});

	it.each([
		['a+b!', 'p a+b!x (a+b!)', 'p ••••x (••••)'],
		['[x]', '[x]y and y[x]', '••••y and y••••'],
		['$1', 'a$1 and $1b', 'a•••• and $1b'],
		['a.b(c', 'a.b(c) a.b(cd', '••••) a.b(cd'],
	])('hides a whole-token secret with regex-special characters %j up to its own ends, which are not token characters', (secret, text, redacted) => {
		expect(redact(text, [{wholeToken: secret}])).toBe(redacted);
	});

	it('hides whole-token secrets in a 64 KB text of near matches in well under a second', () => {
		const text = `${'zq7a zq7_ zq7-x zq7.b '.repeat(3000)}zq7`;
		const started = performance.now();
		const redacted = redact(text, [...Array.from({length: 20}, (_, index) => ({wholeToken: `zq${index}`})), {wholeToken: 'zq7'}]);
		expect(performance.now() - started).toBeLessThan(500);
		expect(redacted.endsWith(' ••••')).toBe(true);
		expect(redacted.match(/••••/g)).toHaveLength(1);
	});

	it('hides a credential inside other words even when the same text is also a whole-token secret', () => {
		expect(redact('xab12y ab12', [{wholeToken: 'ab12'}, 'ab12'])).toBe('x••••y ••••');
	});

	it('hides the longer secret whole when one secret contains another', () => {
		expect(redact('Bearer abcdef', ['abc', 'abcdef'])).toBe('Bearer ••••');
	});

	it('redacts every string inside nested values', () => {
		expect(redactDeep({a: ['x hunter2'], b: {c: 'hunter2'}, n: 1}, ['hunter2'])).toEqual({a: ['x ••••'], b: {c: '••••'}, n: 1});
	});
});
