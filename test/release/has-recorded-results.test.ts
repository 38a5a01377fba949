import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {hasRecordedResults} from '../../source/release/has-recorded-results.js';

let dir: string;
let file: string;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-recorded-'));
	file = path.join(dir, 'history.jsonl');
});

afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

const marker = JSON.stringify({t: 'm', at: 1_700_000_000_000, label: 'release 9', source: 'command'});

describe('hasRecordedResults', () => {
	it('finds a watcher\'s result among markers, and nothing in a file of markers alone or no file', () => {
		expect(hasRecordedResults(file)).toBe(false);
		fs.writeFileSync(file, `${marker}\n${marker}\n`);
		expect(hasRecordedResults(file)).toBe(false);
		fs.appendFileSync(file, `${JSON.stringify({t: 'r', at: 1_700_000_001_000, id: 'web', state: 'up', latencyMs: 2})}\n`);
		expect(hasRecordedResults(file)).toBe(true);
	});

	it('does not count a line that no uptop reads as a record (its history loader skips it) as a watcher\'s', () => {
		// A result line without its fields, and a record type uptop does not write: loadHistory passes over both, so
		// a running uptop there has recorded nothing it would show a marker beside.
		fs.writeFileSync(file, `${marker}\n{"t":"r","at":1700000001000}\n{"t":"x","at":1700000002000}\n`);
		expect(hasRecordedResults(file)).toBe(false);
	});
});
