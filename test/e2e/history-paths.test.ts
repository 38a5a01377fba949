import {spawnSync} from 'node:child_process';
import {chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {requireBuild} from '../helpers/require-build.js';
import {runCli, startUptop, type RunningUptop} from '../helpers/run-cli.js';
import {nodeBinary, uptopBinary} from '../helpers/tmux.js';

/**
 * Runs the binary as another user (`uid`) through setpriv, as a second person on a bastion would, with `env` in place
 * of the environment's HOME and XDG_STATE_HOME. Root writes anywhere, so this is how a test meets a refusal.
 * `stopAfterMs`: a watch run, sent SIGTERM then (else the run is killed after 15 s).
 */
function runAs(uid: number, args: readonly string[], env: Record<string, string>, cwd: string, stopAfterMs?: number): {status: number | null; stdout: string; stderr: string} {
	requireBuild();
	const {HOME: _home, XDG_STATE_HOME: _state, ...rest} = process.env;
	const run = spawnSync(setpriv, [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', nodeBinary, uptopBinary, ...args], {cwd, encoding: 'utf8', env: {...rest, NO_COLOR: '1', ...env}, timeout: stopAfterMs ?? 15_000});
	return {status: run.status, stdout: run.stdout, stderr: run.stderr};
}

const setpriv = '/usr/bin/setpriv';
const canSwitchUser = process.getuid?.() === 0 && existsSync(setpriv);

/** Where the history of a config lives, as the commands that share it find it. */
let directory: string;
let watcher: RunningUptop | undefined;

beforeAll(() => {
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-history-paths-'));
	// Searchable by the other users some tests run uptop as.
	chmodSync(directory, 0o711);
});

afterAll(async () => {
	await watcher?.stop();
	rmSync(directory, {recursive: true, force: true});
});

describe('a config reached through a symlink', () => {
	it('shares the history of its real path: a marker added through the link reaches the uptop watching the real path, and the report reads it', async () => {
		// A deploy script's /srv/uptop/current/checks.yaml beside the real path people type.
		const real = path.join(directory, 'x');
		mkdirSync(real);
		const config = path.join(real, 'checks.yaml');
		writeFileSync(config, 'defaults: {interval: 250ms, timeout: 200ms}\nchecks:\n  - {name: job, kind: command, run: ["true"]}\n');
		symlinkSync(real, path.join(directory, 'x-alias'));
		const alias = path.join(directory, 'x-alias', 'checks.yaml');
		const stateDir = path.join(directory, 'state');
		watcher = startUptop(['--state-dir', stateDir, config]);
		expect(await watcher.waitUntil(() => watcher!.stdout().includes('job'), 8000), watcher.stderr()).toBe(true);

		const mark = await runCli(['mark', '--config', alias, '--state-dir', stateDir, 'helm upgrade 2.1']);
		expect(mark.code, mark.stderr).toBe(0);
		expect(mark.stderr).toBe('');
		expect(await watcher.waitUntil(() => watcher!.stdout().includes('marker: helm upgrade 2.1'), 5000), watcher.stdout()).toBe(true);
		// One history, not one per way of naming the config.
		expect(readdirSync(stateDir).filter(name => name.endsWith('.jsonl'))).toHaveLength(1);

		const report = await runCli(['report', '--config', alias, '--state-dir', stateDir]);
		expect(report.code, report.stderr).toBe(0);
		expect(report.stderr).toBe('');
		expect(report.stdout).toContain('helm upgrade 2.1');
		await watcher.stop();
		watcher = undefined;
	}, 30_000);
});

describe('a home directory uptop cannot use', () => {
	it.skipIf(!canSwitchUser)('an empty HOME, for a user with no home of its own, puts no history in the current directory: mark says why, exit 3', () => {
		// A uid with no entry in the password database: no home to fall back on.
		const cwd = path.join(directory, 'empty-home');
		mkdirSync(cwd);
		chmodSync(cwd, 0o777);
		const config = path.join(cwd, 'checks.yaml');
		writeFileSync(config, 'checks:\n  - {name: job, kind: command, run: ["true"]}\n', {mode: 0o644});
		const mark = runAs(54_321, ['mark', '--config', config, 'release 1'], {HOME: ''}, cwd);
		expect(mark.stderr).toBe('uptop mark: no home directory to keep the history in (HOME is empty, and user 54321 has none in the password database); give --state-dir DIR, or set HOME or XDG_STATE_HOME to an absolute path\n');
		expect(mark.status).toBe(3);
		expect(mark.stdout).toBe('');
		expect(readdirSync(cwd)).toEqual(['checks.yaml']);
	});

	// A watch run has its checks to watch: it runs on without the history, and says so once, where mark and report stop.
	it.skipIf(!canSwitchUser).each([['--json', ['--json']], ['plain', []]] as const)('the same for a watch run (%s) runs on with the history disabled, and says so once', (_name, flags) => {
		const cwd = path.join(directory, `empty-home-watch-${_name}`);
		mkdirSync(cwd);
		chmodSync(cwd, 0o777);
		const config = path.join(cwd, 'checks.yaml');
		writeFileSync(config, 'defaults: {interval: 250ms, timeout: 200ms}\nchecks:\n  - {name: job, kind: command, run: ["true"]}\n', {mode: 0o644});
		const watch = runAs(54_321, [...flags, config], {HOME: ''}, cwd, 3000);
		expect(watch.stderr).toBe('uptop: history disabled for this run: no home directory to keep the history in (HOME is empty, and user 54321 has none in the password database); give --state-dir DIR, or set HOME or XDG_STATE_HOME to an absolute path\n');
		expect(watch.stdout).toMatch(flags.length > 0 ? /"state":"up"/ : /job.*\bup\b/);
		// Ended by the signal, as a watch run ends, not by the missing home.
		expect(watch.status).toBe(0);
		expect(readdirSync(cwd)).toEqual(['checks.yaml']);
	});

	it.skipIf(!canSwitchUser)('HOME=/nonexistent: the refusal names the directory uptop wanted to make, not only where it was refused', () => {
		const cwd = path.join(directory, 'nonexistent-home');
		mkdirSync(cwd);
		chmodSync(cwd, 0o777);
		const config = path.join(cwd, 'checks.yaml');
		writeFileSync(config, 'checks:\n  - {name: job, kind: command, run: ["true"]}\n', {mode: 0o644});
		const mark = runAs(65_534, ['mark', '--config', config, 'release 1'], {HOME: '/nonexistent'}, cwd);
		expect(mark.stderr).toMatch(/^uptop mark: cannot write \/nonexistent\/\.local\/state\/uptop\/checks-[\da-f]{12}\.jsonl: cannot make \/nonexistent\/\.local\/state\/uptop: no permission to write \/; /);
		expect(mark.status).toBe(3);
		expect(readdirSync(cwd)).toEqual(['checks.yaml']);
	});
});

describe('a compaction killed midway (kill -9)', () => {
	it('leaves a temp file the next uptop to start removes', async () => {
		const config = path.join(directory, 'compacted.yaml');
		writeFileSync(config, 'checks:\n  - {name: job, kind: command, run: [sleep, "20"], interval: 30s, timeout: 20s}\n');
		const stateDir = path.join(directory, 'compacted-state');
		expect((await runCli(['mark', '--config', config, '--state-dir', stateDir, 'release 1'])).code).toBe(0);
		const [history] = readdirSync(stateDir);
		const dead = spawnSync('/bin/sh', ['-c', 'echo $$'], {encoding: 'utf8'}).stdout.trim();
		const left = path.join(stateDir, `${history}.compact-${dead}`);
		writeFileSync(left, 'half of a compacted history\n');
		watcher = startUptop(['--state-dir', stateDir, config]);
		expect(await watcher.waitUntil(() => readdirSync(stateDir).some(name => name.endsWith('.watching')), 8000), watcher.stderr()).toBe(true);
		expect(existsSync(left)).toBe(false);
		await watcher.stop();
		watcher = undefined;
	}, 20_000);
});

describe('a history another user keeps (root\'s, 0600 in a 0700 directory), used by a second user on the bastion', () => {
	it.skipIf(!canSwitchUser)('mark and report say whose it is and what to do, in words, not Node\'s EACCES', async () => {
		const config = path.join(directory, 'shared.yaml');
		writeFileSync(config, 'checks:\n  - {name: job, kind: command, run: ["true"]}\n', {mode: 0o644});
		const stateDir = path.join(directory, 'root-state');
		// Root's uptop keeps its history here, 0600 in a 0700 directory.
		expect((await runCli(['mark', '--config', config, '--state-dir', stateDir, 'release 1'])).code).toBe(0);
		const [history] = readdirSync(stateDir);
		const file = path.join(stateDir, history!);
		expect(statSync(stateDir).mode & 0o777).toBe(0o700);

		const mark = runAs(65_534, ['mark', '--config', config, '--state-dir', stateDir, 'release 2'], {HOME: '/nonexistent'}, directory);
		expect(mark.stderr).toBe(`uptop mark: cannot write ${file}: ${stateDir} belongs to root, and uptop runs as nobody; run uptop mark as root, whose uptop keeps this history there\n`);
		expect(mark.status).toBe(3);

		const report = runAs(65_534, ['report', '--config', config, '--state-dir', stateDir], {HOME: '/nonexistent'}, directory);
		expect(report.stderr).toBe(`uptop report: cannot read ${file}: ${stateDir} belongs to root, and uptop runs as nobody; run uptop report as root, or watch with a --state-dir of your own\n`);
		expect(report.status).toBe(3);
		expect(report.stdout).toBe('');
	}, 20_000);
});

describe('a history key another user made (0600), in a state directory the second user may write', () => {
	/** A state directory of nobody's, holding a key owned by `keyOwner`, as a colleague's run left it. */
	function sharedStateWithKey(name: string, keyOwner: number): {config: string; stateDir: string; keyFile: string} {
		const config = path.join(directory, `${name}.yaml`);
		writeFileSync(config, 'checks:\n  - {name: "${SVC} api", kind: command, run: ["true"]}\n', {mode: 0o644});
		const stateDir = path.join(directory, `${name}-state`);
		mkdirSync(stateDir, {mode: 0o700});
		chownSync(stateDir, 65_534, 65_534);
		const keyFile = path.join(stateDir, 'history-key');
		writeFileSync(keyFile, `${'ab'.repeat(32)}\n`, {mode: 0o600});
		chownSync(keyFile, keyOwner, keyOwner);
		return {config, stateDir, keyFile};
	}

	it.skipIf(!canSwitchUser)('validate and mark name the key\'s owner, by name from /etc/passwd, so the on-call person knows whom to ask', () => {
		const {config, stateDir, keyFile} = sharedStateWithKey('root-key', 0);
		const validate = runAs(65_534, ['validate', '--state-dir', stateDir, config], {HOME: '/nonexistent', SVC: 'prod'}, directory);
		expect(validate.stderr).toContain(`its history is not kept: ${keyFile} belongs to root, and uptop runs as nobody; run uptop as root, or point --state-dir at a directory of your own, or run with --no-history.\n`);
		expect(validate.status).toBe(0);

		const mark = runAs(65_534, ['mark', '--config', config, '--state-dir', stateDir, '--check', 'prod api', 'release 1'], {HOME: '/nonexistent', SVC: 'prod'}, directory);
		expect(mark.stderr).toBe(`uptop mark: no marker for "•••• api": its name holds a value from the environment, and the key its history is kept under cannot be used: ${keyFile} belongs to root, and uptop runs as nobody; run uptop mark as root, or leave out --check to mark every check instead\n`);
		expect(mark.status).toBe(3);
	}, 20_000);

	it.skipIf(!canSwitchUser)('names an owner with no name in /etc/passwd by uid', () => {
		const {config, stateDir, keyFile} = sharedStateWithKey('uid-key', 54_321);
		const validate = runAs(65_534, ['validate', '--state-dir', stateDir, config], {HOME: '/nonexistent', SVC: 'prod'}, directory);
		expect(validate.stderr).toContain(`its history is not kept: ${keyFile} belongs to uid 54321, and uptop runs as nobody; run uptop as uid 54321, or point --state-dir at a directory of your own, or run with --no-history.\n`);
	}, 20_000);
});
