import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {describeHistoryProblem, describeHistoryReadProblem, runOwnerSuggestion, runSuggestion} from '../../source/release/history-problem.js';
import {loadHistory} from '../../source/release/history-load.js';
import {openHistoryWriter} from '../../source/release/history-store.js';

/**
 * A state directory that is a symlink to nothing (its target removed, or mistyped), one that points at itself, or
 * one under /proc: the history can never be written there until someone changes the setup, and the user is told
 * which path is wrong and what to do, not Node's errno text, once.
 */
let root: string;

beforeEach(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-state-dir-link-'));
});

afterEach(() => {
	fs.rmSync(root, {recursive: true, force: true});
});

/** Writes a record, flushes four times, and gives what the writer said and whether it stopped. */
function writeTo(file: string): {readonly errors: readonly Error[]; readonly isStopped: boolean} {
	const errors: Error[] = [];
	const writer = openHistoryWriter({file, onError: error => errors.push(error)});
	for (let flush = 0; flush < 4; flush++) {
		writer.append({t: 'r', at: 1000 + flush, id: 'api', state: 'up', latencyMs: 3});
		writer.flush();
	}

	const {isStopped} = writer;
	writer.close();
	return {errors, isStopped};
}

describe('a state directory that is a dangling symlink', () => {
	it('stops the writer at the first failure, and says the link, where it points, and what to do', () => {
		const target = path.join(root, 'gone', 'state');
		const stateDir = path.join(root, 'state');
		fs.symlinkSync(target, stateDir);
		const file = path.join(stateDir, 'checks-0123.jsonl');
		const {errors, isStopped} = writeTo(file);
		expect(isStopped).toBe(true);
		expect(errors).toHaveLength(1);
		expect(describeHistoryProblem(errors[0], file)).toBe(`${stateDir} is a symlink to ${target}, which does not exist; make that directory, or ${runSuggestion}`);
		expect(fs.existsSync(target)).toBe(false);
	});
});

describe('a state directory that is a symlink loop', () => {
	it('stops the writer at the first failure, and says which link loops and what to do', () => {
		const stateDir = path.join(root, 'state');
		fs.symlinkSync('state', stateDir);
		const file = path.join(stateDir, 'checks-0123.jsonl');
		const {errors, isStopped} = writeTo(file);
		expect(isStopped).toBe(true);
		expect(errors).toHaveLength(1);
		expect(describeHistoryProblem(errors[0], file)).toBe(`${stateDir} is a symlink that loops (to itself, or through others back to it); ${runSuggestion}`);
	});

	it('is said in the same words when the history is read', () => {
		const stateDir = path.join(root, 'state');
		fs.symlinkSync('state', stateDir);
		const file = path.join(stateDir, 'checks-0123.jsonl');
		let error: unknown;
		try {
			loadHistory(file);
		} catch (caught) {
			error = caught;
		}

		expect(describeHistoryReadProblem(error, file, runOwnerSuggestion)).toBe(`${stateDir} is a symlink that loops (to itself, or through others back to it); ${runSuggestion}`);
	});
});

describe.skipIf(!fs.existsSync('/proc/self'))('a state directory under /proc', () => {
	it('stops the writer at the first failure, and says the file system refuses it', () => {
		const file = '/proc/uptop-no-such-directory/state/checks-0123.jsonl';
		const {errors, isStopped} = writeTo(file);
		expect(isStopped).toBe(true);
		expect(errors).toHaveLength(1);
		expect(describeHistoryProblem(errors[0], file)).toBe(`the file system at /proc refuses to make the directory /proc/uptop-no-such-directory (ENOENT); ${runSuggestion}`);
	});
});
