import http from 'node:http';
import fs from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli, startUptop} from '../helpers/run-cli.js';
import {requireBuild} from '../helpers/tmux.js';
import {fillDisk, mountSmallDisk, titleForDisk, unmountSmallDisk} from '../helpers/full-disk.js';

/*
 * A release report made from a history uptop could not write must not read "100 % up, no failing periods": it says
 * at its top that the history is incomplete and from when, and the exit is 1, as for a report that was not written.
 */
const directory = fs.mkdtempSync(path.join(tmpdir(), 'uptop-history-write-failure-'));
const disk = path.join(directory, 'disk');
const isMounted = mountSmallDisk(disk, 64);
let server: http.Server;
let origin: string;
let isDown = false;

beforeAll(async () => {
	requireBuild();
	server = http.createServer((_request, response) => {
		response.statusCode = isDown ? 500 : 200;
		response.end(isDown ? 'down' : 'ok');
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	origin = `http://127.0.0.1:${(server.address() as {port: number}).port}`;
	fs.writeFileSync(path.join(directory, 'rel.yaml'), ['defaults: {interval: 200ms, timeout: 150ms}', 'checks:', `  - {name: api, url: ${origin}/health}`, ''].join('\n'));
});

afterAll(() => {
	server?.close();
	if (isMounted) unmountSmallDisk(disk);
	fs.rmSync(directory, {recursive: true, force: true});
});

type Result = {type: string; state?: string};
const states = (records: Result[]): string[] => records.filter(record => record.type === 'result').map(record => record.state!);

describe('a --report made from a history uptop could not write', () => {
	it.skipIf(!isMounted)(titleForDisk('says so at its top and exits 1 when the disk filled during the run', isMounted), async () => {
		const stateDir = path.join(disk, 'full');
		const reportFile = path.join(directory, 'full-disk.md');
		const uptop = startUptop(['--json', 'rel.yaml', '--state-dir', stateDir, '--report', reportFile], {cwd: directory, env: {TZ: 'UTC'}});
		expect(await uptop.waitUntil(() => states(uptop.records<Result>()).length >= 3, 8000)).toBe(true);
		expect((await runCli(['mark', '--config', 'rel.yaml', '--state-dir', stateDir, 'deploy 3.0'], {cwd: directory})).code).toBe(0);
		fillDisk(disk);
		// The file's last page may still take a few batches: the outage starts once uptop has said it cannot write.
		expect(await uptop.waitUntil(() => uptop.stderr().includes('history not written since'), 10_000)).toBe(true);
		isDown = true;
		const failing = states(uptop.records<Result>()).length;
		expect(await uptop.waitUntil(() => states(uptop.records<Result>()).slice(failing).filter(state => state === 'failing').length >= 4, 8000)).toBe(true);
		isDown = false;
		const back = states(uptop.records<Result>()).length;
		expect(await uptop.waitUntil(() => states(uptop.records<Result>()).slice(back).includes('up'), 8000)).toBe(true);
		const code = await uptop.stop();
		const report = fs.readFileSync(reportFile, 'utf8');
		const top = report.split('\n').slice(0, 4).join('\n');
		expect(top).toMatch(/^- History incomplete: uptop could not write it from \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC to the end of the run \(disk full\); this report misses what happened after that$/m);
		expect(uptop.stderr()).toMatch(/^uptop: report written to \S+full-disk\.md, but the history it is made from is incomplete \(not written from \d\d:\d\d:\d\d, disk full\)$/m);
		expect(uptop.stderr()).not.toContain('history disabled');
		expect(code).toBe(1);
	}, 60_000);

	it('says so at its top and exits 1 when the state directory could never be written', async () => {
		const blocked = path.join(directory, 'state-is-a-file');
		fs.writeFileSync(blocked, 'not a directory\n');
		const reportFile = path.join(directory, 'never.md');
		const uptop = startUptop(['--json', 'rel.yaml', '--state-dir', blocked, '--report', reportFile], {cwd: directory});
		expect(await uptop.waitUntil(() => states(uptop.records<Result>()).length >= 3, 8000)).toBe(true);
		const code = await uptop.stop();
		const report = fs.readFileSync(reportFile, 'utf8');
		// Nothing of the run was ever written: the report says the history was not kept, and why (not "incomplete from").
		expect(report.split('\n').slice(0, 4).join('\n')).toMatch(/^- History not kept: uptop could not write it during this run \(\S+state-is-a-file is a file, not a directory; point --state-dir at a directory uptop may write\); this report has no record of the run$/m);
		expect(uptop.stderr()).toMatch(/^uptop: history disabled for this run: \S+state-is-a-file is a file, not a directory/m);
		expect(code).toBe(1);
	}, 30_000);
});

