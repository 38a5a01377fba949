import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

/** `uptop report --since` as a deploy script calls it, after `uptop mark` from the same script. */
let directory: string;
let stateDir: string;
let configFile: string;

beforeAll(() => {
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-report-since-'));
	stateDir = path.join(directory, 'state');
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, [
		'checks:',
		'  - name: orders api',
		'    url: http://127.0.0.1:9/health',
		'',
	].join('\n'));
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

async function mark(label: string): Promise<void> {
	const run = await runCli(['mark', '--config', configFile, '--state-dir', stateDir, label]);
	expect(run.code, run.stderr).toBe(0);
}

describe('uptop report --since LABEL', () => {
	it('compares around the marker with exactly that label, not a later one whose label contains it', async () => {
		await mark('deploy 1.4');
		await mark('deploy 1.4.1');
		const report = await runCli(['report', '--config', configFile, '--state-dir', stateDir, '--since', 'deploy 1.4']);
		expect(report.code, report.stderr).toBe(0);
		expect(report.stdout).toMatch(/^- Compared before \/ after: deploy 1\.4 at /m);
		// A part of a label still finds the latest marker that contains it.
		const part = await runCli(['report', '--config', configFile, '--state-dir', stateDir, '--since', 'DEPLOY 1.4.']);
		expect(part.stdout).toMatch(/^- Compared before \/ after: deploy 1\.4\.1 at /m);
	});
});

describe('uptop report --since TIME', () => {
	it('refuses a time after now (a typo in the date), exit 3, rather than an empty report that reads as all clear', async () => {
		await mark('release 42');
		const report = await runCli(['report', '--config', configFile, '--state-dir', stateDir, '--since', '2099-12-01T10:00Z']);
		expect(report.code).toBe(3);
		expect(report.stdout).toBe('');
		expect(report.stderr).toMatch(/^uptop report: --since 2099-12-01T10:00Z is after now \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\): give a time in the past, or a marker's label\n$/);
		// A time in the past still starts the window there.
		const past = await runCli(['report', '--config', configFile, '--state-dir', stateDir, '--since', '2020-01-01T00:00Z']);
		expect(past.code, past.stderr).toBe(0);
		expect(past.stdout).toMatch(/^- Compared before \/ after: release 42 at /m);
	});

	it('reads a time without a zone as UTC, as the report prints times, in any local zone; and takes the report\'s own format', async () => {
		await mark('release 43');
		// Two minutes ago as the report writes it, and without its zone: New York's local reading was five hours later, "after now".
		const shown = new Date(Date.now() - 120_000).toISOString().slice(0, 16).replace('T', ' ');
		for (const since of [shown, `${shown} UTC`, shown.replace(' ', 'T')]) {
			const report = await runCli(['report', '--config', configFile, '--state-dir', stateDir, '--since', since], {env: {TZ: 'America/New_York'}});
			expect(report.code, report.stderr).toBe(0);
			// The latest marker after that time (the window itself starts no earlier than the first result, and none is recorded).
			expect(report.stdout).toMatch(/^- Compared before \/ after: release 43 at /m);
		}
	});
});

