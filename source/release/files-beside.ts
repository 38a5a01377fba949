import fs from 'node:fs';
import path from 'node:path';

/**
 * The files beside `file` named `<its name>.<suffix>` whose suffix matches `pattern` (a history's presence files,
 * a key's temporaries), with the suffix's match. None when the directory cannot be read: callers are best effort.
 */
export function filesBeside(file: string, pattern: RegExp): Array<{readonly path: string; readonly match: RegExpExecArray}> {
	const directory = path.dirname(file);
	const prefix = `${path.basename(file)}.`;
	let names: string[];
	try {
		names = fs.readdirSync(directory);
	} catch {
		return [];
	}

	return names.flatMap(name => {
		const match = name.startsWith(prefix) ? pattern.exec(name.slice(prefix.length)) : null;
		return match ? [{path: path.join(directory, name), match}] : [];
	});
}
