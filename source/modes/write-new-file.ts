import fs from 'node:fs';

/**
 * Writes `text` to `file`, which must not exist yet (EEXIST when it does), and leaves no file when the write fails:
 * creating takes no block, so on a full disk the open succeeds and the write fails, and an empty file left there
 * would make the next try, once there is space, say the file already exists. fsync, so a file system that
 * allocates late (ext4) reports a full disk here and not after the file was said written.
 */
export function writeNewFile(file: string, text: string, mode: number): void {
	const fd = fs.openSync(file, 'wx', mode);
	try {
		fs.writeFileSync(fd, text);
		fs.fsyncSync(fd);
	} catch (error) {
		fs.closeSync(fd);
		// Only the file opened above, which this call made (wx): never one that was there before.
		fs.rmSync(file, {force: true});
		throw error;
	}

	fs.closeSync(fd);
}
