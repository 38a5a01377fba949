import path from 'node:path';
import {aliasUses, withAliasNotes} from './alias-notes.js';
import {buildCheck} from './build-check.js';
import {ConfigError, type ConfigIssue} from './config-error.js';
import {displayPath, loadFile, type LoadState} from './load-file.js';
import {keyLocations} from './read-context.js';
import {normalizeKey} from './did-you-mean.js';
import {composed} from '../text/composed.js';
import {redact, redactionMark, secretText} from '../text/redact.js';
import {referencedVariables} from './env.js';
import {secretFromEnv} from './env-secret.js';
import {hideQuotedSecrets, secretParts} from './frame-secrets.js';
import {nameOf, withoutEchoesOfPasted} from './pasted-characters.js';
import {foldSpaces, pastedSpaceIn, spaceDifference} from './name-spaces.js';
import {uniqueSecrets} from './secrets.js';
import type {RawCheck} from './read-check.js';
import {writtenSecrets} from './written-secrets.js';
import type {Check, Config, Secret} from './types.js';

export type LoadConfigOptions = {
	/** Where `${NAME}` is looked up. Default: process.env. */
	readonly env?: NodeJS.ProcessEnv;
};

/**
 * A name as a person reads it on screen: the letter case, the spaces around it, the kind of space inside it
 * (a no-break one, pasted) and how its accents are written do not tell two apart.
 */
const lookalikeKey = (name: string): string => foldSpaces(composed(name)).trim().toLowerCase();

type Place = {file: string; line: number; column: number};

function checkNames(state: LoadState): void {
	// By the name with its letters composed: `café` and `cafe` + a combining accent are one name, and --only,
	// the filter and `uptop mark --check` would find either by the other.
	const seen = new Map<string, Place & {name: string}>();
	// Names that read as one (`api`, `API`, `"api "`): a pasted duplicate, not a second check a person meant.
	const alike = new Map<string, {name: string; at: Place}>();
	for (const raw of state.checks) {
		if (typeof raw.values.name !== 'string') {
			continue;
		}

		// A check written as an alias (`- *api`) is where the alias is: its name's own place is the anchor's.
		const at = raw.alias?.at ?? keyLocations.get(raw.values)?.get('name') ?? raw.source;
		const first = seen.get(composed(raw.values.name));
		const lookalike = first ? undefined : alike.get(lookalikeKey(raw.values.name));
		if (first && raw.alias) {
			state.issues.push({...at, path: `${raw.path}.name`, message: `duplicate check name \`${raw.values.name}\`: the check is repeated through the alias *${raw.alias.name}`, hint: `first used at ${first.file}:${first.line}:${first.column}; an alias repeats the whole check, name and all: to share settings between checks, put them in \`defaults\` or a group`});
		} else if (first) {
			const written = first.name === raw.values.name ? '' : ` as \`${first.name}\`, the same letters written another way (an accent composed or combining)`;
			state.issues.push({...at, path: `${raw.path}.name`, message: `duplicate check name \`${raw.values.name}\``, hint: `first used at ${first.file}:${first.line}:${first.column}${written}; names must be unique because the name keeps a check's history`});
		} else if (lookalike) {
			const isSpaces = lookalike.name.trim() === raw.values.name.trim();
			const inside = isSpaces ? undefined : spaceDifference(raw.values.name.trim(), lookalike.name.trim());
			const how = isSpaces ? 'only by spaces around it' : inside === undefined ? 'only in letter case' : `only by ${inside}`;
			const why = isSpaces ? 'spaces around a name do not show, so the two read as one' : inside === undefined ? '`--only` takes letter case aside, so it selects both' : 'a pasted space looks like a plain one, so the two read as one';
			const line = lookalike.at.file === at.file ? `line ${lookalike.at.line}` : `${lookalike.at.file}:${lookalike.at.line}`;
			state.issues.push({...at, path: `${raw.path}.name`, message: `check name \`${raw.values.name}\` differs from \`${lookalike.name}\` (${line}) ${how}`, hint: `first used at ${lookalike.at.file}:${lookalike.at.line}:${lookalike.at.column}; ${why}: rename one`});
		} else {
			if (raw.values.name !== raw.values.name.trim()) state.issues.push(spacesAroundName(raw.values.name, at, raw.path));
			const pasted = pastedSpaceIn(raw.values.name);
			if (pasted) state.issues.push(pastedSpaceInName(raw.values.name, pasted, at, raw.path));
			seen.set(composed(raw.values.name), {...at, name: raw.values.name});
			alike.set(lookalikeKey(raw.values.name), {name: raw.values.name, at});
		}
	}

	seriesNameClashes(state, seen);
}

