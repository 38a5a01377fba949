import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {hasTmux, nodeBinary, shellQuote, TmuxPane, uptopBinary} from '../helpers/tmux.js';

// An SSH drop closes the terminal under the live screen: its --report must still be written, as for `q`.
const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

let directory: string;
let configFile: string;

beforeAll(() => {
	directory = mkdtempSync(path.join(tmpdir(), 'uptop-hangup-'));
	configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, ['defaults: {interval: 250ms, timeout: 200ms}', 'checks:', '  - name: orders api', '    url: http://127.0.0.1:9/health', ''].join('\n'));
});

afterAll(() => {
	rmSync(directory, {recursive: true, force: true});
});

describe.skipIf(isTmuxMissing)('the terminal of the live screen goes away (an SSH drop)', () => {
	let pane: TmuxPane | undefined;
	afterEach(() => {
		pane?.kill();
		pane = undefined;
	});

	async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
		const started = Date.now();
		while (!condition()) {
			if (Date.now() - started > timeoutMs) return false;
			await new Promise(resolve => {
				setTimeout(resolve, 50);
			});
		}

		return true;
	}

	const uptop = (name: string) => `${shellQuote(nodeBinary)} ${shellQuote(uptopBinary)} --state-dir ${shellQuote(path.join(directory, `state-${name}`))} --report ${shellQuote(path.join(directory, `${name}.md`))} ${shellQuote(configFile)} 2> ${shellQuote(path.join(directory, `${name}.err`))}`;

	it('writes the report and exits 0 when the screen finds it gone before any SIGHUP', async () => {
		// A wrapper that ignores SIGHUP gets it from the kernel, not uptop: uptop learns of the drop from a write that fails (EIO).
		const exitFile = path.join(directory, 'eio.exit');
		pane = TmuxPane.start(`sh -c ${shellQuote(`trap "" HUP; env --default-signal=HUP ${uptop('eio')}; echo $? > ${shellQuote(exitFile)}`)}`, {cwd: directory});
		await pane.waitFor(text => /failing\s+orders api/.test(text), 10_000);
		pane.kill();
		pane = undefined;
		expect(await until(() => existsSync(exitFile), 10_000)).toBe(true);
		expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
		expect(readFileSync(path.join(directory, 'eio.md'), 'utf8')).toContain('orders api');
		expect(readFileSync(path.join(directory, 'eio.err'), 'utf8')).not.toContain('cannot write to stdout');
	}, 30_000);

	it('writes the report when an interactive shell passes its SIGHUP on and the next frame finds the terminal gone', async () => {
		pane = TmuxPane.start('bash --norc --noprofile -i', {cwd: directory});
		pane.sendKeys(`${uptop('hup')}`, 'Enter');
		await pane.waitFor(text => /failing\s+orders api/.test(text), 10_000);
		pane.kill();
		pane = undefined;
		expect(await until(() => existsSync(path.join(directory, 'hup.md')), 10_000)).toBe(true);
		expect(readFileSync(path.join(directory, 'hup.md'), 'utf8')).toContain('orders api');
		expect(readFileSync(path.join(directory, 'hup.err'), 'utf8')).not.toContain('cannot write to stdout');
	}, 30_000);
});
