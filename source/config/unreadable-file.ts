import fs from 'node:fs';
import {readBounded} from './parse-file.js';

/**
 * A file of a config that exists but could not be read: Node's code, and why as a person reads it; `isSpecial` for a
 * FIFO or a device, which the loader refuses to read.
 */
export type UnreadableFile = {readonly file: string; readonly code: string | undefined; readonly reason: string; readonly isSpecial?: true};

function describeReadError(code: string | undefined): string {
	switch (code) {
		case 'EACCES':
		case 'EPERM': {
			return 'permission denied';
		}

		case 'EISDIR': {
			return 'it is a directory, not a checks file';
		}

		case 'ENOTDIR': {
			return 'a part of its path is a file, not a directory';
		}

		default: {
			return code ?? 'unknown error';
		}
	}
}

/**
 * The first of a config's files and directories (those a ConfigError lists as read or attempted, and those its
 * include globs list) that is there but cannot be read: what it holds, its secrets among it, is unknown. A
 * missing one (an include not written yet) holds nothing, and is not one. Read again here, not taken from the
 * issues: those are messages for people, and a glob's directory that cannot be listed is no issue of its own.
 */
export function findUnreadableFile(files: readonly string[], directories: readonly string[] = []): UnreadableFile | undefined {
	for (const directory of directories) {
		try {
			fs.readdirSync(directory);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code !== 'ENOENT' && code !== 'ENOTDIR') return {file: directory, code, reason: describeReadError(code)};
		}
	}

	for (const file of files) {
		try {
			// Opened as the loader opens it, without blocking: a FIFO with no writer held `uptop mark` for ever. A
			// directory opens; reading it is what fails (EISDIR). A FIFO or a device the loader refused (and a pipe
			// named on the command line cannot be read again): what it holds is unknown.
			const read = readBounded(file, 1, false);
			if (!Buffer.isBuffer(read)) return {file, code: undefined, reason: `it is ${read.special}, not a regular file`, isSpecial: true};
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code !== 'ENOENT') return {file, code, reason: describeReadError(code)};
		}
	}

	return undefined;
}
