import http from 'node:http';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {startSlowAndUpFleet} from '../helpers/slow-and-up-fleet.js';
import {hasTmux, nodeBinary, requireBuild, shellQuote, TmuxPane, uptopBinary} from '../helpers/tmux.js';

const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

// The light palette's slow (dark amber) and accent (deep cyan) in a 256-colour terminal, and the dark one's.
const lightSlow = '\u001B[38;5;94m';
const lightAccent = '\u001B[38;5;31m';
// eslint-disable-next-line no-control-regex
const yellowOrCyan = /\u001B\[(?:\d+;)*(?:33|36)m/;

describe('the theme flag', () => {
	it('refuses a --theme it does not know with exit 3, naming the values it takes', async () => {
		const run = await runCli(['--theme', 'lite', '--once', 'missing.yaml']);
		expect(run.code).toBe(3);
		expect(run.stderr).toBe('uptop: --theme expects auto, dark or light, found "lite"\n');
	});
});

describe.skipIf(isTmuxMissing)('the theme in a real terminal', () => {
	let server: http.Server;
	let directory: string;
	const panes: TmuxPane[] = [];

	beforeAll(async () => {
		requireBuild();
		({server, directory} = await startSlowAndUpFleet('uptop-theme-'));
	});

	afterAll(() => {
		for (const pane of panes) {
			pane.kill();
		}

		server?.close();
	});

	/** The screen with its SGR codes once both checks have a result; CI unset: under it Ink draws no colour. */
	async function styledScreen(args: string, env: Record<string, string>): Promise<string> {
		const pane = TmuxPane.start(`${nodeBinary} ${uptopBinary} --no-history ${args} checks.yaml`, {cwd: directory, env, unset: ['CI', 'UPTOP_THEME', 'COLORFGBG', 'NO_COLOR']});
		panes.push(pane);
		await pane.waitFor(text => /slow\s+search api/.test(text) && /up\s+orders api/.test(text));
		const screen = pane.tmux(['capture-pane', '-p', '-e', '-t', '0']);
		pane.sendKeys('q');
		return screen;
	}

	it('draws slow and the accent in the light palette where COLORFGBG says the background is light', async () => {
		const screen = await styledScreen('', {COLORFGBG: '0;15'});
		expect(screen).toContain(lightSlow);
		expect(screen).toContain(lightAccent);
		expect(screen).not.toMatch(yellowOrCyan);
	});

	it('draws slow in grey, not black (plain text), with the light palette on a 16-colour terminal (TERM=xterm)', async () => {
		const screen = await styledScreen('--theme light', {TERM: 'xterm'});
		// tmux writes the background's default (49) after the foreground.
		// eslint-disable-next-line no-control-regex
		const drawnIn = (code: string, text: string): RegExp => new RegExp(`\u001B\\[${code}m(?:\u001B\\[49m)?[^\u001B]*${text}`);
		expect(screen).toMatch(drawnIn('90', '◔ slow'));
		expect(screen).toMatch(drawnIn('32', '✓ up'));
		expect(screen).not.toMatch(drawnIn('(?:30|38;5;\\d+)', '◔ slow'));
	});

	it('keeps yellow and cyan where COLORFGBG says the background is dark', async () => {
		const screen = await styledScreen('', {COLORFGBG: '15;0'});
		expect(screen).toMatch(yellowOrCyan);
		expect(screen).not.toContain(lightSlow);
	});

	it('takes UPTOP_THEME=light, and --theme dark over it', async () => {
		expect(await styledScreen('', {UPTOP_THEME: 'light'})).toContain(lightSlow);
		const dark = await styledScreen('--theme dark', {UPTOP_THEME: 'light', COLORFGBG: '0;15'});
		expect(dark).toMatch(yellowOrCyan);
		expect(dark).not.toContain(lightSlow);
	});

	it('draws no colour under NO_COLOR with the light theme', async () => {
		const screen = await styledScreen('--theme light', {NO_COLOR: '1'});
		// eslint-disable-next-line no-control-regex
		expect(screen).not.toMatch(/\u001B\[(?:\d+;)*(?:3[0-7]|9[0-7]|38;5;\d+)m/);
	});

	it('starts without colour under NO_COLOR though UPTOP_THEME is mistyped: no colours, nothing to choose', async () => {
		const screen = await styledScreen('', {NO_COLOR: '1', UPTOP_THEME: 'Solarized'});
		expect(screen).toMatch(/up\s+orders api/);
	});

	it('refuses a mistyped UPTOP_THEME before the screen starts, with exit 3', async () => {
		const script = `${nodeBinary} ${uptopBinary} --no-history checks.yaml; echo "EXIT=$?"; sleep 30`;
		const pane = TmuxPane.start(`sh -c ${shellQuote(script)}`, {cwd: directory, env: {UPTOP_THEME: 'Solarized'}, unset: ['CI']});
		panes.push(pane);
		const screen = await pane.waitFor(text => text.includes('EXIT='));
		expect(screen).toContain('uptop: UPTOP_THEME expects auto, dark or light, found "Solarized"');
		expect(screen).toContain('EXIT=3');
	});
});
