import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {historyFileFor} from '../../source/release/history-records.js';
import {runCli} from '../helpers/run-cli.js';

/**
 * Two deploys of one check in the history, the first without a hitch, the second a restart with 15 s down: the
 * default report's window starts at the first one's version marker (the before side of the latest stops there). The
 * Verdicts line must name the deploy the outage followed, not the window's first marker.
 */
let directory: string;
let configFile: string;
let stateDir: string;

// Recent enough to be the default window's, whole minutes so the times are easy to read.
const start = Math.floor((Date.now() - 20 * 60_000) / 60_000) * 60_000;
const writer = '4242-9f1c0a3b';
const refused = {code: 'refused', message: 'connection refused'};

beforeAll(() => {
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-report-failed-after-'));
	configFile = path.join(directory, 'checks.yaml');
	stateDir = path.join(directory, 'state');
	writeFileSync(configFile, 'checks:\n  - {name: api, url: "http://127.0.0.1:21650/", interval: 1s, version: {json: version}}\n');
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

type Line = Record<string, unknown>;

function writeHistory(): void {
	const lines: Line[] = [];
	let state: string | undefined;
	for (let second = 0; second < 900; second++) {
		const at = start + second * 1000;
		const next = second >= 600 && second < 615 ? 'failing' : 'up';
		if (second === 300) lines.push({t: 'm', at: start + 300_000, label: 'api 3.0.0 → 4.0.0', checkId: 'api', source: 'version', w: writer});
		if (second === 600) lines.push({t: 'm', at: start + 600_000, label: 'api 4.0.0 → 5.0.0', checkId: 'api', source: 'version', w: writer});
		if (state !== next) lines.push({t: 's', at, id: 'api', from: state ?? 'pending', to: next, ...(next === 'failing' ? {reason: refused} : {}), w: writer});
		lines.push({t: 'r', at, id: 'api', state: next, latencyMs: next === 'up' ? 20 : 1, ...(next === 'failing' ? {reason: refused} : {}), w: writer});
		state = next;
	}

	mkdirSync(stateDir, {recursive: true, mode: 0o700});
	writeFileSync(historyFileFor(configFile, {stateDir}), `${lines.map(line => JSON.stringify(line)).join('\n')}\n`);
}

describe('uptop report after two deploys, the latest one followed by a failure', () => {
	it('names the deploy the failure followed on the Verdicts line, not the window\'s first marker', async () => {
		writeHistory();
		const run = await runCli(['report', '--config', configFile, '--state-dir', stateDir], {env: {TZ: 'UTC'}});
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		// The window starts at the first deploy's marker, five minutes before the one the outage followed.
		expect(run.stdout).toContain(`- Window: ${new Date(start + 300_000).toISOString().slice(0, 19).replace('T', ' ')} UTC`);
		const verdicts = run.stdout.split('\n').find(line => line.startsWith('- Verdicts: '));
		expect(verdicts).toContain('1 check failed after "api 4.0.0 → 5.0.0" and is up now');
	});

	it('names the same deploy on the check\'s "After:" line under "Needs attention" as on the Verdicts line', async () => {
		writeHistory();
		const run = await runCli(['report', '--config', configFile, '--state-dir', stateDir], {env: {TZ: 'UTC'}});
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const attention = run.stdout.split('## Needs attention')[1] ?? '';
		const time = (at: number) => `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
		// The outage began at the second marker: it followed that deploy, not the one the window starts at.
		expect(attention).toContain('failed after the release began, up now\n');
		expect(attention).toContain(`\n\n- After: api 4.0.0 → 5.0.0 at ${time(start + 600_000)}\n- Failed: ${time(start + 600_000)} → `);
		expect(attention).not.toContain('- After: api 3.0.0 → 4.0.0');
	});
});
