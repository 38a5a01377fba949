import {existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli, startUptop, type RunningUptop} from '../helpers/run-cli.js';

/** A deploy script that starts a watcher and marks the release at once, before the first probe has answered. */
let directory: string;
let stateDir: string;
let configFile: string;
let watcher: RunningUptop | undefined;

beforeAll(() => {
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-mark-fresh-'));
	stateDir = path.join(directory, 'state');
	configFile = path.join(directory, 'checks.yaml');
	// A probe that takes 20 s: for the whole test the watcher has recorded no result.
	writeFileSync(configFile, 'checks:\n  - {name: slow job, kind: command, run: [sleep, "20"], interval: 30s, timeout: 20s}\n');
});

afterAll(async () => {
	await watcher?.stop();
	rmSync(directory, {recursive: true, force: true});
});

const note = (dir: string) => `uptop mark: note: no uptop has recorded results of ${realpathSync(configFile)} in ${dir} yet; a running one shows this marker only if it keeps its history there (--state-dir)\n`;

/** The history's records, by type: a watcher's results would be `r`. */
function recordTypes(): string[] {
	const name = readdirSync(stateDir).find(each => each.endsWith('.jsonl'));
	if (name === undefined) return [];
	return readFileSync(path.join(stateDir, name), 'utf8').split('\n').filter(Boolean).map(line => (JSON.parse(line) as {t: string}).t);
}

describe('uptop mark beside a watcher that has just started', () => {
	it('adds the marker without a note while the watcher runs, notes a mistyped --state-dir, and notes again once the watcher is gone', async () => {
		watcher = startUptop(['--state-dir', stateDir, configFile]);
		// The watcher makes its state directory as it starts following the history file.
		expect(await watcher.waitUntil(() => existsSync(stateDir), 8000), watcher.stderr()).toBe(true);
		const mark = await runCli(['mark', '--config', configFile, '--state-dir', stateDir, 'release 1']);
		expect(mark.code, mark.stderr).toBe(0);
		expect(mark.stderr).toBe('');
		// Nothing but the marker is recorded yet: the watcher's presence, not a result, kept mark quiet.
		expect(recordTypes()).toEqual(['m']);
		expect(await watcher.waitUntil(() => watcher!.stdout().includes('marker: release 1'), 5000), watcher.stdout()).toBe(true);

		const typo = path.join(directory, 'stat');
		const mistyped = await runCli(['mark', '--config', configFile, '--state-dir', typo, 'release 2']);
		expect(mistyped.code).toBe(0);
		expect(mistyped.stderr).toBe(note(typo));

		await watcher.stop();
		watcher = undefined;
		const afterExit = await runCli(['mark', '--config', configFile, '--state-dir', stateDir, 'release 3']);
		expect(afterExit.code).toBe(0);
		expect(afterExit.stderr).toBe(note(stateDir));
	}, 30_000);
});
