import path from 'node:path';
import {realpathSync} from 'node:fs';
import {isMap, isScalar} from 'yaml';
import type {ConfigIssue} from './config-error.js';
import {concurrencyFormat, defaultsFormat, groupFormat, includeFormat, includedFileKeys, topLevelKeys} from './format.js';
import {expandInclude, isGlob} from './include.js';
import {unmatchedGlobHint} from './include-hints.js';
import {parseYaml, readConfigText} from './parse-file.js';
import {listFirst} from './list-first.js';
import {anchorNames} from './anchors.js';
import {findPastedCharacters, type PastedCharacter} from './pasted-characters.js';
import {otherToolTopLevelHint} from './other-tools.js';
import {invalid, joinPath, locate, report, stringPairs, type Located, type ReadContext} from './read-context.js';
import {readCheck, type RawCheck} from './read-check.js';
import {readField, readObject} from './read-node.js';
import {didYouMean} from './did-you-mean.js';
import {resolveSettingPath} from './resolve-path.js';
import type {ConfigInputs, EnvPart, Secret} from './types.js';
import {composed} from '../text/composed.js';

export type Scope = {readonly values: Readonly<Record<string, unknown>>; readonly secrets: readonly Secret[]; readonly envParts?: readonly EnvPart[]; readonly absoluteFile: string};

/** Everything read from the top-level file and its includes. */
export type LoadState = {
	readonly env: NodeJS.ProcessEnv;
	readonly issues: ConfigIssue[];
	readonly files: string[];
	/** The real paths of `files`: a file two includes reach by two paths (a symlinked directory) is read once. */
	readonly realFiles: Set<string>;
	readonly directories: Set<string>;
	readonly sources: Map<string, string>;
	/** Every secret read in any file (values from the environment, `{secret: ...}`), hidden in the issues. */
	readonly allSecrets: Secret[];
	/** What the config was made from, so a watcher can tell later whether it is still current. */
	readonly inputs: {readonly texts: Map<string, string>; readonly globs: Array<ConfigInputs['globs'][number]>};
	readonly checks: RawCheck[];
	/** By the group's name with its letters composed (text/composed.ts). */
	readonly groups: Map<string, Scope & {readonly source: Located}>;
	defaults?: Scope;
	concurrency?: number;
	/** The pasted characters found in values and keys: the errors they cause further on are theirs (withoutEchoesOfPasted). */
	readonly pasted: PastedCharacter[];
	/** The anchors (`&h`) of the files read so far, by name → the first file that defines it: an alias does not reach them from another file. */
	readonly anchors: Map<string, string>;
	/** Where the top file's `checks:` key is, for "no checks" errors. */
	checksKey?: Located;
	isTopEmpty: boolean;
};

/** Shown path: relative to the working directory when the file is inside it. */
export function displayPath(absoluteFile: string): string {
	const relative = path.relative(process.cwd(), absoluteFile);
	return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absoluteFile;
}

const maxIncludeDepth = 16;

/** Relative file settings are relative to the file that contains them, not to the working directory. */
function resolvePaths(values: Record<string, unknown>, absoluteFile: string, envParts: EnvPart[]): void {
	for (const key of ['ca', 'cwd', 'file']) {
		if (typeof values[key] === 'string') {
			values[key] = resolveSettingPath(values[key] as string, path.dirname(absoluteFile), envParts);
		}
	}
}

function readGroups(context: ReadContext, node: unknown, state: LoadState): void {
	if (!isMap(node)) {
		report(context, locate(context, node), 'groups', 'expected a mapping of group name → settings', {hint: 'groups:\n  payments:\n    owner: "@payments-oncall"'});
		return;
	}

	for (const {key, keyNode, value} of stringPairs(context, node, 'groups')) {
		context.secrets = [];
		context.envParts = [];
		const where = locate(context, keyNode);
		const values = readObject(context, value, groupFormat, joinPath('groups', key), where, {label: `group \`${key}\``});
		// Keyed with the letters composed: `café` and `cafe` + a combining accent are one group (config/load-config.ts).
		const previous = state.groups.get(composed(key));
		if (previous) {
			report(context, where, joinPath('groups', key), `group \`${key}\` is defined twice`, {hint: `first defined at ${previous.source.file}:${previous.source.line}:${previous.source.column}`});
			continue;
		}

		if (values !== invalid) {
			resolvePaths(values, context.absoluteFile, context.envParts);
			state.groups.set(composed(key), {values, secrets: context.secrets, envParts: context.envParts, absoluteFile: context.absoluteFile, source: where});
		}
	}
}

