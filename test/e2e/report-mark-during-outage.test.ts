import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {historyFileFor} from '../../source/release/history-records.js';
import {runCli} from '../helpers/run-cli.js';

/**
 * A deploy that restarts the service, its script running `uptop mark` during the restart: the mark's line is written
 * then, and the version change's when the new version answers, with the time the outage began, earlier than the
 * mark's and than the results written before it. `uptop report` must read the two as one deploy, begun with the outage.
 */
let directory: string;
let configFile: string;
let stateDir: string;

const start = Math.floor((Date.now() - 20 * 60_000) / 60_000) * 60_000;
const writer = '4242-9f1c0a3b';
const refused = {code: 'refused', message: 'connection refused'};
const time = (second: number) => `${new Date(start + second * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

beforeAll(() => {
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-report-mark-outage-'));
	configFile = path.join(directory, 'checks.yaml');
	stateDir = path.join(directory, 'state');
	writeFileSync(configFile, 'checks:\n  - {name: api, url: "http://127.0.0.1:21650/", interval: 1s, version: {json: version}}\n');
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

type Line = Record<string, unknown>;

/** In the order uptop appends them: v4 up for 10 min, down 35 s (the mark 25 s in), then v5. */
function writeHistory(): void {
	const lines: Line[] = [];
	let state: string | undefined;
	for (let second = 0; second < 900; second++) {
		const at = start + second * 1000;
		if (second === 625) lines.push({t: 'm', at, label: 'deploy api 5.0.0', source: 'command', w: '5151-0c0ffee0'});
		// Written with v5's first answer, at the outage's first result.
		if (second === 635) lines.push({t: 'm', at: start + 600_000, label: 'api 4.0.0 → 5.0.0', checkId: 'api', source: 'version', w: writer});
		const next = second >= 600 && second < 635 ? 'failing' : 'up';
		if (state !== next) lines.push({t: 's', at, id: 'api', from: state ?? 'pending', to: next, ...(next === 'failing' ? {reason: refused} : {}), w: writer});
		lines.push({t: 'r', at, id: 'api', state: next, latencyMs: next === 'up' ? 20 : 1, ...(next === 'failing' ? {reason: refused} : {}), w: writer});
		state = next;
	}

	mkdirSync(stateDir, {recursive: true, mode: 0o700});
	writeFileSync(historyFileFor(configFile, {stateDir}), `${lines.map(line => JSON.stringify(line)).join('\n')}\n`);
}

describe('uptop report on a deploy marked during its restart', () => {
	it('compares around the version change where the outage began, with the outage after it', async () => {
		writeHistory();
		const run = await runCli(['report', '--config', configFile, '--state-dir', stateDir], {env: {TZ: 'UTC'}});
		expect(run.stderr).toBe('');
		expect(run.code).toBe(0);
		const markers = run.stdout.slice(run.stdout.indexOf('## Markers'), run.stdout.indexOf('## Before / after'));
		expect(markers).toContain(`- ${time(600)} — api 4.0.0 → 5.0.0`);
		expect(markers).toContain(`- ${time(625)} — deploy api 5.0.0 (uptop mark)`);
		expect(run.stdout).toMatch(/^- Verdicts: 1 worse, 0 better, /m);
		// Down from v4's last answer to v5's first: all of it after the deploy began.
		expect(run.stdout).toMatch(/\| 0\.0 % → \d+\.\d % \(\+\d+\.\d pts\) \| \*\*worse\*\*/);
	});
});
