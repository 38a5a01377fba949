import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

/**
 * Mounts a tmpfs of `sizeKb` at `directory` (made if missing): a real file system that runs out of space, for the
 * history's full-disk tests. Mounting needs root (or CAP_SYS_ADMIN): without it the tests are skipped and the
 * reason printed; with CI=true that is an error, as CI runs them as root (.ci/run).
 */
export function mountSmallDisk(directory: string, sizeKb: number, inodes?: number): boolean {
	fs.mkdirSync(directory, {recursive: true});
	// `inodes` (nr_inodes) makes a disk that runs out of files while it still has space, as `df -i` would show.
	const options = `size=${sizeKb}k,mode=0700${inodes === undefined ? '' : `,nr_inodes=${inodes}`}`;
	const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', directory], {encoding: 'utf8', timeout: 10_000});
	if (mount.status === 0) return true;
	const why = `mount -t tmpfs failed: ${(mount.stderr || mount.error?.message || `exit ${mount.status}`).trim()}`;
	if (process.env.CI === 'true') {
		throw new Error(`a small tmpfs is required in CI for the full-disk tests, but ${why}`);
	}

	console.warn(`[skip] full-disk tests: ${why} (they need root)`);
	return false;
}

/** Unmounts what mountSmallDisk mounted; lazily, so a process still holding a file there does not keep it. */
export function unmountSmallDisk(directory: string): void {
	spawnSync('umount', ['-l', directory], {timeout: 10_000});
}

/** Fills the file system `directory` is on, to the last block, with a file named `name` in it; returns its path. */
export function fillDisk(directory: string, name = 'filler'): string {
	const file = path.join(directory, name);
	const fd = fs.openSync(file, 'a');
	try {
		for (const size of [65_536, 4096, 512, 1]) {
			const chunk = Buffer.alloc(size, 0x78);
			for (;;) {
				try {
					fs.writeSync(fd, chunk);
				} catch (error) {
					if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
					break;
				}
			}
		}
	} finally {
		fs.closeSync(fd);
	}

	return file;
}

/** A describe/it title that says why it was skipped. */
export function titleForDisk(title: string, isMounted: boolean): string {
	return isMounted ? title : `${title} (skipped: mounting a tmpfs is not permitted here)`;
}
