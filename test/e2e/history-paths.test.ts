import {mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli, startUptop, type RunningUptop} from '../helpers/run-cli.js';

/** Where the history of a config lives, as the commands that share it find it. */
let directory: string;
let watcher: RunningUptop | undefined;

beforeAll(() => {
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-history-paths-'));
});

afterAll(async () => {
	await watcher?.stop();
	rmSync(directory, {recursive: true, force: true});
});

describe('a config reached through a symlink', () => {
	it('shares the history of its real path: a marker added through the link reaches the uptop watching the real path, and the report reads it', async () => {
		// A deploy script's /srv/uptop/current/checks.yaml beside the real path people type.
		const real = path.join(directory, 'x');
		mkdirSync(real);
		const config = path.join(real, 'checks.yaml');
		writeFileSync(config, 'defaults: {interval: 250ms, timeout: 200ms}\nchecks:\n  - {name: job, kind: command, run: ["true"]}\n');
		symlinkSync(real, path.join(directory, 'x-alias'));
		const alias = path.join(directory, 'x-alias', 'checks.yaml');
		const stateDir = path.join(directory, 'state');
		watcher = startUptop(['--state-dir', stateDir, config]);
		expect(await watcher.waitUntil(() => watcher!.stdout().includes('job'), 8000), watcher.stderr()).toBe(true);

		const mark = await runCli(['mark', '--config', alias, '--state-dir', stateDir, 'helm upgrade 2.1']);
		expect(mark.code, mark.stderr).toBe(0);
		expect(mark.stderr).toBe('');
		expect(await watcher.waitUntil(() => watcher!.stdout().includes('marker: helm upgrade 2.1'), 5000), watcher.stdout()).toBe(true);
		// One history, not one per way of naming the config.
		expect(readdirSync(stateDir).filter(name => name.endsWith('.jsonl'))).toHaveLength(1);

		const report = await runCli(['report', '--config', alias, '--state-dir', stateDir]);
		expect(report.code, report.stderr).toBe(0);
		expect(report.stderr).toBe('');
		expect(report.stdout).toContain('helm upgrade 2.1');
		await watcher.stop();
		watcher = undefined;
	}, 30_000);
});
