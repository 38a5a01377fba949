import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';

/** docs/config.md: a file nested thousands deep is "nesting too deep" at its place, in every mode; never a stack overflow. */

let directory: string;

beforeAll(() => {
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-deep-nesting-'));
	writeFileSync(path.join(directory, 'checks.yaml'), `checks: ${'['.repeat(20_000)}\n`);
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

describe('a checks file nested 20,000 deep', () => {
	for (const [mode, args] of [['uptop validate', ['validate', 'checks.yaml']], ['a watch start', ['checks.yaml']]] as const) {
		it(`${mode} names the file, the place and "nesting too deep"`, async () => {
			const run = await runCli(args, {cwd: directory});
			expect(run.stderr).toMatch(/^checks\.yaml:1:\d+: nesting too deep/m);
			expect(run.stderr).not.toMatch(/call stack|RangeError|\n\s+at /i);
			expect(run.code).not.toBe(0);
		});
	}
});