/** A file's real path; the path itself where it cannot be resolved (a missing file, reported where it is read). */
function realPathOf(file: string): string {
	try {
		return realpathSync(file);
	} catch {
		return file;
	}
}

/** Reads one file into `state`, then the files it includes. `stack` holds the including files (cycle check). */
export function loadFile(absoluteFile: string, state: LoadState, stack: readonly string[], includedFrom?: Located & {path?: string; include?: string}): void {
	const file = displayPath(absoluteFile);
	const isTop = stack.length === 0;
	if (!state.files.includes(absoluteFile)) {
		state.files.push(absoluteFile);
		state.realFiles.add(realPathOf(absoluteFile));
	}

	state.directories.add(path.dirname(absoluteFile));
	const read = readConfigText(absoluteFile, file, state.issues, includedFrom);
	if (read === undefined) {
		return;
	}

	const {text} = read;
	state.sources.set(file, text);
	// Read as UTF-8 it would load with U+FFFD in place of its letters: only the encoding is reported.
	if (!read.isUtf8) {
		return;
	}

	state.inputs.texts.set(absoluteFile, text);
	const parsed = parseYaml(text, file, state.issues);
	if (!parsed) {
		return;
	}

	// Read on, a key indented with a non-breaking space is an unknown key, or a check without its `url`: noise. A
	// value with a pasted character reads as that value: the file is read on, so its other errors come in this run.
	const pasted = findPastedCharacters(parsed, file);
	state.issues.push(...pasted.map(found => found.issue));
	state.pasted.push(...pasted);
	if (pasted.some(found => found.isInKey)) {
		return;
	}

	// An alias to an anchor this file defines after it is the usual "define it first", not another file's.
	const ownAnchors = anchorNames(parsed.doc);
	const anchorsElsewhere = new Map([...state.anchors].filter(([name]) => !ownAnchors.has(name)));
	for (const name of ownAnchors) if (!state.anchors.has(name)) state.anchors.set(name, file);
	const context: ReadContext = {...parsed, file, absoluteFile, env: state.env, issues: state.issues, secrets: [], envParts: [], allSecrets: state.allSecrets, aliasBudget: 1000, aliasesReadThrough: [], anchorsElsewhere};
	const root = parsed.doc.contents;
	if (root === null || (isScalar(root) && root.value === null)) {
		if (isTop) {
			state.isTopEmpty = true;
		} else {
			report(context, {file, line: 1, column: 1}, '', `${file} is empty`, {hint: 'an included file lists `checks:`'});
		}

		return;
	}

	if (!isMap(root)) {
		report(context, locate(context, root), '', 'expected a mapping with a `checks:` list at the top of the file', {found: isScalar(root) ? String(root.value) : 'a list', hint: 'start the file with `checks:` and list the checks under it'});
		return;
	}

	const allowed: readonly string[] = isTop ? topLevelKeys : includedFileKeys;
	const includes: Array<{pattern: string; where: Located; path: string}> = [];
	for (const {key, keyNode, value} of stringPairs(context, root, '')) {
		const where = locate(context, keyNode);
		if (key.startsWith('x-')) {
			// Extension keys hold anchors for reuse (`x-base: &base {...}`), as in Compose files.
			continue;
		}

		if (!allowed.includes(key)) {
			const suggestion = didYouMean(key, allowed);
			const isTopOnly = key === 'defaults' || key === 'concurrency';
			report(context, where, key, isTopOnly ? `\`${key}\` can only be set in the top-level file` : `unknown top-level key \`${key}\``, {
				hint: key === 'defaults' ? 'move these settings to a group, or to the top-level file' : key === 'concurrency' ? 'move it to the top-level file' : suggestion ? `did you mean \`${suggestion}\`?` : otherToolTopLevelHint(key) ?? `known keys: ${allowed.join(', ')} (and x-... keys for anchors)`,
			});
			continue;
		}

		if (key === 'defaults') {
			context.secrets = [];
			context.envParts = [];
			const values = readObject(context, value, defaultsFormat, 'defaults', where);
			if (values !== invalid) {
				resolvePaths(values, absoluteFile, context.envParts);
				state.defaults = {values, secrets: context.secrets, envParts: context.envParts, absoluteFile};
			}
		} else if (key === 'concurrency') {
			const concurrency = readField(context, value, concurrencyFormat, 'concurrency', where);
			if (typeof concurrency === 'number') state.concurrency = concurrency;
		} else if (key === 'groups') {
			readGroups(context, value, state);
		} else if (key === 'include') {
			const patterns = readField(context, value, includeFormat, 'include', where);
			const node = value as {items?: unknown[]} | null;
			if (Array.isArray(patterns)) {
				for (const [index, pattern] of (patterns as string[]).entries()) {
					includes.push({pattern, where: locate(context, node?.items?.[index], where), path: joinPath('include', index)});
				}
			}
		} else {
			if (isTop) {
				state.checksKey = where;
			}

			const list = value as {items?: unknown[]} | null;
			if (value === null || (isScalar(value) && value.value === null)) {
				continue;
			}

			if (!Array.isArray(list?.items) || isMap(value)) {
				report(context, locate(context, value, where), 'checks', 'expected a list of checks (lines starting with "- ")', {hint: 'checks:\n  - name: api\n    url: http://127.0.0.1:8000/health'});
				continue;
			}

			for (const [index, item] of list.items.entries()) {
				const check = readCheck(context, item, joinPath('checks', index), where);
				if (check) {
					state.checks.push(check);
				}
			}
		}
	}

	for (const include of includes) {
		const {files, directory, directories, others} = expandInclude(include.pattern, path.dirname(absoluteFile));
		for (const walked of directories) state.directories.add(walked);
		if (isGlob(include.pattern)) {
			state.inputs.globs.push({pattern: include.pattern, baseDirectory: path.dirname(absoluteFile), files});
		}

		if (files.length === 0) {
			// `sub/*` over a readme: the glob did match, but only YAML files count.
			const matchedOthers = others.length === 0 ? '' : `; it matched ${listFirst(others, 3)}, and only .yaml and .yml files are included`;
			const looked = `looked in ${displayPath(directory)}${matchedOthers}`;
			const hint = isGlob(include.pattern) && others.length === 0 ? unmatchedGlobHint(include.pattern, path.dirname(absoluteFile), directory, looked) : looked;
			report(context, include.where, include.path, `include \`${include.pattern}\` matches no files`, {hint});
			continue;
		}

		for (const included of files) {
			if (included === absoluteFile || stack.includes(included)) {
				const cycle = [...stack, absoluteFile, included].slice(stack.indexOf(included) === -1 ? stack.length : stack.indexOf(included));
				report(context, include.where, include.path, `include cycle: ${cycle.map(item => displayPath(item)).join(' → ')}`, {hint: 'a file cannot include itself, directly or through another file'});
				continue;
			}

			// Read once, also when two includes reach it by two paths (one through a symlinked directory).
			if (state.files.includes(included) || state.realFiles.has(realPathOf(included))) {
				continue;
			}

			if (stack.length >= maxIncludeDepth) {
				report(context, include.where, include.path, `includes are nested more than ${maxIncludeDepth} deep`);
				continue;
			}

			loadFile(included, state, [...stack, absoluteFile], {...include.where, path: include.path, include: include.pattern});
		}
	}
}
