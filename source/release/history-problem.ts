import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {momentaryCodes} from '../config/momentary-codes.js';
import {foreignSymlinkCode} from './foreign-symlink.js';
import {danglingLinkCode} from './make-directory.js';
import {userName} from './user-name.js';

/** Codes meaning the history's place itself cannot be used (as opposed to a file that cannot be read). */
const placeCodes = new Set(['ENOTDIR', 'EEXIST', 'ELOOP', danglingLinkCode]);

/** Codes of a place the writer refuses as the reader does: a load that fails so is said once, by the writer. */
const refusedByBothCodes = new Set([...placeCodes, foreignSymlinkCode]);

/**
 * Codes of a history that cannot be written until someone changes the setup (the place is a file, a directory is
 * where the file goes, no permission, a read-only mount): the writer stops for the run, as "history disabled" says.
 * Any other failure (a full disk, out of open files, an I/O error) may pass, and the writer tries again.
 */
const lastingCodes = new Set([...placeCodes, 'EISDIR', 'EACCES', 'EPERM', 'EROFS', foreignSymlinkCode]);

export function isLastingHistoryProblem(error: unknown): boolean {
	return lastingCodes.has((error as NodeJS.ErrnoException)?.code ?? '') || isRefusedMkdir(error);
}

/**
 * mkdir's ENOENT in a directory that exists (makeDirectory makes the ones missing first): a file system such as /proc
 * that takes no new directories, now or at the next try.
 */
function isRefusedMkdir(error: unknown): boolean {
	const {code, syscall} = (error as NodeJS.ErrnoException) ?? {};
	return code === 'ENOENT' && syscall === 'mkdir';
}

export function isMomentaryFileProblem(error: unknown): boolean {
	return momentaryCodes.has((error as NodeJS.ErrnoException)?.code ?? '');
}

/** The problem in a few words, for a line that already names the file and the time (the report, the exit note). */
export function shortHistoryProblem(error: unknown): string {
	const code = (error as NodeJS.ErrnoException)?.code;
	switch (code) {
		case 'ENOSPC': {
			const out = shortages.get(error as object);
			return out === undefined ? 'disk full or out of inodes' : out === 'blocks' ? 'disk full' : 'out of inodes';
		}

		case 'EDQUOT': return 'disk quota exceeded';
		case 'EMFILE': return 'uptop out of open files';
		case 'ENFILE': return 'the system out of open files';
		case 'ENOTDIR':
		case 'EEXIST':
		case 'EISDIR':
		case 'ELOOP': return 'state directory unusable';
		case danglingLinkCode: return 'state directory a symlink to nothing';
		case 'ENOENT': return isRefusedMkdir(error) ? 'state directory unusable' : code;
		case 'EACCES':
		case 'EPERM': return 'no permission';
		case 'EROFS': return 'read-only file system';
		case foreignSymlinkCode: return 'a symlink another user owns';
		case undefined: return error instanceof Error ? error.message : String(error);
		default: return code;
	}
}

/** True when the writer cannot use the place either: a load that fails so is said once, by the writer. */
export function isHistoryPlaceProblem(error: unknown): boolean {
	return refusedByBothCodes.has((error as NodeJS.ErrnoException)?.code ?? '');
}

/**
 * The symlink among `start` and its parents, nearest the root, that loops: what ELOOP is about, as the path Node
 * names is whichever the failing call was given (the history file, or the directory). Undefined when none does now.
 */
function loopingLink(start: string): string | undefined {
	let found: string | undefined;
	for (let current = path.resolve(start); ; current = path.dirname(current)) {
		if (isLoopingLink(current)) found = current;
		if (path.dirname(current) === current) return found;
	}
}

/** Whether `place` is itself a symlink (its parents resolve) whose resolving loops. */
function isLoopingLink(place: string): boolean {
	try {
		if (!fs.lstatSync(place).isSymbolicLink()) return false;
		fs.statSync(place);
		return false;
	} catch (error) {
		// An lstat that fails is about a parent, looked at in its own turn.
		return (error as NodeJS.ErrnoException).syscall === 'stat' && (error as NodeJS.ErrnoException).code === 'ELOOP';
	}
}

