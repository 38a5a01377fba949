import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {loadConfig} from '../../source/config/load-config.js';
import {runReport, writeReportFile} from '../../source/modes/report.js';
import {historyFileFor} from '../../source/release/history-records.js';
import {openHistoryWriter} from '../../source/release/history-store.js';
import {loadHistory} from '../../source/release/history-load.js';
import {prepareReport} from '../../source/release/prepare-report.js';
import type {ReportInput} from '../../source/release/report.js';
import {scriptedRelease, secret} from '../release/scripted-release.js';

let dir: string;
let configPath: string;
let stateDir: string;
let out: string;
let err: string;
const env = {PAY_TOKEN: secret};
const io = {
	stdout(text: string) {
		out += text;
	},
	stderr(text: string) {
		err += text;
	},
};

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-report-'));
	configPath = path.join(dir, 'checks.yaml');
	stateDir = path.join(dir, 'state');
	fs.writeFileSync(configPath, `checks:
  - name: payments api
    url: http://127.0.0.1:9/health?token=\${PAY_TOKEN}
    group: payments
    owner: "@payments-oncall"
    runbook: https://runbooks.example/payments
    rollback: "helm rollback payments"
  - name: search
    url: http://127.0.0.1:9/search
    group: search
`);
	out = '';
	err = '';
});
afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

/** Writes the scripted release into the config's history file, WITHOUT redaction (as a worst case), plus a torn last line. */
function writeHistory(): number {
	const {results, transitions, markers, now} = scriptedRelease();
	const writer = openHistoryWriter({file: historyFileFor(configPath, {stateDir}), writerId: 'test', now: () => now, maxBatch: 1000});
	for (const result of results) {
		writer.append({t: 'r', ...result});
	}

	for (const transition of transitions) {
		writer.append({t: 's', ...transition});
	}

	for (const marker of markers) {
		writer.append({t: 'm', ...marker});
	}

	writer.close();
	fs.appendFileSync(historyFileFor(configPath, {stateDir}), '{"t":"r","at":17');
	return now;
}

