import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {loadConfig} from '../../source/config/load-config.js';
import {createRemoteMonitor} from '../../source/monitor/remote-monitor.js';
import {historyFileFor} from '../../source/release/history-records.js';
import {onCleanup, runCleanups} from '../../source/runtime/process-exit.js';
import {attachWorkerHistory} from '../../source/runtime/worker-history.js';

const directories: string[] = [];
afterEach(() => {
	for (const directory of directories.splice(0)) fs.rmSync(directory, {recursive: true, force: true});
});

describe('the exit\'s time budget', () => {
	it('lets a probe worker that ignores its stop be terminated within the exit, after the history and the report are written', async () => {
		const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-exit-budget-'));
		directories.push(directory);
		const file = path.join(directory, 'checks.yaml');
		const stateDir = path.join(directory, 'state');
		const reportFile = path.join(directory, 'release.md');
		fs.writeFileSync(file, 'checks:\n  - {name: orders api, url: "http://127.0.0.1:9/health", interval: 1h}\n');
		const config = loadConfig(file, {env: {}});
		const monitor = createRemoteMonitor({checks: config.checks, probeModule: new URL('fixtures/stop-ignoring-probes.ts', import.meta.url).href});
		const notices: string[] = [];
		attachWorkerHistory(monitor, config, {isEnabled: true, stateDir, reportFile}, message => notices.push(message));
		// The exit as a signal begins it, once the first result is in.
		await new Promise<void>(resolve => {
			const unsubscribe = monitor.subscribe(snapshot => {
				if (snapshot.rows.some(row => row.state === 'up')) {
					unsubscribe();
					resolve();
				}
			});
		});
		let hasStopEnded = false;
		onCleanup(async () => {
			await monitor.stop();
			hasStopEnded = true;
		});
		await runCleanups();

		// The stop's own limit came inside the exit's: the worker was terminated, not left to the process's end.
		expect(hasStopEnded).toBe(true);
		const records = fs.readFileSync(historyFileFor(file, {stateDir}), 'utf8').split('\n').filter(Boolean).map(line => JSON.parse(line) as {t: string; state?: string});
		expect(records.filter(record => record.t === 'r')).toEqual([expect.objectContaining({state: 'up'})]);
		expect(fs.readFileSync(reportFile, 'utf8')).toContain('orders api');
		expect(notices).toEqual([]);
	}, 40_000);
});