/** The nearest of `start` and its parents that exists (the root at worst). */
function nearestExisting(start: string): {readonly path: string; readonly isDirectory: boolean} {
	let current = start;
	for (;;) {
		try {
			return {path: current, isDirectory: fs.statSync(current).isDirectory()};
		} catch {
			const parent = path.dirname(current);
			if (parent === current) return {path: current, isDirectory: true};
			current = parent;
		}
	}
}

/**
 * Which of its blocks or its inodes the file system `directory` is on has run out, as far as it says now: ENOSPC is
 * both, and `df -h` shows free space on a disk out of inodes. Undefined for a file system that counts no inodes
 * (btrfs says 0 of 0) or cannot be asked, or one with both left by now (or neither).
 */
function runOutOf(directory: string): 'blocks' | 'inodes' | undefined {
	let stats: fs.StatsFs;
	try {
		stats = fs.statfsSync(nearestExisting(directory).path);
	} catch {
		return undefined;
	}

	const inodesOut = stats.files > 0 && stats.ffree === 0;
	const blocksOut = stats.bavail === 0;
	if (inodesOut === blocksOut) return undefined;
	return inodesOut ? 'inodes' : 'blocks';
}

/**
 * ENOSPC in words that say which ran out when the file system says so, with the commands that tell them apart: for
 * the history, and for any file uptop writes (the `--report` at exit, `uptop init`), asked as the write fails.
 */
export function spaceShortage(directory: string): string {
	const out = runOutOf(directory);
	if (out === 'inodes') return 'out of inodes, though blocks are free: see df -i';
	if (out === 'blocks') return 'disk full: see df -h';
	return 'disk full or out of inodes: see df -h, df -i';
}

/** Of each ENOSPC noted as it happened, which ran out: by the time a gap is said or recorded, space may be back. */
const shortages = new WeakMap<object, 'blocks' | 'inodes'>();

/** Notes, as `error` happens, which of blocks or inodes ran out where the history is (shortHistoryProblem words it). */
export function noteSpaceShortage(error: unknown, directory: string): void {
	if ((error as NodeJS.ErrnoException)?.code !== 'ENOSPC' || typeof error !== 'object' || error === null) return;
	const out = runOutOf(directory);
	if (out !== undefined) shortages.set(error, out);
}

/** What a run can do about it; a command that is not a run (`uptop mark`) says its own. */
export const runSuggestion = 'point --state-dir at a directory uptop may write, or run with --no-history';

/** What a run can do about a history another user keeps: the same words, the owner named first. */
export const runOwnerSuggestion = (owner: string): string => `run uptop as ${owner}, or point --state-dir at a directory of your own, or run with --no-history`;

/**
 * Who owns `refused`, the history file or its state directory that refused this process, when that is another user:
 * a second person on a bastion pointing --state-dir at root's history. Undefined for one of its own, or a place
 * above the state directory (HOME=/nonexistent refused at `/` is no other user's history).
 */
function otherOwner(refused: string, file: string): string | undefined {
	if (refused !== file && refused !== path.dirname(file)) return undefined;
	const uid = fs.statSync(refused, {throwIfNoEntry: false})?.uid;
	const own = process.getuid?.();
	return uid === undefined || own === undefined || uid === own ? undefined : userName(uid);
}

/**
 * `<file> is read-only (mode 444), and it is yours: chmod u+w <file>`, when the history file (or its state directory)
 * that refused this process is its own, without the owner's write bit: a `chmod a-w` is undone where it was done,
 * and another --state-dir would start an empty history beside the one kept. Undefined otherwise.
 */
function ownReadOnly(refused: string, file: string): string | undefined {
	if (refused !== file && refused !== path.dirname(file)) return undefined;
	const stats = fs.statSync(refused, {throwIfNoEntry: false});
	if (stats === undefined || stats.uid !== process.getuid?.() || (stats.mode & 0o200) !== 0) return undefined;
	return `${refused} is read-only (mode ${(stats.mode & 0o777).toString(8)}), and it is yours: chmod u+w ${refused}`;
}

/** `<path> belongs to root, and uptop runs as nobody; <what to do>`, or undefined when the refused place is this user's. */
export function ownerProblem(file: string, ownerSuggestion: (owner: string) => string): string | undefined {
	const refused = nearestExisting(file).path;
	const owner = otherOwner(refused, file);
	if (owner === undefined) return undefined;
	return `${refused} belongs to ${owner}, and uptop runs as ${userName(process.getuid!())}; ${ownerSuggestion(owner)}`;
}

