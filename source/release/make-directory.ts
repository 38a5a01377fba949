import fs from 'node:fs';
import path from 'node:path';

/**
 * `mkdir -p` that fails instead of spinning: Node's recursive mkdirSync loops for ever (100 % CPU, deaf to
 * SIGTERM) under a file system that answers ENOENT to mkdir in a directory that exists, such as /proc
 * (`--state-dir /proc/x`). Each missing directory is made on its own, and the first refusal is the answer.
 */
export function makeDirectory(directory: string, mode: number): void {
	const missing: string[] = [];
	for (let current = path.resolve(directory); ; current = path.dirname(current)) {
		const stats = fs.statSync(current, {throwIfNoEntry: false});
		if (stats !== undefined) {
			if (!stats.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${current}'`), {code: 'ENOTDIR', path: current});
			break;
		}

		missing.push(current);
		if (path.dirname(current) === current) break;
	}

	for (const each of missing.reverse()) {
		try {
			fs.mkdirSync(each, {mode});
		} catch (error) {
			// Another instance made it meanwhile.
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		}
	}
}
