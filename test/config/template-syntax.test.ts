import {describe, expect, it} from 'vitest';
import {formatConfigError} from '../../source/config/format-config-error.js';
import {loadError} from './temp-files.js';

/** docs/config.md, Environment variables: another tool's template syntax gets uptop's, `${PORT}`, as its hint. */

const withUrl = (url: string, env: NodeJS.ProcessEnv = {}) => {
	const error = loadError(`checks:\n  - name: api\n    url: ${url}\n`, env);
	expect(error.issues, formatConfigError(error)).toHaveLength(1);
	return error.issues[0]!;
};

describe('template syntax of other tools', () => {
	for (const [written, template] of [
		['http://127.0.0.1:%{PORT}/health', '%{PORT}'],
		['http://127.0.0.1:{{PORT}}/health', '{{PORT}}'],
		['"http://127.0.0.1:{{ .Env.PORT }}/health"', '{{ .Env.PORT }}'],
		['"http://127.0.0.1:{{ env \\"PORT\\" }}/health"', '{{ env "PORT" }}'],
		['http://127.0.0.1:$(PORT)/health', '$(PORT)'],
		['"http://127.0.0.1:${{ env.PORT }}/health"', '${{ env.PORT }}'],
	] as const) {
		it(`${template} in a url: uptop's syntax is \${PORT}, at the template`, () => {
			const issue = withUrl(written);
			expect(issue.message).toBe(`\`${template}\` is not read from the environment: uptop's syntax is \`\${PORT}\``);
			expect(issue.hint).toMatch(/^write \$\{PORT\} \(or \$\{PORT:-fallback\}\)/);
			expect(issue.line).toBe(3);
			expect(issue.column).toBe(10 + written.indexOf(template.replaceAll('"', '\\"')));
		});
	}

	it('a template with no variable in it (helm\'s .Values) says how uptop reads the environment', () => {
		const issue = withUrl('"http://127.0.0.1:{{ .Values.service.port }}/health"');
		expect(issue.message).toBe('`{{ .Values.service.port }}` is another tool\'s template, sent as written: it reads no environment variable');
		expect(issue.hint).toMatch(/^uptop reads one as \$\{NAME\}/);
	});

	it('$PORT without braces keeps its hint', () => {
		expect(withUrl('http://127.0.0.1:$PORT/health').hint).toBe('write ${PORT} (or ${PORT:-fallback})');
	});

	it('a template in a credential header is an error that quotes no part of it', () => {
		const error = loadError('checks:\n  - name: api\n    url: http://127.0.0.1:19500/health\n    headers:\n      Authorization: Bearer {{TOKEN}}\n');
		expect(error.issues).toHaveLength(1);
		const [issue] = error.issues;
		expect(issue!.line).toBe(5);
		expect(`${issue!.message} ${issue!.hint}`).not.toContain('TOKEN');
		expect(issue!.hint).toContain('${NAME}');
	});

	for (const [quote, env] of [['"', {}], ['\'', {}], ['"', {PORT: '19500'}]] as const) {
		it(`a fallback in ${quote} quotes, PORT ${env.PORT === undefined ? 'unset' : 'set'}: the quotes would be kept, so write it without`, () => {
			const issue = withUrl(`http://127.0.0.1:\${PORT:-${quote}19150${quote}}/health`, env);
			expect(issue.message).toBe(`the fallback of \`\${PORT:-${quote}19150${quote}}\` is in quotes, and uptop would keep them: a fallback is taken as written`);
			expect(issue.hint).toBe('write ${PORT:-19150}');
			expect(issue.column).toBe(27);
		});
	}

	it('a quoted fallback in a duration gets the same hint instead of "not a duration"', () => {
		const error = loadError('checks:\n  - name: api\n    url: http://127.0.0.1:19500/health\n    timeout: ${T:-"5s"}\n');
		expect(error.issues.map(issue => [issue.line, issue.hint])).toEqual([[4, 'write ${T:-5s}']]);
	});
});
