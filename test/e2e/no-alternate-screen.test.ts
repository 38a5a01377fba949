import http from 'node:http';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSlowAndUpFleet} from '../helpers/slow-and-up-fleet.js';
import {hasTmux, nodeBinary, requireBuild, shellQuote, TmuxPane, uptopBinary} from '../helpers/tmux.js';

const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

const header = 'uptop · checks.yaml';
const footer = /\? help {2}q quit/;

describe.skipIf(isTmuxMissing)('what quitting leaves in the terminal', () => {
	let server: http.Server;
	let directory: string;
	const panes: TmuxPane[] = [];
	let runs = 0;

	beforeAll(async () => {
		requireBuild();
		({server, directory} = await startSlowAndUpFleet('uptop-no-alternate-'));
	});

	afterAll(() => {
		for (const pane of panes) pane.kill();
		server?.close();
	});

	/**
	 * The pane's scrollback and screen, top to bottom, after uptop ran in it (with tmux's `alternate-screen` as
	 * given, set before uptop starts) and quit with q once both checks had a result and a few frames were drawn.
	 */
	async function linesAfterQuit(alternateScreen: 'on' | 'off'): Promise<string[]> {
		runs += 1;
		const go = path.join(directory, `go-${runs}`);
		const script = `while [ ! -e ${shellQuote(go)} ]; do sleep 0.02; done; echo before-uptop; ${nodeBinary} ${uptopBinary} --no-history checks.yaml; echo "EXIT=$?"; sleep 30`;
		const pane = TmuxPane.start(`sh -c ${shellQuote(script)}`, {cwd: directory, columns: 100, rows: 20, unset: ['CI']});
		panes.push(pane);
		pane.tmux(['set-window-option', '-g', 'alternate-screen', alternateScreen]);
		writeFileSync(go, '');
		await pane.waitFor(text => /slow\s+search api/.test(text) && /up\s+orders api/.test(text));
		// Frames drawn after the first, as a screen that ran a while has.
		await new Promise(resolve => setTimeout(resolve, 1500));
		pane.sendKeys('q');
		await pane.waitFor(text => text.includes('EXIT='));
		const lines = pane.tmux(['capture-pane', '-p', '-S', '-', '-t', '0']).split('\n').map(line => line.trimEnd());
		while (lines.at(-1) === '') lines.pop();
		return lines;
	}

	it('leaves the last frame once, with the prompt on the line below it, where the terminal ignores the alternate screen', async () => {
		const lines = await linesAfterQuit('off');
		expect(lines.filter(line => line.includes(header))).toHaveLength(1);
		expect(lines.filter(line => /orders api/.test(line))).toHaveLength(1);
		expect(lines.filter(line => footer.test(line))).toHaveLength(1);
		const footerAt = lines.findIndex(line => footer.test(line));
		expect(lines[footerAt + 1]).toBe('EXIT=0');
		expect(lines.indexOf('before-uptop')).toBeLessThan(lines.findIndex(line => line.includes(header)));
	});

	it('leaves nothing of the screen in the alternate screen: the shell as it was', async () => {
		const lines = await linesAfterQuit('on');
		expect(lines.filter(line => line.includes(header) || footer.test(line))).toEqual([]);
		expect(lines.slice(lines.indexOf('before-uptop'))).toEqual(['before-uptop', 'EXIT=0']);
	});
});