describe('runReport', () => {
	it('covers only the checks --only / --group select, and says what a filter that matches nothing missed', () => {
		const now = writeHistory();
		expect(runReport({configPath, since: 'helm', stateDir, env, now: () => now, filters: {only: [], group: ['search']}, ...io})).toBe(0);
		expect(err).toBe('');
		expect(out).toMatch(/^\| search \| search \| up \|/m);
		expect(out).not.toContain('payments api');
		out = '';
		expect(runReport({configPath, since: 'helm', stateDir, env, now: () => now, filters: {only: ['paymnts*'], group: []}, ...io})).toBe(3);
		expect(out).toBe('');
		expect(err).toMatch(/^uptop report: no check in checks\.yaml matches --only paymnts\*/);
	});

	it('prints the Markdown report from the config\'s history, secrets redacted, torn line skipped', () => {
		const now = writeHistory();
		expect(fs.readFileSync(historyFileFor(configPath, {stateDir}), 'utf8')).toContain(secret);
		expect(runReport({configPath, since: 'helm', stateDir, env, now: () => now, ...io})).toBe(0);
		expect(err).toBe('');
		expect(out).toContain('# Release report: checks.yaml');
		expect(out).toMatch(/^\| payments api \| payments \| failing \| .* \| \*\*worse\*\* .*\|$/m);
		expect(out).toMatch(/^\| search \| search \| up \| .* \| no change \|$/m);
		expect(out).toContain('- Rollback: helm rollback payments');
		expect(out).toContain('ongoing');
		expect(out).not.toContain(secret);
	});

	it('reports an invalid config like the other commands, exit 3, no stack trace', () => {
		fs.writeFileSync(configPath, 'checks:\n  - name: x\n    url: [\n');
		expect(runReport({configPath, stateDir, env, ...io})).toBe(3);
		expect(err).toContain('checks.yaml:');
		expect(err).not.toMatch(/\n\s+at /);
		expect(out).toBe('');
	});

	it('explains a --since that matches no marker, exit 3', () => {
		const now = writeHistory();
		expect(runReport({configPath, since: 'nope', stateDir, env, now: () => now, ...io})).toBe(3);
		expect(err).toMatch(/^uptop report: no marker matches "nope"/);
	});

	describe('a --since time without a zone', () => {
		const zone = process.env.TZ;
		afterEach(() => {
			if (zone === undefined) delete process.env.TZ;
			else process.env.TZ = zone;
		});

		/** The scripted history's "now", written as a zoneless UTC time a minute before it. */
		const zoneless = (now: number) => new Date(now - 60_000).toISOString().slice(0, 19).replace('T', ' ');

		it('says on stderr that it was read as UTC, and how to write local time, when the machine is not on UTC', () => {
			const now = writeHistory();
			process.env.TZ = 'America/New_York';
			const since = zoneless(now);
			expect(runReport({configPath, since, stateDir, env, now: () => now, ...io})).toBe(0);
			const local = new Date(now - 60_000);
			const hhmm = `${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}`;
			expect(err).toContain(`uptop report: --since ${since} has no zone, so it was read as UTC (${hhmm} here, UTC−05:00); for this machine's local time write "${since} -05:00"\n`);
			expect(out).toContain('# Release report');
		});

		it('says so too when the window starts later, at the start of the history', () => {
			const now = writeHistory();
			process.env.TZ = 'America/New_York';
			const since = new Date(now - 30 * 86_400_000).toISOString().slice(0, 16).replace('T', ' ');
			expect(runReport({configPath, since, stateDir, env, now: () => now, ...io})).toBe(0);
			expect(err).toMatch(new RegExp(`^uptop report: --since ${since} has no zone, so it was read as UTC`));
		});

		it('says nothing on a machine on UTC, or for a time with its zone, or a marker', () => {
			const now = writeHistory();
			process.env.TZ = 'UTC';
			expect(runReport({configPath, since: zoneless(now), stateDir, env, now: () => now, ...io})).toBe(0);
			process.env.TZ = 'America/New_York';
			expect(runReport({configPath, since: `${zoneless(now)} +00:00`, stateDir, env, now: () => now, ...io})).toBe(0);
			expect(runReport({configPath, since: 'helm', stateDir, env, now: () => now, ...io})).toBe(0);
			// A marker whose label starts with the date: `--since` named it, no time was read.
			const day = zoneless(now).slice(0, 10);
			fs.appendFileSync(historyFileFor(configPath, {stateDir}), `\n${JSON.stringify({t: 'm', at: now - 120_000, label: `${day} hotfix`, source: 'command'})}\n`);
			out = '';
			expect(runReport({configPath, since: day, stateDir, env, now: () => now, ...io})).toBe(0);
			expect(out).toContain(`${day} hotfix`);
			expect(err).toBe('');
		});
	});

	it('still prints a report with no history yet', () => {
		expect(runReport({configPath, stateDir, env, ...io})).toBe(0);
		expect(out).toContain('no marker yet, nothing to compare');
		expect(out).toMatch(/^\| payments api \| payments \| no data \|/m);
		// Why it is empty, and where it looked: a wrong --state-dir is the usual reason.
		expect(err).toMatch(/^uptop report: no history yet at .+\.jsonl: uptop records it while it watches checks\.yaml/);
		expect(err).toContain(stateDir);
		// Every way of watching records it, plain lines too; only --once does not.
		expect(err).toContain('watches checks.yaml (on the screen, as plain lines or with --json; not with --once), with the same --state-dir');
	});
});

describe('writeReportFile', () => {
	it('writes the rendered report to the file (for --report FILE on exit)', () => {
		const now = writeHistory();
		const config = loadConfig(configPath, {env});
		const input = prepareReport({configFile: 'checks.yaml', checks: config.checks, history: loadHistory(historyFileFor(configPath, {stateDir})), now}) as ReportInput;
		const target = path.join(dir, 'release.md');
		writeReportFile(target, input);
		const text = fs.readFileSync(target, 'utf8');
		// Each check around its latest marker: payments api's own version change, search the release before it.
		expect(text).toContain([
			'- Compared before / after: each check around the latest marker that concerns it',
			'  - version 1.5.0 at 2026-11-25 14:30:20 UTC: payments api',
			'  - helm upgrade payments 1.5.0 at 2026-11-25 14:30:00 UTC: search',
		].join('\n'));
		expect(text).not.toContain(secret);
		expect(fs.readdirSync(dir).sort()).toEqual(['checks.yaml', 'release.md', 'state']);
	});
});
