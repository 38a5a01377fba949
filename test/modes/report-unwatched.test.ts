import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runReport} from '../../source/modes/report.js';
import {historyFileFor} from '../../source/release/history-records.js';
import {openHistoryWriter, type HistoryInput} from '../../source/release/history-store.js';

let dir: string;
let configPath: string;
let stateDir: string;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-unwatched-'));
	configPath = path.join(dir, 'checks.yaml');
	stateDir = path.join(dir, 'state');
	fs.writeFileSync(configPath, ['defaults: {interval: 10s, timeout: 1s}', 'checks:', ...['ok api', 'ctl api', 'old api'].map(name => `  - {name: ${name}, url: "http://127.0.0.1:9/${name.split(' ')[0]!}"}`), ''].join('\n'));
});
afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

const at = (time: string) => Date.parse(`2026-12-02T${time}Z`);
const now = at('10:05:31');

/** One uptop run's records, written as its writer writes them. */
function run(writerId: string, records: readonly HistoryInput[]): void {
	const writer = openHistoryWriter({file: historyFileFor(configPath, {stateDir}), writerId, now: () => now});
	for (const record of records) writer.append(record);
	writer.close();
}

function results(id: string, state: 'up' | 'failing', from: string, to: string): HistoryInput[] {
	const records: HistoryInput[] = [];
	for (let time = at(from); time <= at(to); time += 10_000) records.push({t: 'r', at: time, id, state, latencyMs: 3});
	return records;
}

function report(): string {
	let out = '';
	let err = '';
	const code = runReport({configPath, stateDir, now: () => now, stdout: text => { out += text; }, stderr: text => { err += text; }});
	expect(err).toBe('');
	expect(code).toBe(0);
	return out;
}

describe('uptop report over a history with a time no uptop was running (both killed, one restarted)', () => {
	beforeEach(() => {
		// Two instances watch from 10:00:50 and are killed after 10:01:10; one is started again at 10:02:52.
		for (const writerId of ['one', 'two']) {
			run(writerId, [
				{t: 's', at: at('10:00:50'), id: 'ok api', from: 'pending', to: 'up'},
				{t: 's', at: at('10:00:50'), id: 'ctl api', from: 'pending', to: 'up'},
				{t: 's', at: at('10:00:50'), id: 'old api', from: 'pending', to: 'failing'},
				...results('ok api', 'up', '10:00:50', '10:01:10'),
				...results('ctl api', 'up', '10:00:50', '10:01:10'),
				...results('old api', 'failing', '10:00:50', '10:01:10'),
			]);
		}

		run('three', [
			// ctl api failed while no uptop ran: the restart saw it, as the plain line said "(1m 42s of it while uptop was stopped)".
			{t: 's', at: at('10:02:52'), id: 'ctl api', from: 'up', to: 'failing', unwatchedMs: 102_000},
			...results('ok api', 'up', '10:02:52', '10:05:22'),
			...results('ctl api', 'failing', '10:02:52', '10:03:02'),
			{t: 's', at: at('10:03:12'), id: 'ctl api', from: 'failing', to: 'up'},
			...results('ctl api', 'up', '10:03:12', '10:05:22'),
			...results('old api', 'failing', '10:02:52', '10:02:52'),
			// As an uptop before this change wrote it: no unwatchedMs, which the report works out from the records.
			{t: 's', at: at('10:03:02'), id: 'old api', from: 'failing', to: 'up'},
			...results('old api', 'up', '10:03:02', '10:05:22'),
		]);
	});

	it('says at its top when nobody watched, and that uptime is of the watched time only', () => {
		const lines = report().split('\n');
		const window = lines.indexOf('- Window: 2026-12-02 10:00:50 UTC → 2026-12-02 10:05:31 UTC (4m 41s)');
		expect(window).toBeGreaterThan(0);
		expect(lines.slice(window + 1, window + 3)).toEqual([
			'- Not watched: 2026-12-02 10:01:10 UTC → 2026-12-02 10:02:52 UTC (1m 42s, no uptop running)',
			'- Uptime is of the watched time only: 2m 59s of the window\'s 4m 41s',
		]);
	});

	it('says of a state change across that time how much of the state it left went unwatched', () => {
		const out = report();
		expect(out).toContain('  - 2026-12-02 10:02:52 UTC up → failing after 2m 2s (1m 42s of it while uptop was stopped)\n');
		// A change right after its own start says nothing more.
		expect(out).toContain('  - 2026-12-02 10:03:12 UTC failing → up\n');
		// Recorded before the records kept it: worked out from when nobody watched.
		expect(out).toContain('  - 2026-12-02 10:03:02 UTC failing → up after 2m 12s (1m 42s of it while uptop was stopped)\n');
		expect(out).toContain('- 2026-12-02 10:00:50 UTC → 2026-12-02 10:03:02 UTC (2m 12s, 1m 42s of it while uptop was stopped)\n');
		expect(out).toContain('- 2026-12-02 10:02:52 UTC → 2026-12-02 10:03:12 UTC (20s)\n');
	});

	it('says nothing of it when the two instances overlapped', () => {
		fs.rmSync(stateDir, {recursive: true});
		run('one', [{t: 's', at: at('10:00:50'), id: 'ok api', from: 'pending', to: 'up'}, ...results('ok api', 'up', '10:00:50', '10:03:00')]);
		run('two', [{t: 's', at: at('10:02:55'), id: 'ok api', from: 'pending', to: 'up'}, ...results('ok api', 'up', '10:02:55', '10:05:25')]);
		const out = report();
		expect(out).not.toContain('Not watched');
		expect(out).not.toContain('watched time');
	});
});
