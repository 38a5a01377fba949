import {describe, expect, it} from 'vitest';
import {formatConfigError} from '../../source/config/format-config-error.js';
import {loadError, loadText} from './temp-files.js';

const check = (headers: string) => `checks:\n  - name: api\n    url: http://127.0.0.1:1/\n    headers:\n${headers}`;

describe('header names that differ only in letter case, in one mapping', () => {
	it('are an error at the second, naming the line of the first, never showing a credential', () => {
		const error = loadError(check('      Authorization: Bearer Zx9kQ2pL\n      authorization: Bearer mN4vW7\n'));
		expect(error.issues, formatConfigError(error)).toHaveLength(1);
		const issue = error.issues[0]!;
		expect([issue.line, issue.column]).toEqual([6, 7]);
		expect(issue.message).toBe('header `authorization` is written twice, here and as `Authorization` on line 5: header names are compared in lower case');
		expect(issue.hint).toMatch(/keep one/);
		expect(`${formatConfigError(error)}\n${JSON.stringify(error.issues)}`).not.toMatch(/Zx9k|mN4v/);
	});

	it('reports each such pair in a flow mapping, with the first one\'s column when both are on one line', () => {
		const error = loadError('checks:\n  - name: api\n    url: http://127.0.0.1:1/\n    headers: {X-A: one, x-a: two, Authorization: Bearer aaa, authorization: Bearer bbb}\n');
		expect(error.issues.map(issue => [issue.line, issue.column, issue.message])).toEqual([
			[4, 25, 'header `x-a` is written twice, here and as `X-A` on line 4, column 15: header names are compared in lower case'],
			[4, 62, 'header `authorization` is written twice, here and as `Authorization` on line 4, column 35: header names are compared in lower case'],
		]);
	});

	it('are an error in expected response headers too, which are matched by name in lower case', () => {
		const error = loadError('checks:\n  - name: api\n    url: http://127.0.0.1:1/\n    expect:\n      header:\n        Content-Type: json\n        content-type: html\n');
		expect(error.issues.map(issue => [issue.line, issue.column])).toEqual([[7, 9]]);
		expect(error.issues[0]!.message).toMatch(/`content-type` is written twice.*line 6/);
	});

	it('still let a check override a header of its group or of the defaults in another letter case', () => {
		const {config} = loadText('defaults:\n  headers: {Authorization: Bearer aaa, X-Team: core}\ngroups:\n  payments:\n    headers: {x-team: pay}\nchecks:\n  - name: api\n    group: payments\n    url: http://127.0.0.1:1/\n    headers: {authorization: Bearer bbb}\n');
		expect(config.checks[0]).toMatchObject({headers: {authorization: 'Bearer bbb', 'x-team': 'pay'}});
	});
});
