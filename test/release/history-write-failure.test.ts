import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {loadHistory} from '../../source/release/history-load.js';
import {openHistoryWriter} from '../../source/release/history-store.js';
import {fillDisk, mountSmallDisk, titleForDisk, unmountSmallDisk} from '../helpers/full-disk.js';

// What the writer knows about the records it could not write is what the banner and the --report say: it must
// know from when, whether it still tries, and when it wrote again.
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-history-write-failure-'));
const disk = path.join(root, 'disk');
const isMounted = mountSmallDisk(disk, 64);

afterAll(() => {
	if (isMounted) unmountSmallDisk(disk);
	fs.rmSync(root, {recursive: true, force: true});
});

describe.skipIf(!isMounted)(titleForDisk('a history writer on a full disk', isMounted), () => {
	it('remembers from when records were lost, retries at each flush, and says when it writes again', () => {
		const file = path.join(disk, 'state', 'checks-abc.jsonl');
		let now = 1_000_000;
		const errors: string[] = [];
		const recovered: unknown[] = [];
		const writer = openHistoryWriter({file, writerId: 'me', now: () => now, onError: error => errors.push((error as NodeJS.ErrnoException).code ?? error.message), onRecover: gap => recovered.push(gap)});
		const filler = fillDisk(disk);
		writer.append({t: 'r', at: now, id: 'api', state: 'up', latencyMs: 3});
		writer.flush();
		expect(errors).toEqual(['ENOSPC']);
		expect(writer.isStopped).toBe(false);
		expect(writer.gaps).toEqual([{from: 1_000_000, error: expect.objectContaining({code: 'ENOSPC'})}]);

		now += 1000;
		writer.append({t: 'r', at: now, id: 'api', state: 'failing', latencyMs: 3});
		writer.flush();
		// Tried again (the disk may have been freed), and still one gap, from the first record lost.
		expect(errors).toEqual(['ENOSPC', 'ENOSPC']);
		expect(writer.gaps).toHaveLength(1);
		expect(recovered).toEqual([]);

		fs.rmSync(filler);
		now += 1000;
		writer.append({t: 'r', at: now, id: 'api', state: 'up', latencyMs: 3});
		writer.flush();
		writer.close();
		expect(writer.gaps).toEqual([{from: 1_000_000, until: 1_002_000, error: expect.objectContaining({code: 'ENOSPC'})}]);
		expect(recovered).toEqual(writer.gaps);
		expect(loadHistory(file).results.map(result => result.at)).toEqual([1_002_000]);
	});
});

describe.skipIf(!isMounted)(titleForDisk('a history writer whose batch was cut short by a full disk', isMounted), () => {
	it('starts its next batch on a fresh line, so the torn one costs no later record', () => {
		const file = path.join(disk, 'cut', 'checks-abc.jsonl');
		let now = 1_000_000;
		const writer = openHistoryWriter({file, writerId: 'me', now: () => now});
		writer.append({t: 'r', at: now, id: 'api', state: 'up', latencyMs: 3});
		writer.flush();
		const filler = fillDisk(disk, 'cut-filler');
		// More than is left of the file's last page: part of it is written, then the disk is full.
		for (let index = 0; index < 100; index++) writer.append({t: 'r', at: now + index, id: 'api', state: 'up', latencyMs: 3});
		writer.flush();
		expect(writer.gaps).toHaveLength(1);
		expect(fs.readFileSync(file, 'utf8').endsWith('\n')).toBe(false);

		fs.rmSync(filler);
		now += 5000;
		writer.append({t: 's', at: now, id: 'api', from: 'up', to: 'failing'});
		writer.append({t: 'r', at: now, id: 'api', state: 'failing', latencyMs: 3});
		writer.close();
		const loaded = loadHistory(file);
		expect(loaded.transitions.map(transition => transition.at)).toEqual([1_005_000]);
		expect(loaded.skippedLines).toBe(1);
		fs.rmSync(path.dirname(file), {recursive: true});
	});
});

describe('a history writer whose place cannot be used', () => {
	it('stops writing for the run, as "history disabled for this run" says, and keeps the gap open', () => {
		const blocked = path.join(root, 'state-is-a-file');
		fs.writeFileSync(blocked, 'not a directory\n');
		const errors: string[] = [];
		const writer = openHistoryWriter({file: path.join(blocked, 'checks-abc.jsonl'), now: () => 5000, onError: error => errors.push((error as NodeJS.ErrnoException).code ?? error.message)});
		writer.append({t: 'r', at: 5000, id: 'api', state: 'up', latencyMs: 3});
		writer.flush();
		writer.append({t: 'r', at: 6000, id: 'api', state: 'up', latencyMs: 3});
		writer.flush();
		writer.close();
		expect(errors).toEqual(['ENOTDIR']);
		expect(writer.isStopped).toBe(true);
		expect(writer.gaps).toEqual([{from: 5000, error: expect.objectContaining({code: 'ENOTDIR'})}]);
	});
});
