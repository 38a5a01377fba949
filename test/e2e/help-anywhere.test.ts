import {existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

let directory: string;

beforeAll(() => {
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-help-anywhere-'));
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

describe('--help and --version after other words', () => {
	it('init --help prints the usage and writes no checks.yaml', async () => {
		const cwd = mkdtempSync(path.join(directory, 'init-'));
		const run = await runCli(['init', '--help'], {cwd});
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('Usage');
		expect(existsSync(path.join(cwd, 'checks.yaml'))).toBe(false);
	});

	it('mark "deploy 1.5" --help prints the usage and adds no marker to the history', async () => {
		const cwd = mkdtempSync(path.join(directory, 'mark-'));
		writeFileSync(path.join(cwd, 'checks.yaml'), 'checks:\n  - {name: orders api, url: "http://127.0.0.1:9/health"}\n');
		const stateDir = path.join(cwd, 'state');
		const run = await runCli(['mark', 'deploy 1.5', '--help', '--state-dir', stateDir], {cwd});
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('Usage');
		expect(run.stdout).not.toContain('marker "deploy 1.5" added');
		expect(existsSync(stateDir) ? readdirSync(stateDir) : []).toEqual([]);
	});

	it('--once --help prints the usage instead of probing the checks', async () => {
		const cwd = mkdtempSync(path.join(directory, 'once-'));
		writeFileSync(path.join(cwd, 'checks.yaml'), 'checks:\n  - {name: orders api, url: "http://127.0.0.1:9/health"}\n');
		const run = await runCli(['--once', '--help', '--no-history'], {cwd});
		expect(run.code).toBe(0);
		expect(run.stdout).toContain('Usage');
		expect(run.stdout).not.toContain('orders api');
	});

	it('--no-color --version prints the version and runs nothing', async () => {
		const cwd = mkdtempSync(path.join(directory, 'version-'));
		const run = await runCli(['--no-color', '--version'], {cwd});
		expect(run.code).toBe(0);
		expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
	});

	it('a --help after -- is a word, not a flag: mark takes it as the label', async () => {
		const cwd = mkdtempSync(path.join(directory, 'dashdash-'));
		writeFileSync(path.join(cwd, 'checks.yaml'), 'checks:\n  - {name: orders api, url: "http://127.0.0.1:9/health"}\n');
		const run = await runCli(['mark', '--state-dir', path.join(cwd, 'state'), '--', '--help'], {cwd});
		expect(run.stdout).not.toContain('Usage');
	});

	it('takes -h for --help, also after other words', async () => {
		const cwd = mkdtempSync(path.join(directory, 'short-'));
		for (const argv of [['-h'], ['init', '-h'], ['--once', '-h', '--no-history']]) {
			// eslint-disable-next-line no-await-in-loop
			const run = await runCli(argv, {cwd});
			expect(run.code, argv.join(' ')).toBe(0);
			expect(run.stdout, argv.join(' ')).toContain('Usage');
		}

		expect(existsSync(path.join(cwd, 'checks.yaml'))).toBe(false);
	});
});
