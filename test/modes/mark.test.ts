import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {loadConfig} from '../../source/config/load-config.js';
import {runMark} from '../../source/modes/mark.js';
import {historyKeyFile} from '../../source/release/history-key.js';
import {loadHistory} from '../../source/release/history-load.js';
import {historyFileFor} from '../../source/release/history-records.js';
import {withRealIds} from '../../source/release/real-ids.js';

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

/** A state directory a watching uptop has used: its history file holds a result. */
function watched(stateDir: string, env?: NodeJS.ProcessEnv): string {
	const file = historyFileFor(configPath, {stateDir, env});
	fs.mkdirSync(path.dirname(file), {recursive: true});
	fs.writeFileSync(file, `${JSON.stringify({t: 'r', at: 1_699_999_990_000, id: 'web', state: 'up', latencyMs: 2})}\n`);
	return stateDir;
}

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

	it('finds a check by its name as the screen and --once show it: an emoji without its style selector, or in ASCII', async () => {
		fs.writeFileSync(configPath, 'checks:\n  - name: "\u2601\uFE0F s3"\n    url: http://127.0.0.1:9/\n  - name: "pr\u00FCfung api"\n    url: http://127.0.0.1:9/\n');
		const stateDir = path.join(dir, 'state');
		expect(await runMark({configPath, label: 'deploy', checkName: '\u2601 s3', stateDir, now: () => 1_700_000_000_000, ...io}), err).toBe(0);
		expect(await runMark({configPath, label: 'deploy', checkName: 'prufung api', stateDir, now: () => 1_700_000_001_000, ...io}), err).toBe(0);
		expect(loadHistory(historyFileFor(configPath, {stateDir})).markers.map(marker => marker.checkId)).toEqual(['\u2601\uFE0F s3', 'pr\u00FCfung api']);
	});

	it('finds a check whose name is written with a combining accent by the name typed precomposed', async () => {
		fs.writeFileSync(configPath, 'checks:\n  - name: "cafe\\u0301 api"\n    url: http://127.0.0.1:9/\n  - name: search\n    url: http://127.0.0.1:9/\n');
		const stateDir = path.join(dir, 'state');
		expect(await runMark({configPath, label: 'deploy', checkName: 'café api', stateDir, now: () => 1_700_000_000_000, ...io})).toBe(0);
		expect(loadHistory(historyFileFor(configPath, {stateDir})).markers).toMatchObject([{checkId: 'cafe\u0301 api', checkName: 'cafe\u0301 api'}]);
	});

	it('suggests the checks a short name is part of, and the check of a fanned-out row named as the screen shows it', async () => {
		// `--check "shop api"` for `shop api health`, and the row `prometheus up / prometheus` copied from the screen,
		// were refused with no hint of the name that works.
		fs.writeFileSync(configPath, [
			'checks:',
			'  - {name: shop api health, url: "http://127.0.0.1:9/"}',
			'  - {name: shop orders, url: "http://127.0.0.1:9/"}',
			'  - {name: orders db, kind: tcp, host: "127.0.0.1:9"}',
			'  - {name: prometheus up, kind: prometheus, url: "http://127.0.0.1:9", query: up, each: job, fail: "< 1"}',
			'',
		].join('\n'));
		const stateDir = path.join(dir, 'state');
		const refused = async (checkName: string) => {
			err = '';
			expect(await runMark({configPath, label: 'x', checkName, stateDir, ...io})).toBe(3);
			return err;
		};

		expect(await refused('shop api')).toContain('no check named "shop api" in');
		expect(err).toContain('did you mean "shop api health"?');
		expect(await refused('ORDERS')).toContain('did you mean "shop orders" or "orders db"?');
		expect(await refused('prometheus up / prometheus')).toContain('did you mean "prometheus up"? (a marker is for a whole check, every row of it)');
		expect(await refused('billing')).not.toContain('did you mean');
		expect(out).toBe('');
	});

	it('marks a check named from the environment, by its name as the environment makes it, and never names it in full', async () => {
		// `name: "${SVC} api"`: refused, as the history kept no record of it; it is now kept under a hashed id.
		fs.writeFileSync(configPath, 'checks:\n  - name: "${SVC} api"\n    url: http://127.0.0.1:9/\n  - name: web\n    url: http://127.0.0.1:9/\n');
		const env = {SVC: 'prodsecret'};
		const stateDir = watched(path.join(dir, 'state'), env);
		const file = historyFileFor(configPath, {stateDir, env});
		expect(await runMark({configPath, label: 'deploy 1.2', checkName: 'prodsecret api', stateDir, env, now: () => 1_700_000_000_000, ...io})).toBe(0);
		expect(out).toBe(`marker "deploy 1.2" for "•••• api" added to ${file}\n`);
		expect(err).toBe('');
		const stored = fs.readFileSync(file, 'utf8');
		expect(stored).toMatch(/"checkId":"h:[\da-f]{16}"/);
		expect(stored).not.toContain('prodsecret');
		// Read back as that check's marker, named as every output names it.
		const {checks} = loadConfig(configPath, {env});
		expect(withRealIds(loadHistory(file), checks, historyKeyFile(stateDir)).markers).toEqual([{at: 1_700_000_000_000, label: 'deploy 1.2', source: 'command', checkId: 'prodsecret api', checkName: '•••• api'}]);

		err = '';
		expect(await runMark({configPath, label: 'deploy 1.2', checkName: 'prodsecret apj', stateDir, env, ...io})).toBe(3);
		expect(err).toContain('did you mean "•••• api"?');
		expect(err).not.toContain('prodsecret');
	});

	it('takes the name as every output shows it (copied from the screen) when no other check shows the same', async () => {
		fs.writeFileSync(configPath, 'checks:\n  - name: "${SVC} api"\n    url: http://127.0.0.1:9/\n  - name: "${SVC} db"\n    url: http://127.0.0.1:9/\n  - name: "${OTHER} db"\n    url: http://127.0.0.1:9/\n');
		const env = {SVC: 'prodsecret', OTHER: 'othersecret'};
		const stateDir = watched(path.join(dir, 'state'), env);
		expect(await runMark({configPath, label: 'deploy 1.3', checkName: '•••• api', stateDir, env, now: () => 1_700_000_000_000, ...io})).toBe(0);
		expect(out).toContain('for "•••• api" added');
		const {checks} = loadConfig(configPath, {env});
		const file = historyFileFor(configPath, {stateDir, env});
		expect(withRealIds(loadHistory(file), checks, historyKeyFile(stateDir)).markers.map(marker => marker.checkId)).toEqual(['prodsecret api']);
		// Two checks read "•••• db": which one is meant cannot be told, and no marker is written.
		out = '';
		expect(await runMark({configPath, label: 'deploy 1.4', checkName: '•••• db', stateDir, env, ...io})).toBe(3);
		expect(err).toBe(`uptop mark: 2 checks in ${configPath} show as "•••• db"; give the name as the environment makes it (--check "$NAME …")\n`);
		expect(out).toBe('');
		expect(loadHistory(file).markers).toHaveLength(1);
	});

	it('refuses, saying why and never the name in full, when the key its history is kept under cannot be made', async () => {
		fs.writeFileSync(configPath, 'checks:\n  - name: "${SVC} api"\n    url: http://127.0.0.1:9/\n');
		const stateDir = path.join(dir, 'state');
		fs.mkdirSync(path.join(stateDir, 'history-key'), {recursive: true});
		const env = {SVC: 'prodsecret'};
		expect(await runMark({configPath, label: 'deploy 1.2', checkName: 'prodsecret api', stateDir, env, ...io})).toBe(3);
		expect(err).toBe(`uptop mark: no marker for "•••• api": its name holds a value from the environment, and the key its history is kept under cannot be used: ${path.join(stateDir, 'history-key')} is a directory, where uptop keeps a file; move it away, or leave out --check to mark every check instead\n`);
		expect(out).toBe('');
		expect(loadHistory(historyFileFor(configPath, {stateDir, env})).markers).toEqual([]);
	});

	it('leaves nothing behind when it refuses for want of a key', async () => {
		// The history file was made, empty, only to learn it could be written.
		fs.writeFileSync(configPath, 'checks:\n  - name: "${SVC} api"\n    url: http://127.0.0.1:9/\n');
		const stateDir = path.join(dir, 'state');
		fs.mkdirSync(path.join(stateDir, 'history-key'), {recursive: true});
		const env = {SVC: 'prodsecret'};
		expect(await runMark({configPath, label: 'deploy 1.2', checkName: 'prodsecret api', stateDir, env, ...io})).toBe(3);
		expect(err).toContain('no marker for "•••• api"');
		expect(fs.readdirSync(stateDir)).toEqual(['history-key']);
	});

	it('needs a config that loads to find the check in', async () => {
		fs.writeFileSync(configPath, 'checks:\n  - name: payments api\n    url: http://127.0.0.1:9/\n    timout: 5s\n');
		expect(await runMark({configPath, label: 'x', checkName: 'payments api', stateDir: path.join(dir, 'state'), ...io})).toBe(3);
		expect(err).toContain('has errors (see uptop validate');
	});

	it('does not echo the name it was given when the config has errors: its secrets are not known then', async () => {
		// `--check "$SVC api"`: the shell put the value in; with no config to say which values are secret, the message
		// held it in full, in a CI log.
		fs.writeFileSync(configPath, 'checks:\n  - name: "${SVC} api"\n    url: http://127.0.0.1:9/\n    timout: 5s\n');
		expect(await runMark({configPath, label: 'x', checkName: 'prodsecret api', stateDir: path.join(dir, 'state'), env: {SVC: 'prodsecret'}, ...io})).toBe(3);
		expect(err).toBe(`uptop mark: --check needs the config to find the check in, and ${configPath} has errors (see uptop validate ${configPath})\n`);
		expect(out).toBe('');
	});
});

