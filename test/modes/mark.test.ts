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

describe('runMark --check', () => {
	it('records the check the marker is for, and refuses a name the config does not have', async () => {
		fs.writeFileSync(configPath, 'checks:\n  - name: payments api\n    url: http://127.0.0.1:9/\n  - name: search\n    url: http://127.0.0.1:9/\n');
		const stateDir = path.join(dir, 'state');
		expect(await runMark({configPath, label: 'helm upgrade payments 1.5.0', checkName: 'payments api', stateDir, now: () => 1_700_000_000_000, ...io})).toBe(0);
		expect(loadHistory(historyFileFor(configPath, {stateDir})).markers).toEqual([{at: 1_700_000_000_000, label: 'helm upgrade payments 1.5.0', source: 'command', checkId: 'payments api', checkName: 'payments api'}]);
		expect(out).toContain('for "payments api"');
		out = '';
		expect(await runMark({configPath, label: 'x', checkName: 'paymnets api', stateDir, ...io})).toBe(3);
		expect(err).toContain('no check named "paymnets api"');
		expect(err).toContain('did you mean "payments api"?');
		expect(out).toBe('');
	});

	it('refuses a check named from the environment, whose history is not kept, and never names it in full', async () => {
		// `name: "${SVC} api"`: the history keeps no record of it, so "added" was printed for a marker never stored,
		// and a near miss was answered with the name in full, the environment's value in it.
		fs.writeFileSync(configPath, 'checks:\n  - name: "${SVC} api"\n    url: http://127.0.0.1:9/\n  - name: web\n    url: http://127.0.0.1:9/\n');
		const stateDir = path.join(dir, 'state');
		const env = {SVC: 'prodsecret'};
		expect(await runMark({configPath, label: 'deploy 1.2', checkName: 'prodsecret api', stateDir, env, ...io})).toBe(3);
		expect(err).toBe(`uptop mark: check "•••• api" takes its name from the environment, so no history is kept for it and no marker can be; leave out --check to mark every check, or write the name in ${configPath}\n`);
		expect(out).toBe('');
		expect(fs.existsSync(historyFileFor(configPath, {stateDir, env}))).toBe(false);
		err = '';
		expect(await runMark({configPath, label: 'deploy 1.2', checkName: 'prodsecret apj', stateDir, env, ...io})).toBe(3);
		expect(err).toContain('did you mean "•••• api"?');
		expect(err).not.toContain('prodsecret');
	});

	it('needs a config that loads to find the check in', async () => {
		fs.writeFileSync(configPath, 'checks:\n  - name: payments api\n    url: http://127.0.0.1:9/\n    timout: 5s\n');
		expect(await runMark({configPath, label: 'x', checkName: 'payments api', stateDir: path.join(dir, 'state'), ...io})).toBe(3);
		expect(err).toContain('has errors (see uptop validate');
	});
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