/**
 * A history that cannot be read, in plain words: another user's (whose, and what to do), no permission, or the words
 * of describeHistoryProblem, never Node's "EACCES: permission denied, open '…'".
 */
export function describeHistoryReadProblem(error: unknown, file: string, ownerSuggestion: (owner: string) => string, suggestion = runSuggestion): string {
	const code = (error as NodeJS.ErrnoException)?.code;
	if (code !== 'EACCES' && code !== 'EPERM') return describeHistoryProblem(error, file, suggestion, ownerSuggestion);
	return ownerProblem(file, ownerSuggestion) ?? `no permission to read ${nearestExisting(file).path}; ${suggestion}`;
}

/**
 * A history problem in plain words, naming the path to fix and what to do, instead of Node's
 * "ENOTDIR: not a directory, mkdir '…'". Unknown problems keep their own message. `suggestion` is what to do instead
 * of fixing it, worded for the command that met it; `ownerSuggestion`, what to do when the history is another user's.
 */
export function describeHistoryProblem(error: unknown, file: string, suggestion = runSuggestion, ownerSuggestion = runOwnerSuggestion): string {
	const code = (error as NodeJS.ErrnoException)?.code;
	const directory = path.dirname(file);
	switch (code) {
		case 'ENOTDIR':
		case 'EEXIST': {
			const blocking = nearestExisting(directory);
			return blocking.isDirectory
				? `${directory} cannot be made a directory (${code}); ${suggestion}`
				: `${blocking.path} is a file, not a directory; ${suggestion}`;
		}

		case 'EACCES':
		case 'EPERM': {
			// The directory uptop wanted is named too when it is not there: "no permission to write /" alone does not say
			// it came from HOME=/nonexistent.
			const owned = ownerProblem(file, ownerSuggestion);
			if (owned !== undefined) return owned;
			const refused = nearestExisting(file).path;
			const readOnly = ownReadOnly(refused, file);
			if (readOnly !== undefined) return readOnly;
			const wanted = refused === file || refused === directory ? '' : `cannot make ${directory}: `;
			return `${wanted}no permission to write ${refused}; ${suggestion}`;
		}

		case 'EROFS': {
			return `${nearestExisting(directory).path} is on a read-only file system; ${suggestion}`;
		}

		case 'ENOSPC':
		case 'EDQUOT': {
			return `no space left for ${file} (${code === 'EDQUOT' ? 'disk quota' : spaceShortage(directory)}); free some, or ${suggestion}`;
		}

		case 'ENOENT': {
			// mkdir in a directory that exists, refused: a file system such as /proc (`--state-dir /proc/x`) takes no
			// new directories. Any other ENOENT (a directory removed meanwhile) is said in Node's words.
			const {syscall, path: refused} = error as NodeJS.ErrnoException;
			if (syscall !== 'mkdir' || refused === undefined) return (error as Error).message;
			return `the file system at ${path.dirname(refused)} refuses to make the directory ${refused} (ENOENT); ${suggestion}`;
		}

		// Its message names the link and where it points.
		case danglingLinkCode: {
			return `${(error as Error).message}; make that directory, or ${suggestion}`;
		}

		case 'ELOOP': {
			const link = loopingLink((error as NodeJS.ErrnoException).path ?? file);
			return link === undefined
				? `${file} cannot be reached: too many levels of symbolic links (ELOOP); ${suggestion}`
				: `${link} is a symlink that loops (to itself, or through others back to it); ${suggestion}`;
		}

		// Its message names the link and its owner; what to do is the command's.
		case foreignSymlinkCode: {
			return `${(error as Error).message}; remove it, or ${suggestion}`;
		}

		case 'EISDIR': {
			return `${file} is a directory, where uptop keeps a file; move it away, or ${suggestion}`;
		}

		// Node's "EMFILE: too many open files, open '…'" says neither whose limit it is nor what to do.
		case 'EMFILE': {
			return 'uptop has run out of open files (EMFILE): raise its limit (ulimit -n)';
		}

		case 'ENFILE': {
			return 'the system has run out of open files (ENFILE): close some programs, or raise fs.file-max';
		}

		default: {
			return error instanceof Error ? error.message : String(error);
		}
	}
}
