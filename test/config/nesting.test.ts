import {describe, expect, it} from 'vitest';
import {formatConfigError} from '../../source/config/format-config-error.js';
import {loadError} from './temp-files.js';

/** docs/config.md: a file nested too deep is an error saying so, where it happens; never a stack overflow. */

const api = 'checks:\n  - name: api\n    url: http://127.0.0.1:19500/health\n';

const only = (text: string) => {
	const error = loadError(text);
	const shown = formatConfigError(error);
	expect(shown).not.toMatch(/call stack/i);
	expect(error.issues, shown).toHaveLength(1);
	return error.issues[0]!;
};

describe('nesting too deep', () => {
	it('20,000 [ in a row', () => {
		const issue = only(`checks: ${'['.repeat(20_000)}\n`);
		expect(issue.line).toBe(1);
		expect(issue.message).toMatch(/^nesting too deep/);
		expect(issue.hint).toMatch(/never closed/);
	});

	it('20,000 list items inside each other on one line (- - - …)', () => {
		const issue = only(`checks:\n${'- '.repeat(20_000)}x\n`);
		expect(issue.line).toBe(2);
		expect(issue.message).toMatch(/^nesting too deep/);
	});

	it('keys indented further and further, line after line', () => {
		const lines = Array.from({length: 1500}, (_, index) => `${' '.repeat(6 + index)}a:`).join('\n');
		const issue = only(`${api}    x-a:\n${lines}\n`);
		expect(issue.message).toMatch(/^nesting too deep/);
	});

	it('a deep value the parser reads is refused at the level past the limit, at a place that does not depend on the stack', () => {
		const issue = only(`${api}    headers: {X: ${'['.repeat(300)}${']'.repeat(300)}}\n`);
		// The file's mapping, `checks`, the check and `headers` are 4 levels: the 97th `[` is the 101st.
		expect([issue.line, issue.column]).toEqual([4, 18 + 96]);
		expect(issue.message).toMatch(/^nesting too deep: more than 100 levels/);
	});
});
