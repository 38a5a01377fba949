import fs from 'node:fs';
import process from 'node:process';
import {userName} from './user-name.js';

/** The code of the refusal below: a lasting history problem (history-problem.ts), said in its own words. */
export const foreignSymlinkCode = 'EFOREIGNLINK';

/**
 * Throws when `file` is a symlink another user made: in a state directory others may write in (a team's shared one,
 * group-writable without the sticky bit, where the kernel's protected_symlinks does not apply) it would lead this
 * user's writes into any file they can write, root's mode-600 ones included. A link this user (or root, who could
 * write the file anyway) owns is followed: a history kept elsewhere on purpose.
 */
export function refuseForeignSymlink(file: string): void {
	const own = process.getuid?.();
	if (own === undefined) return;
	const link = fs.lstatSync(file, {throwIfNoEntry: false});
	if (link === undefined || !link.isSymbolicLink() || link.uid === own || link.uid === 0) return;
	throw Object.assign(new Error(`${file} is a symlink owned by uid ${link.uid} (${userName(link.uid)}), not by you: not followed`), {code: foreignSymlinkCode, path: file});
}

/**
 * Opens `file` as fs.openSync(file, flags, mode) does, following a symlink only when refuseForeignSymlink lets it.
 * Opened without following first, so a link put in place between the look and the open is not followed either.
 */
export function openRefusingForeignSymlink(file: string, flags: number, mode: number): number {
	try {
		return fs.openSync(file, flags | fs.constants.O_NOFOLLOW, mode);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ELOOP') throw error;
	}

	refuseForeignSymlink(file);
	return fs.openSync(file, flags, mode);
}
