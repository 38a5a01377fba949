import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {loadConfig} from '../../source/config/load-config.js';
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

describe('uptop report over a history where the uptop running watched other checks only (--only)', () => {
	/** The first run watches every check from 10:00:50 and is killed after 10:01:10; at 10:02:52 an uptop --only "ok api" starts. */
	function firstTwoRuns(): void {
		run('one', [
			{t: 's', at: at('10:00:50'), id: 'ok api', from: 'pending', to: 'up'},
			{t: 's', at: at('10:00:50'), id: 'ctl api', from: 'pending', to: 'up'},
			{t: 's', at: at('10:00:50'), id: 'old api', from: 'pending', to: 'failing'},
			...results('ok api', 'up', '10:00:50', '10:01:10'),
			...results('ctl api', 'up', '10:00:50', '10:01:10'),
			...results('old api', 'failing', '10:00:50', '10:01:10'),
		]);
		// It continues ok api's state from the history, as a restart does: no state change.
		run('only', [
			...results('ok api', 'up', '10:02:52', '10:05:22'),
		]);
	}

	it('says the checks it left out were not watched from its start to the end of the window', () => {
		firstTwoRuns();
		const lines = report().split('\n');
		const window = lines.indexOf('- Window: 2026-12-02 10:00:50 UTC → 2026-12-02 10:05:31 UTC (4m 41s)');
		expect(window).toBeGreaterThan(0);
		expect(lines.slice(window + 1, window + 5)).toEqual([
			'- Not watched: 2026-12-02 10:01:10 UTC → 2026-12-02 10:02:52 UTC (1m 42s, no uptop running)',
			'- Not watched: ctl api, 2026-12-02 10:02:52 UTC → 2026-12-02 10:05:31 UTC (2m 39s, uptop running for other checks only)',
			'- Not watched: old api, 2026-12-02 10:02:52 UTC → 2026-12-02 10:05:31 UTC (2m 39s, uptop running for other checks only)',
			'- Uptime is of the watched time only: 2m 59s of the window\'s 4m 41s (ctl api: 20s; old api: 20s)',
		]);
		// The failing period open when nobody watched it any more is not counted as seen.
		expect(report()).toContain('- 2026-12-02 10:00:50 UTC → ongoing (4m 41s so far, 1m 42s of it while uptop was stopped and 2m 39s while uptop ran for other checks only)');
	});

	it('says so of the time until an uptop watching them started again, and of the failing period and state change across it', () => {
		firstTwoRuns();
		// Every check again from 10:04:02; this uptop wrote no unwatchedMs (as one before that field did).
		run('again', [
			...results('ok api', 'up', '10:04:02', '10:05:22'),
			...results('ctl api', 'up', '10:04:02', '10:05:22'),
			{t: 's', at: at('10:04:02'), id: 'old api', from: 'failing', to: 'up'},
			...results('old api', 'up', '10:04:02', '10:05:22'),
		]);
		const out = report();
		expect(out).toContain([
			'- Not watched: 2026-12-02 10:01:10 UTC → 2026-12-02 10:02:52 UTC (1m 42s, no uptop running)',
			'- Not watched: ctl api, 2026-12-02 10:02:52 UTC → 2026-12-02 10:04:02 UTC (1m 10s, uptop running for other checks only)',
			'- Not watched: old api, 2026-12-02 10:02:52 UTC → 2026-12-02 10:04:02 UTC (1m 10s, uptop running for other checks only)',
			'- Uptime is of the watched time only: 2m 59s of the window\'s 4m 41s (ctl api: 1m 49s; old api: 1m 49s)',
		].join('\n'));
		expect(out).toContain('- 2026-12-02 10:00:50 UTC → 2026-12-02 10:04:02 UTC (3m 12s, 1m 42s of it while uptop was stopped and 1m 10s while uptop ran for other checks only)');
		expect(out).toContain('  - 2026-12-02 10:04:02 UTC failing → up after 3m 12s (1m 42s of it while uptop was stopped and 1m 10s while uptop ran for other checks only)\n');
		// The check it watched was watched throughout.
		expect(out).not.toContain('Not watched: ok api');
	});

	it('says nothing more when the uptop watching every check went on beside it', () => {
		run('one', [
			{t: 's', at: at('10:00:50'), id: 'ok api', from: 'pending', to: 'up'},
			{t: 's', at: at('10:00:50'), id: 'ctl api', from: 'pending', to: 'up'},
			...results('ok api', 'up', '10:00:50', '10:05:20'),
			...results('ctl api', 'up', '10:00:50', '10:05:20'),
		]);
		run('only', [
			{t: 's', at: at('10:02:52'), id: 'ok api', from: 'pending', to: 'up'},
			...results('ok api', 'up', '10:02:52', '10:05:22'),
		]);
		const out = report();
		expect(out).not.toContain('Not watched');
		expect(out).not.toContain('watched time');
	});
});

