import {describe, expect, it} from 'vitest';
import {redact, redactDeep} from '../../source/probes/redact.js';

describe('redact', () => {
	it('hides a secret and its URL-encoded form', () => {
		expect(redact('token=s3cr3t/+ and s3cr3t%2F%2B', ['s3cr3t/+'])).toBe('token=•••• and ••••');
	});

	it('hides the longer secret whole when one secret contains another', () => {
		expect(redact('Bearer abcdef', ['abc', 'abcdef'])).toBe('Bearer ••••');
	});

	it('redacts every string inside nested values', () => {
		expect(redactDeep({a: ['x hunter2'], b: {c: 'hunter2'}, n: 1}, ['hunter2'])).toEqual({a: ['x ••••'], b: {c: '••••'}, n: 1});
	});
});