/**
 * Whether `label` is `group` as a slip writes it: another letter case or separator (`Payments`, `payments_api` for
 * `payments-api`), a plural s more or less, or two letters swapped. Never a letter or digit for another:
 * `us-east-2` beside `us-east-1`, `db2` beside `db1`, `api-v2` are labels of their own.
 */
function isSlipOf(label: string, group: string): boolean {
	const [a, b] = [normalizeKey(label), normalizeKey(group)];
	if (a === b) return true;
	if (a === `${b}s` || b === `${a}s`) return b.length >= 3 && a.length >= 3;
	if (a.length !== b.length || a.length < 4) return false;
	const differ = [...a].flatMap((character, index) => (character === b[index] ? [] : [index]));
	return differ.length === 2 && differ[1] === differ[0]! + 1 && a[differ[0]!] === b[differ[1]!] && a[differ[1]!] === b[differ[0]!];
}

/**
 * `group: payment` beside `groups: {payments: …}`: a label is allowed without settings, but one a slip away from
 * a group that has them would quietly lose its owner and runbook, what the person paged needs first.
 */
function checkGroupLabels(state: LoadState): void {
	if (state.groups.size === 0) return;
	const defined = [...state.groups.keys()];
	for (const raw of state.checks) {
		const {group, name} = raw.values;
		if (typeof group !== 'string' || state.groups.has(composed(group))) continue;
		const meant = defined.find(key => isSlipOf(composed(group), key));
		if (meant === undefined) continue;
		const at = keyLocations.get(raw.values)?.get('group') ?? raw.source;
		const label = typeof name === 'string' ? ` of check \`${name}\`` : '';
		state.issues.push({
			...at,
			path: `${raw.path}.group`,
			message: `group \`${group}\`${label} is not under \`groups:\`, so the settings of \`${meant}\` do not apply to it`,
			hint: `did you mean \`${meant}\`? (to keep \`${group}\` a label of its own, give it an entry: \`${group}: {}\` under \`groups:\`)`,
		});
	}
}

/**
 * `name: "api "`: refused, not trimmed. The name is the check's identity (its history, `--only`, `uptop mark
 * --check`), so trimming it would quietly make it another check than the one written; a space there does not
 * show, so the person who wrote it does not know `--only api` misses it.
 */
function spacesAroundName(name: string, at: {file: string; line: number; column: number}, path: string): ConfigIssue {
	const trimmed = name.trim();
	const spaces = name.length - trimmed.length === 1 ? 'a space, which does' : 'spaces, which do';
	const where = name.startsWith(trimmed) ? `ends with ${spaces}` : name.endsWith(trimmed) ? `starts with ${spaces}` : 'has spaces around it, which do';
	return {
		...at, path: `${path}.name`,
		message: `check name \`${name}\` ${where} not show`,
		hint: `write \`${trimmed}\`: \`--only "${trimmed}"\` and \`uptop mark --check "${trimmed}"\` would not find the check as written`,
	};
}

/** `my<U+00A0>api`: it shows as `my api`, and what is typed to find it (`--only`, `uptop mark --check`) does not find it. */
function pastedSpaceInName(name: string, pasted: {character: string; position: number}, at: {file: string; line: number; column: number}, path: string): ConfigIssue {
	const typed = foldSpaces(name);
	return {
		...at, path: `${path}.name`,
		message: `check name \`${name}\` holds a ${nameOf(pasted.character)} at character ${pasted.position}, which looks like a plain space but is not one`,
		hint: `type a plain space: \`--only "${typed}"\` and \`uptop mark --check "${typed}"\` would not find the check as written`,
	};
}

/**
 * A check with `each:` has one row per series, named `name/label`: another check named like one would share
 * its row, its history and its keys on the screen, so the name is refused while the labels are still unknown.
 */
function seriesNameClashes(state: LoadState, seen: ReadonlyMap<string, Place>): void {
	const fannedOut = state.checks.filter(raw => typeof raw.values.name === 'string' && raw.values.each !== undefined).map(raw => raw.values.name as string);
	if (fannedOut.length === 0) return;
	for (const raw of state.checks) {
		const name = raw.values.name;
		if (typeof name !== 'string') continue;
		const owner = fannedOut.filter(other => composed(name).startsWith(`${composed(other)}/`)).sort((a, b) => b.length - a.length)[0];
		if (owner === undefined) continue;
		const at = keyLocations.get(raw.values)?.get('name') ?? raw.source;
		const ownerAt = seen.get(composed(owner))!;
		state.issues.push({
			...at, path: `${raw.path}.name`,
			message: `check name \`${name}\` is also the name of a series row of \`${owner}\`, which fans out with \`each:\``,
			hint: `\`${owner}\` (${ownerAt.file}:${ownerAt.line}:${ownerAt.column}) names its rows \`${owner}/<label>\`; rename this check, e.g. \`${composed(name).replace(`${composed(owner)}/`, `${composed(owner)} `)}\``,
		});
	}
}

