import {appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {historyFileFor} from '../../source/release/history-records.js';
import {runCli} from '../helpers/run-cli.js';

/**
 * `uptop report` made later from a history whose writer lost records (a full disk, then written again): the gaps
 * it recorded (`{"t":"g"}`, as history-store.ts writes them) are said first, those of the report's window only.
 */
let directory: string;
let configFile: string;
let stateDir: string;

const hour = 60 * 60_000;
const start = Date.parse('2026-11-30T08:00:00Z');
const at = (offsetMs: number): string => new Date(start + offsetMs).toISOString();

beforeAll(() => {
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-report-gaps-'));
	configFile = path.join(directory, 'checks.yaml');
	stateDir = path.join(directory, 'state');
	writeFileSync(configFile, 'checks:\n  - {name: api, kind: command, run: ["true"]}\n');
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

/** A history of results every minute for four hours, with the gaps given, as one writer wrote it. */
function writeHistory(gaps: ReadonlyArray<{from: number; until: number; why: string}>): void {
	const lines: string[] = [JSON.stringify({t: 's', at: start, id: 'api', from: 'pending', to: 'up', w: '1-abcdef12'})];
	for (let offset = 0; offset <= 4 * hour; offset += 60_000) {
		if (gaps.some(gap => offset >= gap.from && offset < gap.until)) continue;
		lines.push(JSON.stringify({t: 'r', at: start + offset, id: 'api', state: 'up', latencyMs: 3, w: '1-abcdef12'}));
		// The gap's record comes with the first batch written again, stamped with its time.
		for (const gap of gaps.filter(gap => gap.until === offset)) {
			lines.push(JSON.stringify({t: 'g', at: start + gap.until, from: start + gap.from, why: gap.why, w: '1-abcdef12'}));
		}
	}

	const file = historyFileFor(configFile, {stateDir});
	mkdirSync(stateDir, {recursive: true, mode: 0o700});
	rmSync(file, {force: true});
	appendFileSync(file, `${lines.join('\n')}\n`, {flag: 'a'});
}

describe('uptop report on a history with gaps its writer recorded', () => {
	it('says each gap of its window first, with when and why, and leaves out one from before the window', async () => {
		writeHistory([
			{from: 0.5 * hour, until: 0.75 * hour, why: 'disk full'},
			{from: 1.75 * hour, until: 2.25 * hour, why: 'disk quota exceeded'},
			{from: 3 * hour, until: 3.1 * hour, why: 'no permission'},
		]);
		const report = await runCli(['report', '--config', configFile, '--state-dir', stateDir, '--since', at(2 * hour)], {env: {TZ: 'UTC'}});
		expect(report.stderr).toBe('');
		expect(report.code).toBe(0);
		const incomplete = report.stdout.split('\n').filter(line => line.startsWith('- History incomplete'));
		expect(incomplete).toEqual([
			'- History incomplete: uptop could not write it from 2026-11-30 09:45:00 UTC to 2026-11-30 10:15:00 UTC (disk quota exceeded); this report misses what happened then',
			'- History incomplete: uptop could not write it from 2026-11-30 11:00:00 UTC to 2026-11-30 11:06:00 UTC (no permission); this report misses what happened then',
		]);
		// Before anything it counts: a table reading 100 % up is not to be taken at its word.
		expect(report.stdout.indexOf('- History incomplete')).toBeLessThan(report.stdout.indexOf('100'));
	});

	it('says nothing of gaps when the window has none', async () => {
		writeHistory([{from: 0.5 * hour, until: 0.75 * hour, why: 'disk full'}]);
		const report = await runCli(['report', '--config', configFile, '--state-dir', stateDir, '--since', at(2 * hour)], {env: {TZ: 'UTC'}});
		expect(report.code).toBe(0);
		expect(report.stdout).not.toContain('History incomplete');
	});

	it('shows a reason read from the file literally, as it does a marker\'s label from the same file: no emphasis, no link, no mention', async () => {
		// A reason of another writer's words (an error's message, a hand edit): underscores in a path made italics of
		// it, and `@oncall` notified someone, in the report pasted into a pull request.
		writeHistory([{from: 2.5 * hour, until: 2.6 * hour, why: 'EIO on /srv/up_state/x_y.jsonl, see https://status.example @oncall'}]);
		const report = await runCli(['report', '--config', configFile, '--state-dir', stateDir, '--since', at(2 * hour)], {env: {TZ: 'UTC'}});
		expect(report.code).toBe(0);
		expect(report.stdout.split('\n').filter(text => text.includes('History incomplete'))).toEqual([
			'- History incomplete: uptop could not write it from 2026-11-30 10:30:00 UTC to 2026-11-30 10:36:00 UTC (EIO on /srv/up\\_state/x\\_y.jsonl, see https\u200B://status.example @\u200Boncall); this report misses what happened then',
		]);
	});
});
