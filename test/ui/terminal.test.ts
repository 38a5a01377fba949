import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, describe, expect, it} from 'vitest';
import {hasTmux, nodeBinary, repositoryRoot, shellQuote, TmuxPane} from '../helpers/tmux.js';

const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the terminal tests in CI (apt-get install tmux)');
}

if (isTmuxMissing) {
	console.warn('[skip] tmux not installed; the real-terminal screen tests are skipped');
}

const fixture = path.join(repositoryRoot, 'test/ui/fixtures/screen.tsx');
const panes: TmuxPane[] = [];

afterAll(() => {
	for (const pane of panes) {
		pane.kill();
	}
});

function start(options: {columns?: number; rows?: number} = {}): TmuxPane {
	const script = `echo BEFORE-SCREEN; ${nodeBinary} --import tsx ${shellQuote(fixture)}; echo "EXIT=$?"; sleep 30`;
	const pane = TmuxPane.start(`sh -c ${shellQuote(script)}`, {columns: options.columns ?? 100, rows: options.rows ?? 30, cwd: repositoryRoot});
	panes.push(pane);
	return pane;
}

const isTable = (screen: string) => screen.includes('checks.yaml') && screen.includes('failing') && screen.includes('sort:severity');

describe.skipIf(isTmuxMissing)('the screen in a real terminal (tmux)', () => {
	it('runs in the alternate screen and restores the terminal on q', async () => {
		const pane = start();
		const screen = await pane.waitFor(isTable, 25_000);
		expect(screen).not.toContain('BEFORE-SCREEN');
		expect(pane.display('#{alternate_on}')).toBe('1');
		expect(pane.display('#{cursor_flag}')).toBe('0');

		pane.sendKeys('j', 'Enter');
		await pane.waitFor(text => text.includes('expected') && text.includes('owner'));
		pane.sendKeys('Escape');
		await pane.waitFor(text => !text.includes('expected  status 200'));

		pane.sendKeys('p');
		await pane.waitFor(text => text.includes('PAUSED'));
		pane.sendKeys('r');
		await pane.waitFor(text => text.includes('rechecking'));
		pane.sendKeys('q');
		const after = await pane.waitFor(text => text.includes('EXIT='));
		expect(after).toContain('BEFORE-SCREEN');
		expect(after).toContain('quit after 2 commands');
		expect(after).toContain('SCREEN-EXITED');
		expect(after).toContain('EXIT=0');
		expect(after).not.toContain('sort:severity');
		expect(pane.display('#{alternate_on}')).toBe('0');
		expect(pane.display('#{cursor_flag}')).toBe('1');
	}, 60_000);

	it('lays out again when the terminal shrinks to 60×15, without wrapping', async () => {
		const pane = start({columns: 120, rows: 40});
		await pane.waitFor(isTable, 25_000);
		expect(pane.capture()).toContain('owner');
		pane.resize(60, 15);
		const small = await pane.waitFor(text => !text.includes('owner') && text.split('\n').some(line => line.startsWith('  state')));
		const lines = small.split('\n').filter(line => line.trim() !== '');
		expect(lines.length).toBeLessThanOrEqual(15);
		expect(lines[0]).toContain('failing');
		expect(lines.at(-1)).toContain('help');
		pane.sendKeys('q');
		await pane.waitFor(text => text.includes('EXIT=0'));
	}, 60_000);

	it('restores the terminal on SIGTERM', async () => {
		const pane = start();
		await pane.waitFor(isTable, 25_000);
		const shellPid = pane.display('#{pane_pid}');
		const nodePid = execFileSync('pgrep', ['-P', shellPid], {encoding: 'utf8'}).trim().split('\n')[0]!;
		process.kill(Number(nodePid), 'SIGTERM');
		const after = await pane.waitFor(text => text.includes('EXIT='));
		expect(after).toContain('BEFORE-SCREEN');
		expect(pane.display('#{alternate_on}')).toBe('0');
		expect(pane.display('#{cursor_flag}')).toBe('1');
	}, 60_000);

	it('writes nothing while nothing changes', async () => {
		const pane = start();
		await pane.waitFor(isTable, 25_000);
		const directory = mkdtempSync(path.join(tmpdir(), 'uptop-ui-bytes-'));
		const log = path.join(directory, 'output.log');
		pane.tmux(['pipe-pane', '-t', '0', `cat > ${shellQuote(log)}`]);
		await new Promise(resolve => {
			setTimeout(resolve, 300);
		});
		const start0 = statSync(log).size;
		await new Promise(resolve => {
			setTimeout(resolve, 1500);
		});
		expect(statSync(log).size - start0).toBe(0);
		// One key: a selection move rewrites two rows and the footer, far less than a full frame.
		pane.sendKeys('j');
		await new Promise(resolve => {
			setTimeout(resolve, 500);
		});
		const written = readFileSync(log, 'utf8').length;
		expect(written).toBeGreaterThan(0);
		expect(written).toBeLessThan(1500);
		pane.sendKeys('q');
		await pane.waitFor(text => text.includes('EXIT=0'));
	}, 60_000);
});
