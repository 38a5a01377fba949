export type Substitution =
	| {
		readonly ok: true;
		readonly value: string;
		/** Values taken from the environment (they become secrets). */
		readonly fromEnv: readonly string[];
		/** Where each of `fromEnv` starts in `value`: whether it stands alone there decides how it is hidden. */
		readonly fromEnvAt: readonly number[];
		/** The variable each of `fromEnv` came from. */
		readonly fromEnvNames: readonly string[];
	}
	| {readonly ok: false; readonly message: string; readonly hint?: string; /** Offset in `text` of the bad reference. */ readonly offset: number; readonly reference: string; /** The variable, when it is not set. */ readonly unset?: string};

const namePattern = /^[A-Za-z_]\w*$/;

const forms = 'uptop takes ${NAME} and ${NAME:-fallback}';

/**
 * For `${NAME-x}`, `${NAME:=x}`, `${NAME:?msg}`, `${NAME:+x}` or `${ NAME }`, the other expansions of a POSIX
 * shell (or a docker-compose file) a person carries over: what to write in uptop's terms.
 */
function shellFormHint(body: string): string | undefined {
	const spaced = body.trim();
	if (spaced !== body && namePattern.test(spaced)) return `write \${${spaced}}, without spaces`;
	const operator = /^([A-Za-z_]\w*)(:?[-=?+])(.*)$/s.exec(body);
	if (operator === null) return undefined;
	const [, name, sign, rest] = operator as unknown as [string, string, string, string];
	if (sign.endsWith('?')) return `write \${${name}}: an unset variable without a fallback is already an error`;
	if (sign.endsWith('+')) return `${forms}; write the value itself`;
	return `write \${${name}:-${rest}}: ${forms} (the fallback also stands in for an empty value)`;
}

/**
 * Replaces `${NAME}` and `${NAME:-fallback}` with values from `env`; `$${X}` yields a literal `${X}`.
 * The fallback is used when NAME is unset or empty, as in POSIX shells. An unset NAME without a
 * fallback is an error: silently substituting an empty string hides a broken deployment.
 */
export function substituteEnv(text: string, env: NodeJS.ProcessEnv): Substitution {
	if (!text.includes('$')) {
		return {ok: true, value: text, fromEnv: [], fromEnvAt: [], fromEnvNames: []};
	}

	let output = '';
	const fromEnv: string[] = [];
	const fromEnvAt: number[] = [];
	const fromEnvNames: string[] = [];
	let index = 0;
	while (index < text.length) {
		const start = text.indexOf('$', index);
		if (start === -1) {
			output += text.slice(index);
			break;
		}

		output += text.slice(index, start);
		if (text.startsWith('$${', start)) {
			output += '${';
			index = start + 3;
			continue;
		}

		if (!text.startsWith('${', start)) {
			output += '$';
			index = start + 1;
			continue;
		}

		const end = text.indexOf('}', start + 2);
		if (end === -1) {
			return {ok: false, offset: start, reference: text.slice(start), message: `unclosed variable reference \`${text.slice(start, start + 20)}\``, hint: 'write ${NAME} or ${NAME:-fallback}; write $${ for a literal ${'};
		}

		const body = text.slice(start + 2, end);
		const separator = body.indexOf(':-');
		const name = separator === -1 ? body : body.slice(0, separator);
		if (!namePattern.test(name)) {
			return {ok: false, offset: start, reference: text.slice(start, end + 1), message: `invalid variable reference \`${text.slice(start, end + 1)}\``, hint: shellFormHint(body) ?? 'a variable name is letters, digits and _; write $${ for a literal ${'};
		}

		const fallback = separator === -1 ? '' : body.slice(separator + 2);
		if (/\$\{[A-Za-z_]/.test(fallback)) {
			// `${X:-${Y}}` ends at the first `}`: Y's reference would be sent as text, `${Y` and a stray `}`.
			const reference = text.slice(start, text[end + 1] === '}' ? end + 2 : end + 1);
			return {ok: false, offset: start, reference, message: `a fallback cannot hold another variable: \`${reference}\``, hint: `uptop reads one variable in a reference; set ${name} where uptop starts: ${name}="${reference}" uptop …`};
		}

		const value = env[name];
		if (separator !== -1 && (value === undefined || value === '')) {
			output += body.slice(separator + 2);
		} else if (value === undefined) {
			return {ok: false, offset: start, reference: text.slice(start, end + 1), message: `environment variable ${name} is not set`, hint: `export ${name}=..., or give a fallback: \${${name}:-value}`, unset: name};
		} else {
			if (value !== '') {
				fromEnv.push(value);
				fromEnvAt.push(output.length);
				fromEnvNames.push(name);
			}

			output += value;
		}

		index = end + 1;
	}

	return {ok: true, value: output, fromEnv, fromEnvAt, fromEnvNames};
}

/**
 * The names of the variables `text` refers to as `${NAME}` or `${NAME:-fallback}` (not `$${NAME}`, a literal), read
 * from the raw text: for a file whose YAML does not parse, so its values can still be kept secret.
 */
export function referencedVariables(text: string): string[] {
	return [...text.matchAll(/(?<!\$)\$\{([A-Za-z_]\w*)(?::-[^}]*)?\}/g)].map(match => match[1]!);
}

/**
 * The variables `text` refers to as `${NAME}`, with no fallback, that `env` sets to the empty string, and where each
 * stands in the substituted text. Not an error, as in a shell: for advice (`Bearer ` sent with no token).
 */
export function emptyReferences(text: string, env: NodeJS.ProcessEnv): Array<{name: string; at: number}> {
	return [...text.matchAll(/(?<!\$)\$\{([A-Za-z_]\w*)\}/g)].flatMap(match => {
		const before = substituteEnv(text.slice(0, match.index), env);
		return env[match[1]!] === '' && before.ok ? [{name: match[1]!, at: before.value.length}] : [];
	});
}
