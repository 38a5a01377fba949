import {isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node as YamlNode, type Pair, type Scalar} from 'yaml';
import {clip, quotedWidth, type ConfigIssue, type IssueCause} from './config-error.js';
import type {EnvPart, Secret, SourceLocation} from './types.js';
import {redact} from '../text/redact.js';
import {hideQuotedSecrets, isSecretPath, lastPathKey} from './frame-secrets.js';
import {aliasUses, type AliasUse} from './alias-notes.js';
import {otherFileAnchorHint} from './anchors.js';

/** State shared while one file's YAML tree is checked against the format. */
export type ReadContext = {
	readonly doc: Document;
	readonly lineCounter: LineCounter;
	/** Display name of the file. */
	readonly file: string;
	/** Absolute path of the file. */
	readonly absoluteFile: string;
	readonly text: string;
	readonly env: NodeJS.ProcessEnv;
	readonly issues: ConfigIssue[];
	/** Where secrets found while reading the current scope go (swapped per check, group, defaults). */
	secrets: Secret[];
	/** Where the `${NAME}`s substituted in the current scope go (swapped with `secrets`). */
	envParts: EnvPart[];
	/** Every secret read so far, in any scope or file: kept out of the error messages (they quote values). */
	readonly allSecrets: Secret[];
	/** Alias expansions left: a billion-laughs document must not hang the loader. */
	aliasBudget: number;
	/** The aliases the node being read was reached through, outermost first: an issue found inside names them. */
	readonly aliasesReadThrough: AliasUse[];
	/** Anchors defined in the config's other files read so far, not in this one, by name → the file that has it. */
	readonly anchorsElsewhere?: ReadonlyMap<string, string>;
};

/** Marks a value that failed validation (an issue has already been reported). */
export const invalid: unique symbol = Symbol('invalid');
export type Invalid = typeof invalid;

/** Where each key of a read mapping was written, to point later cross-field errors at the right place. */
export const keyLocations = new WeakMap<object, Map<string, Located>>();

export type Located = SourceLocation & {readonly endColumn?: number};

export function locateOffset(context: ReadContext, offset: number, endOffset?: number): Located {
	const {line, col} = context.lineCounter.linePos(Math.max(0, Math.min(offset, context.text.length)));
	const location: Located = {file: context.file, line, column: col};
	if (endOffset !== undefined && endOffset > offset) {
		const end = context.lineCounter.linePos(Math.min(endOffset, context.text.length));
		if (end.line === line) {
			return {...location, endColumn: end.col};
		}
	}

	return location;
}

export function locate(context: ReadContext, node: unknown, fallback?: Located): Located {
	const range = (node as YamlNode | undefined)?.range;
	if (range) {
		return locateOffset(context, range[0], range[1]);
	}

	return fallback ?? {file: context.file, line: 1, column: 1};
}

/**
 * Messages quote the value they are about (`fast` is not a duration). A huge value (a pasted blob, a binary
 * file read as YAML) is cut in the quote, so the message stays one readable line, here and in the live
 * screen's banner.
 */
const longQuote = (width: number): RegExp => new RegExp(`\`([^\`]{${width + 1},})\``, 'g');

/**
 * A hint's quotes are what to write instead (`run: [redis-cli, -h, HOST, …]` with the host that was written): cut
 * at 60, a real host name left a suggestion that could not be copied. A blob still gets cut, further on.
 */
const hintQuotedWidth = 200;

function clipQuotes(text: string, width = quotedWidth): string {
	return text.replaceAll(longQuote(width), (_quote, value: string) => `\`${clip(value, width)}\``);
}

/**
 * A value quoted in a message or under `found` keeps its line breaks visible as `\n` and `\r`: written out they
 * would break the message over lines (and the live screen's one-line banner). A hint may be lines on purpose.
 */
const oneLine = (text: string): string => text.replaceAll('\r', '\\r').replaceAll('\n', '\\n');

