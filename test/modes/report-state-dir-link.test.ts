import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runReport} from '../../source/modes/report.js';

/**
 * A state directory that is a symlink to a directory since removed (a volume not mounted, a home moved): the history
 * is not "not there yet", its place is broken, and the report says which link and where it points, as a run does.
 */
let dir: string;
let configPath: string;
let link: string;
let gone: string;
let out: string;
let err: string;
const io = {
	stdout(text: string) {
		out += text;
	},
	stderr(text: string) {
		err += text;
	},
};

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-report-state-link-'));
	configPath = path.join(dir, 'checks.yaml');
	fs.writeFileSync(configPath, 'checks:\n  - name: api\n    url: http://127.0.0.1:9/health\n');
	gone = path.join(dir, 'mounted-state');
	link = path.join(dir, 'state');
	fs.symlinkSync(gone, link);
	out = '';
	err = '';
});
afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

describe('uptop report with a state directory that is a dangling symlink', () => {
	it('names the link, its target and that the target does not exist, with a hint', () => {
		expect(runReport({configPath, stateDir: link, env: {}, ...io})).toBe(3);
		expect(err).not.toContain('no history yet');
		expect(err).toMatch(new RegExp(`^uptop report: cannot read ${link}/.+\\.jsonl: ${link} is a symlink to ${gone}, which does not exist; `));
		expect(err).toContain('--state-dir');
		expect(err.split('\n').filter(Boolean)).toHaveLength(1);
		expect(out).toBe('');
	});

	it('names it when it is a directory above the state directory', () => {
		const stateDir = path.join(link, 'uptop');
		expect(runReport({configPath, stateDir, env: {}, ...io})).toBe(3);
		expect(err).toContain(`${link} is a symlink to ${gone}, which does not exist`);
		expect(err).not.toContain('no history yet');
	});

	it('says no history yet once the target is there, empty', () => {
		fs.mkdirSync(gone);
		expect(runReport({configPath, stateDir: link, env: {}, ...io})).toBe(0);
		expect(err).toMatch(/^uptop report: no history yet at /);
	});
});
