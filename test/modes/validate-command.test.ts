import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {runValidate} from '../../source/modes/validate.js';

const directories: string[] = [];
afterEach(() => {
	for (const directory of directories.splice(0)) {
		rmSync(directory, {recursive: true, force: true});
	}
});

function write(files: Record<string, string>): string {
	const directory = mkdtempSync(path.join(tmpdir(), 'uptop-validate-command-'));
	directories.push(directory);
	for (const [name, text] of Object.entries(files)) {
		writeFileSync(path.join(directory, name), text);
	}

	return directory;
}

function validate(file: string, env: NodeJS.ProcessEnv = {}) {
	let stdout = '';
	let stderr = '';
	const code = runValidate(file, {stdout: text => (stdout += text), stderr: text => (stderr += text), env});
	return {code, stdout, stderr};
}

describe('uptop validate refuses a command that cannot be started', () => {
	it('with a NUL in a `run` argument, at the argument', () => {
		const directory = write({'checks.yaml': 'checks:\n  - name: echo\n    kind: command\n    run: [/bin/echo, "x\\0y"]\n'});
		const result = validate(path.join(directory, 'checks.yaml'));
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain('checks.yaml:4:22: item 2 of `run` holds a NUL (U+0000) at character 2: no program can be given it\n');
		expect(result.stderr).toContain('hint: remove it; in a "double-quoted" string YAML reads \\0 and \\x00 as a NUL');
	});

	it('with a NUL in a `shell: true` command line', () => {
		const directory = write({'checks.yaml': 'checks:\n  - name: echo\n    kind: command\n    shell: true\n    run: "echo x\\0y"\n'});
		const result = validate(path.join(directory, 'checks.yaml'));
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('checks.yaml:5:10: `run` holds a NUL (U+0000) at character 7: no program can be given it\n');
	});

	it('with a NUL in an `env` value, at the value, without showing it', () => {
		const directory = write({'checks.yaml': 'checks:\n  - name: db\n    kind: command\n    run: [/bin/true]\n    env: {DB_PASSWORD: "pw-k7q\\0", REGION: eu-1}\n'});
		const result = validate(path.join(directory, 'checks.yaml'));
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('checks.yaml:5:24: the env value holds a NUL (U+0000) at character 7: no environment variable can hold it\n');
		expect(result.stderr).not.toContain('pw-k7q');
	});

	it('with a `cwd` that does not exist, or is a file, at the `cwd:`', () => {
		const directory = write({'checks.yaml': 'checks:\n  - name: a\n    kind: command\n    run: [/bin/true]\n    cwd: jobs/missing\n  - {name: b, kind: command, run: [/bin/true], cwd: notes.txt}\n', 'notes.txt': 'x\n'});
		const result = validate(path.join(directory, 'checks.yaml'));
		expect(result.code).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain(`checks.yaml:5:10: working directory ${path.join(directory, 'jobs/missing')} does not exist\n`);
		expect(result.stderr).toContain('hint: a relative `cwd:` is read from the directory of the file it is written in; every probe of the check fails until the directory is there');
		expect(result.stderr).toContain(`checks.yaml:6:53: working directory ${path.join(directory, 'notes.txt')} is not a directory\n`);
	});

	it('hides a `cwd` that came from the environment', () => {
		const directory = write({'checks.yaml': 'checks:\n  - {name: a, kind: command, run: [/bin/true], cwd: "${JOB_DIR}"}\n'});
		const result = validate(path.join(directory, 'checks.yaml'), {JOB_DIR: '/srv/k7-private-jobs'});
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('does not exist');
		expect(result.stderr).not.toContain('k7-private-jobs');
	});

	it('takes a command whose `cwd` is a directory, and one with none', () => {
		const directory = write({'checks.yaml': 'checks:\n  - {name: a, kind: command, run: [/bin/true], cwd: jobs}\n  - {name: b, kind: command, run: [/bin/true]}\n'});
		mkdirSync(path.join(directory, 'jobs'));
		expect(validate(path.join(directory, 'checks.yaml'))).toEqual({code: 0, stdout: '2 checks OK\n', stderr: ''});
	});
});
