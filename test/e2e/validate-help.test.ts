import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

let directory: string;

beforeAll(() => {
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-validate-help-'));
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

describe('--help on validate', () => {
	it('says validate shows the first 100 errors, as it does, not every error', async () => {
		const help = await runCli(['--help'], {cwd: directory});
		const start = help.stdout.indexOf('$ uptop validate');
		const end = help.stdout.indexOf('$ uptop init');
		const line = help.stdout.slice(start, end).replaceAll(/\s+/g, ' ');
		expect(line).not.toContain('every error');
		expect(line).toContain('the first 100, then how many more');

		// 101 checks with an unknown key each: the 101st is counted, not shown.
		const checks = Array.from({length: 101}, (_, index) => `  - {name: c${index}, url: "http://127.0.0.1:9/", timout: 5s}`).join('\n');
		writeFileSync(path.join(directory, 'checks.yaml'), `checks:\n${checks}\n`);
		const run = await runCli(['validate', 'checks.yaml'], {cwd: directory});
		expect(run.code).toBe(1);
		expect(run.stderr.match(/unknown key `timout`/g)).toHaveLength(100);
		expect(run.stderr).toContain('… and 1 more error, not shown');
	});
});
