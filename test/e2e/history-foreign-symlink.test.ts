import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {historyFileFor} from '../../source/release/history-records.js';
import {userName} from '../../source/release/user-name.js';
import {requireBuild} from '../helpers/require-build.js';
import {nodeBinary, uptopBinary} from '../helpers/tmux.js';

/**
 * A state directory others may write in (a team's shared one, group-writable without the sticky bit): another user
 * plants a symlink where the history file goes, pointing at a file of this user's (root's mode-600 secrets). uptop
 * must not append its records to whatever that link names. Making a link owned by another uid needs root.
 */
const isRoot = process.getuid?.() === 0;
const otherUid = 54_321;
let directory: string;
let config: string;
let stateDir: string;

beforeAll(() => {
	directory = fs.mkdtempSync(path.join(tmpdir(), 'uptop-history-foreign-symlink-'));
	config = path.join(directory, 'checks.yaml');
	fs.writeFileSync(config, 'defaults: {interval: 250ms, timeout: 200ms}\nchecks:\n  - name: api\n    url: http://127.0.0.1:20600/health\n');
	stateDir = path.join(directory, 'state');
	fs.mkdirSync(stateDir, {mode: 0o777});
	fs.chmodSync(stateDir, 0o777);
});

afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

/** The victim file, and the history file as another user's symlink to it. */
function plantForeignLink(name: string): {readonly target: string; readonly link: string} {
	const target = path.join(directory, `${name}-secret`);
	fs.writeFileSync(target, 'root:only:secret\n', {mode: 0o600});
	const link = historyFileFor(config, {stateDir, isWatcher: true});
	fs.rmSync(link, {force: true});
	fs.symlinkSync(target, link);
	fs.lchownSync(link, otherUid, otherUid);
	return {target, link};
}

const refusal = (link: string): string => `${link} is a symlink owned by uid ${otherUid} (${userName(otherUid)}), not by you: not followed`;

describe.skipIf(!isRoot)('a history file that is another user\'s symlink', () => {
	it('is not followed by `uptop mark`: the file it names is left as it was, and why is said', () => {
		requireBuild();
		const {target, link} = plantForeignLink('mark');
		const mark = spawnSync(nodeBinary, [uptopBinary, 'mark', '--config', config, '--state-dir', stateDir, 'release 1.4'], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}, timeout: 15_000, killSignal: 'SIGKILL'});
		expect(mark.stderr).toContain(refusal(link));
		expect(mark.status).toBe(3);
		expect(fs.readFileSync(target, 'utf8')).toBe('root:only:secret\n');
		expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
	}, 20_000);

	it('is not followed by a run: history is disabled for the run, said once, and the file it names is left as it was', async () => {
		requireBuild();
		const {target, link} = plantForeignLink('run');
		const child = spawn(nodeBinary, [uptopBinary, '--json', '--state-dir', stateDir, config], {env: {...process.env, NO_COLOR: '1'}, stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000, killSignal: 'SIGKILL'});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		const exited = new Promise<void>(resolve => {
			child.on('close', () => resolve());
		});
		// Results for a few seconds: several flushes, each of which would append to the target.
		for (let waited = 0; stdout.split('\n').length < 6 && waited < 10_000; waited += 50) await new Promise(resolve => setTimeout(resolve, 50));
		child.kill('SIGTERM');
		await exited;
		expect(stderr).toContain(`history disabled for this run: ${refusal(link)}`);
		expect(stderr.split('history disabled').length - 1).toBe(1);
		expect(fs.readFileSync(target, 'utf8')).toBe('root:only:secret\n');
	}, 20_000);

	it('is followed when it is this user\'s own', () => {
		requireBuild();
		const target = path.join(directory, 'own-history.jsonl');
		const link = historyFileFor(config, {stateDir, isWatcher: true});
		fs.rmSync(link, {force: true});
		fs.symlinkSync(target, link);
		const mark = spawnSync(nodeBinary, [uptopBinary, 'mark', '--config', config, '--state-dir', stateDir, 'release 1.5'], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}, timeout: 15_000, killSignal: 'SIGKILL'});
		expect(mark.status, mark.stderr).toBe(0);
		expect(fs.readFileSync(target, 'utf8')).toContain('"label":"release 1.5"');
	}, 20_000);
});
