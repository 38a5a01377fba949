import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {requireBuild} from '../helpers/require-build.js';
import {nodeBinary, uptopBinary} from '../helpers/tmux.js';

/**
 * A FIFO or a device among a config's includes (a glob matching `ln -s /dev/zero checks.d/zero.yaml`): reading it
 * whole never ended (or never began: a FIFO's open waits for a writer), and uptop grew to gigabytes or hung. Each
 * run here is bounded in time: a hang fails the test rather than the suite.
 */
let directory: string;
const check = '  - name: api\n    url: http://127.0.0.1:20500/\n';

const validate = (file: string, cwd = directory) => spawnSync(nodeBinary, [uptopBinary, 'validate', file], {cwd, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}, timeout: 15_000, killSignal: 'SIGKILL'});

beforeAll(() => {
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-special-files-'));
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

describe('config files that are not regular files', () => {
	it('refuses an include that is a symlink to /dev/zero, at once, naming what it is', () => {
		requireBuild();
		const here = path.join(directory, 'zero');
		mkdirSync(path.join(here, 'checks.d'), {recursive: true});
		writeFileSync(path.join(here, 'checks.yaml'), `include: [checks.d/*.yaml]\nchecks:\n${check}`);
		symlinkSync('/dev/zero', path.join(here, 'checks.d/zero.yaml'));
		const run = validate('checks.yaml', here);
		expect(run.error).toBeUndefined();
		expect(run.status).toBe(1);
		expect(run.stdout + run.stderr).toMatch(/config file checks\.d\/zero\.yaml is a character device \(\/dev\/zero\), not a regular file/);
		expect(run.stdout + run.stderr).toMatch(/hint: .*include only regular files/);
	});

	it.skipIf(!existsSync('/usr/bin/mkfifo'))('refuses an include that is a FIFO without waiting for a writer', () => {
		requireBuild();
		const here = path.join(directory, 'fifo');
		mkdirSync(here, {recursive: true});
		writeFileSync(path.join(here, 'checks.yaml'), `include: [pipe.yaml]\nchecks:\n${check}`);
		expect(spawnSync('/usr/bin/mkfifo', [path.join(here, 'pipe.yaml')]).status).toBe(0);
		const run = validate('checks.yaml', here);
		expect(run.error).toBeUndefined();
		expect(run.status).toBe(1);
		expect(run.stdout + run.stderr).toMatch(/config file pipe\.yaml is a FIFO \(named pipe\), not a regular file/);
	});

	it('reads a config given as /dev/zero only as far as its size limit', () => {
		requireBuild();
		const run = validate('/dev/zero');
		expect(run.error).toBeUndefined();
		expect(run.status).toBe(1);
		expect(run.stdout + run.stderr).toMatch(/\/dev\/zero is larger than 4 MiB/);
	});

	it('still reads the config named on the command line through process substitution (a pipe)', () => {
		requireBuild();
		const file = path.join(directory, 'piped.yaml');
		writeFileSync(file, `checks:\n${check}`);
		const run = spawnSync('bash', ['-c', `"$0" "$1" validate <(cat "$2")`, nodeBinary, uptopBinary, file], {cwd: directory, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}, timeout: 15_000, killSignal: 'SIGKILL'});
		expect(run.error).toBeUndefined();
		expect(run.stdout + run.stderr).toMatch(/1 check/);
		expect(run.status).toBe(0);
	});
});
