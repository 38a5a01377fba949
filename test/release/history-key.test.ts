import fs from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {historyKeyFile, openHistoryKey} from '../../source/release/history-key.js';

let stateDir: string;
beforeEach(() => {
	stateDir = fs.mkdtempSync(path.join(tmpdir(), 'uptop-history-key-'));
});
afterEach(() => {
	fs.rmSync(stateDir, {recursive: true, force: true});
});

/** A maker's temporary file, as one killed between writing and linking leaves it, last written `ageMs` ago. */
function leftover(name: string, ageMs: number): string {
	const file = path.join(stateDir, name);
	fs.writeFileSync(file, `${'ab'.repeat(32)}\n`, {mode: 0o600});
	const at = (Date.now() - ageMs) / 1000;
	fs.utimesSync(file, at, at);
	return name;
}

describe('openHistoryKey', () => {
	it('removes the temporary files of makers killed before linking, when it makes the key and when it reads it', () => {
		const file = historyKeyFile(stateDir);
		leftover('history-key.4194301-0badf00d.tmp', 5 * 60_000);
		const key = openHistoryKey(file);
		expect(fs.readdirSync(stateDir)).toEqual(['history-key']);

		leftover('history-key.4194302-deadbeef.tmp', 2 * 60_000);
		expect(openHistoryKey(file)).toEqual(key);
		expect(fs.readdirSync(stateDir)).toEqual(['history-key']);
	});

	it('keeps a maker\'s temporary file in its critical moment, and files that are not a maker\'s', () => {
		// Its pid may be dead here and alive in another container sharing the state directory.
		const kept = [
			leftover('history-key.4194303-cafebabe.tmp', 0),
			leftover(`history-key.${process.pid}-12345678.tmp`, 1000),
			leftover('history-key.notes.tmp', 5 * 60_000),
			leftover('other-key.4194304-0badf00d.tmp', 5 * 60_000),
		];
		openHistoryKey(historyKeyFile(stateDir));
		expect(fs.readdirSync(stateDir).sort()).toEqual(['history-key', ...kept].sort());
	});
});
