import {spawnSync} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {requireBuild} from '../helpers/require-build.js';
import {nodeBinary, uptopBinary} from '../helpers/tmux.js';

/**
 * A deploy script run as a user that cannot read the config (another user's 0600 file). Root reads any file
 * whatever its mode, so as root the binary runs as nobody through setpriv, as a deploy user would.
 */
const isRoot = process.getuid?.() === 0;
const asUser = isRoot ? ['/usr/bin/setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
let directory: string;

beforeAll(() => {
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-mark-unreadable-'));
	// nobody must reach the config (to be refused reading it) and make the state directory.
	chmodSync(directory, 0o777);
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

describe('uptop mark with a config it cannot read', () => {
	it.skipIf(isRoot && !existsSync(asUser[0]!))('adds no marker (its label could hold one of the config\'s secrets), says which file and what to do, and exits 3', () => {
		requireBuild();
		const config = path.join(directory, 'checks.yaml');
		writeFileSync(config, 'checks:\n  - name: api\n    url: "http://127.0.0.1:9/?token=${TOKEN}"\n');
		chmodSync(config, 0o000);
		const stateDir = path.join(directory, 'state');
		const [program, ...args] = [...asUser, nodeBinary, uptopBinary, 'mark', '--config', config, '--state-dir', stateDir, 'deploy prodtoken123'];
		const mark = spawnSync(program!, args, {encoding: 'utf8', env: {...process.env, TOKEN: 'prodtoken123', NO_COLOR: '1'}, timeout: 15_000});
		expect(mark.stderr).toBe(`uptop mark: cannot read ${config} (permission denied), so which values in the label are its secrets is unknown; no marker added: run uptop mark as a user that can read it (the one uptop runs as)\n`);
		expect(mark.status).toBe(3);
		expect(mark.stdout).toBe('');
		expect(existsSync(stateDir)).toBe(false);
	});

	it.skipIf(!existsSync('/usr/bin/mkfifo'))('does not wait for a writer on an include that is a FIFO, and adds no marker, as its secrets are unknown', () => {
		requireBuild();
		const here = path.join(directory, 'fifo');
		mkdirSync(here, {recursive: true});
		const config = path.join(here, 'checks.yaml');
		writeFileSync(config, 'include: [pipe.yaml]\nchecks:\n  - name: api\n    url: "http://127.0.0.1:20550/?token=${TOKEN}"\n');
		const pipe = path.join(here, 'pipe.yaml');
		expect(spawnSync('/usr/bin/mkfifo', [pipe]).status).toBe(0);
		const stateDir = path.join(here, 'state');
		// SIGKILL: a hang fails this test rather than leaving uptop behind (it ignores SIGTERM in some phases).
		const mark = spawnSync(nodeBinary, [uptopBinary, 'mark', '--config', config, '--state-dir', stateDir, 'deploy prodtoken123'], {encoding: 'utf8', env: {...process.env, TOKEN: 'prodtoken123', NO_COLOR: '1'}, timeout: 15_000, killSignal: 'SIGKILL'});
		expect(mark.error).toBeUndefined();
		expect(mark.signal).toBeNull();
		expect(mark.stderr).toBe(`uptop mark: cannot read ${pipe} (it is a FIFO (named pipe), not a regular file), so which values in the label are its secrets is unknown; no marker added: make it a regular file, or leave it out of the config's includes\n`);
		expect(mark.status).toBe(3);
		expect(existsSync(stateDir)).toBe(false);
	});
});
