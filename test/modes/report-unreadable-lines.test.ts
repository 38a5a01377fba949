import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runReport} from '../../source/modes/report.js';
import {historyFileFor} from '../../source/release/history-records.js';

let dir: string;
let configPath: string;
let stateDir: string;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-unreadable-'));
	configPath = path.join(dir, 'checks.yaml');
	stateDir = path.join(dir, 'state');
	fs.writeFileSync(configPath, 'checks:\n  - name: app api\n    url: http://127.0.0.1:9/health\n    interval: 2s\n');
});
afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

function writeHistory(lines: readonly string[]): void {
	const file = historyFileFor(configPath, {stateDir});
	fs.mkdirSync(path.dirname(file), {recursive: true});
	fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

function report(now: number): {code: number; out: string; err: string} {
	let out = '';
	let err = '';
	const code = runReport({configPath, stateDir, now: () => now, stdout: text => { out += text; }, stderr: text => { err += text; }});
	return {code, out, err};
}

describe('uptop report over a history with lines it cannot read', () => {
	const start = Date.UTC(2026, 11, 2, 9, 0, 0);
	const result = (index: number) => JSON.stringify({t: 'r', at: start + index * 2000, id: 'app api', state: 'up', latencyMs: 20});

	it('says how many it skipped, on one line at its top, and still makes the report', () => {
		// A record glued to a torn one (a writer killed mid-write), and a line no uptop wrote.
		writeHistory([result(0), `{"t":"r","at":179629${result(1)}`, 'not json', result(2)]);
		const {code, out, err} = report(start + 3 * 2000);
		expect(err).toBe('');
		expect(code).toBe(0);
		const unreadable = out.split('\n').filter(line => line.includes('could not be read'));
		expect(unreadable).toEqual(['- Unreadable lines: 2 lines of the history file could not be read (torn by a crash mid-write, or not written by uptop) and were skipped: what they held is not in this report']);
		expect(out.indexOf(unreadable[0]!)).toBeLessThan(out.indexOf('- Window:'));
		expect(out).toMatch(/\| app api \| – \| up \| 100\.00 % \|/);
	});

	it('says nothing of them when every line was read', () => {
		writeHistory([result(0), result(1)]);
		expect(report(start + 2 * 2000).out).not.toContain('Unreadable');
	});
});
