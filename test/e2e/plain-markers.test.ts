import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli, startUptop, type RunningUptop} from '../helpers/run-cli.js';

/** A deploy script's log: plain lines of a watcher (`uptop checks.yaml >> uptop.log`) and `uptop mark` beside it. */
const region = 'zq-region-value-7';
const env = {REGION: region};
let directory: string;
let stateDir: string;
let configFile: string;
let watcher: RunningUptop | undefined;

beforeAll(() => {
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-plain-markers-'));
	stateDir = path.join(directory, 'state');
	configFile = path.join(directory, 'checks.yaml');
	// Port 9 (discard) refuses on loopback: the markers do not need a target that answers.
	writeFileSync(configFile, [
		'defaults: {interval: 250ms, timeout: 200ms}',
		'checks:',
		'  - name: orders api',
		'    url: http://127.0.0.1:9/health',
		'  - name: "${REGION} api"',
		'    url: http://127.0.0.1:9/edge',
		'',
	].join('\n'));
});

afterAll(async () => {
	await watcher?.stop();
	rmSync(directory, {recursive: true, force: true});
});

describe('plain lines of deploy markers', () => {
	it('name the check a marker of one check is for, as the report does, and hide a name from the environment', async () => {
		watcher = startUptop(['--state-dir', stateDir, configFile], {env});
		expect(await watcher.waitUntil(() => watcher!.stdout().includes('orders api: pending → failing'), 8000), watcher.stderr()).toBe(true);
		for (const args of [['--check', `${region} api`, 'edge hotfix'], ['--check', 'orders api', 'deploy 1.4.0'], ['release 42']]) {
			const mark = await runCli(['mark', '--config', configFile, '--state-dir', stateDir, ...args], {env});
			expect(mark.code, mark.stderr).toBe(0);
		}

		expect(await watcher.waitUntil(() => watcher!.stdout().includes('marker: release 42'), 5000)).toBe(true);
		await watcher.stop();
		const log = watcher.stdout();
		expect(log).toMatch(/^\S+ marker: edge hotfix on •••• api$/m);
		expect(log).toMatch(/^\S+ marker: deploy 1\.4\.0 on orders api$/m);
		// A marker of every check names none.
		expect(log).toMatch(/^\S+ marker: release 42$/m);
		expect(log).not.toContain(region);
	}, 20_000);
});
