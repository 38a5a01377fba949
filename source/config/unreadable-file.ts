import fs from 'node:fs';

/** A file of a config that exists but could not be read: Node's code, and why as a person reads it. */
export type UnreadableFile = {readonly file: string; readonly code: string | undefined; readonly reason: string};

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
		let fd: number | undefined;
		try {
			fd = fs.openSync(file, 'r');
			// A directory opens; reading it is what fails (EISDIR).
			fs.readSync(fd, Buffer.alloc(1), 0, 1, 0);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code !== 'ENOENT') return {file, code, reason: describeReadError(code)};
		} finally {
			if (fd !== undefined) fs.closeSync(fd);
		}
	}

	return undefined;
}
