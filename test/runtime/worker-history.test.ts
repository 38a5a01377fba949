import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {loadConfig} from '../../source/config/load-config.js';
import {createRemoteMonitor} from '../../source/monitor/remote-monitor.js';
import {historyFileFor} from '../../source/release/history-records.js';
import {runCleanups} from '../../source/runtime/process-exit.js';
import {attachWorkerHistory} from '../../source/runtime/worker-history.js';

const directories: string[] = [];
afterEach(() => {
	for (const directory of directories.splice(0)) fs.rmSync(directory, {recursive: true, force: true});
});

/**
 * Holds this thread, and so its reading of the worker's messages, until `file` exists. The limit only keeps a
 * broken fixture from hanging the run.
 */
function holdThreadUntilFileExists(file: string, limitMs = 30_000): void {
	const sleeper = new Int32Array(new SharedArrayBuffer(4));
	const deadline = Date.now() + limitMs;
	while (!fs.existsSync(file)) {
		if (Date.now() > deadline) throw new Error(`${file} was never written: the worker posted no result`);
		Atomics.wait(sleeper, 0, 0, 5);
	}
}

/** The records of a history file; none when it was never written. */
function historyRecords(file: string): Array<{t: string; id: string; state: string}> {
	if (!fs.existsSync(file)) return [];
	return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map(line => JSON.parse(line) as {t: string; id: string; state: string});
}

describe('the live screen\'s history on a signal', () => {
	it('keeps a result the worker posted just before the signal, still on its way to this thread', async () => {
		const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-worker-history-'));
		directories.push(directory);
		const posted = path.join(directory, 'posted');
		const file = path.join(directory, 'checks.yaml');
		const stateDir = path.join(directory, 'state');
		fs.writeFileSync(file, `checks:\n  - {name: orders api, url: "http://127.0.0.1:9/health?posted=${encodeURIComponent(posted)}", interval: 1h}\n`);
		const config = loadConfig(file, {env: {}});
		const monitor = createRemoteMonitor({checks: config.checks, probeModule: new URL('fixtures/posted-result-probes.ts', import.meta.url).href});
		const notices: string[] = [];
		attachWorkerHistory(monitor, config, {isEnabled: true, stateDir}, message => notices.push(message));
		// The order a signal meets: the worker has sent its result, this thread has not read it, and the exit begins
		// (the signal's handler calls runCleanups). Nothing here depends on how fast either thread is.
		holdThreadUntilFileExists(posted);
		await runCleanups();

		expect(historyRecords(historyFileFor(file, {stateDir})).filter(record => record.t === 'r')).toEqual([expect.objectContaining({id: 'orders api', state: 'up'})]);
		expect(notices).toEqual([]);
	}, 40_000);
});
