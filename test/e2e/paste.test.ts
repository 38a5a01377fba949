import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {hasTmux, nodeBinary, requireBuild, TmuxPane, uptopBinary} from '../helpers/tmux.js';

const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

// Text pasted from a chat or a runbook often holds a line break: in a prompt it is text, never keys (q quits).
describe.skipIf(isTmuxMissing)('pasting into the live screen', () => {
	let directory: string;
	let pane: TmuxPane | undefined;

	beforeAll(() => {
		requireBuild();
		directory = mkdtempSync(path.join(tmpdir(), 'uptop-paste-'));
		writeFileSync(path.join(directory, 'checks.yaml'), [
			'defaults: {interval: 1m, timeout: 500ms}',
			'checks:',
			'  - {name: orders db, kind: tcp, host: "127.0.0.1:9"}',
			'  - {name: search api, url: "http://127.0.0.1:9/health"}',
			'',
		].join('\n'));
	});

	afterEach(() => {
		pane?.kill();
		pane = undefined;
	});

	afterAll(() => {
		rmSync(directory, {recursive: true, force: true});
	});

	/** What a terminal does for a paste when the program asked for bracketed paste (tmux's paste-buffer -p). */
	function paste(screen: TmuxPane, text: string): void {
		execFileSync('tmux', ['-L', screen.socket, 'set-buffer', '-b', 'pasted', text]);
		screen.tmux(['paste-buffer', '-p', '-b', 'pasted', '-t', '0']);
	}

	it('types a pasted line break into the filter as a space, and runs none of what follows it as keys', async () => {
		pane = TmuxPane.start(`sh -c '${nodeBinary} ${uptopBinary} checks.yaml; echo EXIT=$?; sleep 30'`, {cwd: directory});
		await pane.waitFor(text => /failing\s+orders db/.test(text));
		pane.sendKeys('/');
		await pane.waitFor(text => text.includes('/'));
		paste(pane, 'orders\nq');
		const screen = await pane.waitFor(text => text.includes('orders q'), 5000);
		expect(screen).not.toContain('EXIT=');
		// The prompt is still open: enter closes it, and uptop is still there.
		pane.sendKeys(...Array.from({length: 8}, () => 'BSpace'));
		// A name copied with its line's end: the filter is the name.
		paste(pane, 'orders\n');
		await pane.waitFor(text => /failing\s+orders db/.test(text) && !/search api/.test(text), 5000);
		pane.sendKeys('Enter');
		await new Promise(resolve => {
			setTimeout(resolve, 300);
		});
		expect(pane.capture()).not.toContain('EXIT=');
	}, 30_000);

	it('does nothing with a paste outside a prompt but say so', async () => {
		pane = TmuxPane.start(`sh -c '${nodeBinary} ${uptopBinary} checks.yaml; echo EXIT=$?; sleep 30'`, {cwd: directory});
		await pane.waitFor(text => /failing\s+orders db/.test(text));
		paste(pane, 'helm rollback orders 41\nq');
		const screen = await pane.waitFor(text => text.includes('paste'), 5000);
		expect(screen).not.toContain('EXIT=');
	}, 30_000);
});
