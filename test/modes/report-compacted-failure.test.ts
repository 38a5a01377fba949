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
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-compacted-'));
	configPath = path.join(dir, 'checks.yaml');
	stateDir = path.join(dir, 'state');
	fs.writeFileSync(configPath, 'checks:\n  - name: app api\n    url: http://127.0.0.1:9/health\n    interval: 2s\n');
});
afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

describe('a failure that began before the history does (its change into failing compacted away)', () => {
	it('is an incident "already failing" up to the recorded recovery, not "No failing periods"', () => {
		// 100 failing results, then 50 up ones, 2 s apart; the change to up is recorded, the one into failing was
		// dropped by the history's age or size compaction.
		const start = Date.UTC(2026, 11, 2, 9, 0, 0);
		const refused = {code: 'refused', message: 'connection refused'};
		const lines: string[] = [];
		for (let index = 0; index < 150; index++) {
			const at = start + index * 2000;
			const isFailing = index < 100;
			lines.push(JSON.stringify({t: 'r', at, id: 'app api', state: isFailing ? 'failing' : 'up', latencyMs: isFailing ? 1 : 20, ...(isFailing ? {reason: refused} : {})}));
			if (index === 100) lines.push(JSON.stringify({t: 's', at, id: 'app api', from: 'failing', to: 'up'}));
		}

		const file = historyFileFor(configPath, {stateDir});
		fs.mkdirSync(path.dirname(file), {recursive: true});
		fs.writeFileSync(file, `${lines.join('\n')}\n`);
		let out = '';
		let err = '';
		const code = runReport({configPath, stateDir, now: () => start + 150 * 2000, stdout: text => { out += text; }, stderr: text => { err += text; }});
		expect(err).toBe('');
		expect(code).toBe(0);
		expect(out).toMatch(/\| app api \| – \| up \| 33\.33 % \|/);
		expect(out).not.toContain('- No failing periods.');
		expect(out).toContain('### app api\n\n- 2026-12-02 09:00:00 UTC (already failing) → 2026-12-02 09:03:20 UTC (3m 20s): connection refused\n- State changes: 1\n  - 2026-12-02 09:03:20 UTC failing → up\n');
	});
});
