import {describe, expect, it} from 'vitest';
import {loadError, loadText} from './temp-files.js';

const check = (lines: string) => `checks:\n  - name: old home\n    url: http://127.0.0.1:8000/old\n${lines}`;

describe('a redirect status expected while redirects are followed', () => {
	it.each([
		['301', '    expect: {status: 301}\n', 4, 22, '`expect.status` 301'],
		['a list of redirects', '    expect:\n      status: [301, 308]\n', 5, 7, '`expect.status` 301, 308'],
		['maxRedirects set above 0', '    maxRedirects: 2\n    expect: {status: 302}\n', 5, 22, '`expect.status` 302'],
	])('is refused: %s', (_name, lines, line, column, start) => {
		const error = loadError(check(lines));
		expect(error.issues).toHaveLength(1);
		const [issue] = error.issues;
		expect(issue).toMatchObject({line, column});
		expect(issue!.message).toBe(`${start} can never match in check \`old home\`: redirects are followed, so the status checked is the last answer's, not the redirect's`);
		expect(issue!.hint).toBe('add `maxRedirects: 0` to check the redirect itself');
	});

	it('is refused when maxRedirects comes from defaults', () => {
		const error = loadError(`defaults:\n  maxRedirects: 3\n${check('    expect: {status: 301}\n')}`);
		expect(error.issues[0]?.hint).toBe('add `maxRedirects: 0` to check the redirect itself');
	});

	it.each([
		['maxRedirects: 0', '    maxRedirects: 0\n    expect: {status: 301}\n'],
		['304, which is no redirect followed', '    expect: {status: 304}\n'],
		['a 2xx beside the redirect', '    expect: {status: [200, 301]}\n'],
		// A range holds statuses no redirect followed has: a 300, a 304, a 301 with no Location.
		['3xx', '    expect: {status: 3xx}\n'],
		['300-399', '    expect: {status: 300-399}\n'],
		['304 beside a redirect', '    expect: {status: [301, 304]}\n'],
		['maxRedirects: 0 in defaults', ''],
	])('is accepted: %s', (name, lines) => {
		const text = name === 'maxRedirects: 0 in defaults' ? `defaults:\n  maxRedirects: 0\n${check('    expect: {status: 301}\n')}` : check(lines);
		expect(loadText(text).config.checks).toHaveLength(1);
	});
});
