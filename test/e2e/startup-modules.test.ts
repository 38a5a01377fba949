import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, describe, expect, it} from 'vitest';
import {hasTmux, nodeBinary, shellQuote, TmuxPane, uptopBinary} from '../helpers/tmux.js';

const isTmuxMissing = !hasTmux();
if (isTmuxMissing && process.env.CI === 'true') {
	throw new Error('tmux is required for the end-to-end tests in CI (apt-get install tmux)');
}

/*
 * Each Node built-in loaded before the first frame is start-up time (docs/benchmarks.md): node:crypto ~8 ms,
 * node:child_process ~5 ms here. Neither is needed to draw the table, so neither may load before it.
 */
const unwanted = ['crypto', 'child_process'];

/** A preload that writes the built-ins loaded so far to a file when the first table row reaches stdout. */
const preloadText = `
const {writeFileSync} = require('node:fs');
const write = process.stdout.write;
let isDone = false;
process.stdout.write = function (chunk, ...rest) {
	if (!isDone && String(chunk).includes('startup probe row')) {
		isDone = true;
		writeFileSync(process.env.UPTOP_TEST_MODULES_FILE, process.moduleLoadList.filter(name => name.startsWith('NativeModule ')).join('\\n'));
	}
	return write.call(this, chunk, ...rest);
};
`;

describe.skipIf(isTmuxMissing)('what the live screen loads before its first frame', () => {
	const directory = mkdtempSync(path.join(tmpdir(), 'uptop-startup-'));
	const panes: TmuxPane[] = [];
	const preload = path.join(directory, 'record-modules.cjs');
	writeFileSync(preload, preloadText);
	const configFile = path.join(directory, 'checks.yaml');
	writeFileSync(configFile, 'checks:\n  - name: startup probe row\n    url: http://127.0.0.1:9/health\n    interval: 1h\n');

	afterAll(() => {
		for (const pane of panes) {
			pane.kill();
		}
	});

	const firstFrameModules = async (name: string, flags: string): Promise<string[]> => {
		const modulesFile = path.join(directory, `${name}.modules`);
		const pane = TmuxPane.start(`${shellQuote(nodeBinary)} --require ${shellQuote(preload)} ${shellQuote(uptopBinary)} ${flags} ${shellQuote(configFile)}`, {
			env: {UPTOP_TEST_MODULES_FILE: modulesFile, XDG_STATE_HOME: path.join(directory, `${name}-state`)},
		});
		panes.push(pane);
		await pane.waitFor(screen => screen.includes('startup probe row'));
		await expect.poll(() => existsSync(modulesFile)).toBe(true);
		pane.kill();
		return readFileSync(modulesFile, 'utf8').split('\n').map(line => line.replace('NativeModule ', ''));
	};

	it.each([
		['with history (the default)', 'history', ''],
		['with --no-history', 'no-history', '--no-history'],
	])('loads neither node:crypto nor node:child_process %s', async (_label, name, flags) => {
		const modules = await firstFrameModules(name, flags);
		// The recording itself works: modules the screen does need are in the list.
		expect(modules).toEqual(expect.arrayContaining(['fs', 'tty']));
		expect(modules.filter(module => unwanted.includes(module))).toEqual([]);
	});
});
