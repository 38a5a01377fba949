import {access, constants, open} from 'node:fs/promises';
import path from 'node:path';

/** How much of a file the kernel reads for its `#!` line (Linux's BINPRM_BUF_SIZE): a longer line is cut there. */
const shebangBytes = 256;

/** The file `program` runs: itself when it names a directory, else the first executable of that name in `searchPath`. */
async function locate(program: string, cwd: string, searchPath: string): Promise<string | undefined> {
	const isExecutable = async (file: string) => access(file, constants.X_OK).then(() => true, () => false);
	if (program.includes('/')) {
		const file = path.resolve(cwd, program);
		return await isExecutable(file) ? file : undefined;
	}

	for (const directory of searchPath.split(':')) {
		const file = path.resolve(cwd, directory === '' ? '.' : directory, program);
		// eslint-disable-next-line no-await-in-loop
		if (await isExecutable(file)) return file;
	}

	return undefined;
}

/** The start of `file`, or undefined when it cannot be read. */
async function head(file: string): Promise<Buffer | undefined> {
	try {
		const handle = await open(file, 'r');
		try {
			const buffer = Buffer.alloc(shebangBytes);
			const {bytesRead} = await handle.read(buffer, 0, shebangBytes, 0);
			return buffer.subarray(0, bytesRead);
		} finally {
			await handle.close();
		}
	} catch {
		return undefined;
	}
}

/**
 * Why a program that is there could not be started when starting it said ENOENT, which names no file: the
 * interpreter its `#!` line names is missing (`/usr/local/bin/bash` on a host that has it in /bin), or is not
 * what was meant (`/bin/sh\r`: a script saved with Windows line endings). Undefined when the program is not found
 * itself, or starts with no `#!`: then it is the program that is missing.
 */
export async function interpreterProblem(program: string, cwd: string, searchPath: string): Promise<string | undefined> {
	const file = await locate(program, cwd, searchPath);
	const start = file === undefined ? undefined : await head(file);
	if (start === undefined || start.subarray(0, 2).toString('latin1') !== '#!') return undefined;
	const end = start.indexOf('\n');
	const line = start.subarray(2, end === -1 ? start.length : end).toString('utf8').replace(/^[ \t]+/, '');
	// As the kernel reads it: the interpreter up to a space or tab; the rest, if any, is one argument.
	const interpreter = /^[^ \t]*/.exec(line)![0];
	if (line.endsWith('\r')) {
		// The CR sits on the interpreter or on its argument (`/usr/bin/env bash\r`): quoted as far as it goes.
		// Written `\r`, as an editor's search for it is (the caller's sanitising would show any other control).
		const shown = (interpreter.endsWith('\r') ? interpreter : line).replaceAll('\r', String.raw`\r`);
		return `${program}: interpreter "${shown}" not found (line ends in CR: saved with Windows line endings?)`;
	}

	// A relative one is the kernel's to find from the working directory, as the program was.
	const isThere = interpreter === '' || await access(path.resolve(cwd, interpreter), constants.X_OK).then(() => true, () => false);
	return isThere ? undefined : `${program}: interpreter "${interpreter}" not found`;
}
