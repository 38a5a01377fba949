import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runMark} from '../../source/modes/mark.js';
import {loadHistory} from '../../source/release/history-load.js';
import {historyFileFor} from '../../source/release/history-records.js';

let dir: string;
let configPath: string;
let out: string;
let err: string;
const io = {
	stdout(text: string) {
		out += text;
	},
	stderr(text: string) {
		err += text;
	},
};

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-mark-'));
	configPath = path.join(dir, 'checks.yaml');
	fs.writeFileSync(configPath, 'checks: []\n');
	out = '';
	err = '';
});
afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

describe('runMark', () => {
	it('appends a command marker to the config\'s history file under --state-dir', async () => {
		const stateDir = path.join(dir, 'state');
		expect(await runMark({configPath, label: '  helm upgrade payments 1.5.0 ', stateDir, now: () => 1_700_000_000_000, secrets: [], ...io})).toBe(0);
		const file = historyFileFor(configPath, {stateDir});
		expect(loadHistory(file).markers).toEqual([{at: 1_700_000_000_000, label: 'helm upgrade payments 1.5.0', source: 'command'}]);
		expect(out).toBe(`marker "helm upgrade payments 1.5.0" added to ${file}\n`);
		expect(err).toBe('');
	});

	it('uses $XDG_STATE_HOME/uptop without --state-dir', async () => {
		const env = {XDG_STATE_HOME: path.join(dir, 'xdg')};
		expect(await runMark({configPath, label: 'x', env, secrets: [], ...io})).toBe(0);
		expect(fs.readdirSync(path.join(dir, 'xdg', 'uptop'))).toEqual([path.basename(historyFileFor(configPath, {env}))]);
	});

	it('redacts config secrets and escapes control characters in the label', async () => {
		const stateDir = path.join(dir, 'state');
		expect(await runMark({configPath, label: 'deploy with s3cr3t-t0ken \u001B]2;pwned\u0007', stateDir, secrets: ['s3cr3t-t0ken'], ...io})).toBe(0);
		const text = fs.readFileSync(historyFileFor(configPath, {stateDir}), 'utf8');
		expect(text).not.toContain('s3cr3t');
		expect(text).not.toContain('\u001B');
		expect(loadHistory(historyFileFor(configPath, {stateDir})).markers[0]!.label).toBe('deploy with •••• ^[]2;pwned^G');
		expect(out).not.toContain('s3cr3t');
	});

	it('refuses an empty label and a missing config with a clear message and exit 3', async () => {
		expect(await runMark({configPath, label: '   ', stateDir: dir, ...io})).toBe(3);
		expect(err).toContain('give a label');
		err = '';
		expect(await runMark({configPath: path.join(dir, 'nope.yaml'), label: 'x', stateDir: dir, ...io})).toBe(3);
		expect(err).toMatch(/config file not found: .*nope\.yaml/);
		expect(fs.readdirSync(dir)).toEqual(['checks.yaml']);
	});

	it('reports a history directory it cannot write to, without a stack trace', async () => {
		const blocker = path.join(dir, 'file-not-dir');
		fs.writeFileSync(blocker, '');
		expect(await runMark({configPath, label: 'x', stateDir: blocker, secrets: [], ...io})).toBe(3);
		expect(err).toMatch(/^uptop mark: cannot write .*file-not-dir.*: /);
		expect(err).not.toMatch(/\n\s+at /);
	});
});
