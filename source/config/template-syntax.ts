/**
 * `url: http://127.0.0.1:{{PORT}}/health`: a value carried over from another tool's config keeps that tool's way of
 * reading a variable (Mustache's and Jinja's `{{PORT}}`, a Go template's `{{ .Env.PORT }}`, GitHub Actions'
 * `${{ env.PORT }}`, Kubernetes' `$(PORT)`, `%{PORT}`). uptop sends it as written, so a URL is "not a valid URL"
 * and a header goes out with the braces; what to write is uptop's `${PORT}`.
 */

export type ForeignTemplate = {
	/** The template as written, `{{ .Env.PORT }}`. */
	readonly written: string;
	/** The variable it reads, when it names one (helm's `{{ .Values.port }}` names none). */
	readonly name: string | undefined;
	readonly index: number;
};

const name = '([A-Za-z_]\\w*)';

/** Most specific first: where two start at one place, the first that matches names the variable. */
const templates: readonly RegExp[] = [
	new RegExp(`\\$\\{\\{\\s*(?:env|secrets|vars)\\.${name}\\s*\\}\\}`),
	new RegExp(`\\{\\{\\s*\\.Env\\.${name}\\s*\\}\\}`),
	new RegExp(`\\{\\{\\s*env\\s+"${name}"\\s*\\}\\}`),
	new RegExp(`\\{\\{\\s*${name}\\s*\\}\\}`),
	/\{\{[^{}]*\}\}/,
	new RegExp(`%\\{${name}\\}`),
	// Upper case only: `$(date)` in a value is more likely a shell's command than a variable.
	/\$\(([A-Z_][A-Z\d_]*)\)/,
];

/** The first template of another tool in `value`, or undefined. Each pattern is tried once: linear in the value. */
export function findForeignTemplate(value: string): ForeignTemplate | undefined {
	let found: ForeignTemplate | undefined;
	for (const pattern of templates) {
		const match = pattern.exec(value);
		if (match === null || (found !== undefined && found.index <= match.index)) continue;
		found = {written: match[0], name: match[1], index: match.index};
	}

	return found;
}

/** What the error about `template` says, and its hint. */
export function describeForeignTemplate(template: ForeignTemplate): {message: string; hint: string} {
	if (template.name === undefined) {
		return {
			message: `\`${template.written}\` is another tool's template, sent as written: it reads no environment variable`,
			hint: 'uptop reads one as ${NAME}: write ${NAME} (or ${NAME:-fallback}) with the name of the variable that holds the value',
		};
	}

	return {
		message: `\`${template.written}\` is not read from the environment: uptop's syntax is \`\${${template.name}}\``,
		hint: `write \${${template.name}} (or \${${template.name}:-fallback}); \`${template.written}\` would be sent as written`,
	};
}

export type QuotedFallback = {readonly written: string; readonly name: string; readonly fallback: string; readonly index: number};

/**
 * `${PORT:-"19150"}`: a shell takes the quotes off a fallback, uptop keeps them (a JSON body's fallback may mean
 * them), so in a URL or a host they would be sent, and a duration or a number would not read.
 */
export function findQuotedFallback(value: string): QuotedFallback | undefined {
	const match = /(?<!\$)\$\{([A-Za-z_]\w*):-(["'])([^}]*)\2\}/.exec(value);
	return match === null ? undefined : {written: match[0], name: match[1]!, fallback: match[3]!, index: match.index};
}

export function describeQuotedFallback(quoted: QuotedFallback): {message: string; hint: string} {
	return {
		message: `the fallback of \`${quoted.written}\` is in quotes, and uptop would keep them: a fallback is taken as written`,
		hint: `write \${${quoted.name}:-${quoted.fallback}}`,
	};
}