describe('runMark', () => {
	it('appends a command marker to the config\'s history file under --state-dir', async () => {
		const stateDir = watched(path.join(dir, 'state'));
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

	it('redacts the config\'s secrets from the label also when the config has errors', async () => {
		// The running instance keeps its last good config, so the marker is still added; the label went in as typed.
		fs.writeFileSync(configPath, 'checks:\n  - name: api\n    url: http://127.0.0.1:9/\n    headers: {Authorization: "Bearer ${TOKEN}"}\n    timout: 5s\n');
		const stateDir = path.join(dir, 'state');
		const env = {TOKEN: 'prodtoken123'};
		expect(await runMark({configPath, label: 'rotate prodtoken123', stateDir, env, ...io})).toBe(0);
		const file = historyFileFor(configPath, {stateDir, env});
		expect(loadHistory(file).markers.map(marker => marker.label)).toEqual(['rotate ••••']);
		expect(out).toBe(`marker "rotate ••••" added to ${file}\n`);
		expect(fs.readFileSync(file, 'utf8')).not.toContain('prodtoken123');
	});

	it('redacts the value of every ${NAME} the config names when its YAML does not parse at all', async () => {
		fs.writeFileSync(configPath, 'checks:\n  - name: api\n    url: "http://127.0.0.1:9/?token=${TOKEN}\n    headers: [\n');
		const stateDir = path.join(dir, 'state');
		const env = {TOKEN: 'prodtoken123', UNRELATED: 'release'};
		expect(await runMark({configPath, label: 'deploy release prodtoken123', stateDir, env, ...io})).toBe(0);
		const file = historyFileFor(configPath, {stateDir, env});
		// A variable the file does not name stays as typed.
		expect(loadHistory(file).markers.map(marker => marker.label)).toEqual(['deploy release ••••']);
		expect(out).not.toContain('prodtoken123');
	});

	it('adds no marker, naming the file and what to do, when a file the config includes cannot be read: its secrets are unknown', async () => {
		// Root reads any file whatever its mode: a path through a file (ENOTDIR) is a read that fails for root too.
		fs.writeFileSync(path.join(dir, 'secrets'), 'not a directory\n');
		fs.writeFileSync(configPath, 'include: [secrets/db.yaml]\nchecks:\n  - name: api\n    url: http://127.0.0.1:9/\n');
		const stateDir = path.join(dir, 'state');
		const env = {TOKEN: 'prodtoken123'};
		expect(await runMark({configPath, label: 'deploy prodtoken123', stateDir, env, ...io})).toBe(3);
		expect(err).toBe(`uptop mark: cannot read ${path.join(dir, 'secrets', 'db.yaml')} (a part of its path is a file, not a directory), so which values in the label are its secrets is unknown; no marker added: point --config at the checks file the running uptop uses\n`);
		expect(out).toBe('');
		expect(fs.existsSync(stateDir)).toBe(false);
	});

	it('adds no marker when a directory stands where the config should be', async () => {
		const configDirectory = path.join(dir, 'conf.yaml');
		fs.mkdirSync(configDirectory);
		const stateDir = path.join(dir, 'state');
		expect(await runMark({configPath: configDirectory, label: 'release 9', stateDir, ...io})).toBe(3);
		expect(err).toBe(`uptop mark: cannot read ${configDirectory} (it is a directory, not a checks file), so which values in the label are its secrets is unknown; no marker added: point --config at the checks file the running uptop uses\n`);
		expect(fs.existsSync(stateDir)).toBe(false);
	});

	it('still marks when an included file is missing: it holds no secrets, and the running uptop keeps its last good config', async () => {
		fs.writeFileSync(configPath, 'include: [later.yaml]\nchecks:\n  - name: api\n    url: "http://127.0.0.1:9/?t=${TOKEN}"\n');
		const stateDir = watched(path.join(dir, 'state'));
		expect(await runMark({configPath, label: 'deploy prodtoken123', stateDir, env: {TOKEN: 'prodtoken123'}, ...io})).toBe(0);
		expect(loadHistory(historyFileFor(configPath, {stateDir})).markers.map(marker => marker.label)).toEqual(['deploy ••••']);
		expect(err).toBe('');
	});

	it('writes the label as given, and says so naming the variables, when a secret\'s variable is not set where mark runs', async () => {
		// The running uptop has TOKEN and DB_PASS; the deploy shell does not, so their values in the label went into
		// the history in the clear with exit 0 and no word.
		fs.writeFileSync(configPath, [
			'checks:',
			'  - name: api',
			'    url: "http://127.0.0.1:9/?t=${TOKEN}"',
			'    headers: {Authorization: "Bearer ${DB_PASS:-}"}',
			'  - name: web',
			'    url: "http://${HOST}:9/"',
			'# - {name: old, url: "http://127.0.0.1:9/?t=${OLD_TOKEN}"}',
			'',
		].join('\n'));
		const stateDir = watched(path.join(dir, 'state'));
		expect(await runMark({configPath, label: 'deploy prodtoken123', stateDir, env: {HOST: '127.0.0.1'}, ...io})).toBe(0);
		expect(loadHistory(historyFileFor(configPath, {stateDir})).markers.map(marker => marker.label)).toEqual(['deploy prodtoken123']);
		expect(err).toBe('uptop mark: could not hide values of TOKEN, DB_PASS (not set here); the label is written as given\n');
		// Set here, each value is hidden, and nothing is said.
		err = '';
		const setHere = watched(path.join(dir, 'state-set'));
		expect(await runMark({configPath, label: 'deploy prodtoken123', stateDir: setHere, env: {HOST: '127.0.0.1', TOKEN: 'prodtoken123', DB_PASS: 'hunter2hunter2'}, ...io})).toBe(0);
		expect(loadHistory(historyFileFor(configPath, {stateDir: setHere})).markers.map(marker => marker.label)).toEqual(['deploy ••••']);
		expect(err).toBe('');
	});

	it('adds the marker to the history of the config a symlink leads to, which the uptop watching its real path reads', async () => {
		fs.symlinkSync(dir, `${dir}-alias`);
		try {
			const stateDir = watched(path.join(dir, 'state'));
			const alias = path.join(`${dir}-alias`, 'checks.yaml');
			expect(await runMark({configPath: alias, label: 'helm upgrade 2.1', stateDir, secrets: [], ...io})).toBe(0);
			expect(err).toBe('');
			expect(loadHistory(historyFileFor(configPath, {stateDir})).markers.map(marker => marker.label)).toEqual(['helm upgrade 2.1']);
			expect(fs.readdirSync(stateDir)).toEqual([path.basename(historyFileFor(configPath, {stateDir}))]);
			// With no uptop there yet, the note names the config the history is kept for, and the path that led there.
			const typo = path.join(dir, 'stat');
			expect(await runMark({configPath: alias, label: 'helm upgrade 2.2', stateDir: typo, secrets: [], ...io})).toBe(0);
			expect(err).toBe(`uptop mark: note: no uptop has recorded results of ${alias}, nor of ${fs.realpathSync(configPath)} where it leads, in ${typo} yet; a running one shows this marker only if it keeps its history there (--state-dir)\n`);
		} finally {
			fs.rmSync(`${dir}-alias`);
		}
	});

	it('escapes, in its note, the name of the file a symlink leads to: no escape sequence reaches the terminal', async () => {
		const hostile = path.join(dir, 'x\u001B]0;PWNED\u0007.yaml');
		fs.copyFileSync(configPath, hostile);
		const link = path.join(dir, 'link.yaml');
		fs.symlinkSync(hostile, link);
		const typo = path.join(dir, 'stat');
		expect(await runMark({configPath: link, label: 'd1', stateDir: typo, secrets: [], ...io})).toBe(0);
		expect(err).toContain(`nor of ${path.join(dir, 'x^[]0;PWNED^G.yaml')} where it leads`);
		expect(err).not.toMatch(/[\u0007\u001B]/);
	});

	it('notes on stderr, still adding the marker, when no uptop has recorded results in that state directory', async () => {
		// A mistyped --state-dir: no running instance keeps its history there, so none would show the marker.
		const typo = path.join(dir, 'stat');
		expect(await runMark({configPath, label: 'release 9', stateDir: typo, secrets: [], ...io})).toBe(0);
		const file = historyFileFor(configPath, {stateDir: typo});
		expect(loadHistory(file).markers.map(marker => marker.label)).toEqual(['release 9']);
		const note = `uptop mark: note: no uptop has recorded results of ${fs.realpathSync(configPath)} in ${typo} yet; a running one shows this marker only if it keeps its history there (--state-dir)\n`;
		expect(err).toBe(note);
		// Markers alone are no watcher's: a second mark there still notes it.
		err = '';
		expect(await runMark({configPath, label: 'release 10', stateDir: typo, secrets: [], ...io})).toBe(0);
		expect(err).toBe(note);
		// Once a watcher has recorded a result, it is quiet.
		const stateDir = watched(path.join(dir, 'state'));
		err = '';
		expect(await runMark({configPath, label: 'release 11', stateDir, secrets: [], ...io})).toBe(0);
		expect(err).toBe('');
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

	it('says which path is in the way, in words, and where the marker has to go, when its history cannot be written', async () => {
		// Node's own words were `ENOTDIR: not a directory, stat '…'`.
		const blocker = path.join(dir, 'file-not-dir');
		fs.writeFileSync(blocker, '');
		const underFile = path.join(blocker, 'state');
		expect(await runMark({configPath, label: 'x', stateDir: underFile, secrets: [], ...io})).toBe(3);
		const suggestion = 'point --state-dir at the directory the running uptop keeps its history in';
		expect(err).toBe(`uptop mark: cannot write ${historyFileFor(configPath, {stateDir: underFile})}: ${blocker} is a file, not a directory; ${suggestion}\n`);
		err = '';
		const stateDir = path.join(dir, 'state');
		const file = historyFileFor(configPath, {stateDir});
		fs.mkdirSync(file, {recursive: true});
		expect(await runMark({configPath, label: 'x', stateDir, secrets: [], ...io})).toBe(3);
		expect(err).toBe(`uptop mark: cannot write ${file}: ${file} is a directory, where uptop keeps a file; move it away, or ${suggestion}\n`);
		expect(out).toBe('');
	});
});
