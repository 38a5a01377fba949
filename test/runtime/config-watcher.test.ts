import {execFileSync, spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {createInterface} from 'node:readline';
import {afterEach, describe, expect, it} from 'vitest';
import type {ConfigError} from '../../source/config/config-error.js';
import type {Config} from '../../source/config/types.js';
import {loadConfig} from '../../source/config/load-config.js';
import {watchConfig, type ConfigWatcher} from '../../source/runtime/config-watcher.js';

type Event = {readonly type: 'config'; readonly config: Config; readonly at: number} | {readonly type: 'error'; readonly error: ConfigError; readonly at: number};

const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0).reverse()) {
		cleanup();
	}
});

const check = (name: string) => `  - name: ${name}\n    url: http://127.0.0.1:8000/${name}\n`;
const checksFile = (...names: string[]) => `checks:\n${names.map(name => check(name)).join('')}`;

function setup(files: Record<string, string>) {
	const directory = mkdtempSync(path.join(tmpdir(), 'uptop-watch-'));
	cleanups.push(() => rmSync(directory, {recursive: true, force: true}));
	for (const [name, text] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(directory, name)), {recursive: true});
		writeFileSync(path.join(directory, name), text);
	}

	const events: Event[] = [];
	const file = path.join(directory, 'checks.yaml');
	const watcher: ConfigWatcher = watchConfig(file, {
		onConfig: config => events.push({type: 'config', config, at: Date.now()}),
		onError: error => events.push({type: 'error', error, at: Date.now()}),
	});
	cleanups.push(() => watcher.close());

	/** Resolves with the next event after `count` events, or fails after `timeoutMs`. */
	async function nextEvent(timeoutMs = 3000): Promise<Event> {
		const count = events.length;
		const deadline = Date.now() + timeoutMs;
		while (events.length === count) {
			if (Date.now() > deadline) {
				throw new Error(`no reload within ${timeoutMs} ms`);
			}

			await new Promise(resolve => setTimeout(resolve, 20));
		}

		return events[count]!;
	}

	const names = (event: Event) => (event.type === 'config' ? event.config.checks.map(item => item.name) : event.error.issues.map(issue => issue.message));
	return {directory, file, events, watcher, nextEvent, names, path: (name: string) => path.join(directory, name)};
}

const sleep = async (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
		// eslint-disable-next-line no-await-in-loop
		await sleep(20);
	}
}