function checkNotEmpty(state: LoadState, topFile: string): void {
	if (state.checks.length > 0 || state.issues.length > 0) {
		return;
	}

	if (state.isTopEmpty) {
		state.issues.push({file: topFile, line: 1, column: 1, message: `empty file: ${topFile} has no checks`, hint: 'start with:\nchecks:\n  - name: api\n    url: http://127.0.0.1:8000/health'});
	} else {
		const at = state.checksKey ?? {file: topFile, line: 1, column: 1};
		state.issues.push({...at, message: state.checksKey ? '`checks` is empty: the config has no checks' : 'no checks: add a `checks:` list', hint: 'checks:\n  - name: api\n    url: http://127.0.0.1:8000/health'});
	}
}

/** Keep issues in file order and drop exact repeats (one bad default can fail many checks the same way). */
function sortIssues(issues: readonly ConfigIssue[], fileOrder: readonly string[]): ConfigIssue[] {
	const unique = new Map<string, ConfigIssue>();
	for (const issue of issues) {
		unique.set(`${issue.file}:${issue.line}:${issue.column}:${issue.message}`, issue);
	}

	const rank = (file: string): number => {
		const index = fileOrder.findIndex(item => displayPath(item) === file);
		return index === -1 ? fileOrder.length : index;
	};

	return [...unique.values()].sort((a, b) => rank(a.file) - rank(b.file) || a.line - b.line || a.column - b.column);
}

/**
 * Messages quote the value they are about, after `${NAME}` was replaced: a password that made a URL invalid
 * must not reach the terminal or a CI log. Every secret of the config is `••••` in them, as everywhere else;
 * a hint made from such a value (`host: db.internal:21` out of `ftp://db.internal`) hides its parts too.
 */
function withoutSecrets(issue: ConfigIssue, secrets: readonly Secret[]): ConfigIssue {
	// A URL's password is hidden even when the URL could not be read, so the loader took no secret from it.
	const hidden = {...issue, message: hideClippedSecrets(hideQuotedSecrets(redact(issue.message, secrets)), secrets)};
	if (issue.expected !== undefined) hidden.expected = hideQuotedSecrets(redact(issue.expected, secrets));
	if (issue.found !== undefined) hidden.found = hideClippedSecrets(hideQuotedSecrets(redact(issue.found, secrets)), secrets);
	// `port 99999 is out of range` about `${DB_ADDRESS}` = db.internal:99999: the message quotes a part of the value.
	const foundSecrets = issue.found === undefined ? [] : secrets.filter(secret => typeof secret === 'string' && redact(issue.found!, [secret]) !== issue.found);
	if (foundSecrets.length > 0) hidden.message = hideQuotedSecrets(redact(hidden.message, secretParts(foundSecrets)));
	if (secrets.length === 0) return {...hidden, ...(issue.hint === undefined ? {} : {hint: hideQuotedSecrets(issue.hint)})};
	if (issue.hint !== undefined) {
		const isAboutSecret = hidden.message !== issue.message || hidden.found !== issue.found;
		// Parts of a credential only: those of a value hidden as a whole token would be hidden inside other words.
		const parts = isAboutSecret ? secretParts(secrets) : [];
		// A whole-token value the message quoted is glued to a suggestion in the hint (`write 4821s`): hidden there everywhere.
		const quoted = secrets.filter(secret => typeof secret !== 'string' && (redact(issue.message, [secret]) !== issue.message || (issue.found !== undefined && redact(issue.found, [secret]) !== issue.found)));
		hidden.hint = hideQuotedSecrets(redact(issue.hint, [...secrets, ...parts, ...quoted.map(secret => secretText(secret))]));
	}

	return hidden;
}

/**
 * A quote the message cut to fit (`tenant-7f3a9c2e…`) before it could be redacted: the whole value is no longer in
 * it to be found. A cut quote of 4 characters or more that a secret holds is hidden as a whole, and so is one whose
 * start redact() already hid as a cut piece of a long secret (`••••…`).
 */
function hideClippedSecrets(text: string, secrets: readonly Secret[]): string {
	const values = secrets.map(secret => secretText(secret)).filter(value => value.length >= 4);
	if (values.length === 0 || !text.includes('…')) return text;
	const isSecretHead = (head: string): boolean => head === redactionMark || (head.length >= 4 && values.some(value => value.includes(head)));
	const hide = (quote: string) => (head: string): string => (isSecretHead(head) ? `${quote}${redactionMark}${quote}` : `${quote}${head}…${quote}`);
	return text.replaceAll(/`([^`]*)…`/g, (_match, head: string) => hide('`')(head)).replaceAll(/"([^"]*)…"/g, (_match, head: string) => hide('"')(head));
}

