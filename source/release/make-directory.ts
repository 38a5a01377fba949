import fs from 'node:fs';
import path from 'node:path';

/** The code of a directory on the way that is a symlink to nothing: mkdir would say EEXIST, and the open ENOENT. */
export const danglingLinkCode = 'EDANGLINGLINK';

/** Throws when `place`, not there to stat, is a symlink: one whose target is missing, which mkdir cannot make. */
function refuseDanglingLink(place: string): void {
	const link = fs.lstatSync(place, {throwIfNoEntry: false});
	if (link === undefined || !link.isSymbolicLink()) return;
	const target = path.resolve(path.dirname(place), fs.readlinkSync(place));
	throw Object.assign(new Error(`${place} is a symlink to ${target}, which does not exist`), {code: danglingLinkCode, path: place});
}

/**
 * Throws as makeDirectory would when `directory`, or the nearest of its parents not there, is a symlink to nothing;
 * makes nothing. For a reader (`uptop report`): a history missing under such a link is no history "not there yet".
 */
export function refuseDanglingLinkOnTheWay(directory: string): void {
	for (let current = path.resolve(directory); ; current = path.dirname(current)) {
		if (fs.statSync(current, {throwIfNoEntry: false}) !== undefined) return;
		refuseDanglingLink(current);
		if (path.dirname(current) === current) return;
	}
}

/**
 * `mkdir -p` that fails instead of spinning: Node's recursive mkdirSync loops for ever (100 % CPU, deaf to
 * SIGTERM) under a file system that answers ENOENT to mkdir in a directory that exists, such as /proc
 * (`--state-dir /proc/x`). Each missing directory is made on its own, and the first refusal is the answer. A symlink
 * on the way to nothing (a state directory whose target was removed) is said as that, not made a directory through;
 * one that loops throws ELOOP from its stat.
 */
export function makeDirectory(directory: string, mode: number): void {
	const missing: string[] = [];
	for (let current = path.resolve(directory); ; current = path.dirname(current)) {
		const stats = fs.statSync(current, {throwIfNoEntry: false});
		if (stats === undefined) refuseDanglingLink(current);
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