describe('watchConfig', () => {
	it('applies a saved change within a second', async () => {
		const watch = setup({'checks.yaml': checksFile('a')});
		const writtenAt = Date.now();
		const next = watch.nextEvent();
		writeFileSync(watch.file, checksFile('a', 'b'));
		const event = await next;
		expect(watch.names(event)).toEqual(['a', 'b']);
		expect(event.at - writtenAt).toBeLessThan(1000);
	});

	it('follows a save by rename (vim-style: write a temp file, rename it over the original)', async () => {
		const watch = setup({'checks.yaml': checksFile('a')});
		const next = watch.nextEvent();
		writeFileSync(watch.path('.checks.yaml.tmp'), checksFile('renamed'));
		renameSync(watch.path('.checks.yaml.tmp'), watch.file);
		expect(watch.names(await next)).toEqual(['renamed']);
		// The watch survives the inode change: a second rename-save is seen too.
		const again = watch.nextEvent();
		writeFileSync(watch.path('.checks.yaml.tmp'), checksFile('renamed', 'twice'));
		renameSync(watch.path('.checks.yaml.tmp'), watch.file);
		expect(watch.names(await again)).toEqual(['renamed', 'twice']);
	});

	it('follows sed -i, which replaces the file', async () => {
		const watch = setup({'checks.yaml': checksFile('old-name')});
		const next = watch.nextEvent();
		execFileSync('sed', ['-i', 's/old-name/new-name/', watch.file]);
		expect(watch.names(await next)).toEqual(['new-name']);
	});

	it('reports an invalid edit with file:line:col, then the fixed config', async () => {
		const watch = setup({'checks.yaml': checksFile('a')});
		const broken = watch.nextEvent();
		writeFileSync(watch.file, `${checksFile('a')}    timout: 1s\n`);
		const error = await broken;
		expect(error.type).toBe('error');
		expect(error.type === 'error' && error.error.issues[0]).toMatchObject({line: 4, column: 5, message: 'unknown key `timout` in http check `a`'});
		const fixed = watch.nextEvent();
		writeFileSync(watch.file, `${checksFile('a')}    timeout: 1s\n`);
		const event = await fixed;
		expect(event.type).toBe('config');
		expect(event.type === 'config' && event.config.checks[0]!.timeoutMs).toBe(1000);
	});

	it('reloads when an included file changes, and when a file starts matching an include glob', async () => {
		const watch = setup({'checks.yaml': `include: [checks.d/*.yaml]\n${checksFile('top')}`, 'checks.d/one.yaml': checksFile('one')});
		const changed = watch.nextEvent();
		writeFileSync(watch.path('checks.d/one.yaml'), checksFile('one', 'one-b'));
		expect(watch.names(await changed)).toEqual(['top', 'one', 'one-b']);
		const added = watch.nextEvent();
		writeFileSync(watch.path('checks.d/two.yaml'), checksFile('two'));
		expect(watch.names(await added)).toEqual(['top', 'one', 'one-b', 'two']);
	});

	it('sees a file that starts matching an include glob in a directory made after the start (teams/*/checks.yaml, **)', async () => {
		const watch = setup({
			'checks.yaml': `include: ["teams/*/checks.yaml", "deep/**/*.yaml"]\n${checksFile('top')}`,
			'teams/a/checks.yaml': checksFile('team a'),
			'deep/x.yaml': checksFile('deep x'),
		});
		// A new team: its directory first, its file a moment later, as a person makes them.
		mkdirSync(watch.path('teams/b'));
		await sleep(400);
		// A directory without its checks.yaml yet matches nothing: no error, the config in force unchanged.
		expect(watch.events).toEqual([]);
		let next = watch.nextEvent();
		writeFileSync(watch.path('teams/b/checks.yaml'), checksFile('team b'));
		expect(watch.names(await next)).toEqual(['top', 'team a', 'team b', 'deep x']);
		mkdirSync(watch.path('deep/one/two'), {recursive: true});
		await sleep(400);
		next = watch.nextEvent();
		writeFileSync(watch.path('deep/one/two/y.yaml'), checksFile('deep y'));
		expect(watch.names(await next)).toEqual(['top', 'team a', 'team b', 'deep y', 'deep x']);
	});

	it('sees an include glob\'s directory removed and made again, and the files put back in it', async () => {
		const watch = setup({'checks.yaml': `include: ["checks.d/*.yaml"]\n${checksFile('top')}`, 'checks.d/a.yaml': checksFile('inc a')});
		let next = watch.nextEvent();
		rmSync(watch.path('checks.d'), {recursive: true});
		expect((await next).type).toBe('error');
		mkdirSync(watch.path('checks.d'));
		await sleep(400);
		next = watch.nextEvent();
		writeFileSync(watch.path('checks.d/a.yaml'), checksFile('inc a2'));
		expect(watch.names(await next)).toEqual(['top', 'inc a2']);
	});

	it('watches an include glob\'s directory again when it is replaced at once (removed and made in one step)', async () => {
		const watch = setup({'checks.yaml': `include: ["checks.d/*.yaml"]\n${checksFile('top')}`, 'checks.d/a.yaml': checksFile('inc a')});
		// A deploy tool's swap: the old directory gone and a new one with a file in it, within one debounce.
		let next = watch.nextEvent();
		rmSync(watch.path('checks.d'), {recursive: true});
		mkdirSync(watch.path('checks.d'));
		writeFileSync(watch.path('checks.d/a.yaml'), checksFile('swapped'));
		expect(watch.names(await next)).toEqual(['top', 'swapped']);
		await sleep(300);
		next = watch.nextEvent();
		writeFileSync(watch.path('checks.d/a.yaml'), checksFile('edited'));
		expect(watch.names(await next)).toEqual(['top', 'edited']);
	});

	it('follows a config reached through a symlink, and a Kubernetes ConfigMap\'s swap of its ..data link', async () => {
		const watch = setup({'real/checks.yaml': checksFile('one'), 'mount/..v1/checks.yaml': checksFile('k8s one')});
		const linked = watch.path('run/checks.yaml');
		mkdirSync(watch.path('run'));
		symlinkSync('../real/checks.yaml', linked);
		const events: string[][] = [];
		const viaLink = watchConfig(linked, {onConfig: config => events.push(config.checks.map(item => item.name)), onError() {}});
		cleanups.push(() => viaLink.close());
		execFileSync('sed', ['-i', 's/one/two/', watch.path('real/checks.yaml')]);
		await waitUntil(() => events.length > 0);
		expect(events.at(-1)).toEqual(['two']);

		// The ConfigMap layout: checks.yaml -> ..data/checks.yaml, ..data -> ..v1; an update swaps ..data to ..v2.
		symlinkSync('..v1', watch.path('mount/..data'));
		symlinkSync('..data/checks.yaml', watch.path('mount/checks.yaml'));
		const mounted: string[][] = [];
		const viaMount = watchConfig(watch.path('mount/checks.yaml'), {onConfig: config => mounted.push(config.checks.map(item => item.name)), onError() {}});
		cleanups.push(() => viaMount.close());
		mkdirSync(watch.path('mount/..v2'));
		writeFileSync(watch.path('mount/..v2/checks.yaml'), checksFile('k8s two'));
		symlinkSync('..v2', watch.path('mount/..data_tmp'));
		renameSync(watch.path('mount/..data_tmp'), watch.path('mount/..data'));
		await waitUntil(() => mounted.length > 0);
		expect(mounted.at(-1)).toEqual(['k8s two']);
	});

	it('reloads when only `concurrency:` changes, or goes', async () => {
		const watch = setup({'checks.yaml': checksFile('a')});
		let next = watch.nextEvent();
		// Below the checks, so that no check moves to another line (their source locations are part of them).
		writeFileSync(watch.file, `${checksFile('a')}concurrency: 4\n`);
		let event = await next;
		expect(event.type === 'config' && event.config.concurrency).toBe(4);
		next = watch.nextEvent();
		writeFileSync(watch.file, checksFile('a'));
		event = await next;
		expect(event.type === 'config' && event.config.concurrency).toBeUndefined();
	});

	it('stays quiet when a save does not change the config, and after close', async () => {
		const watch = setup({'checks.yaml': checksFile('a'), 'other.txt': 'x'});
		writeFileSync(watch.file, checksFile('a'));
		writeFileSync(watch.path('other.txt'), 'y');
		await sleep(600);
		expect(watch.events).toHaveLength(0);
		watch.watcher.close();
		writeFileSync(watch.file, checksFile('a', 'b'));
		await sleep(600);
		expect(watch.events).toHaveLength(0);
	});

	it('waits for a missing file to appear', async () => {
		const watch = setup({});
		const created = watch.nextEvent();
		writeFileSync(watch.file, checksFile('late'));
		expect(watch.names(await created)).toEqual(['late']);
	});

	it('catches an edit saved after the caller loaded the config but before the watch started', async () => {
		// uptop loads the config, draws its first frame, and only then starts watching: a save in between
		// must still be applied (the end-to-end test that edits a config right after start found this).
		const directory = mkdtempSync(path.join(tmpdir(), 'uptop-watch-'));
		cleanups.push(() => rmSync(directory, {recursive: true, force: true}));
		const file = path.join(directory, 'checks.yaml');
		writeFileSync(file, checksFile('a'));
		const initial = loadConfig(file);
		writeFileSync(file, checksFile('a', 'b'));
		const applied: string[][] = [];
		const watcher = watchConfig(file, {onConfig: config => applied.push(config.checks.map(item => item.name)), onError() {}}, {initial});
		cleanups.push(() => watcher.close());
		const deadline = Date.now() + 3000;
		while (applied.length === 0 && Date.now() < deadline) await sleep(20);
		expect(applied).toEqual([['a', 'b']]);
	});

	it('does not load a config again at start when its files still say what the caller read', async () => {
		// Loading is the expensive part (~0.3 s for 2,000 checks, on the screen's thread): an unchanged file is
		// compared, not parsed. Shown with an environment the caller loaded under and the watcher does not
		// share: a second load would resolve ${PORT} differently and report a changed config.
		const directory = mkdtempSync(path.join(tmpdir(), 'uptop-watch-'));
		cleanups.push(() => rmSync(directory, {recursive: true, force: true}));
		const file = path.join(directory, 'checks.yaml');
		writeFileSync(file, 'checks:\n  - name: a\n    url: http://127.0.0.1:${PORT}/a\n');
		const initial = loadConfig(file, {env: {PORT: '8001'}});
		const events: string[] = [];
		const watcher = watchConfig(file, {onConfig: () => events.push('config'), onError: () => events.push('error')}, {initial, env: {PORT: '8002'}, debounceMs: 20});
		cleanups.push(() => watcher.close());
		await sleep(300);
		expect(events).toEqual([]);
		// The same watcher, once the file is saved with a change, loads it (under its own environment).
		writeFileSync(file, 'checks:\n  - name: b\n    url: http://127.0.0.1:${PORT}/b\n');
		const deadline = Date.now() + 3000;
		while (events.length === 0 && Date.now() < deadline) await sleep(20);
		expect(events).toEqual(['config']);
	});

	it('given the config it would load itself, reports nothing at start', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'uptop-watch-'));
		cleanups.push(() => rmSync(directory, {recursive: true, force: true}));
		const file = path.join(directory, 'checks.yaml');
		writeFileSync(file, checksFile('a'));
		const events: string[] = [];
		const watcher = watchConfig(file, {onConfig: () => events.push('config'), onError: () => events.push('error')}, {initial: loadConfig(file)});
		cleanups.push(() => watcher.close());
		await sleep(500);
		expect(events).toEqual([]);
	});

	it('reads a file again once a transient read error (out of open files) has passed, with no other save', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'uptop-watch-'));
		cleanups.push(() => rmSync(directory, {recursive: true, force: true}));
		const file = path.join(directory, 'checks.yaml');
		writeFileSync(file, checksFile('a'));
		// A real EMFILE needs a process out of descriptors: the watcher runs in one of its own (fixtures/watch-out-of-files.ts).
		// Under a low limit, so that running out takes a few hundred opens rather than a million.
		const fixture = new URL('fixtures/watch-out-of-files.ts', import.meta.url).pathname;
		const child = spawn('sh', ['-c', 'ulimit -n 256 && exec "$0" "$@"', process.execPath, '--import', 'tsx', fixture, file], {stdio: ['pipe', 'pipe', 'inherit']});
		cleanups.push(() => child.kill('SIGKILL'));
		const records: Array<{type: string; names?: string[]; message?: string; code?: string}> = [];
		createInterface({input: child.stdout}).on('line', line => records.push(JSON.parse(line) as typeof records[number]));
		const seen = async (type: string, timeoutMs: number) => {
			await waitUntil(() => records.some(record => record.type === type), timeoutMs).catch((error: unknown) => {
				throw new Error(`no ${type} within ${timeoutMs} ms; the watcher said ${JSON.stringify(records)}`, {cause: error});
			});
			return records.find(record => record.type === type)!;
		};

		await seen('ready', 10_000);
		child.stdin.write('exhaust\n');
		expect((await seen('exhausted', 3000)).code).toBe('EMFILE');
		// The edit is saved while the watcher cannot open the file: it says so, and that it will try again.
		writeFileSync(file, checksFile('a', 'b'));
		expect((await seen('error', 3000)).message).toMatch(/^config file .*checks\.yaml cannot be read \(EMFILE\): retrying$/);
		child.stdin.write('free\n');
		await seen('freed', 3000);
		// Nothing touches the file again: the retry is what reads the edit.
		expect((await seen('config', 5000)).names).toEqual(['a', 'b']);
	}, 20_000);
});

