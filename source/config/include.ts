import {globSync} from 'node:fs';
import path from 'node:path';

const globCharacters = /[*?[\]{}]/;

export const isGlob = (pattern: string): boolean => globCharacters.test(pattern);

/**
 * The files an `include:` entry names, sorted so that the order of checks is stable, and the directory
 * to watch for files that start or stop matching it.
 */
export function expandInclude(pattern: string, baseDirectory: string): {files: string[]; directory: string} {
	if (!isGlob(pattern)) {
		const file = path.resolve(baseDirectory, pattern);
		return {files: [file], directory: path.dirname(file)};
	}

	const parts = pattern.split(/[/\\]/);
	const firstGlob = parts.findIndex(part => isGlob(part));
	const directory = path.resolve(baseDirectory, ...parts.slice(0, Math.max(0, firstGlob)));
	let matches: string[] = [];
	try {
		matches = globSync(pattern, {cwd: baseDirectory});
	} catch {
		matches = [];
	}

	const files = matches.map(match => path.resolve(baseDirectory, match)).filter(file => /\.ya?ml$/i.test(file) || !isGlob(path.basename(pattern)));
	return {files: [...new Set(files)].sort(), directory};
}
