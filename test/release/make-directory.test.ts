import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {makeDirectory} from '../../source/release/make-directory.js';

const directories: string[] = [];
afterEach(() => {
	for (const directory of directories.splice(0)) fs.rmSync(directory, {recursive: true, force: true});
});

function temporary(): string {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-mkdir-'));
	directories.push(directory);
	return directory;
}

describe('makeDirectory', () => {
	it('makes every missing directory with the mode asked for, and accepts one that exists', () => {
		const root = temporary();
		const deep = path.join(root, 'a', 'b', 'c');
		makeDirectory(deep, 0o700);
		expect(fs.statSync(deep).isDirectory()).toBe(true);
		expect(fs.statSync(path.join(root, 'a')).mode & 0o777).toBe(0o700);
		expect(() => makeDirectory(deep, 0o700)).not.toThrow();
	});

	it('says a file in the way is not a directory', () => {
		const root = temporary();
		fs.writeFileSync(path.join(root, 'file'), '');
		expect(() => makeDirectory(path.join(root, 'file', 'state'), 0o700)).toThrow(expect.objectContaining({code: 'ENOTDIR'}));
	});

	it.skipIf(!fs.existsSync('/proc/self'))('fails at once under /proc, where a recursive mkdirSync spins for ever', () => {
		// A spin would hang this worker: the end-to-end test of `uptop mark` (test/e2e/release.test.ts) guards it with a kill.
		expect(() => makeDirectory('/proc/uptop-no-such-directory/state', 0o700)).toThrow(expect.objectContaining({code: 'ENOENT'}));
	});
});
