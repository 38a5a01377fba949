import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {runCli} from '../helpers/run-cli.js';

// A title change, an OSC 8 hyperlink and a screen clear, with C1 and bidi controls: typed or passed by a script.
const hostile = '1\u001B]0;pwned\u0007\u001B]8;;http://evil.example\u0007x\u001B[2J\u009D0;c1\u009C\u202Eevil';
// eslint-disable-next-line no-control-regex
const raw = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E]/u;

describe('values echoed in usage errors reach stderr escaped', () => {
	let directory: string;
	let file: string;
	beforeAll(() => {
		directory = mkdtempSync(path.join(tmpdir(), 'uptop-stderr-'));
		file = path.join(directory, 'checks.yaml');
		writeFileSync(file, 'checks:\n  - {name: api, kind: tcp, host: "127.0.0.1:9"}\n');
	});
	afterAll(() => {
		rmSync(directory, {recursive: true, force: true});
	});

	it.each([
		['--wait', ['--once', '--wait', hostile]],
		['--concurrency', ['--once', '--concurrency', hostile]],
		['--only', ['--once', '--only', hostile]],
		['an unknown flag', ['--once', `--bogus${hostile}`]],
	])('%s', async (_name, args) => {
		const run = await runCli([file, ...args]);
		expect(run.code).toBe(3);
		expect(run.stderr).toContain('^[]0;pwned^G');
		expect(run.stderr).toContain('<U+009D>');
		expect(raw.test(run.stderr), JSON.stringify(run.stderr)).toBe(false);
	});
});
