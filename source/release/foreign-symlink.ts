import fs from 'node:fs';
import process from 'node:process';
import {userName} from './user-name.js';

/** The code of the refusal below: a lasting history problem (history-problem.ts), said in its own words. */
export const foreignSymlinkCode = 'EFOREIGNLINK';

/** The refusal of a link `uid` owns; undefined when it was swapped for one and back, whose owner is not known. */
function refusal(file: string, uid: number | undefined): Error {
	const whose = uid === undefined ? 'replaced by another user\'s while uptop opened it' : `owned by uid ${uid} (${userName(uid)}), not by you`;
	return Object.assign(new Error(`${file} is a symlink ${whose}: not followed`), {code: foreignSymlinkCode, path: file});
}

/** Whether `stats`, a link's, is one another user made (this user's own, or root's, who could write anywhere, is not). */
function isForeign(stats: {isSymbolicLink(): boolean; readonly uid: number | bigint}, own: number): boolean {
	const uid = Number(stats.uid);
	return stats.isSymbolicLink() && uid !== own && uid !== 0;
}

/**
 * Throws when `file` is a symlink another user made: in a state directory others may write in (a team's shared one,
 * group-writable without the sticky bit, where the kernel's protected_symlinks does not apply) it would lead this
 * user's writes into any file they can write, root's mode-600 ones included, and its reads (a report, the screen's
 * past) to a history that user made up. A link this user (or root) owns is followed: a history kept elsewhere on
 * purpose.
 */
export function refuseForeignSymlink(file: string): void {
	const own = process.getuid?.();
	if (own === undefined) return;
	const link = fs.lstatSync(file, {throwIfNoEntry: false});
	if (link !== undefined && isForeign(link, own)) throw refusal(file, link.uid);
}

/** Whether two looks at a link saw the same link, untouched: a rename, or a link or unlink of it, changes its ctime. */
function isSameLink(before: fs.BigIntStats, after: fs.BigIntStats | undefined): boolean {
	return after !== undefined && after.isSymbolicLink() && after.dev === before.dev && after.ino === before.ino && after.ctimeNs === before.ctimeNs;
}

/** Opens tried before a link that keeps changing under them is refused: another instance's compaction may replace it once. */
const opensTried = 3;

/**
 * Opens `file` as fs.openSync(file, flags, mode) does, following a symlink only when refuseForeignSymlink lets it.
 * Opened without following first, so a file that is no link is opened with no look before. A link is looked at,
 * opened through, and looked at again (openThroughOwnLink): in a directory others may write in, the link this user
 * owns could be swapped for theirs between the look and the open, and back. A link that changed meanwhile is tried
 * again, as a compaction that replaced it does so once; one that keeps changing is refused as another user's link.
 */
export function openRefusingForeignSymlink(file: string, flags: number, mode: number): number {
	const own = process.getuid?.();
	for (let attempt = 1; ; attempt++) {
		try {
			return fs.openSync(file, flags | fs.constants.O_NOFOLLOW, mode);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ELOOP') throw error;
		}

		if (own === undefined) return fs.openSync(file, flags, mode);
		const fd = openThroughOwnLink(file, flags, mode, own);
		if (fd !== undefined) return fd;
		if (attempt === opensTried) {
			// Whose link was opened through is not known for sure (it may be gone by now): the one there now, when another user's.
			const now = fs.lstatSync(file, {throwIfNoEntry: false});
			throw refusal(file, now !== undefined && isForeign(now, own) ? now.uid : undefined);
		}
	}
}

/** A file read whole, and the inode read: a compaction tells by it whether the file was replaced since. */
export type GuardedRead = {readonly bytes: Buffer; readonly ino: number};

/**
 * All of `file`, opened as openRefusingForeignSymlink opens it (another user's link is refused): the one guarded read
 * of a whole file (the history key, the history to compact), so none of them forgets the guard or the close.
 */
export function readRefusingForeignSymlinkSync(file: string): GuardedRead {
	const descriptor = openRefusingForeignSymlink(file, fs.constants.O_RDONLY, 0);
	try {
		const {ino} = fs.fstatSync(descriptor);
		return {ino, bytes: fs.readFileSync(descriptor)};
	} finally {
		fs.closeSync(descriptor);
	}
}

/** readRefusingForeignSymlinkSync without blocking on the read: a 20 MB history held the thread that reads it. */
export async function readRefusingForeignSymlink(file: string): Promise<GuardedRead> {
	const descriptor = openRefusingForeignSymlink(file, fs.constants.O_RDONLY, 0);
	try {
		const {ino} = fs.fstatSync(descriptor);
		return {ino, bytes: await readDescriptor(descriptor)};
	} finally {
		fs.closeSync(descriptor);
	}
}

/** All of `descriptor`'s file: fs.promises.readFile takes a path or a FileHandle, not a descriptor. */
async function readDescriptor(descriptor: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		fs.readFile(descriptor, (error, data) => {
			if (error) reject(error);
			else resolve(data);
		});
	});
}

/**
 * Opens `file`, a link this user (or root) owns, through it; undefined when the open may have followed another link.
 * Node has no openat or O_PATH to hold the link itself, so the open is bound to it by looking at it before and after:
 * the same link, unchanged, is there after the open (a swap and back renames it, which sets its ctime), and what was
 * opened is what that link named at the first look.
 */
function openThroughOwnLink(file: string, flags: number, mode: number, own: number): number | undefined {
	const before = fs.lstatSync(file, {bigint: true});
	if (isForeign(before, own)) throw refusal(file, Number(before.uid));
	// What the link names, when it names something yet (O_CREAT may make it).
	const named = fs.statSync(file, {bigint: true, throwIfNoEntry: false});
	const fd = fs.openSync(file, flags, mode);
	let isBound = false;
	try {
		const opened = fs.fstatSync(fd, {bigint: true});
		const after = fs.lstatSync(file, {bigint: true, throwIfNoEntry: false});
		isBound = isSameLink(before, after) && (named === undefined || (opened.dev === named.dev && opened.ino === named.ino));
	} finally {
		if (!isBound) fs.closeSync(fd);
	}

	return isBound ? fd : undefined;
}
