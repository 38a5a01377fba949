import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {runReport} from '../../source/modes/report.js';
import {loadHistory} from '../../source/release/history-load.js';
import {historyFileFor} from '../../source/release/history-records.js';

/*
 * A history two real instances wrote on one config: screen A started, `uptop >> B.log` 0.65 s later, `uptop mark
 * "release 7"`, A suspended (ctrl-z) for 34 s while ctl api failed for 30 s, then `fg`. Every check's first state
 * is in it twice, A's results for ctl api stop for the outage and B's go on.
 */
const fixture = path.resolve('test/release/fixtures/two-writers-one-paused.jsonl');
const lastAt = 1_796_292_904_914;

let dir: string;
let configPath: string;
let stateDir: string;
beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-two-writers-'));
	configPath = path.join(dir, 'checks.yaml');
	stateDir = path.join(dir, 'state');
	fs.writeFileSync(configPath, `defaults:
  interval: 1s
  timeout: 1s
  slow: 500ms
checks:
  - name: ok api
    url: http://127.0.0.1:9/ok
  - name: failing api
    url: http://127.0.0.1:9/fail
    owner: "@db"
  - name: slow api
    url: http://127.0.0.1:9/slow
    interval: 3s
    timeout: 2500ms
    slow: 1s
  - name: ctl api
    url: http://127.0.0.1:9/ctl
  - name: refused api
    url: http://127.0.0.1:9/x
`);
	const file = historyFileFor(configPath, {stateDir});
	fs.mkdirSync(path.dirname(file), {recursive: true});
	fs.copyFileSync(fixture, file);
});
afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

function report(): string {
	let out = '';
	let err = '';
	const code = runReport({configPath, stateDir, now: () => lastAt + 1000, stdout: text => { out += text; }, stderr: text => { err += text; }});
	expect(err).toBe('');
	expect(code).toBe(0);
	return out;
}

const section = (text: string, name: string) => text.slice(text.indexOf(`### ${name}\n`)).split('\n\n')[1] ?? '';

describe('a report on a history two instances wrote at once', () => {
	it('counts the outage one instance recorded while the other was suspended', () => {
		// The table said 100.00 %, 0.0 % → 0.0 %, "no change", above the 30 s failure "Needs attention" listed.
		const text = report();
		const row = text.split('\n').find(line => line.startsWith('| ctl api |')) ?? '';
		// After the marker B's 57 results, 30 of them failing; before it A's, read alone. The uptime is cut, not
		// rounded (63.855… reads 63.85), as on the screen and in --json.
		expect(row).toMatch(/^\| ctl api \| – \| up \| 63\.85 % \| .* \| 0\.0 % → 52\.6 % \(\+52\.6 pts\) \| \*\*worse\*\* \(error rate \+53 pts\) \|$/);
		expect(text).toContain('- Verdicts: 1 worse,');
		expect(text).toContain('- 2026-12-03 10:14:11 UTC → 2026-12-03 10:14:41 UTC (30s): status 503, expected 2xx');
	});

	it('lists each first state once, at the earlier instance\'s time', () => {
		const text = report();
		expect(section(text, 'ok api')).toBe('- No failing periods.\n- State changes: 1\n  - 2026-12-03 10:13:42 UTC pending → up');
		expect(section(text, 'slow api')).toBe('- No failing periods.\n- State changes: 1\n  - 2026-12-03 10:13:43 UTC pending → slow');
		expect(section(text, 'ctl api')).toContain('- State changes: 3\n');
		const changes = loadHistory(historyFileFor(configPath, {stateDir})).transitions;
		expect(changes.filter(change => change.id === 'failing api').map(change => [change.at, change.from, change.to])).toEqual([[1_796_292_822_089, 'pending', 'failing']]);
	});
});
