import type {YAMLError} from 'yaml';
import {isSecretPath} from './frame-secrets.js';

/** `key: value` on one line of a block mapping (after a `- `), its comment left out. */
const keyAndValue = /^\s*(?:-\s+)?["']?([\w-]+)["']?\s*:\s+(\S.*?)\s*(?:\s#.*)?$/;

/**
 * `owner: @payments` (the docs write owners so), `run: \`ls\``: YAML reserves @ and ` and says only that a plain
 * value cannot start with one. The value written, quoted, as the hint; a credential's is not quoted back.
 */
export function reservedStartHint(error: YAMLError, line: string): string | undefined {
	const reserved = /^Plain value cannot start with reserved character (.)/.exec(error.message)?.[1];
	if (reserved === undefined) return undefined;
	const advice = `a value starting with ${reserved} must be quoted`;
	const markdown = reserved === '`' ? '; backticks are no quotes in YAML (drop them if they are Markdown\'s)' : '';
	const written = keyAndValue.exec(line);
	if (written === null || !written[2]!.startsWith(reserved) || isSecretPath(written[1]!)) return `${advice}${markdown}`;
	return `${advice}: ${written[1]!}: ${JSON.stringify(written[2]!)}${markdown}`;
}

/**
 * `name: 'it's'`: the apostrophe ends the quoted value, and YAML says only "unexpected scalar at node end". How to
 * write a quote inside quotes of its kind, with the value written so; a credential's is not quoted back.
 */
export function quoteInsideHint(error: YAMLError, line: string): string | undefined {
	if (error.code !== 'UNEXPECTED_TOKEN') return undefined;
	const written = keyAndValue.exec(line);
	const value = written?.[2];
	const quote = value?.[0];
	if (value === undefined || (quote !== '\'' && quote !== '"')) return undefined;
	// The value's own closing quote comes before its end, and text follows it at once: `'it'` then `s'`.
	const closing = quote === '\'' ? /^'(?:[^']|'')*'(?=[^\s,#])/ : /^"(?:[^"\\]|\\.)*"(?=[^\s,#])/;
	if (!closing.test(value)) return undefined;
	const key = written![1]!;
	const inner = value.length > 1 && value.endsWith(quote) ? value.slice(1, -1) : undefined;
	const isShown = inner !== undefined && !isSecretPath(key);
	if (quote === '\'') {
		return isShown
			? `a ' inside single quotes is written twice: ${key}: '${inner.replaceAll(/'+/g, quotes => quotes.length % 2 === 0 ? quotes : `${quotes}'`)}', or use double quotes: ${key}: ${JSON.stringify(inner)}`
			: 'a \' inside single quotes is written twice, or use double quotes';
	}

	return isShown
		? `a " inside double quotes is written \\": ${key}: "${inner.replaceAll(/(?<!\\)"/g, '\\"')}", or use single quotes: ${key}: '${inner.replaceAll('\'', '\'\'')}'`
		: 'a " inside double quotes is written \\", or use single quotes';
}