export function report(
	context: ReadContext,
	where: Located,
	path: string,
	message: string,
	{cause, ...extra}: {expected?: string; found?: string; hint?: string; cause?: IssueCause} = {},
): void {
	// A value the loader would keep secret (a credential header, a {secret: …}) is not quoted back, in any output.
	const isSecret = extra.found !== undefined && isSecretPath(path);
	// A URL's password is hidden before a long quote is cut: cut first, it could lose the `@` that marks it. Not
	// here in text holding a value from the environment: loadConfig hides those (and what a hint made of them)
	// first, so that a `${PW}` with an `@` in it is hidden whole, not from its `@` on.
	const hide = (text: string): string => (redact(text, context.allSecrets) === text ? hideQuotedSecrets(text) : text);
	const text = oneLine(hide(message));
	const more = Object.fromEntries(Object.entries(extra).map(([key, value]) => [key, value === undefined ? value : key === 'hint' ? hide(value) : oneLine(hide(value))])) as typeof extra;
	// The key itself (`X-Api-Key`: expected a string) is no secret: it says which value is wrong; nor is a variable's
	// name (`${API_TOKEN}`), which says where the value came from.
	const key = `\`${lastPathKey(path)}\``;
	const isNamed = (quoted: string): boolean => quoted === key || /^`\$\{[A-Za-z_]\w*\}`$/.test(quoted);
	const shown = isSecret ? {message: text.replaceAll(/`[^`]*`/g, quoted => (isNamed(quoted) ? quoted : '`••••`')), found: '••••'} : {message: text};
	const issue: ConfigIssue = {...where, message: clipQuotes(shown.message), path: path || undefined, ...more, ...(shown.found === undefined ? {} : {found: shown.found}), ...(more.hint === undefined ? {} : {hint: clipQuotes(more.hint, hintQuotedWidth)}), ...(cause === undefined ? {} : {cause})};
	for (const key of Object.keys(issue) as Array<keyof ConfigIssue>) {
		if (issue[key] === undefined) {
			delete (issue as Record<string, unknown>)[key];
		}
	}

	context.issues.push(issue);
	if (context.aliasesReadThrough.length > 0) aliasUses.set(issue, [...context.aliasesReadThrough]);
}

/**
 * `read()` of the node `node` stands for: when it is an alias (`*api`), its anchored node, and an issue reported
 * meanwhile names the line the alias is written on as well as the anchored text it is about.
 */
export function throughAlias<T>(context: ReadContext, node: unknown, path: string, read: (target: unknown) => T): T | Invalid {
	if (!isAlias(node)) return read(node);
	// An alias that leads nowhere (unknown, or past the budget) is reported at itself, with no note.
	const target = deref(context, node, path);
	if (target === invalid) return invalid;
	context.aliasesReadThrough.push({name: node.source, line: locate(context, node).line});
	try {
		return read(target);
	} finally {
		context.aliasesReadThrough.pop();
	}
}

/** Follows an alias to its anchored node; reports unknown anchors and runaway expansion (→ `invalid`). */
export function deref(context: ReadContext, node: unknown, path: string): unknown {
	if (!isAlias(node)) {
		return node;
	}

	context.aliasBudget--;
	if (context.aliasBudget < 0) {
		if (context.aliasBudget === -1) {
			// About the file's aliases as a whole, not about a node some of them repeat.
			const readThrough = context.aliasesReadThrough.splice(0);
			report(context, locate(context, node), path, 'too many alias expansions (*name) in this file', {hint: 'a config needs only a few anchors; this looks like a recursive or exponential alias'});
			context.aliasesReadThrough.push(...readThrough);
		}

		return invalid;
	}

	const target = node.resolve(context.doc);
	const elsewhere = target === undefined ? context.anchorsElsewhere?.get(node.source) : undefined;
	if (elsewhere !== undefined) {
		report(context, locate(context, node), path, `unknown alias *${node.source}`, {hint: otherFileAnchorHint(node.source, elsewhere)});
		return invalid;
	}

	if (target === undefined) {
		// `PGPASSWORD: *hR4w…` is a password that starts with `*`, more often than an alias: not quoted back.
		if (isSecretPath(path)) report(context, locate(context, node), path, 'a value that starts with * is read as a YAML alias, and no anchor of its name is defined', {hint: 'put the value in quotes'});
		else report(context, locate(context, node), path, `unknown alias *${node.source}`, {hint: `define the anchor first with &${node.source}, or put it in quotes if it is the value: "*${node.source}"`});
		return invalid;
	}

	return target;
}

export type KeyedPair = {readonly key: string; readonly keyNode: Scalar; readonly value: unknown; readonly pair: Pair};

/** The pairs of a mapping whose keys are plain strings; any other key is reported (unless `quiet`). */
export function stringPairs(context: ReadContext, node: unknown, path: string, quiet = false): KeyedPair[] {
	const pairs: KeyedPair[] = [];
	if (!isMap(node)) {
		return pairs;
	}

	for (const pair of node.items) {
		const key = pair.key;
		if (!isScalar(key) || (typeof key.value !== 'string' && typeof key.value !== 'number' && typeof key.value !== 'boolean') || String(key.value) === '') {
			if (quiet) {
				continue;
			}

			report(context, locate(context, key ?? pair.value, locate(context, node)), path, 'a key must be a plain word', {found: isMap(key) || isSeq(key) ? 'a collection used as a key' : 'an empty key'});
			continue;
		}

		pairs.push({key: String(key.value), keyNode: key, value: pair.value, pair: pair as Pair});
	}

	return pairs;
}

export const joinPath = (path: string, key: string | number): string => {
	if (typeof key === 'number') {
		return `${path}[${key}]`;
	}

	const part = /^[A-Za-z_]\w*$/.test(key) ? key : JSON.stringify(key);
	return path ? `${path}.${part}` : part;
};
