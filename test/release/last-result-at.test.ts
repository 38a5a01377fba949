import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {lastResultAt} from '../../source/release/last-result-at.js';

let dir: string;
beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-last-result-'));
});
afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

const line = (record: object) => `${JSON.stringify(record)}\n`;

describe('when a history\'s last result was recorded', () => {
	it('is read from the end, past markers and lines that cross the chunks it is read in', () => {
		const file = path.join(dir, 'checks.jsonl');
		// A result line longer than a chunk read, crossing a boundary between two, behind markers worth more than a chunk.
		const long = line({t: 'r', at: 2000, id: 'web', state: 'failing', latencyMs: 1, reason: {code: 'http:500', message: 'é'.repeat(40_000)}});
		const markers = Array.from({length: 1500}, (_, index) => line({t: 'm', at: 3000 + index, label: `deploy ${index}`, source: 'command'})).join('');
		fs.writeFileSync(file, line({t: 'r', at: 1000, id: 'web', state: 'up', latencyMs: 1}) + long + markers);
		expect(Buffer.byteLength(markers)).toBeGreaterThan(64 << 10);
		expect(lastResultAt(file)).toBe(2000);
	});

	it('is none for a history of markers only, an empty one, a missing one, a directory', () => {
		const file = path.join(dir, 'checks.jsonl');
		fs.writeFileSync(file, line({t: 'm', at: 1, label: 'a', source: 'command'}));
		expect(lastResultAt(file)).toBe(Number.NEGATIVE_INFINITY);
		fs.writeFileSync(file, '');
		expect(lastResultAt(file)).toBe(Number.NEGATIVE_INFINITY);
		expect(lastResultAt(path.join(dir, 'missing.jsonl'))).toBe(Number.NEGATIVE_INFINITY);
		expect(lastResultAt(dir)).toBe(Number.NEGATIVE_INFINITY);
	});

	it('skips a torn last line', () => {
		const file = path.join(dir, 'checks.jsonl');
		fs.writeFileSync(file, line({t: 'r', at: 1000, id: 'web', state: 'up', latencyMs: 1}) + '{"t":"r","at":2000,"id":"w');
		expect(lastResultAt(file)).toBe(1000);
	});
});
