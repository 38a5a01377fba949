import {existsSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {expandInclude, isGlob} from './include.js';
import {listFirst} from './list-first.js';

/**
 * Why an `include:` glob that matches no files was probably meant otherwise: a directory or files named in another
 * letter case (`Checks.d/*.yaml` beside `checks.d`, `*.yaml` over `one.YAML`; names are matched as written, on every
 * file system), or YAML files one level down (`checks.d/*.yaml` where the files are in `checks.d/web/`): `*` stays within one directory.
 */

const posix = (relative: string): string => relative.split(path.sep).join('/');

/** The first directory of the glob's fixed part that is not there, and the one beside it that differs only in letter case. */
function caseOnlyDirectory(pattern: string, baseDirectory: string, directory: string): string | undefined {
	const relative = path.relative(baseDirectory, directory);
	if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
	const segments = relative.split(path.sep);
	let parent = baseDirectory;
	for (const [index, segment] of segments.entries()) {
		const next = path.join(parent, segment);
		if (existsSync(next)) {
			parent = next;
			continue;
		}

		let names: string[];
		try {
			names = readdirSync(parent);
		} catch {
			return undefined;
		}

		const found = names.find(name => name.toLowerCase() === segment.toLowerCase());
		if (found === undefined) return undefined;
		const written = segments.slice(0, index + 1).join('/');
		const meant = [...segments.slice(0, index), found].join('/');
		const unprefixed = pattern.replace(/^\.\//, '');
		const rewritten = unprefixed.startsWith(`${written}/`) ? `; write ${pattern.slice(0, pattern.length - unprefixed.length)}${meant}${unprefixed.slice(written.length)}` : '';
		return `there is no ${written}, but there is ${meant}: names are matched in their letter case${rewritten}`;
	}

	return undefined;
}

/** `checks.d/*.yaml` over files only in subdirectories: the same last segment under `**`, and what it would match. */
function deeperFiles(pattern: string, baseDirectory: string): string | undefined {
	const segments = pattern.split('/');
	const last = segments.at(-1)!;
	if (pattern.includes('**') || !isGlob(last)) return undefined;
	const meant = [...segments.slice(0, -1), '**', last].join('/');
	const deeper = expandInclude(meant, baseDirectory);
	if (deeper.files.length === 0) return undefined;
	const files = deeper.files.map(file => posix(path.relative(deeper.directory, file)));
	const count = files.length === 1 ? '1 YAML file' : `${files.length} YAML files`;
	return `its subdirectories hold ${count} (${listFirst(files, 3)}): * matches within one directory, so write ${meant}`;
}

/**
 * A last segment that matches its letters in any case (`*.yaml` as `*.[yY][aA][mM][lL]`); undefined for one with a
 * bracket of its own, which this would break. ASCII letters only: a file name's extension is in them.
 */
function anyLetterCase(segment: string): string | undefined {
	if (segment.includes('[')) return undefined;
	return segment.replaceAll(/[a-z]/gi, letter => `[${letter.toLowerCase()}${letter.toUpperCase()}]`);
}

/**
 * `checks.d/*.yaml` over `one.YAML`: the YAML files its last segment matches in another letter case (an editor or a
 * Windows share that writes `.YAML`), and, when they share one extension, the glob that matches them all.
 */
function otherCaseFiles(pattern: string, baseDirectory: string): string | undefined {
	const segments = pattern.split('/');
	const last = segments.at(-1)!;
	const folded = anyLetterCase(last);
	if (folded === undefined || folded === last) return undefined;
	const found = expandInclude([...segments.slice(0, -1), folded].join('/'), baseDirectory);
	if (found.files.length === 0) return undefined;
	const files = found.files.map(file => posix(path.relative(found.directory, file)));
	const count = files.length === 1 ? '1 YAML file' : `${files.length} YAML files`;
	const extensions = new Set(found.files.map(file => path.extname(file)));
	const [extension] = extensions;
	const tail = extension === undefined ? '' : last.slice(-extension.length);
	let rewrite = '';
	if (extensions.size === 1 && tail !== extension && tail.toLowerCase() === extension!.toLowerCase()) {
		const meant = [...segments.slice(0, -1), `${last.slice(0, -extension!.length)}${extension}`].join('/');
		// Written only when it matches them all: a name part in another case as well (`Web.YAML` for `web*.yaml`) is not.
		if (expandInclude(meant, baseDirectory).files.length === found.files.length) rewrite = `; write ${meant}`;
	}

	return `it holds ${count} named in another letter case (${listFirst(files, 3)}): names are matched in their letter case${rewrite}`;
}

/** The hint of an include glob that matches no files, after where it looked (`looked in checks.d`). */
export function unmatchedGlobHint(pattern: string, baseDirectory: string, directory: string, looked: string): string {
	const caseOnly = existsSync(directory) ? undefined : caseOnlyDirectory(pattern, baseDirectory, directory);
	if (caseOnly !== undefined) return caseOnly;
	const nearer = existsSync(directory) ? otherCaseFiles(pattern, baseDirectory) ?? deeperFiles(pattern, baseDirectory) : undefined;
	return nearer === undefined ? looked : `${looked}; ${nearer}`;
}
