import fs from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {foreignSymlinkCode} from '../../source/release/foreign-symlink.js';
import {describeKeyProblem, historyKeyFile, openHistoryKey, readHistoryKey} from '../../source/release/history-key.js';
import {userName} from '../../source/release/user-name.js';

/**
 * Another user, in a state directory others may write in, plants a symlink where the history key goes, to a key of
 * theirs: ids hashed with it would be ones they can compute, and a report read with it would show their made-up
 * history under real names. Making a link owned by another uid needs root.
 */
const isRoot = process.getuid?.() === 0;
const otherUid = 12_345;
const plantedKey = `${'ab'.repeat(32)}\n`;
let directory: string;
let stateDir: string;
let keyFile: string;
let planted: string;

beforeEach(() => {
	directory = fs.mkdtempSync(path.join(tmpdir(), 'uptop-history-key-foreign-'));
	stateDir = path.join(directory, 'state');
	fs.mkdirSync(stateDir, {mode: 0o777});
	keyFile = historyKeyFile(stateDir);
	planted = path.join(directory, 'planted-key');
	fs.writeFileSync(planted, plantedKey, {mode: 0o600});
	fs.chownSync(planted, otherUid, otherUid);
	fs.symlinkSync(planted, keyFile);
	fs.lchownSync(keyFile, otherUid, otherUid);
});

afterEach(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

const refusal = (): string => `${keyFile} is a symlink owned by uid ${otherUid} (${userName(otherUid)}), not by you: not followed`;

describe.skipIf(!isRoot)('a history key that is another user\'s symlink', () => {
	it('is not read: the refusal names the link and its owner', () => {
		expect(() => readHistoryKey(keyFile)).toThrow(expect.objectContaining({code: foreignSymlinkCode, message: refusal()}));
	});

	it('is not used, nor replaced by a key made through it', () => {
		expect(() => openHistoryKey(keyFile)).toThrow(expect.objectContaining({code: foreignSymlinkCode}));
		expect(fs.readFileSync(planted, 'utf8')).toBe(plantedKey);
		expect(fs.lstatSync(keyFile).isSymbolicLink()).toBe(true);
	});

	it('is said in plain words, the link named', () => {
		let error: unknown;
		try {
			readHistoryKey(keyFile);
		} catch (caught) {
			error = caught;
		}

		expect(describeKeyProblem(error, keyFile)).toContain(refusal());
	});

	it('is read when the link is this user\'s own', () => {
		fs.lchownSync(keyFile, 0, 0);
		expect(readHistoryKey(keyFile)).toEqual(Buffer.from('ab'.repeat(32), 'hex'));
	});
});
