import fs from 'node:fs';
import path from 'node:path';
import {openRefusingForeignSymlink, refuseForeignSymlink} from './foreign-symlink.js';

/**
 * Throws what writing `file` would throw (EACCES, ENOTDIR, EROFS, EISDIR…), without making it or its directory: for
 * a writer with nothing to write, which must not leave an empty file behind (a refused `uptop mark`).
 */
export function checkWritable(file: string): void {
	refuseForeignSymlink(file);
	if (fs.existsSync(file)) {
		// Opening to append changes neither its bytes nor its times.
		fs.closeSync(openRefusingForeignSymlink(file, fs.constants.O_WRONLY | fs.constants.O_APPEND, 0));
		return;
	}

	// The nearest directory that exists is where the file, or the first missing directory, would be made.
	let place = path.dirname(path.resolve(file));
	while (!fs.existsSync(place) && path.dirname(place) !== place) place = path.dirname(place);
	if (!fs.statSync(place).isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${place}'`), {code: 'ENOTDIR', path: place});
	fs.accessSync(place, fs.constants.W_OK | fs.constants.X_OK);
}
