import fs from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {describeHistoryProblem, shortHistoryProblem} from '../../source/release/history-problem.js';
import {loadHistory} from '../../source/release/history-load.js';
import {openHistoryWriter} from '../../source/release/history-store.js';
import {fillDisk, mountSmallDisk, titleForDisk, unmountSmallDisk} from '../helpers/full-disk.js';

const suggestion = 'point --state-dir at a directory uptop may write, or run with --no-history';
const enospc = (): NodeJS.ErrnoException => Object.assign(new Error('ENOSPC: no space left on device, write'), {code: 'ENOSPC'});

/** Files made in `directory` until the file system has no inode left; returns the ENOSPC that stopped it. */
function useUpInodes(directory: string): NodeJS.ErrnoException {
	for (let index = 0; index < 1000; index++) {
		try {
			fs.writeFileSync(path.join(directory, `inode-${index}`), '');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOSPC') return error as NodeJS.ErrnoException;
			throw error;
		}
	}

	throw new Error(`${directory} never ran out of inodes`);
}

describe('a history with no space left', () => {
	it('names both shortages, and how to see which, when the file system has both left now (the shortage passed)', () => {
		const file = path.join(tmpdir(), 'uptop-no-such-place-for-space', 'nested', 'checks-1.jsonl');
		// Asked at its nearest existing parent, the test's temporary directory, which has space and files to spare.
		expect(describeHistoryProblem(enospc(), file)).toBe(`no space left for ${file} (disk full or out of inodes: see df -h, df -i); free some, or ${suggestion}`);
	});

	it('says both in a few words when which one ran out was not noted as it happened', () => {
		expect(shortHistoryProblem(enospc())).toBe('disk full or out of inodes');
	});

	it('keeps the disk quota its own words', () => {
		const file = path.join(tmpdir(), 'checks-1.jsonl');
		expect(describeHistoryProblem(Object.assign(new Error('quota'), {code: 'EDQUOT'}), file)).toBe(`no space left for ${file} (disk quota); free some, or ${suggestion}`);
	});

	const root = fs.mkdtempSync(path.join(tmpdir(), 'uptop-no-space-'));
	const inodesDisk = path.join(root, 'inodes');
	const blocksDisk = path.join(root, 'blocks');
	const writerDisk = path.join(root, 'writer');
	const inodesMounted = mountSmallDisk(inodesDisk, 1024, 3);
	const writerMounted = mountSmallDisk(writerDisk, 1024, 3);
	const blocksMounted = mountSmallDisk(blocksDisk, 64);
	const tornDisk = path.join(root, 'torn');
	const tornMounted = mountSmallDisk(tornDisk, 64);
	afterAll(() => {
		if (tornMounted) unmountSmallDisk(tornDisk);
		if (inodesMounted) unmountSmallDisk(inodesDisk);
		if (blocksMounted) unmountSmallDisk(blocksDisk);
		if (writerMounted) unmountSmallDisk(writerDisk);
		fs.rmSync(root, {recursive: true, force: true});
	});

	it.runIf(inodesMounted)(titleForDisk('says "out of inodes" on a file system with space but no file left (tmpfs nr_inodes=3)', inodesMounted), () => {
		const error = useUpInodes(inodesDisk);
		const file = path.join(inodesDisk, 'uptop', 'checks-1.jsonl');
		const said = describeHistoryProblem(error, file);
		expect(said).toBe(`no space left for ${file} (out of inodes, though blocks are free: see df -i); free some, or ${suggestion}`);
	});

	it.runIf(blocksMounted)(titleForDisk('says "disk full" on a file system with files left but no block', blocksMounted), () => {
		fillDisk(blocksDisk);
		const file = path.join(blocksDisk, 'checks-1.jsonl');
		expect(describeHistoryProblem(enospc(), file)).toBe(`no space left for ${file} (disk full: see df -h); free some, or ${suggestion}`);
	});

	it.runIf(writerMounted)(titleForDisk('records a gap the writer met out of inodes as "out of inodes", though space is back when it is written', writerMounted), () => {
		const file = path.join(writerDisk, 'checks-1.jsonl');
		useUpInodes(writerDisk);
		let now = 1_000_000;
		const writer = openHistoryWriter({file, writerId: 'me', now: () => now});
		writer.append({t: 'r', at: now, id: 'api', state: 'up', latencyMs: 3});
		writer.flush();
		expect(writer.gaps).toHaveLength(1);
		for (const name of fs.readdirSync(writerDisk)) fs.rmSync(path.join(writerDisk, name));
		now += 5000;
		writer.append({t: 'r', at: now, id: 'api', state: 'up', latencyMs: 3});
		writer.close();
		expect(loadHistory(file).historyGaps).toEqual([{from: 1_000_000, until: 1_005_000, reason: 'out of inodes'}]);
	});

	it.runIf(tornMounted)(titleForDisk('counts the line it tore when the disk filled mid-write as part of the recorded gap, not as unreadable', tornMounted), () => {
		const file = path.join(tornDisk, 'checks-1.jsonl');
		let now = 1_000_000;
		const writer = openHistoryWriter({file, writerId: 'me', now: () => now});
		writer.append({t: 'r', at: now, id: 'api', state: 'up', latencyMs: 3});
		writer.flush();
		// The file's page has room for part of the next batch only: the write stops mid-line.
		const filler = fillDisk(tornDisk);
		now += 1000;
		for (let index = 0; index < 200; index++) writer.append({t: 'r', at: now, id: 'api', state: 'up', latencyMs: index});
		writer.flush();
		expect(writer.gaps).toHaveLength(1);
		expect(fs.readFileSync(file, 'utf8').endsWith('\n')).toBe(false);
		fs.rmSync(filler);
		now += 5000;
		writer.append({t: 'r', at: now, id: 'api', state: 'up', latencyMs: 3});
		writer.close();
		const history = loadHistory(file);
		expect(history.historyGaps).toEqual([{from: 1_001_000, until: 1_006_000, reason: 'disk full'}]);
		expect(history.skippedLines).toBe(0);
	});
});

describe('a torn line before a gap record', () => {
	const torn = '{"t":"r","at":1001000,"id":"api","sta';
	const write = (gap: Record<string, unknown>): string => {
		const file = path.join(fs.mkdtempSync(path.join(tmpdir(), 'uptop-torn-')), 'checks-1.jsonl');
		fs.writeFileSync(file, `${torn}\n${JSON.stringify({t: 'g', at: 1_006_000, from: 1_001_000, why: 'disk full', w: 'me', ...gap})}\n`);
		return file;
	};

	it('is unreadable when the gap record does not say its writer tore it (a crash, another program)', () => {
		expect(loadHistory(write({})).skippedLines).toBe(1);
	});

	it('is part of the gap when the gap record says its writer tore it', () => {
		const history = loadHistory(write({torn: 1}));
		expect(history.skippedLines).toBe(0);
		expect(history.historyGaps).toEqual([{from: 1_001_000, until: 1_006_000, reason: 'disk full'}]);
	});
});
