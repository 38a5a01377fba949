import fs from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {fileLines} from '../../source/release/file-lines.js';

const directory = fs.mkdtempSync(path.join(tmpdir(), 'uptop-file-lines-'));
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

describe('fileLines', () => {
	it('gives every line of a file larger than a chunk, a character split between chunks whole, and a last line without its newline', () => {
		const file = path.join(directory, 'big.jsonl');
		// 1 MiB - 1 bytes of ASCII, then "é" (two bytes) across the chunk boundary.
		const first = `${'x'.repeat((1 << 20) - 1)}é`;
		fs.writeFileSync(file, `${first}\nsecond\n\nlast without newline`);
		expect([...fileLines(file)]).toEqual([first, 'second', '', 'last without newline']);
	});

	it('throws ENOENT for a missing file at once, before the first line is asked for', () => {
		expect(() => fileLines(path.join(directory, 'missing.jsonl'))).toThrow(expect.objectContaining({code: 'ENOENT'}));
	});
});
