import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {hasTmux, nodeBinary, requireBuild, TmuxPane, uptopBinary} from '../helpers/tmux.js';

const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

describe.skipIf(isTmuxMissing)('the detail pane\'s title in a real terminal', () => {
	let directory: string;
	let pane: TmuxPane | undefined;

	beforeAll(() => {
		requireBuild();
		directory = mkdtempSync(path.join(tmpdir(), 'uptop-pinned-title-'));
		// Command checks: no network. A few dozen, some failing, each with details longer than a 24-row screen.
		const about = `${'Orders database replica serving the read traffic of the shop; a replica that lags makes orders look lost. '.repeat(4)}Page the database team.`;
		writeFileSync(path.join(directory, 'checks.yaml'), [
			'defaults: {interval: 1m, timeout: 2s}',
			'checks:',
			...Array.from({length: 30}, (_, index) => `  - {name: orders-db-${index + 1}, kind: command, run: [sh, -c, "${index % 7 === 2 ? 'exit 2' : 'exit 0'}"], owner: "@db-team", runbook: "https://runbooks.example/orders-db", rollback: "kubectl rollout undo statefulset/orders-db", description: "${about}"}`),
			'',
		].join('\n'));
	});

	afterEach(() => {
		pane?.kill();
		pane = undefined;
	});

	it('stays at the top of a pane that fills the 80x24 screen while the rest scrolls', async () => {
		// `g j j j j j enter J`: the title scrolled away and the table was hidden, so no name was left on screen
		// while y, r and M acted on the check.
		const screen = TmuxPane.start(`${nodeBinary} ${uptopBinary} checks.yaml`, {cwd: directory, columns: 80, rows: 24});
		pane = screen;
		await screen.waitFor(text => text.includes('✗4 failing') && text.includes('✓26 up'));
		screen.sendKeys('g', 'j', 'j', 'j', 'j', 'j', 'Enter');
		const opened = await screen.waitFor(text => /lines 1-\d+ of \d+/.test(text));
		const name = /\s{2}(orders-db-\d+)\s*$/.exec(opened.split('\n')[1] ?? '')?.[1];
		expect(name).toBeDefined();
		screen.sendKeys('J');
		const scrolled = await screen.waitFor(text => Number(/lines (\d+)-\d+ of \d+/.exec(text)?.[1] ?? 1) > 1);
		const title = scrolled.split('\n')[1] ?? '';
		expect(title).toMatch(new RegExp(`^\\S+ \\S+ for \\S+\\s{2}${name}\\s*$`));
		expect(scrolled.split('\n').filter(line => line.includes(name!))).toHaveLength(1);
		expect(scrolled).not.toMatch(/^owner/m);
	});
});
