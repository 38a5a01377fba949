import fs from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {fileLines, LineSplitter, maxLineBytes, overlongLine} from '../../source/release/file-lines.js';
import {loadHistory} from '../../source/release/history-load.js';

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

	it('gives a line far longer than any record (60 MB of NULs, no newline) as one short unreadable line, and every record after it', () => {
		const file = path.join(directory, 'nul-then-records.jsonl');
		const descriptor = fs.openSync(file, 'w');
		const zeros = Buffer.alloc(1 << 20);
		for (let index = 0; index < 60; index++) fs.writeSync(descriptor, zeros);
		fs.writeSync(descriptor, '\n{"t":"r","at":1000,"id":"api","state":"up","latencyMs":3,"w":"a"}\n{"t":"r","at":2000,"id":"api","state":"failing","latencyMs":4,"w":"a"}\n');
		fs.closeSync(descriptor);
		const lines = [...fileLines(file)];
		expect(lines).toHaveLength(3);
		// Its bytes were dropped, not held: what stands for it is a few words.
		expect(lines[0]!.length).toBeLessThan(100);
		const loaded = loadHistory(file);
		expect(loaded.results.map(result => result.at)).toEqual([1000, 2000]);
		expect(loaded.skippedLines).toBe(1);
	});
});

describe('LineSplitter', () => {
	it('never holds more than maxLineBytes of a line that has not ended, and scans each byte once', () => {
		const splitter = new LineSplitter();
		const chunk = Buffer.alloc(1 << 20);
		const lines: string[] = [];
		let most = 0;
		for (let index = 0; index < 60; index++) {
			lines.push(...splitter.push(chunk));
			most = Math.max(most, splitter.pendingBytes);
		}

		expect(lines).toEqual([]);
		expect(most).toBeLessThanOrEqual(maxLineBytes);
		lines.push(...splitter.push(Buffer.from('\n{"a":1}\nhalf')), ...splitter.end());
		expect(lines).toHaveLength(3);
		expect(lines[0]!.length).toBeLessThan(100);
		expect(lines.slice(1)).toEqual(['{"a":1}', 'half']);
		// Linear: every byte looked at once, however long the pending line (the old reader re-split it at every chunk).
		expect(splitter.scannedBytes).toBe(60 * (1 << 20) + '\n{"a":1}\nhalf'.length);
	});

	it('gives a line just under the limit whole, split across chunks mid-character', () => {
		const splitter = new LineSplitter(10);
		const lines = [...splitter.push(Buffer.from('abcdefgh\xC3', 'latin1')), ...splitter.push(Buffer.from('\xA9\nabcdefghijk\nok', 'latin1')), ...splitter.end()];
		expect(lines[0]).toBe('abcdefghé');
		expect(lines[1]).not.toBe('abcdefghijk');
		expect(lines[2]).toBe('ok');
	});

	it('decodes a line whole within one chunk where it lies, and still drops one past the limit', () => {
		const splitter = new LineSplitter(10);
		const lines = [...splitter.push(Buffer.from('short\nabcdefghijk\nné\npart')), ...splitter.push(Buffer.from('ial\n'))];
		expect(lines).toEqual(['short', overlongLine, 'né', 'partial']);
	});
});