describe('a config named on the command line that is a FIFO', () => {
	it('is not watched: an event on it never opens it again and waits for a writer on the main thread', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'uptop-watch-fifo-'));
		const fifo = path.join(directory, 'checks.yaml');
		execFileSync('mkfifo', [fifo]);
		// Were the FIFO opened to be read again, this writer (after 1 s) is what would let that open return.
		const writer = spawn('sh', ['-c', `sleep 1; : > '${fifo}'`], {stdio: 'ignore'});
		cleanups.push(() => {
			writer.kill('SIGKILL');
			rmSync(directory, {recursive: true, force: true});
		});
		const events: string[] = [];
		writeFileSync(path.join(directory, 'earlier.yaml'), checksFile('api'));
		const initial = loadConfig(path.join(directory, 'earlier.yaml'));
		const watcher = watchConfig(fifo, {onConfig: () => events.push('config'), onError: () => events.push('error')}, {debounceMs: 20, initial});
		cleanups.push(() => watcher.close());
		let longestGapMs = 0;
		let last = Date.now();
		const ticker = setInterval(() => {
			longestGapMs = Math.max(longestGapMs, Date.now() - last);
			last = Date.now();
		}, 20);
		cleanups.push(() => clearInterval(ticker));
		const now = new Date();
		utimesSync(fifo, now, now);
		await sleep(1800);
		expect(longestGapMs).toBeLessThan(600);
		expect(events).toEqual([]);
	});
});
