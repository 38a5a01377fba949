import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, describe, expect, it} from 'vitest';
import {startUptop} from '../helpers/run-cli.js';
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

	const firstFrameModules = async (name: string, flags: string, config = configFile, env: Record<string, string> = {}): Promise<string[]> => {
		const modulesFile = path.join(directory, `${name}.modules`);
		rmSync(modulesFile, {force: true});
		const pane = TmuxPane.start(`${shellQuote(nodeBinary)} --require ${shellQuote(preload)} ${shellQuote(uptopBinary)} ${flags} ${shellQuote(config)}`, {
			env: {UPTOP_TEST_MODULES_FILE: modulesFile, XDG_STATE_HOME: path.join(directory, `${name}-state`), ...env},
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

	it('loads no node:crypto for a check named from the environment either, whose history is kept hashed with it', async () => {
		// Its history is written under a keyed hash (hashed-ids.ts): the hashing waits for the first result.
		const named = path.join(directory, 'named.yaml');
		writeFileSync(named, 'checks:\n  - name: startup probe row\n    url: http://127.0.0.1:9/health\n    interval: 1h\n  - name: "${SVC} api"\n    url: http://127.0.0.1:9/health\n    interval: 1h\n');
		const env = {SVC: 'paysecret', XDG_STATE_HOME: path.join(directory, 'named-state')};
		// A run before (plain lines) leaves the key and hashed records, for the live screen to read back.
		const before = startUptop([named], {env});
		await before.waitUntil(() => before.stdout().includes('•••• api'), 8000);
		await before.stop();
		expect(readFileSync(path.join(directory, 'named-state', 'uptop', 'history-key'), 'utf8')).toMatch(/^[\da-f]{64}\n$/);
		const modules = await firstFrameModules('named', '', named, env);
		expect(modules).toEqual(expect.arrayContaining(['fs', 'tty']));
		expect(modules.filter(module => unwanted.includes(module))).toEqual([]);
	});
});

describe('what a probing thread loads', () => {
	it('uptop --once probes over http without loading Node\'s own bundled fetch client, or node:zlib', () => {
		// An ESM import of node:http reads every export, and WebSocket, CloseEvent and MessageEvent are getters
		// that load Node's bundled undici: ~40 ms of `uptop --once` and of the probe worker's start. undici's own
		// index loads its fetch, cache and WebSocket layers, node:zlib among them: uptop loads only the three
		// files of undici it uses (source/probes/http/undici-parts.ts).
		const directory = mkdtempSync(path.join(tmpdir(), 'uptop-probe-modules-'));
		const modulesFile = path.join(directory, 'once.modules');
		const preload = path.join(directory, 'record-at-exit.cjs');
		writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(process.env.UPTOP_TEST_MODULES_FILE, process.moduleLoadList.join('\\n')));\n`);
		const configFile = path.join(directory, 'checks.yaml');
		writeFileSync(configFile, 'checks:\n  - name: refused\n    url: http://127.0.0.1:9/health\n    timeout: 2s\n');
		const run = spawnSync(nodeBinary, ['--require', preload, uptopBinary, '--once', '--no-history', configFile], {
			env: {...process.env, UPTOP_TEST_MODULES_FILE: modulesFile, XDG_STATE_HOME: directory},
			encoding: 'utf8',
			timeout: 10_000,
		});
		// The check fails (nothing listens on port 9): the probe really ran, through the http module.
		expect(run.status).toBe(2);
		expect(run.stdout).toContain('refused');
		const modules = readFileSync(modulesFile, 'utf8').split('\n');
		expect(modules).toContain('NativeModule http');
		expect(modules.filter(module => module.includes('internal/deps/undici'))).toEqual([]);
		expect(modules).not.toContain('NativeModule zlib');
	});
});
