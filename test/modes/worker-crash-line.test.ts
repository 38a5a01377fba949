import {execFile} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {afterAll, describe, expect, it} from 'vitest';
import {workerCrashLine} from '../../source/modes/worker-crash-line.js';

const run = promisify(execFile);
const runner = fileURLToPath(new URL('fixtures/worker-oom-run.ts', import.meta.url));
const leakingProbes = new URL('fixtures/leaking-probes.ts', import.meta.url).href;
const directory = mkdtempSync(path.join(tmpdir(), 'uptop-worker-oom-'));

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

/** The line a real probe worker's death out of memory leaves, in a process whose heap is capped at 48 MB. */
async function lineAfterOutOfMemory(historyFile: string | undefined): Promise<string> {
	const {stdout} = await run(process.execPath, ['--max-old-space-size=48', '--import', 'tsx', runner, leakingProbes, historyFile ?? ''], {timeout: 30_000}).catch((error: {stdout: string}) => error);
	return stdout.trim().split('\n').at(-1) ?? '';
}

describe('the line the live screen leaves with when the probe worker dies', () => {
	it('out of memory, with a history file read, says to give node a larger heap or start without the history', async () => {
		const historyFile = path.join(directory, 'checks-abc.jsonl');
		writeFileSync(historyFile, `${JSON.stringify({t: 'r', at: Date.now() - 60_000, id: 'leak', state: 'up', latencyMs: 3, w: '1-abcdef12'})}\n`);
		expect(await lineAfterOutOfMemory(historyFile)).toBe('uptop: the monitor worker crashed: Worker terminated due to reaching memory limit: JS heap out of memory; it reads the history file at the start: give node a larger heap (NODE_OPTIONS=--max-old-space-size=256), or start with --no-history');
	}, 40_000);

	it('out of memory in a run without history (--no-history), says only to give node a larger heap: there is no history to leave out', async () => {
		expect(await lineAfterOutOfMemory(undefined)).toBe('uptop: the monitor worker crashed: Worker terminated due to reaching memory limit: JS heap out of memory; give node a larger heap (NODE_OPTIONS=--max-old-space-size=256)');
	}, 40_000);

	it('any other crash points at --debug', () => {
		expect(workerCrashLine(new Error('the monitor worker crashed: engine exploded on start\n    at …', {cause: new Error('engine exploded on start')}), true)).toBe('uptop: the monitor worker crashed: engine exploded on start (run with --debug for details)');
	});
});
