import fs from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runReport} from '../../source/modes/report.js';
import type {Marker} from '../../source/monitor/types.js';
import {followMarkers} from '../../source/release/follow-markers.js';
import {foreignSymlinkCode} from '../../source/release/foreign-symlink.js';
import {hasRecordedResults} from '../../source/release/has-recorded-results.js';
import {loadHistory} from '../../source/release/history-load.js';
import {historyFileFor} from '../../source/release/history-records.js';
import {readPastHistory, readPastHistoryFor} from '../../source/release/past-history.js';
import {userName} from '../../source/release/user-name.js';
import {loadConfig} from '../../source/config/load-config.js';

/**
 * Another user, in a state directory others may write in, plants a symlink where the history file goes, to a file of
 * theirs holding a made-up history: it must not reach the report or the screen. Making a link owned by another uid
 * needs root.
 */
const isRoot = process.getuid?.() === 0;
const otherUid = 12_345;
let directory: string;
let config: string;
let stateDir: string;
let history: string;
let fake: string;

const fakeResult = (at: number): string => `${JSON.stringify({t: 'r', at, id: 'api', state: 'failing', latencyMs: 1, w: 'fake'})}\n`;
const fakeMarker = (at: number): string => `${JSON.stringify({t: 'm', at, label: 'made up', source: 'command', w: 'fake'})}\n`;

beforeEach(() => {
	directory = fs.mkdtempSync(path.join(tmpdir(), 'uptop-history-read-foreign-'));
	config = path.join(directory, 'checks.yaml');
	fs.writeFileSync(config, 'checks:\n  - name: api\n    url: http://127.0.0.1:20850/health\n');
	stateDir = path.join(directory, 'state');
	fs.mkdirSync(stateDir, {mode: 0o777});
	history = historyFileFor(config, {stateDir});
	fake = path.join(directory, 'fake.jsonl');
	fs.writeFileSync(fake, fakeResult(Date.now() - 60_000) + fakeMarker(Date.now() - 30_000));
	fs.chownSync(fake, otherUid, otherUid);
	fs.symlinkSync(fake, history);
	fs.lchownSync(history, otherUid, otherUid);
});

afterEach(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

const refusal = (): string => `${history} is a symlink owned by uid ${otherUid} (${userName(otherUid)}), not by you: not followed`;

describe.skipIf(!isRoot)('a history file that is another user\'s symlink, read', () => {
	it('is not loaded: the refusal names the link and its owner', () => {
		expect(() => loadHistory(history)).toThrow(expect.objectContaining({code: foreignSymlinkCode, message: refusal()}));
	});

	it('is loaded when the link is this user\'s own', () => {
		fs.rmSync(history);
		fs.symlinkSync(fake, history);
		expect(loadHistory(history).results).toHaveLength(1);
	});

	it('gives the screen no past, and leaves saying why to the writer, which refuses it too', async () => {
		const checks = loadConfig(config).checks;
		expect(readPastHistory(history, checks)).toEqual({});
		expect(await readPastHistoryFor(history, checks)).toBeUndefined();
	});

	it('is no sign that a watching uptop records there', () => {
		expect(hasRecordedResults(history)).toBe(false);
	});

	it('gives no markers to follow', async () => {
		const seen: Marker[] = [];
		const errors: Error[] = [];
		const follower = followMarkers(history, marker => seen.push(marker), {pollMs: 20, onError: error => errors.push(error)});
		try {
			fs.appendFileSync(fake, fakeMarker(Date.now() + 1000));
			await new Promise(resolve => setTimeout(resolve, 300));
		} finally {
			follower.close();
		}

		expect(seen).toEqual([]);
		expect(errors.map(error => error.message)).toEqual([refusal()]);
	});

	it('gives `uptop report` no report, and says why, whose the link is, and what to do', () => {
		let stdout = '';
		let stderr = '';
		const status = runReport({configPath: config, stateDir, stdout: text => (stdout += text), stderr: text => (stderr += text)});
		expect(status).toBe(3);
		expect(stdout).toBe('');
		expect(stderr).toBe(`uptop report: cannot read ${history}: ${refusal()}; remove it, or point --state-dir at the directory uptop keeps this history in\n`);
	});
});
