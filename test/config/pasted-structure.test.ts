import {describe, expect, it} from 'vitest';
import {formatConfigError} from '../../source/config/format-config-error.js';
import {loadError} from './temp-files.js';

/**
 * A space pasted from a chat or a web page where YAML reads structure (the indentation, right after a list item's
 * `-`, right after a key's colon): the character at its place, and not the misaligned lines it makes of the rest.
 */

const nbsp = '\u00A0';
const issuesOf = (text: string) => {
	const error = loadError(text);
	return {error, issues: error.issues.map(({line, column, message, hint}) => ({line, column, message, hint}))};
};

const dashMessage = '`-` is followed by a non-breaking space (U+00A0), which YAML does not read as a space: this line is no list item';
const dashHint = 'replace it with a plain space';

describe('an odd space in YAML structure', () => {
	it('names a no-break space after the dash of a second check, and nothing else (nbsp_dash4.yaml)', () => {
		const {error, issues} = issuesOf(`checks:\n  - name: api\n    url: http://127.0.0.1:19290/health\n  -${nbsp}name: db\n    kind: tcp\n    host: 127.0.0.1:19291\n`);
		expect(issues, formatConfigError(error)).toEqual([{line: 4, column: 4, message: dashMessage, hint: dashHint}]);
	});

	it('names both pasted dashes when every check was pasted (nbsp_dash3.yaml)', () => {
		const {error, issues} = issuesOf(`checks:\n  -${nbsp}name: api\n    url: http://127.0.0.1:19290/health\n  -${nbsp}name: db\n    kind: tcp\n    host: 127.0.0.1:19291\n`);
		expect(issues, formatConfigError(error)).toEqual([
			{line: 2, column: 4, message: dashMessage, hint: dashHint},
			{line: 4, column: 4, message: dashMessage, hint: dashHint},
		]);
	});

	it('says to replace, not delete, a no-break space after a dash in a file that parses (nbsp_dash2.yaml)', () => {
		const {error, issues} = issuesOf(`checks:\n  -${nbsp}name: api\n  url: http://127.0.0.1:19290/health\n  timeout: 2s\n`);
		expect(issues, formatConfigError(error)).toEqual([{line: 2, column: 4, message: dashMessage, hint: dashHint}]);
	});

	it('names a no-break space after a dash before a flow mapping', () => {
		const {error, issues} = issuesOf(`checks:\n  -${nbsp}{name: api, url: "http://127.0.0.1:19290/a"}\n  - name: b\n    url: http://127.0.0.1:19290/b\n`);
		expect(issues, formatConfigError(error)).toEqual([{line: 2, column: 4, message: dashMessage, hint: dashHint}]);
	});

	it('names a no-break space after a colon that ends the line, not the nested key under it (nb_colon_nested.yaml)', () => {
		const {error, issues} = issuesOf(`checks:\n  - name: api\n    url: http://127.0.0.1:19290/a\n    expect:${nbsp}\n      status: 200\n`);
		expect(issues, formatConfigError(error)).toEqual([{line: 4, column: 12, message: '`expect:` is followed by a non-breaking space (U+00A0), which YAML does not read as a space', hint: 'replace it with a plain space, or delete it: nothing follows the colon on this line'}]);
	});

	it('gives the column of the list items for a no-break space in a list item\'s indentation, and nothing about the line under it (nb_dash_ind.yaml)', () => {
		const {error, issues} = issuesOf(`checks:\n  - name: api\n    url: http://127.0.0.1:19290/a\n ${nbsp}- name: b\n    url: http://127.0.0.1:19290/b\n`);
		expect(issues, formatConfigError(error)).toEqual([{line: 4, column: 2, message: 'the indentation of `- name` holds a non-breaking space (U+00A0), which YAML does not count as a space', hint: 'indent it with plain spaces: 2 spaces, like `- name`'}]);
	});

	it('names a zero-width space before a list item\'s dash, once (zw_dash.yaml)', () => {
		const {error, issues} = issuesOf('checks:\n  - name: api\n    url: http://127.0.0.1:19290/a\n  \u200B- name: b\n    url: http://127.0.0.1:19290/b\n');
		expect(issues, formatConfigError(error)).toEqual([{line: 4, column: 3, message: 'the indentation of `- name` holds a zero-width space (U+200B), which does not show and which YAML reads as text', hint: 'it is invisible: delete it'}]);
	});

	it('still reports a real error elsewhere in the file, read as the pasted space meant', () => {
		const {error, issues} = issuesOf(`checks:\n  - name: api\n    url: http://127.0.0.1:19290/a\n  -${nbsp}name: db\n    kind: tcp\n    host: 127.0.0.1:19291\n    timout: 2s\n`);
		expect(issues.map(issue => [issue.line, issue.message]), formatConfigError(error)).toEqual([
			[4, dashMessage],
			[7, 'unknown key `timout` in tcp check `db`'],
		]);
	});
});

describe('a file pasted whole from a chat, every indentation holding a no-break space', () => {
	it('is diagnosed in one pass over the file, not one per pasted space: the live screen waits for it', () => {
		// Each space used to be lined up by splitting the whole text and walking up to its first line: 6,000 took 17 s.
		const text = `checks:\n${Array.from({length: 6000}, (_, index) => `  - name: c${index}\n   \u00A0url: http://127.0.0.1:1/c${index}\n`).join('')}`;
		const started = performance.now();
		const error = loadError(text);
		expect(performance.now() - started).toBeLessThan(6000);
		expect(error.issues).toHaveLength(6000);
		expect(error.issues.at(-1)).toMatchObject({line: 12_001, column: 4});
		expect(error.issues.at(-1)!.hint).toBe('indent it with plain spaces: 4 spaces, like `name`');
	});
});
