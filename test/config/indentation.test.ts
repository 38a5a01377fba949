import {describe, expect, it} from 'vitest';
import {findIndentationProblem} from '../../source/config/indentation.js';

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
