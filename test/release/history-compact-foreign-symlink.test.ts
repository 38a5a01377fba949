import fs from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {foreignSymlinkCode} from '../../source/release/foreign-symlink.js';
import {compactHistory, compactHistoryInSlices} from '../../source/release/history-compact.js';
import {loadHistory} from '../../source/release/history-load.js';
import {userName} from '../../source/release/user-name.js';

/**
 * Another user, in a state directory others may write in, puts a symlink in the history file's place (after this
 * user's writer opened the file, or before a compaction of its own): the compaction must neither read that user's
 * made-up history into the file it makes, nor write anything through the link. Making a link owned by another uid
 * needs root.
 */
const isRoot = process.getuid?.() === 0;
const otherUid = 12_345;
const options = {maxBytes: 20_000, maxAgeMs: 1e12, now: 2_000_000};
let directory: string;
let history: string;
let fake: string;
let fakeText: string;

const fakeResult = (index: number): string => `${JSON.stringify({t: 'r', at: 1_000_000 + index, id: 'api', state: 'failing', latencyMs: index, w: 'fake'})}\n`;

beforeEach(() => {
	directory = fs.mkdtempSync(path.join(tmpdir(), 'uptop-history-compact-foreign-'));
	const stateDir = path.join(directory, 'state');
	fs.mkdirSync(stateDir, {mode: 0o777});
	history = path.join(stateDir, 'history.jsonl');
	fake = path.join(directory, 'fake.jsonl');
	// Past maxBytes: a compaction has something to cut.
	fakeText = Array.from({length: 1000}, (_, index) => fakeResult(index)).join('');
	fs.writeFileSync(fake, fakeText, {mode: 0o600});
	fs.chownSync(fake, otherUid, otherUid);
	fs.symlinkSync(fake, history);
	fs.lchownSync(history, otherUid, otherUid);
});

afterEach(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

const refusal = (): string => `${history} is a symlink owned by uid ${otherUid} (${userName(otherUid)}), not by you: not followed`;

/** The link, its target and the state directory as the other user left them: nothing read through, nothing written. */
function expectUntouched(): void {
	expect(fs.lstatSync(history).isSymbolicLink()).toBe(true);
	expect(fs.readlinkSync(history)).toBe(fake);
	expect(fs.readFileSync(fake, 'utf8')).toBe(fakeText);
	expect(fs.readdirSync(path.dirname(history))).toEqual(['history.jsonl']);
}

describe.skipIf(!isRoot)('compacting a history that is another user\'s symlink', () => {
	it('is refused by compactHistory, naming the link and its owner', () => {
		expect(() => compactHistory(history, options)).toThrow(expect.objectContaining({code: foreignSymlinkCode, message: refusal()}));
		expectUntouched();
	});

	it('is refused by compactHistoryInSlices', async () => {
		await expect(compactHistoryInSlices(history, options).done).rejects.toMatchObject({code: foreignSymlinkCode, message: refusal()});
		expectUntouched();
	});

	it('goes on when the link is this user\'s own', () => {
		fs.lchownSync(history, 0, 0);
		expect(compactHistory(history, options)).toBe('compacted');
		expect(loadHistory(history).results.at(-1)!.latencyMs).toBe(999);
	});
});
