import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {historyFileFor} from '../../source/release/history-records.js';
import {runCli} from '../helpers/run-cli.js';

/**
 * A check that changed state while its writer could not write (a full disk): the change's record was lost with its
 * batch, and the results after the gap, with the gap's own record, are all the file says of it. `uptop report` made
 * from that file must not read "No failing periods" for a check whose results say it is failing.
 */
let directory: string;
let configFile: string;
let stateDir: string;

const start = Date.parse('2026-11-30T08:00:00Z');
const writer = '4242-9f1c0a3b';
const refused = {code: 'http', message: 'HTTP 503'};

beforeAll(() => {
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-report-gap-change-'));
	configFile = path.join(directory, 'checks.yaml');
	stateDir = path.join(directory, 'state');
	writeFileSync(configFile, 'checks:\n  - {name: api, kind: command, run: ["true"], interval: 1s}\n');
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

type Line = Record<string, unknown>;

const result = (second: number, state: string): Line => ({t: 'r', at: start + second * 1000, id: 'api', state, latencyMs: 3, ...(state === 'failing' ? {reason: refused} : {}), w: writer});
const change = (second: number, from: string, to: string): Line => ({t: 's', at: start + second * 1000, id: 'api', from, to, ...(to === 'failing' ? {reason: refused} : {}), w: writer});

/** Results every second from `from` to `to` (inclusive) in `state`. */
function results(from: number, to: number, state: string): Line[] {
	return Array.from({length: to - from + 1}, (_, index) => result(from + index, state));
}

/** The file as uptop leaves it: nothing from 10 s to 20 s, the gap's record first in the batch written after it. */
function writeHistory(before: Line[], after: Line[]): void {
	const gap = {t: 'g', at: start + 20_000, from: start + 10_500, why: 'disk full', w: writer};
	const file = historyFileFor(configFile, {stateDir});
	mkdirSync(stateDir, {recursive: true, mode: 0o700});
	writeFileSync(file, `${[...before, gap, ...after].map(line => JSON.stringify(line)).join('\n')}\n`);
}

async function report(): Promise<string> {
	const run = await runCli(['report', '--config', configFile, '--state-dir', stateDir, '--since', new Date(start).toISOString()], {env: {TZ: 'UTC'}});
	expect(run.code).toBe(0);
	return run.stdout;
}

/** The lines of the check's section under "Incidents and state changes". */
function incidentLines(stdout: string): string[] {
	const section = stdout.slice(stdout.indexOf('## Incidents and state changes'), stdout.indexOf('## Needs attention'));
	return section.split('\n').filter(line => line.startsWith('- ') || line.startsWith('  - '));
}

describe('uptop report on a history whose state change was lost in a gap', () => {
	it('lists the failing period the results after the gap show, from between the last result before it and the first after', async () => {
		writeHistory([change(0, 'pending', 'up'), ...results(0, 10, 'up')], results(20, 30, 'failing'));
		const stdout = await report();
		expect(incidentLines(stdout)).toEqual([
			'- between 2026-11-30 08:00:10 UTC and 2026-11-30 08:00:20 UTC (not recorded: disk full) → ongoing (10s so far): HTTP 503',
			'- State changes: 2',
			'  - 2026-11-30 08:00:00 UTC pending → up',
			'  - between 2026-11-30 08:00:10 UTC and 2026-11-30 08:00:20 UTC up → failing (not recorded: disk full): HTTP 503',
		]);
		expect(stdout).toContain('- Now: failing (since between 2026-11-30 08:00:10 UTC and 2026-11-30 08:00:20 UTC, not recorded: disk full): HTTP 503');
	});

	it('says the ongoing one, not the earlier outage that ended, when the check failed again during the gap', async () => {
		writeHistory([
			change(0, 'pending', 'up'), ...results(0, 3, 'up'),
			change(4, 'up', 'failing'), ...results(4, 6, 'failing'),
			change(7, 'failing', 'up'), ...results(7, 10, 'up'),
		], results(20, 30, 'failing'));
		const stdout = await report();
		expect(incidentLines(stdout).filter(line => line.startsWith('- 2') || line.startsWith('- between'))).toEqual([
			'- 2026-11-30 08:00:04 UTC → 2026-11-30 08:00:07 UTC (3s): HTTP 503',
			'- between 2026-11-30 08:00:10 UTC and 2026-11-30 08:00:20 UTC (not recorded: disk full) → ongoing (10s so far): HTTP 503',
		]);
		expect(stdout).toContain('- Now: failing (since between 2026-11-30 08:00:10 UTC and 2026-11-30 08:00:20 UTC, not recorded: disk full): HTTP 503');
		expect(stdout).not.toContain('since 2026-11-30 08:00:04 UTC');
	});
});
