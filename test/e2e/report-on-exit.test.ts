import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli, startUptop} from '../helpers/run-cli.js';
import {fillDisk, mountSmallDisk, unmountSmallDisk} from '../helpers/full-disk.js';

/** A deploy script stops its watcher with SIGTERM to collect the `--report FILE` it writes on the way out. */
let directory: string;
let stateDir: string;
let configFile: string;

beforeAll(() => {
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-report-on-exit-'));
	stateDir = path.join(directory, 'state');
	configFile = path.join(directory, 'checks.yaml');
	// Port 9 (discard) refuses on loopback: a result is all the history needs.
	writeFileSync(configFile, ['defaults: {interval: 250ms, timeout: 200ms}', 'checks:', '  - name: orders api', '    url: http://127.0.0.1:9/health', ''].join('\n'));
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

describe('--report FILE that cannot be written at exit', () => {
	it('says why on stderr and exits 1, not 0, so the script that stopped the watcher learns of it', async () => {
		const reports = path.join(directory, 'reports');
		mkdirSync(reports);
		const file = path.join(reports, 'release.md');
		const watcher = startUptop(['--json', '--state-dir', stateDir, '--report', file, configFile]);
		expect(await watcher.waitUntil(() => watcher.records().length > 0, 8000), watcher.stderr()).toBe(true);
		// Cleaned up by another step of the pipeline while the watcher ran.
		rmSync(reports, {recursive: true});
		expect(await watcher.stop('SIGTERM')).toBe(1);
		expect(watcher.stderr()).toBe(`uptop: cannot write the report to ${file}: its directory ${reports} no longer exists; the history is kept, so \`uptop report\` with the same config and --state-dir makes it again\n`);
		expect(existsSync(reports)).toBe(false);
		const again = await runCli(['report', '--config', configFile, '--state-dir', stateDir]);
		expect(again.code, again.stderr).toBe(0);
		expect(again.stdout).toMatch(/^\| orders api \| – \| failing \|/m);
	}, 20_000);

	it('still exits 0 when the report is written', async () => {
		const file = path.join(directory, 'release.md');
		const watcher = startUptop(['--json', '--state-dir', stateDir, '--report', file, configFile]);
		expect(await watcher.waitUntil(() => watcher.records().length > 0, 8000), watcher.stderr()).toBe(true);
		expect(await watcher.stop('SIGTERM')).toBe(0);
		expect(watcher.stderr()).toBe(`uptop: report written to ${file}\n`);
		expect(existsSync(file)).toBe(true);
	}, 20_000);
});

describe('--report FILE after a history that was never written', () => {
	it('says plainly that history was not kept, and why, not that the checks were not watched', async () => {
		// HOME=/nonexistent for a user who cannot make it is the same: a state directory uptop can never use.
		const blocked = path.join(directory, 'state-never-written');
		writeFileSync(blocked, 'not a directory\n');
		const file = path.join(directory, 'never-kept.md');
		const watcher = startUptop(['--json', '--state-dir', blocked, '--report', file, configFile]);
		expect(await watcher.waitUntil(() => watcher.records().length > 0, 8000), watcher.stderr()).toBe(true);
		expect(await watcher.stop('SIGTERM')).toBe(1);
		const why = `${blocked} is a file, not a directory; point --state-dir at a directory uptop may write`;
		expect(watcher.stderr().split('\n').slice(1)).toEqual([`uptop: report written to ${file}, but it holds nothing of the run: history was not kept (${why})`, '']);
		const report = readFileSync(file, 'utf8');
		expect(report).toContain(`- History not kept: uptop could not write it during this run (${why}); this report has no record of the run\n`);
		expect(report).toContain(`- Now: no result recorded, so nothing is known about it (history not kept for this run, as said at the top)\n`);
		expect(report).not.toContain('History incomplete');
		expect(report).not.toContain('another value');
	}, 20_000);
});

describe('--report FILE on a disk that is full at exit', () => {
	const disk = path.join(tmpdir(), 'uptop-report-full-disk');
	let isMounted = false;
	beforeAll(() => {
		isMounted = mountSmallDisk(disk, 64);
		if (isMounted) fillDisk(disk);
	});
	afterAll(() => {
		if (isMounted) unmountSmallDisk(disk);
		rmSync(disk, {recursive: true, force: true});
	});

	it('says the disk is full in plain words, and that `uptop report` makes it again from the history', async () => {
		if (!isMounted) return;
		const file = path.join(disk, 'release.md');
		const watcher = startUptop(['--json', '--state-dir', stateDir, '--report', file, configFile]);
		expect(await watcher.waitUntil(() => watcher.records().length > 0, 8000), watcher.stderr()).toBe(true);
		expect(await watcher.stop('SIGTERM')).toBe(1);
		expect(watcher.stderr()).toBe(`uptop: cannot write the report to ${file}: no space left in ${disk} (disk full: see df -h); the history is kept, so \`uptop report\` with the same config and --state-dir makes it again\n`);
	}, 20_000);

	it('does not promise the history when there was none (history disabled for this run)', async () => {
		if (!isMounted) return;
		const blocked = path.join(directory, 'state-is-a-file');
		writeFileSync(blocked, 'not a directory\n');
		const file = path.join(disk, 'release.md');
		const watcher = startUptop(['--json', '--state-dir', blocked, '--report', file, configFile]);
		expect(await watcher.waitUntil(() => watcher.records().length > 0, 8000), watcher.stderr()).toBe(true);
		expect(await watcher.stop('SIGTERM')).toBe(1);
		const lines = watcher.stderr().split('\n');
		expect(lines[0]).toMatch(/^uptop: history disabled for this run: /);
		expect(lines.slice(1)).toEqual([`uptop: cannot write the report to ${file}: no space left in ${disk} (disk full: see df -h); nor is there a history to make it again from (history disabled for this run)`, '']);
	}, 20_000);
});

describe('--report FILE on a disk out of inodes at exit', () => {
	const disk = path.join(tmpdir(), 'uptop-report-no-inodes');
	let isMounted = false;
	beforeAll(() => {
		// Space to spare, and no inode for the report (nr_inodes=3: the root and two files).
		isMounted = mountSmallDisk(disk, 1024, 3);
		for (let index = 0; isMounted && index < 10; index++) {
			try {
				writeFileSync(path.join(disk, `inode-${index}`), '');
			} catch {
				break;
			}
		}
	});
	afterAll(() => {
		if (isMounted) unmountSmallDisk(disk);
		rmSync(disk, {recursive: true, force: true});
	});

	it('says it is out of inodes, not that the disk is full, as df -h shows space there', async () => {
		if (!isMounted) return;
		const file = path.join(disk, 'release.md');
		const watcher = startUptop(['--json', '--state-dir', stateDir, '--report', file, configFile]);
		expect(await watcher.waitUntil(() => watcher.records().length > 0, 8000), watcher.stderr()).toBe(true);
		expect(await watcher.stop('SIGTERM')).toBe(1);
		expect(watcher.stderr()).toBe(`uptop: cannot write the report to ${file}: no space left in ${disk} (out of inodes, though blocks are free: see df -i); the history is kept, so \`uptop report\` with the same config and --state-dir makes it again\n`);
	}, 20_000);
});
