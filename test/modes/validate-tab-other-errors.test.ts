import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {ConfigError} from '../../source/config/config-error.js';
import {loadConfig} from '../../source/config/load-config.js';
import {runValidate} from '../../source/modes/validate.js';

/**
 * A tab in a YAML file's indentation, and other mistakes beside it: `uptop validate` reports them all in one run,
 * the others found by reading the tab as spaces, and says so, not the tab alone (one fix a run).
 */
let directory: string;
let file: string;
beforeEach(() => {
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-validate-tab-'));
	file = path.join(directory, 'checks.yaml');
});
afterEach(() => {
	rmSync(directory, {recursive: true, force: true});
});

function validate() {
	let stdout = '';
	let stderr = '';
	const code = runValidate(file, {stdout: text => (stdout += text), stderr: text => (stderr += text), env: {}});
	return {code, stdout, stderr};
}

function issuesOf(): ConfigError['issues'] {
	try {
		loadConfig(file, {env: {}});
	} catch (error) {
		if (error instanceof ConfigError) return error.issues;
		throw error;
	}

	throw new Error('expected the file to be refused');
}

const tabbed = [
	'checks:',
	'  - name: api',
	'\turl: http://127.0.0.1:21100/health',
	'  - name: web',
	'    url: http://127.0.0.1:21101/',
	'    timout: 2s',
	'    interval: 5 s',
	'',
].join('\n');

describe('uptop validate on a file with a tab in its indentation and other errors', () => {
	it('reports the tab (file:line:column, use spaces) and the other errors, saying how they were found', () => {
		writeFileSync(file, tabbed);
		const {code, stdout, stderr} = validate();
		expect(code).toBe(1);
		expect(stdout).toBe('');
		expect(stderr).toContain(`${file}:3:1: tab used for indentation`);
		expect(stderr).toContain('replace the tab with spaces');
		expect(stderr).toContain('read with each such tab as spaces');
		expect(stderr).toContain(`${file}:6:5: unknown key \`timout\``);
		expect(stderr).toContain(`${file}:7:`);
		expect(stderr).toContain('3 errors in');
	});

	it('points the other errors at the columns of the file as written, on the tab\'s own line too', () => {
		// The tab read as 4 spaces: `time` would be at column 8 of that reading, and is at column 5 of the file.
		writeFileSync(file, 'checks:\n  - name: api\n    url: http://127.0.0.1:21102/health\n\ttimeout: soon\n');
		const issues = issuesOf();
		expect(issues.map(issue => [issue.line, issue.column, issue.message])).toEqual([
			[4, 1, 'tab used for indentation'],
			[4, expect.any(Number), expect.stringContaining('soon')],
		]);
		expect(issues[1]!.column).toBe('\ttimeout: '.length + 1);
	});

	it('reads a tab right after a list item\'s dash as spaces too, and reports the other errors with it', () => {
		// `-<tab>name: api`: the tab is the separation after the dash, which YAML counts as the mapping's indentation.
		writeFileSync(file, tabbed.replace('  - name: api\n\turl', '  -\tname: api\n    url'));
		const {code, stdout, stderr} = validate();
		expect(code).toBe(1);
		expect(stdout).toBe('');
		expect(stderr).toContain(`${file}:2:4: tab used for indentation`);
		expect(stderr).toContain('read with each such tab as spaces');
		expect(stderr).toContain(`${file}:6:5: unknown key \`timout\``);
		expect(stderr).toContain(`${file}:7:`);
		expect(stderr).toContain('3 errors in');
	});

	it('points an error on a line with a tab after its dash at the column of the file as written', () => {
		writeFileSync(file, 'checks:\n  - name: api\n    url: http://127.0.0.1:21300/health\n  -\ttimeout: soon\n    name: web\n    url: http://127.0.0.1:21301/\n');
		const issues = issuesOf();
		expect(issues.map(issue => [issue.line, issue.column, issue.message])).toEqual([
			[4, 4, 'tab used for indentation'],
			[4, '  -\ttimeout: '.length + 1, expect.stringContaining('soon')],
		]);
	});

	it('keeps the tab alone, with its old hint, when no width makes the file whole', () => {
		writeFileSync(file, 'checks:\n  - name: api\n\t\t\turl: http://127.0.0.1:21103/a\n   oops: [\n');
		const issues = issuesOf();
		expect(issues[0]).toMatchObject({line: 3, message: 'tab used for indentation', hint: expect.stringContaining('checked once no tab is left')});
	});
});
