import {lstatSync, readdirSync, type Dirent} from 'node:fs';
import path from 'node:path';

const globCharacters = /[*?[\]]/;

export const isGlob = (pattern: string): boolean => globCharacters.test(pattern);

/** One path segment's pattern (`*.yaml`, `team-?`, `[ab]*`) as a regular expression; `*` never crosses `/`. */
function segmentPattern(segment: string): RegExp {
	let source = '';
	for (let index = 0; index < segment.length; index++) {
		const character = segment[index]!;
		if (character === '*') {
			source += '[^/]*';
		} else if (character === '?') {
			source += '[^/]';
		} else if (character === '[') {
			const end = segment.indexOf(']', index + 1);
			if (end === -1) {
				source += '\\[';
			} else {
				const body = segment.slice(index + 1, end).replace(/^!/, '^').replaceAll('\\', '\\\\');
				source += `[${body}]`;
				index = end;
			}
		} else {
			source += character.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
		}
	}

	return new RegExp(`^${source}$`);
}

function listDirectory(directory: string): Dirent[] {
	try {
		return readdirSync(directory, {withFileTypes: true});
	} catch {
		return [];
	}
}

/** Whether `file` is a file, or a symlink (the glob branch takes those too; one to nothing is reported when read). */
function isFileEntry(file: string): boolean {
	try {
		const stats = lstatSync(file);
		return stats.isFile() || stats.isSymbolicLink();
	} catch {
		return false;
	}
}

/**
 * Files under `directory` matching `segments`; `**` matches any number of directories. Hidden entries are skipped.
 * `walked` gets every directory looked in or for: a file that starts matching appears in one of them.
 */
function match(directory: string, segments: readonly string[], output: string[], walked: string[], depth = 0): void {
	const [segment, ...rest] = segments;
	if (segment === undefined || depth > 32) {
		return;
	}

	walked.push(directory);

	if (segment === '**') {
		match(directory, rest, output, walked, depth + 1);
		for (const entry of listDirectory(directory)) {
			if (entry.isDirectory() && !entry.name.startsWith('.')) {
				match(path.join(directory, entry.name), segments, output, walked, depth + 1);
			}
		}

		return;
	}

	if (!isGlob(segment)) {
		const next = path.join(directory, segment);
		if (rest.length === 0) {
			// A glob names what exists: `teams/*/checks.yaml` does not match in a team without the file.
			if (isFileEntry(next)) output.push(next);
		} else {
			match(next, rest, output, walked, depth + 1);
		}

		return;
	}

	const pattern = segmentPattern(segment);
	for (const entry of listDirectory(directory)) {
		if (entry.name.startsWith('.') || !pattern.test(entry.name)) {
			continue;
		}

		const next = path.join(directory, entry.name);
		if (rest.length === 0) {
			if (entry.isFile() || entry.isSymbolicLink()) {
				output.push(next);
			}
		} else if (entry.isDirectory() || entry.isSymbolicLink()) {
			match(next, rest, output, walked, depth + 1);
		}
	}
}

const isYamlFile = (file: string): boolean => /\.ya?ml$/i.test(file);

export type ExpandedInclude = {
	readonly files: string[];
	/** Where the glob starts looking: the directory before its first wildcard. */
	readonly directory: string;
	readonly directories: string[];
	/** Files the glob matched that are not YAML, relative to `directory`: why a glob over them matches no files. */
	readonly others: string[];
};

/**
 * The files an `include:` entry names, sorted so that the order of checks is stable, and the directory
 * to watch for files that start or stop matching it. A glob only matches `.yaml` / `.yml` files.
 * (Own matcher rather than fs.globSync, which older supported Node versions lack or mark experimental.)
 */
export function expandInclude(pattern: string, baseDirectory: string): ExpandedInclude {
	if (!isGlob(pattern)) {
		const file = path.resolve(baseDirectory, pattern);
		return {files: [file], directory: path.dirname(file), directories: [path.dirname(file)], others: []};
	}

	const absolute = path.resolve(baseDirectory, pattern);
	const {root} = path.parse(absolute);
	const segments = absolute.slice(root.length).split(path.sep).filter(segment => segment !== '');
	// `checks.d/**` means what is in it at any depth, as in .gitignore: the files, not the directories.
	if (segments.at(-1) === '**') segments.push('*');
	const firstGlob = segments.findIndex(segment => isGlob(segment));
	const directory = path.join(root, ...segments.slice(0, firstGlob));
	const found: string[] = [];
	const walked: string[] = [];
	match(directory, segments.slice(firstGlob), found, walked);
	const unique = [...new Set(found)].sort();
	return {
		files: unique.filter(file => isYamlFile(file)),
		directory,
		directories: [...new Set(walked)],
		others: unique.filter(file => !isYamlFile(file)).map(file => path.relative(directory, file)),
	};
}
