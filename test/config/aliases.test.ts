import {describe, expect, it} from 'vitest';
import {loadError} from './temp-files.js';

/** The one issue a file produces. */
function issueOf(text: string) {
	const error = loadError(text);
	expect(error.issues.map(issue => issue.message)).toHaveLength(1);
	return error.issues[0]!;
}

describe('a check repeated through an alias', () => {
	it('is a duplicate name at the alias, not at the anchor it was first written at', () => {
		const issue = issueOf('checks:\n  - &api\n    name: orders api\n    url: http://127.0.0.1:47101/json\n  - *api\n');
		expect(issue).toMatchObject({
			line: 5,
			column: 5,
			path: 'checks[1].name',
			message: 'duplicate check name `orders api`: the check is repeated through the alias *api',
		});
		expect(issue.hint).toMatch(/^first used at .*checks\.yaml:3:11; an alias repeats the whole check, name and all: to share settings between checks, put them in `defaults` or a group$/);
	});
});

describe('an error inside an aliased node', () => {
	it('names the line where the alias is used, when the anchor is only read through it', () => {
		expect(issueOf('x-base: &base\n  name: api\n  url: http://127.0.0.1:47101/\n  timeout: fast\nchecks:\n  - *base\n')).toMatchObject({
			line: 4,
			column: 12,
			message: expect.stringContaining('fast') as string,
			hint: expect.stringMatching(/\(used through the alias \*base at line 6\)$/) as string,
		});
	});

	it('says the node is also used through the alias when it is read where it is written too, and lists every use', () => {
		const text = [
			'checks:',
			'  - name: a',
			'    url: http://127.0.0.1:47101/',
			'    headers: &h {X-A: [1]}',
			'  - name: b',
			'    url: http://127.0.0.1:47101/',
			'    headers: *h',
			'  - name: c',
			'    url: http://127.0.0.1:47101/',
			'    headers: *h',
			'',
		].join('\n');
		const issue = issueOf(text);
		expect(issue).toMatchObject({line: 4, path: 'checks[0].headers."X-A"'});
		expect(issue.hint).toMatch(/also used through the alias \*h at lines 7 and 10\)?$/);
	});

	it('names the alias for an error found when the check is put together, too', () => {
		expect(issueOf('x-base: &base\n  name: api\n  url: http://127.0.0.1:47101/\n  interval: 1s\n  timeout: 5s\nchecks:\n  - *base\n')).toMatchObject({
			line: 5,
			hint: expect.stringMatching(/\(used through the alias \*base at line 7\)$/) as string,
		});
	});
});

describe('an alias to an anchor of another file', () => {
	it('says anchors do not cross files, where the anchor is, and what shares settings across files', () => {
		const error = loadError('x-h: &h {User-Agent: uptop}\ninclude: [more.yaml]\nchecks:\n  - name: api\n    url: http://127.0.0.1:47101/\n    headers: *h\n', {}, {
			'more.yaml': 'checks:\n  - name: api2\n    url: http://127.0.0.1:47101/2\n    headers: *h\n',
		});
		expect(error.issues).toHaveLength(1);
		expect(error.issues[0]!.file).toMatch(/more\.yaml$/);
		expect(error.issues[0]).toMatchObject({line: 4, column: 14, message: 'unknown alias *h'});
		expect(error.issues[0]!.hint).toMatch(/^&h is defined in .*checks\.yaml, and anchors do not cross files \(each file is its own YAML document\): share settings across files with `defaults:` or a group, or define &h again in this file$/);
	});

	it('still says to define the anchor first when this file defines it after the alias', () => {
		const error = loadError('x-h: &h {User-Agent: uptop}\ninclude: [more.yaml]\nchecks:\n  - name: api\n    url: http://127.0.0.1:47101/\n    headers: *h\n', {}, {
			'more.yaml': 'checks:\n  - name: api2\n    url: http://127.0.0.1:47101/2\n    headers: *h\nx-h: &h {User-Agent: more}\n',
		});
		expect(error.issues[0]).toMatchObject({line: 4, column: 14, message: 'unknown alias *h', hint: 'define the anchor first with &h, or put it in quotes if it is the value: "*h"'});
	});
});