/** Issues found putting together a check written as an alias whose place is in the anchored text: they name the alias. */
function noteAliasOf(raw: RawCheck, issues: readonly ConfigIssue[]): void {
	const {from, to, readThrough} = raw.alias!;
	const isAfter = (a: {line: number; column: number}, b: {line: number; column: number}): boolean => a.line > b.line || (a.line === b.line && a.column >= b.column);
	for (const issue of issues) {
		if (issue.file === from.file && isAfter(issue, from) && !isAfter(issue, to) && !aliasUses.has(issue)) aliasUses.set(issue, readThrough);
	}
}

/** Reads the file and what it includes into a load state, and builds every check that is complete. */
function readConfig(absoluteFile: string, options: LoadConfigOptions): {state: LoadState; checks: Check[]} {
	const state: LoadState = {
		env: options.env ?? process.env,
		issues: [],
		files: [],
		realFiles: new Set(),
		directories: new Set(),
		sources: new Map(),
		allSecrets: [],
		inputs: {texts: new Map(), globs: []},
		checks: [],
		groups: new Map(),
		pasted: [],
		anchors: new Map(),
		isTopEmpty: false,
	};
	loadFile(absoluteFile, state, []);
	checkNames(state);
	checkGroupLabels(state);
	checkNotEmpty(state, displayPath(absoluteFile));

	const checks: Check[] = [];
	for (const raw of state.checks) {
		if (!raw.isComplete) {
			continue;
		}

		const group = typeof raw.values.group === 'string' ? state.groups.get(composed(raw.values.group)) : undefined;
		const issuesBefore = state.issues.length;
		const check = buildCheck(raw, group, state.defaults, state.issues);
		if (raw.alias) noteAliasOf(raw, state.issues.slice(issuesBefore));
		if (check) {
			checks.push(check);
		}
	}

	return {state, checks};
}

/**
 * Every secret value read: from the environment and `{secret: …}` (allSecrets), those of the checks built, and the
 * credentials written in every check, group and defaults, also where an error kept a check from being built. A header's
 * value written through an anchor (`Authorization: *bearer`) is only known as a secret here, where it is used.
 */
function readSecrets(state: LoadState, checks: readonly Check[]): Secret[] {
	const scopes = [...state.checks.map(raw => raw.values), ...[...state.groups.values()].map(group => group.values), ...(state.defaults === undefined ? [] : [state.defaults.values])];
	return uniqueSecrets([...state.allSecrets, ...checks.flatMap(check => check.secrets), ...scopes.flatMap(values => writtenSecrets(values))]);
}

/**
 * Reads checks.yaml (and what it includes), validates it against the format and returns the resolved
 * checks. Any problem with the input — missing file, invalid YAML, unknown keys, bad values — throws
 * one ConfigError listing every issue found, with file:line:column.
 */
export function loadConfig(file: string, options: LoadConfigOptions = {}): Config {
	const absoluteFile = path.resolve(file);
	const {state, checks} = readConfig(absoluteFile, options);
	if (state.issues.length > 0) {
		const secrets = readSecrets(state, checks);
		const issues = withoutEchoesOfPasted(withAliasNotes(state.issues), state.pasted).map(issue => withoutSecrets(issue, secrets));
		throw new ConfigError(sortIssues(issues, state.files), {files: state.files, directories: [...state.directories], sources: state.sources, secrets});
	}

	return {file: absoluteFile, files: state.files, directories: [...state.directories], checks, ...(state.concurrency === undefined ? {} : {concurrency: state.concurrency}), inputs: state.inputs};
}

/**
 * Every value the config marks secret, also when it does not load (a marker's label must not keep one in the clear
 * because the file has a typo): those read before and after its errors, the checks that could be built, and the
 * value of every `${NAME}` written in a file it read, even where the YAML around it could not be parsed. Empty
 * when no file could be read. Never throws for bad input.
 */
export function findConfigSecrets(file: string, options: LoadConfigOptions = {}): readonly Secret[] {
	const env = options.env ?? process.env;
	const {state, checks} = readConfig(path.resolve(file), options);
	// Where the YAML did not parse, a value's position is unknown: its variable's name and its length decide.
	const referenced = [...state.sources.values()].flatMap(text => referencedVariables(text)).flatMap(name => secretFromEnv({value: env[name] ?? '', names: [name], substituted: '', isSecretKey: false}) ?? []);
	return uniqueSecrets([...readSecrets(state, checks), ...referenced]);
}
