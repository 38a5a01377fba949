import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {loadConfig} from '../../source/config/load-config.js';
import {runReport} from '../../source/modes/report.js';
import {shortHistoryProblem} from '../../source/release/history-problem.js';
import {prepareReport} from '../../source/release/prepare-report.js';
import {renderReport} from '../../source/release/report.js';
import {loadHistory} from '../../source/release/history-load.js';
import {historyFileFor} from '../../source/release/history-records.js';
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
		// The torn line is uptop's own, in the gap its record names: not a line of unknown origin.
		expect(loaded.skippedLines).toBe(0);
		expect(fs.readFileSync(file, 'utf8').split('\n').filter(line => line.length > 0 && !line.endsWith('}'))).toHaveLength(1);
		fs.rmSync(path.dirname(file), {recursive: true});
	});
});

describe.skipIf(!isMounted)(titleForDisk('a history file after a full disk the writer got over', isMounted), () => {
	it('says in itself what was not written, for a report made from it later', () => {
		const directory = path.join(root, 'later');
		const configPath = path.join(directory, 'checks.yaml');
		fs.mkdirSync(directory, {recursive: true});
		fs.writeFileSync(configPath, 'checks:\n  - name: api\n    url: http://127.0.0.1:9/health\n    interval: 1s\n');
		const stateDir = path.join(disk, 'later-state');
		const file = historyFileFor(configPath, {stateDir});
		const start = Date.UTC(2026, 11, 2, 9, 0, 0);
		let now = start;
		const writer = openHistoryWriter({file, writerId: 'me', now: () => now});
		writer.append({t: 's', at: now, id: 'api', from: 'pending', to: 'up'});
		writer.append({t: 'r', at: now, id: 'api', state: 'up', latencyMs: 3});
		writer.flush();
		const filler = fillDisk(disk, 'later-filler');
		now += 10_000;
		// Lost: the outage the report would have listed.
		writer.append({t: 's', at: now, id: 'api', from: 'up', to: 'failing'});
		// More than is left of the file's last page, which the disk being full leaves to it.
		for (let index = 0; index < 100; index++) writer.append({t: 'r', at: now + index, id: 'api', state: 'failing', latencyMs: 3});
		writer.flush();
		expect(writer.gaps).toHaveLength(1);
		fs.rmSync(filler);
		now += 50_000;
		writer.append({t: 'r', at: now, id: 'api', state: 'up', latencyMs: 3});
		writer.close();

		// An older reader skips the record it does not know; this one reads the gap.
		expect(loadHistory(file).historyGaps).toEqual([{from: start + 10_000, until: start + 60_000, reason: 'disk full'}]);
		let out = '';
		const code = runReport({configPath, stateDir, now: () => now + 1000, stdout: text => { out += text; }, stderr: () => undefined});
		expect(code).toBe(0);
		expect(out).toContain('- History incomplete: uptop could not write it from 2026-12-02 09:00:10 UTC to 2026-12-02 09:01:00 UTC (disk full); this report misses what happened then\n');
		// The gap's record is read, not skipped; the line where the disk cut the lost batch short is part of that gap,
		// which the line above says, not an unreadable line of unknown origin.
		expect(out).not.toContain('Unreadable lines');

		// The --report at exit knows the gap from memory too (attach-history.ts): said once, not twice.
		const checks = loadConfig(configPath).checks;
		const lost = writer.gaps.map(gap => ({from: gap.from, until: gap.until!, reason: shortHistoryProblem(gap.error)}));
		const input = prepareReport({configFile: 'checks.yaml', checks, history: loadHistory(file), now: now + 1000, historyGaps: lost});
		expect('error' in input ? input.error : renderReport(input).split('\n').filter(line => line.startsWith('- History incomplete'))).toHaveLength(1);
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

describe.skipIf(!isMounted)(titleForDisk('a history writer that exits with a gap open', isMounted), () => {
	it('writes the gap\'s record once more at close, or says once that it could not', () => {
		const file = path.join(disk, 'exit', 'checks-abc.jsonl');
		let now = 1_000_000;
		const unrecorded: unknown[] = [];
		const writer = openHistoryWriter({file, writerId: 'me', now: () => now, onGapUnrecorded: (gap, error) => unrecorded.push({gap, code: (error as NodeJS.ErrnoException).code})});
		const filler = fillDisk(disk, 'exit-filler');
		now += 1000;
		writer.append({t: 'r', at: now, id: 'api', state: 'failing', latencyMs: 3});
		writer.flush();
		expect(writer.gaps).toHaveLength(1);
		// Space freed before the exit, with nothing left to write: the file must still say what it misses.
		fs.rmSync(filler);
		now += 4000;
		writer.close();
		expect(loadHistory(file).historyGaps).toEqual([{from: 1_001_000, until: 1_005_000, reason: 'disk full'}]);
		expect(writer.gaps).toEqual([{from: 1_001_000, until: 1_005_000, error: expect.objectContaining({code: 'ENOSPC'})}]);
		expect(unrecorded).toEqual([]);
		fs.rmSync(path.dirname(file), {recursive: true});
	});

	it('says once that the gap is not in the file when the disk is still full at close', () => {
		const file = path.join(disk, 'exit-full', 'checks-abc.jsonl');
		let now = 2_000_000;
		const unrecorded: Array<{from: number; code?: string}> = [];
		const writer = openHistoryWriter({file, writerId: 'me', now: () => now, onGapUnrecorded: (gap, error) => unrecorded.push({from: gap.from, code: (error as NodeJS.ErrnoException).code})});
		const filler = fillDisk(disk, 'exit-full-filler');
		now += 1000;
		writer.append({t: 'r', at: now, id: 'api', state: 'failing', latencyMs: 3});
		writer.close();
		writer.close();
		expect(unrecorded).toEqual([{from: 2_001_000, code: 'ENOSPC'}]);
		expect(writer.gaps).toEqual([{from: 2_001_000, error: expect.objectContaining({code: 'ENOSPC'})}]);
		fs.rmSync(filler);
		expect(loadHistory(file).historyGaps).toBeUndefined();
		fs.rmSync(path.dirname(file), {recursive: true});
	});
});
