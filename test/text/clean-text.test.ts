import {describe, expect, it} from 'vitest';
import {cleanText} from '../../source/text/clean-text.js';

describe('cleanText', () => {
	it('hides a secret that sanitize spells out: a control character in a value, shown in caret form', () => {
		expect(cleanText('login pa\u0007ss-word9 refused', ['pa^Gss-word9'])).toBe('login •••• refused');
	});

	it('hides a whole-token value that stands alone once the credential beside it is hidden', () => {
		expect(cleanText('id abcdq7z', [{wholeToken: 'abcd'}, 'q7z'])).toBe('id ••••••••');
	});

	it('hides a secret before sanitize cuts the text inside it', () => {
		expect(cleanText(`${'x'.repeat(15)} hunter2-secret-value`, ['hunter2-secret-value'], {maxLength: 20})).toBe(`${'x'.repeat(15)} ••••`);
	});

	it('returns a text with no secret and nothing to escape as it came, and escapes one without a secret', () => {
		expect(cleanText('503 Service Unavailable', ['hunter2-secret'])).toBe('503 Service Unavailable');
		expect(cleanText('503 \u001B[2JService', ['hunter2-secret'])).toBe('503 ^[[2JService');
	});
});
