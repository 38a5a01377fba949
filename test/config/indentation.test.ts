import {describe, expect, it} from 'vitest';
import {findIndentationProblem} from '../../source/config/indentation.js';
import {loadError} from './temp-files.js';

describe('findIndentationProblem', () => {
	it('names the line at fault, its indentation and the sibling it should line up with', () => {
		const text = 'checks:\n  - name: api\n    url: http://x\n   timeout: 2s\n';
		expect(findIndentationProblem(text, 4)).toEqual({line: 4, spaces: 3, what: 'timeout', expectedSpaces: 4, sibling: {line: 3, what: 'url'}});
	});

	it('looks past blank lines and comments, and takes the line after when the parser reported the one above', () => {
		const text = 'checks:\n  - name: api\n    url: http://x\n    # why\n\n      timeout: 2s\n';
		expect(findIndentationProblem(text, 3, true)).toMatchObject({line: 6, spaces: 6, expectedSpaces: 4, sibling: {line: 3, what: 'url'}});
	});

	it('does not offer a column closed by a shallower line in between', () => {
		// `status` (6) belongs to the first check; after `- name: db` only 4 and 0 are open.
		const text = 'checks:\n  - name: api\n    expect:\n      status: 200\n  - name: db\n    kind: tcp\n     host: db:5432\n';
		expect(findIndentationProblem(text, 7)).toMatchObject({spaces: 5, expectedSpaces: 4, sibling: {line: 6, what: 'kind'}});
	});

	it('lines a list item up with the items above, and prefers the deeper column on a tie', () => {
		expect(findIndentationProblem('checks:\n- name: a\n  url: http://x\n - name: b\n', 4)).toMatchObject({what: '- name', expectedSpaces: 0, sibling: {line: 2}});
		expect(findIndentationProblem('checks:\n  - name: a\n    url: http://x\n  timeout: 2s\n', 4)).toMatchObject({expectedSpaces: 4});
	});

	it('finds nothing when the line is lined up or is not content', () => {
		expect(findIndentationProblem('checks:\n  - name: a\n    url: http://x\n', 3)).toBeUndefined();
		expect(findIndentationProblem('checks:\n  # note\n', 2)).toBeUndefined();
		expect(findIndentationProblem('checks:\n', 9)).toBeUndefined();
	});
});

describe('a file with many misaligned lines', () => {
	it('is diagnosed line by line in well under a second per thousand: the live screen waits for it', () => {
		// Each line used to be diagnosed by splitting the whole text and walking up to its first line: 3,000 of them took 10 s.
		const text = `checks:\n${Array.from({length: 3000}, (_, index) => `  - name: c${index}\n    url: http://127.0.0.1:1/c${index}\n     interval: 30s\n`).join('')}`;
		const started = performance.now();
		const error = loadError(text);
		expect(performance.now() - started).toBeLessThan(3000);
		expect(error.issues).toHaveLength(3000);
		expect(error.issues.at(-1)).toMatchObject({line: 9001, column: 1, message: '`interval` (5 spaces) is not lined up with `url` on line 9000 (4 spaces)'});
	});
});
