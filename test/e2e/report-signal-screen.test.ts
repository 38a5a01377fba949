import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {historyFileFor} from '../../source/release/history-records.js';
import {hasTmux, nodeBinary, requireBuild, shellQuote, TmuxPane, uptopBinary} from '../helpers/tmux.js';

/*
 * A release watched in the live screen with `--report FILE`, stopped by SIGTERM: the report of a long history takes
 * seconds to make. The screen must be gone first, and for good: the shell's prompt on the primary screen, not drawn
 * over the stale table of an alternate screen left on.
 */
const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

const checkCount = 300;
let directory: string;
let configFile: string;
let stateDir: string;

beforeAll(() => {
	requireBuild();
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-report-screen-'));
	configFile = path.join(directory, 'checks.yaml');
	stateDir = path.join(directory, 'state');
	const names = Array.from({length: checkCount}, (_, index) => `service ${String(index).padStart(3, '0')} health`);
	// Port 9 (discard) refuses on loopback at once: every row has a result, and a reason, to draw.
	writeFileSync(configFile, ['defaults: {interval: 2s, timeout: 500ms}', 'checks:', ...names.flatMap(name => [`  - name: ${name}`, '    url: http://127.0.0.1:9/health']), ''].join('\n'));
	// Ten days of results for every check, about 10 MB: what a report of a long-watched fleet is made from.
	mkdirSync(stateDir);
	const lines: string[] = [];
	const start = Date.now() - 10 * 24 * 60 * 60_000;
	let size = 0;
	for (let index = 0; size < 10 * 1024 * 1024; index++) {
		for (const name of names) {
			const line = `${JSON.stringify({t: 'r', at: start + (index * 60_000), id: name, state: index % 40 === 0 ? 'failing' : 'up', latencyMs: 12.5})}\n`;
			lines.push(line);
			size += line.length;
		}
	}

	writeFileSync(historyFileFor(configFile, {stateDir}), lines.join(''));
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

describe.skipIf(isTmuxMissing)('SIGTERM to the live screen with --report and a long history', () => {
	let pane: TmuxPane | undefined;
	afterEach(() => {
		pane?.kill();
		pane = undefined;
	});

	// The terminal is slow to take the teardown (a frame of 320×200 cells): tmux's server is stopped for a
	// moment around the SIGTERM, so the teardown waits in uptop's queue as it does over a slow link. Shorter than the
	// screen's 1 s wait for it, the screen is gone before the report is made; longer, the restore is written at exit.
	it.each([500, 1500])('leaves the alternate screen and shows the cursor, the terminal not reading for %i ms', async pauseMs => {
		const report = path.join(directory, `release-${pauseMs}.md`);
		const pidFile = path.join(directory, `uptop-${pauseMs}.pid`);
		const inner = `echo $$ > ${shellQuote(pidFile)}; exec ${shellQuote(nodeBinary)} ${shellQuote(uptopBinary)} --state-dir ${shellQuote(stateDir)} --report ${shellQuote(report)} ${shellQuote(configFile)}`;
		pane = TmuxPane.start(`sh -c ${shellQuote(`sh -c ${shellQuote(inner)}; echo "EXIT=$?"; sleep 30`)}`, {cwd: directory, columns: 320, rows: 200});
		await pane.waitFor(screen => /service 0\d\d health/.test(screen) && /failing/.test(screen), 20_000);
		const server = Number(pane.display('#{pid}'));
		process.kill(server, 'SIGSTOP');
		try {
			process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
			await new Promise(resolve => {
				setTimeout(resolve, pauseMs);
			});
		} finally {
			process.kill(server, 'SIGCONT');
		}

		const screen = await pane.waitFor(text => text.includes('EXIT='), 45_000);
		expect(screen).toContain('EXIT=0');
		expect(pane.display('#{alternate_on}')).toBe('0');
		expect(pane.display('#{cursor_flag}')).toBe('1');
		// Said once the screen is gone, before the seconds the report takes. Not while the teardown still waits for the
		// terminal (1500 ms): it would be drawn on the alternate screen the restore at exit leaves.
		if (pauseMs < 1000) expect(screen).toContain(`uptop: writing report to ${report}…`);
		expect(screen).toContain(`uptop: report written to ${report}`);
		expect(existsSync(report)).toBe(true);
	}, 60_000);
});