describe('uptop report of checks an uptop --only others left out, named from the environment or fanned out', () => {
	it('reads the hashed records back, names the check as the report names it, and a series row by its check', () => {
		fs.writeFileSync(configPath, ['defaults: {interval: 10s, timeout: 1s}', 'checks:', '  - {name: ok api, url: "http://127.0.0.1:9/ok"}',
			'  - {name: "${SVC} api", url: "http://127.0.0.1:9/svc"}', '  - {name: pods, url: "http://127.0.0.1:9/pods"}', ''].join('\n'));
		const env = {SVC: 'prodsecret'};
		const file = historyFileFor(configPath, {stateDir, env});
		const write = (writerId: string, records: readonly HistoryInput[]) => {
			const checks = loadConfig(configPath, {env}).checks;
			const writer = openHistoryWriter({file, writerId, now: () => now, secrets: checks.flatMap(check => check.secrets), checkIds: checks.map(check => check.id)});
			for (const record of records) writer.append(record);
			writer.close();
		};

		write('one', [...results('ok api', 'up', '10:00:50', '10:01:10'), ...results('prodsecret api', 'up', '10:00:50', '10:01:10'),
			...results('pods/a', 'up', '10:00:50', '10:01:10'), ...results('pods/b', 'up', '10:00:50', '10:01:10')]);
		// The series `pods/a` was gone from 10:01:00; `pods/b` went on: the check was watched, its row too.
		write('two', [...results('ok api', 'up', '10:01:20', '10:05:22'), ...results('pods/b', 'up', '10:01:20', '10:05:22')]);
		let out = '';
		const code = runReport({configPath, stateDir, env, now: () => now, stdout: text => { out += text; }, stderr: () => undefined});
		expect(code).toBe(0);
		expect(fs.readFileSync(file, 'utf8')).not.toContain('prodsecret');
		expect(out).not.toContain('prodsecret');
		expect(out).toContain('- Not watched: •••• api, 2026-12-02 10:01:10 UTC → 2026-12-02 10:05:31 UTC (4m 21s, uptop running for other checks only)\n');
		expect(out).toContain('- Uptime is of the watched time only: 4m 41s of the window\'s 4m 41s (•••• api: 20s)\n');
		expect(out).not.toContain('Not watched: pods');
	});
});

describe('uptop report of a check whose results come a timeout apart (a target that hangs), across a restart', () => {
	it('says only that no uptop ran, not that the uptop running watched other checks only', () => {
		fs.writeFileSync(configPath, ['checks:', '  - {name: ok api, url: "http://127.0.0.1:9/ok", interval: 5s, timeout: 1s}',
			'  - {name: slow api, url: "http://127.0.0.1:9/slow", interval: 10s, timeout: 10s, retries: 1}', ''].join('\n'));
		/** Every `stepMs` from `from` to `to`. */
		const every = (id: string, state: 'up' | 'failing', from: string, to: string, stepMs: number): HistoryInput[] => {
			const records: HistoryInput[] = [];
			for (let time = at(from); time <= at(to); time += stepMs) records.push({t: 'r', at: time, id, state, latencyMs: 3});
			return records;
		};

		// slow api's target hangs: each result waits out two 10 s timeouts (a retry), then the 10 s interval.
		run('one', [
			{t: 's', at: at('10:00:50'), id: 'ok api', from: 'pending', to: 'up'},
			{t: 's', at: at('10:01:00'), id: 'slow api', from: 'pending', to: 'failing'},
			...every('ok api', 'up', '10:00:50', '10:02:00', 5000),
			...every('slow api', 'failing', '10:01:00', '10:01:30', 30_000),
		]);
		// Restarted a minute later, with every check: slow api's first result comes its two timeouts after the start.
		run('two', [
			...every('ok api', 'up', '10:03:00', '10:05:25', 5000),
			...every('slow api', 'failing', '10:03:21', '10:05:21', 30_000),
		]);
		const out = report();
		expect(out).toContain('- Not watched: 2026-12-02 10:02:00 UTC → 2026-12-02 10:03:00 UTC (1m, no uptop running)\n');
		expect(out).not.toContain('other checks only');
		expect(out).not.toContain('Not watched: slow api');
	});
});
