import {spawn, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {compactHistory, compactHistoryInSlices} from '../../source/release/history-compact.js';
import {loadHistory} from '../../source/release/history-load.js';
import {historyFileFor, parseHistoryLine, resolveStateDir} from '../../source/release/history-records.js';
import {openHistoryWriter as openWriter, type HistoryWriterOptions} from '../../source/release/history-store.js';
import {sha256Hex} from '../../source/release/sha256-hex.js';

// Records in these tests use small `at` values; a matching wall clock keeps the 7-day age rule from dropping them.
const openHistoryWriter = (options: HistoryWriterOptions) => openWriter({now: () => 10_000, ...options});

const node = path.resolve('node_modules/.bin/node');
/** The pid of a process that has exited. */
const deadPid = (): number => Number(spawnSync('/bin/sh', ['-c', 'echo $$'], {encoding: 'utf8'}).stdout.trim());
let dir: string;
let file: string;
beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-history-'));
	file = path.join(dir, 'state', 'checks-abc.jsonl');
});
afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

/** Starts two appending children, lets them go at the same moment once both are ready. */
async function runPair(args: (writerId: string, goFile: string) => string[]): Promise<number[]> {
	const goFile = path.join(dir, 'go');
	let ready = 0;
	const children = ['one', 'two'].map(writerId => spawn(node, ['--import', 'tsx', 'test/release/fixtures/append-many.ts', ...args(writerId, goFile)], {stdio: ['ignore', 'pipe', 'inherit']}));
	const exits = children.map(async child => new Promise<number>((resolve, reject) => {
		child.on('error', reject);
		child.on('exit', code => {
			resolve(code ?? -1);
		});
		child.stdout.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('ready') && ++ready === 2) {
				fs.writeFileSync(goFile, '');
			}
		});
	}));
	return Promise.all(exits);
}

describe('history file location', () => {
	it('uses --state-dir, then an absolute XDG_STATE_HOME, then ~/.local/state', () => {
		expect(resolveStateDir({stateDir: 'rel/dir', env: {XDG_STATE_HOME: '/x'}})).toBe(path.resolve('rel/dir'));
		expect(resolveStateDir({env: {XDG_STATE_HOME: '/var/state'}})).toBe('/var/state/uptop');
		expect(resolveStateDir({env: {XDG_STATE_HOME: 'relative'}})).toBe(path.join(os.homedir(), '.local/state/uptop'));
		expect(resolveStateDir({env: {}})).toBe(path.join(os.homedir(), '.local/state/uptop'));
	});

	it('takes an empty or relative HOME for none: the user\'s home from the password database, never the current directory', () => {
		const home = process.env['HOME'];
		try {
			for (const value of ['', '.', 'relative/home']) {
				process.env['HOME'] = value;
				expect(resolveStateDir({env: {}})).toBe(path.join(os.userInfo().homedir, '.local/state/uptop'));
			}
		} finally {
			process.env['HOME'] = home;
		}
	});

	it('names one file per config: a readable slug plus a hash of the absolute path', () => {
		const a = historyFileFor('/srv/prod/Checks.yaml', {stateDir: '/s'});
		const b = historyFileFor('/srv/staging/Checks.yaml', {stateDir: '/s'});
		expect(a).toMatch(/^\/s\/checks-[\da-f]{12}\.jsonl$/);
		expect(a).not.toBe(b);
		expect(historyFileFor('/srv/prod/Checks.yaml', {stateDir: '/s'})).toBe(a);
		expect(path.basename(historyFileFor('/x/../x/my  fleet!.yml', {stateDir: '/s'}))).toMatch(/^my-fleet-[\da-f]{12}\.jsonl$/);
	});

	it('names, for a config reached through a symlink, the history of its real path when it has none of its own', () => {
		// Two uptops watch the real path; a deploy script marks through a symlink: the marker must reach them.
		fs.mkdirSync(path.join(dir, 'x'));
		fs.writeFileSync(path.join(dir, 'x', 'checks.yaml'), 'checks: []\n');
		fs.symlinkSync(path.join(dir, 'x'), path.join(dir, 'x-alias'));
		fs.symlinkSync(path.join(dir, 'x', 'checks.yaml'), path.join(dir, 'linked.yaml'));
		const stateDir = path.join(dir, 'state');
		const alias = path.join(dir, 'x-alias', 'checks.yaml');
		const real = historyFileFor(path.join(dir, 'x', 'checks.yaml'), {stateDir});
		// No history yet under either name: each is keyed on the path as given.
		expect(historyFileFor(alias, {stateDir})).toBe(path.join(stateDir, `checks-${sha256Hex(alias).slice(0, 12)}.jsonl`));
		expect(historyFileFor(alias, {stateDir})).not.toBe(real);
		fs.mkdirSync(stateDir);
		fs.writeFileSync(real, '');
		expect(historyFileFor(alias, {stateDir})).toBe(real);
		expect(historyFileFor(path.join(dir, 'linked.yaml'), {stateDir})).toBe(real);
		// A config not there (yet) is named by its absolute path.
		expect(historyFileFor(path.join(dir, 'x-alias', 'later.yaml'), {stateDir})).toMatch(/\/later-[\da-f]{12}\.jsonl$/);
	});

	it('keeps the history of a path as given while the symlink on it moves from release to release', () => {
		// /srv/uptop/current -> releases/v1, then -> releases/v2 at the deploy: the uptop started on current/checks.yaml
		// and the deploy script's marker after the switch must share one history.
		for (const release of ['v1', 'v2']) {
			fs.mkdirSync(path.join(dir, release));
			fs.writeFileSync(path.join(dir, release, 'checks.yaml'), 'checks: []\n');
		}

		const stateDir = path.join(dir, 'state');
		const current = path.join(dir, 'current');
		fs.symlinkSync(path.join(dir, 'v1'), current);
		const config = path.join(current, 'checks.yaml');
		const kept = historyFileFor(config, {stateDir});
		fs.mkdirSync(stateDir);
		fs.writeFileSync(kept, `${JSON.stringify({t: 'm', at: 1000, label: 'release 1', source: 'command'})}\n`);
		fs.rmSync(current);
		fs.symlinkSync(path.join(dir, 'v2'), current);
		expect(historyFileFor(config, {stateDir})).toBe(kept);
		// Even when the new release's real path has a history of its own (someone watched it by that name).
		fs.writeFileSync(historyFileFor(path.join(dir, 'v2', 'checks.yaml'), {stateDir}), '');
		expect(historyFileFor(config, {stateDir})).toBe(kept);
	});

	it('keeps the watching uptop on the path as given, though the real path has a history, so a marker after the switch reaches it', () => {
		// releases/v1's history from an earlier run by its real name; an uptop starts on current/checks.yaml; the deploy
		// moves current to v2 and marks through it. Had the uptop taken v1's history, the mark would find neither.
		for (const release of ['v1', 'v2']) {
			fs.mkdirSync(path.join(dir, release));
			fs.writeFileSync(path.join(dir, release, 'checks.yaml'), 'checks: []\n');
		}

		const stateDir = path.join(dir, 'state');
		fs.mkdirSync(stateDir);
		fs.writeFileSync(historyFileFor(path.join(dir, 'v1', 'checks.yaml'), {stateDir}), '');
		const current = path.join(dir, 'current');
		fs.symlinkSync(path.join(dir, 'v1'), current);
		const config = path.join(current, 'checks.yaml');
		const watched = historyFileFor(config, {stateDir, isWatcher: true});
		expect(watched).toBe(path.join(stateDir, `checks-${sha256Hex(config).slice(0, 12)}.jsonl`));
		fs.writeFileSync(watched, '');
		fs.rmSync(current);
		fs.symlinkSync(path.join(dir, 'v2'), current);
		expect(historyFileFor(config, {stateDir})).toBe(watched);
	});
});

describe('HistoryWriter and loadHistory', () => {
	it('round-trips results, state changes and markers, sorted by time', () => {
		const writer = openHistoryWriter({file, writerId: 'me'});
		writer.append({t: 'r', at: 2000, id: 'api', state: 'slow', latencyMs: 1500.5});
		writer.append({t: 's', at: 2000, id: 'api', from: 'up', to: 'slow'});
		writer.append({t: 'r', at: 1000, id: 'api', state: 'up', latencyMs: 12, reason: {code: 'timeout:total', message: 'timeout'}});
		writer.append({t: 'm', at: 1500, label: 'deploy 1.5', source: 'command'});
		writer.close();
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);
		const history = loadHistory(file);
		expect(history.results).toEqual([
			{at: 1000, id: 'api', state: 'up', latencyMs: 12, reason: {code: 'timeout:total', message: 'timeout'}},
			{at: 2000, id: 'api', state: 'slow', latencyMs: 1500.5},
		]);
		expect(history.transitions).toEqual([{at: 2000, id: 'api', from: 'up', to: 'slow'}]);
		expect(history.markers).toEqual([{at: 1500, label: 'deploy 1.5', source: 'command'}]);
		expect(history.skippedLines).toBe(0);
		expect(fs.readFileSync(file, 'utf8')).toContain('"w":"me"');
	});

	it('batches results until the scheduler fires, but writes markers at once', () => {
		const timers: Array<() => void> = [];
		const writer = openHistoryWriter({
			file,
			scheduler: {
				setTimeout(callback: () => void) {
					timers.push(callback);
					return {id: timers.length};
				},
				clearTimeout() {},
			},
		});
		writer.append({t: 'r', at: 1, id: 'a', state: 'up', latencyMs: 1});
		writer.append({t: 'r', at: 2, id: 'a', state: 'up', latencyMs: 1});
		expect(fs.existsSync(file)).toBe(false);
		expect(timers).toHaveLength(1);
		timers[0]!();
		expect(loadHistory(file).results).toHaveLength(2);
		writer.append({t: 'm', at: 3, label: 'now', source: 'key'});
		expect(loadHistory(file).markers).toHaveLength(1);
		writer.close();
	});

	it('flushes when maxBatch records are buffered', () => {
		const writer = openHistoryWriter({file, maxBatch: 3});
		for (let index = 0; index < 7; index++) {
			writer.append({t: 'r', at: index, id: 'a', state: 'up', latencyMs: 1});
		}

		expect(loadHistory(file).results).toHaveLength(6);
		writer.flush();
		expect(loadHistory(file).results).toHaveLength(7);
		writer.close();
	});

	it('skips a torn last line and invalid lines, and the next writer starts on a fresh line', () => {
		fs.mkdirSync(path.dirname(file), {recursive: true});
		fs.writeFileSync(file, [
			'{"t":"r","at":1,"id":"a","state":"up","latencyMs":5}',
			'garbage',
			'{"t":"r","at":2,"id":"a","state":"sideways","latencyMs":5}',
			'{"t":"x","at":3}',
			'{"t":"r","at":4,"id":"a","state":"up","latencyMs":6}',
			'{"t":"r","at":5,"id":"a","sta',
		].join('\n'));
		const loaded = loadHistory(file);
		expect(loaded.results.map(result => result.at)).toEqual([1, 4]);
		expect(loaded.skippedLines).toBe(4);
		const writer = openHistoryWriter({file});
		writer.append({t: 'r', at: 6, id: 'a', state: 'failing', latencyMs: 7});
		writer.close();
		expect(loadHistory(file).results.map(result => result.at)).toEqual([1, 4, 6]);
	});

	it('starts a batch on a fresh line when the file got a torn line while it was open', () => {
		const writer = openHistoryWriter({file, writerId: 'one'});
		writer.append({t: 'r', at: 1, id: 'a', state: 'up', latencyMs: 5});
		writer.flush();
		// Another instance killed in the middle of its write, while this one keeps running.
		fs.appendFileSync(file, '{"t":"r","at":179629');
		writer.append({t: 's', at: 2, id: 'a', from: 'up', to: 'failing'});
		writer.append({t: 'r', at: 2, id: 'a', state: 'failing', latencyMs: 5});
		writer.flush();
		// And once more, after another writer's whole line: no empty line, nothing glued.
		fs.appendFileSync(file, '{"t":"r","at":3,"id":"a","state":"failing","latencyMs":5,"w":"two"}\n');
		writer.append({t: 's', at: 4, id: 'a', from: 'failing', to: 'up'});
		writer.close();
		const loaded = loadHistory(file);
		expect(loaded.transitions.map(transition => transition.at)).toEqual([2, 4]);
		expect(loaded.skippedLines).toBe(1);
		expect(fs.readFileSync(file, 'utf8').split('\n').filter(line => line === '')).toEqual(['']);
	});

	it('returns an empty history for a missing file', () => {
		expect(loadHistory(path.join(dir, 'none.jsonl'))).toEqual({results: [], transitions: [], markers: [], versions: [], skippedLines: 0, isMissing: true});
	});

	it('reads a version change two instances both recorded as one marker, and keeps a change that came back', () => {
		for (const [writerId, at] of [['one', 1000], ['two', 1400]] as const) {
			const writer = openHistoryWriter({file, writerId});
			writer.append({t: 'm', at, label: 'api 1.6.0 → 1.7.0', source: 'version', checkId: 'api'});
			writer.close();
		}

		const writer = openHistoryWriter({file, writerId: 'one'});
		writer.append({t: 'm', at: 2000, label: 'api 1.7.0 → 1.6.0', source: 'version', checkId: 'api'});
		writer.append({t: 'm', at: 3000, label: 'api 1.6.0 → 1.7.0', source: 'version', checkId: 'api'});
		writer.append({t: 'm', at: 3100, label: 'api 1.6.0 → 1.7.0', source: 'key'});
		writer.close();
		expect(loadHistory(file).markers.map(marker => [marker.at, marker.label])).toEqual([
			[1000, 'api 1.6.0 → 1.7.0'], [2000, 'api 1.7.0 → 1.6.0'], [3000, 'api 1.6.0 → 1.7.0'], [3100, 'api 1.6.0 → 1.7.0'],
		]);
	});

	it('keeps no record of a check whose name holds a secret: it would come back as another check\'s', () => {
		const writer = openHistoryWriter({file, writerId: 'one', secrets: ['prod', 'eu']});
		for (const id of ['prod api', 'eu api', 'staging api', 'prod api/db-1']) writer.append({t: 'r', at: 1000, id, state: 'up', latencyMs: 3});
		writer.append({t: 's', at: 1000, id: 'eu api', from: 'pending', to: 'up'});
		writer.append({t: 'm', at: 1000, label: 'prod api 1.0 → 1.1', source: 'version', checkId: 'prod api'});
		writer.append({t: 'm', at: 1001, label: 'deploy prod', source: 'key'});
		writer.close();
		const history = loadHistory(file);
		expect(history.results.map(result => result.id)).toEqual(['staging api']);
		expect(history.transitions).toEqual([]);
		// A marker for every check is kept, its label hidden as before.
		expect(history.markers.map(marker => marker.label)).toEqual(['deploy ••••']);
	});

	it('keeps one instance\'s repeat of its latest version change: a rollback after a rollout whose flips were not marked', () => {
		const writer = openHistoryWriter({file, writerId: 'one'});
		writer.append({t: 'm', at: 1000, label: 'api 1.4.0 → 1.5.0', source: 'version', checkId: 'api'});
		writer.append({t: 'm', at: 2000, label: 'api 1.5.0 → 1.4.0', source: 'version', checkId: 'api'});
		// The rollout's back-and-forth, then its end on 1.5.0, were not marked; two minutes on, a rollback.
		writer.append({t: 'm', at: 122_000, label: 'api 1.5.0 → 1.4.0', source: 'version', checkId: 'api'});
		writer.close();
		expect(loadHistory(file).markers.map(marker => marker.at)).toEqual([1000, 2000, 122_000]);
	});

	it('reads a state change two instances both recorded once, and keeps every change of one instance', () => {
		// Two instances on one file: after a restart the events view listed "payments api up → failing" twice.
		const changes = {
			one: [[1000, 'up', 'failing'], [5000, 'failing', 'slow']],
			two: [[1400, 'up', 'failing'], [5600, 'failing', 'slow'], [9000, 'slow', 'up']],
		} as const;
		for (const [writerId, list] of Object.entries(changes)) {
			const writer = openHistoryWriter({file, writerId});
			for (const [at, from, to] of list) writer.append({t: 's', at, id: 'api', from, to});
			writer.close();
		}

		// A run that starts afresh (a restart long after the last one) changes from pending: always its own.
		for (const [writerId, at] of [['three', 9500], ['four', 9600]] as const) {
			const writer = openHistoryWriter({file, writerId});
			writer.append({t: 's', at, id: 'other', from: 'pending', to: 'up'});
			writer.close();
		}
		expect(loadHistory(file).transitions.map(change => [change.at, change.id, change.from, change.to])).toEqual([
			[1000, 'api', 'up', 'failing'], [5000, 'api', 'failing', 'slow'], [9000, 'api', 'slow', 'up'], [9500, 'other', 'pending', 'up'], [9600, 'other', 'pending', 'up'],
		]);
	});

	it('reads the first state two instances started together both recorded once, at the earlier time', () => {
		// Started within a second: the events view said "4 checks pending → up" for 2, the report "State changes: 2"
		// and "Now: failing (since 10:00:37)" under an incident from 10:00:36.
		const a = openHistoryWriter({file, writerId: 'a'});
		const b = openHistoryWriter({file, writerId: 'b'});
		for (let second = 0; second < 10; second++) {
			for (const [writer, offset] of [[a, 0], [b, 700]] as const) {
				const at = (second * 1000) + offset;
				writer.append({t: 'r', at, id: 'ok', state: 'up', latencyMs: 1});
				writer.append({t: 'r', at, id: 'bad', state: 'failing', latencyMs: 1});
				if (second === 0) {
					writer.append({t: 's', at, id: 'ok', from: 'pending', to: 'up'});
					writer.append({t: 's', at, id: 'bad', from: 'pending', to: 'failing'});
				}

				writer.flush();
			}
		}

		a.close();
		b.close();
		// "a" quits; a restart 5 s on is a new run: its first state is its own.
		const restart = openHistoryWriter({file, writerId: 'c'});
		restart.append({t: 'r', at: 15_000, id: 'ok', state: 'up', latencyMs: 1});
		restart.append({t: 's', at: 15_000, id: 'ok', from: 'pending', to: 'up'});
		restart.close();
		expect(loadHistory(file).transitions.map(change => [change.at, change.id, change.from, change.to])).toEqual([
			[0, 'ok', 'pending', 'up'], [0, 'bad', 'pending', 'failing'], [15_000, 'ok', 'pending', 'up'],
		]);
	});

	it('reads each check\'s results from one instance at a time: two on one config do not count each probe twice', () => {
		// Two terminals on one config both appended every result: the report's windows held each probe twice.
		const appendAll = (writerId: string, list: ReadonlyArray<readonly [number, string, number]>) => {
			const writer = openHistoryWriter({file, writerId});
			for (const [at, id, latencyMs] of list) writer.append({t: 'r', at, id, state: 'up', latencyMs});
			writer.close();
		};

		// "one" runs 1000–5000 and stops; "two" runs alongside from 1300 and goes on alone; "three" is a restart.
		appendAll('one', [[1000, 'api', 1], [2000, 'api', 2], [3000, 'api', 3], [4000, 'api', 4], [5000, 'api', 5]]);
		appendAll('two', [[1300, 'api', 21], [2300, 'api', 22], [3300, 'api', 23], [4300, 'api', 24], [5300, 'api', 25], [6300, 'api', 26], [7300, 'api', 27], [1300, 'db', 7]]);
		appendAll('three', [[8000, 'api', 31], [9000, 'api', 32]]);
		const loaded = loadHistory(file);
		expect(loaded.results.filter(result => result.id === 'api').map(result => result.latencyMs)).toEqual([1, 2, 3, 4, 5, 25, 26, 27, 31, 32]);
		// A check only one instance recorded is whole.
		expect(loaded.results.filter(result => result.id === 'db').map(result => result.latencyMs)).toEqual([7]);
	});

	it('takes another instance\'s results while the one it reads from is stopped (ctrl-z), and never a probe twice', () => {
		// Screen A and `uptop >> B.log` on one config, A suspended for 44 s while the target failed for 30 s: the report
		// read A alone, 100 % uptime and "no change", while B.log had the outage. Each flushes a second's results at once.
		const a = openHistoryWriter({file, writerId: 'a'});
		const b = openHistoryWriter({file, writerId: 'b'});
		const isSuspended = (second: number) => second >= 20 && second < 64;
		const isFailing = (at: number) => at >= 30_000 && at < 60_000;
		const probe = (at: number, latencyMs: number) => ({t: 'r' as const, at, id: 'api', state: isFailing(at) ? 'failing' as const : 'up' as const, latencyMs});
		for (let second = 0; second < 90; second++) {
			if (!isSuspended(second)) a.append(probe((second * 1000) + 3, 1));
			b.append(probe((second * 1000) + 650, 2));
			a.flush();
			b.flush();
		}

		a.close();
		b.close();
		const kept = loadHistory(file).results;
		// A until it stopped (its last at 19 003), then B from its next (19 650) on, after A is back too: no span dropped.
		expect(kept.map(result => result.latencyMs)).toEqual([...Array.from({length: 20}, () => 1), ...Array.from({length: 71}, () => 2)]);
		expect(kept.map(result => result.at).filter((at, index, all) => index > 0 && at - all[index - 1]! < 600)).toEqual([]);
		expect(kept.filter(result => result.state === 'failing')).toHaveLength(30);
	});

	it('reads the other instance for a span where one it read from skipped a round, and keeps one writer at a time', () => {
		const appendAll = (writerId: string, list: readonly number[]) => {
			const writer = openHistoryWriter({file, writerId});
			for (const at of list) writer.append({t: 'r', at, id: 'api', state: 'up', latencyMs: writerId === 'one' ? 1 : 2});
			writer.close();
		};

		// "two" probes every round. A late round of "one" (1000 → 2200, a slow answer) holds one result of "two": no gap.
		// Then "one" misses two rounds (paused with `p`): "two" is read from its first result after 3200, and on.
		appendAll('one', [1000, 2200, 3200, 6200, 7200]);
		appendAll('two', [1500, 2500, 3500, 4500, 5500, 6500, 7500, 8500]);
		expect(loadHistory(file).results.map(result => [result.at, result.latencyMs])).toEqual([
			[1000, 1], [2200, 1], [3200, 1], [3500, 2], [4500, 2], [5500, 2], [6500, 2], [7500, 2], [8500, 2],
		]);
	});

	it('bounds what it returns per check', () => {
		const writer = openHistoryWriter({file});
		for (let index = 0; index < 50; index++) {
			writer.append({t: 'r', at: index, id: index % 2 === 0 ? 'even' : 'odd', state: 'up', latencyMs: index});
		}

		writer.close();
		const loaded = loadHistory(file, {maxResultsPerCheck: 5});
		expect(loaded.results.filter(result => result.id === 'even').map(result => result.at)).toEqual([40, 42, 44, 46, 48]);
		expect(loaded.results).toHaveLength(10);
	});

	it('redacts config secrets, plain and URL-encoded, from every field', () => {
		const secret = 'hunter2 secret/token';
		const writer = openHistoryWriter({file, secrets: [secret]});
		writer.append({t: 'r', at: 1, id: 'a', state: 'failing', latencyMs: 1, reason: {code: 'refused', message: `GET https://x/?k=${encodeURIComponent(secret)} failed`}});
		writer.append({t: 'm', at: 2, label: `rotate ${secret}`, source: 'command'});
		writer.close();
		const text = fs.readFileSync(file, 'utf8');
		expect(text).not.toContain('hunter2');
		expect(text).toContain('••••');
		expect(loadHistory(file).markers[0]!.label).toBe('rotate ••••');
	});

	it('keeps whole lines when two processes append at the same time', async () => {
		const codes = await runPair((writerId, goFile) => [file, writerId, '3000', goFile]);
		expect(codes).toEqual([0, 0]);
		const loaded = loadHistory(file, {maxResultsPerCheck: 10});
		expect(loaded.skippedLines).toBe(0);
		expect(loaded.results).toHaveLength(6000);
		// The writers really overlapped: their batches alternate many times in the file.
		const writers = fs.readFileSync(file, 'utf8').trimEnd().split('\n').map(line => (JSON.parse(line) as {w: string}).w);
		const switches = writers.filter((writer, index) => index > 0 && writer !== writers[index - 1]).length;
		expect(switches).toBeGreaterThan(20);
		for (const line of fs.readFileSync(file, 'utf8').trimEnd().split('\n')) {
			expect(parseHistoryLine(line)).toBeDefined();
		}
	}, 30_000);

	it('never corrupts the file when two processes append and compact at the same time', async () => {
		const codes = await runPair((writerId, goFile) => [file, writerId, '3000', goFile, '60000']);
		expect(codes).toEqual([0, 0]);
		const loaded = loadHistory(file, {maxResultsPerCheck: 10});
		expect(loaded.skippedLines).toBe(0);
		expect(fs.statSync(file).size).toBeLessThan(60_000 + 20_000);
		// Compaction keeps the newest lines: the last record written survives, and nothing is duplicated.
		const ids = loaded.results.map(result => result.id);
		expect(ids.includes('one-2999') || ids.includes('two-2999')).toBe(true);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.length).toBeGreaterThan(50);
		expect(fs.existsSync(`${file}.lock`)).toBe(false);
	}, 30_000);
});

describe('compactHistory', () => {
	function fill(count: number, at: (index: number) => number): void {
		const writer = openHistoryWriter({file, maxBytes: Number.MAX_SAFE_INTEGER, maxAgeMs: Number.MAX_SAFE_INTEGER});
		for (let index = 0; index < count; index++) {
			writer.append({t: 'r', at: at(index), id: 'a', state: 'up', latencyMs: index});
			if (index === 10) {
				writer.append({t: 'm', at: at(index), label: 'early deploy', source: 'command'});
			}
		}

		writer.close();
	}

	it('cuts a file past maxBytes to the newest half, keeping markers', () => {
		fill(1000, index => 1_000_000 + index);
		const before = fs.statSync(file).size;
		expect(compactHistory(file, {maxBytes: 20_000, maxAgeMs: 1e12, now: 2_000_000})).toBe('compacted');
		expect(fs.statSync(file).size).toBeLessThanOrEqual(10_100);
		expect(before).toBeGreaterThan(40_000);
		const loaded = loadHistory(file);
		expect(loaded.results.at(-1)!.latencyMs).toBe(999);
		expect(loaded.results[0]!.latencyMs).toBeGreaterThan(500);
		expect(loaded.markers.map(marker => marker.label)).toEqual(['early deploy']);
	});

	it('does not write through a symlink planted at its own temp file\'s name, in either compaction', async () => {
		const victim = path.join(path.dirname(file), 'victim');
		const temporary = `${file}.compact-${process.pid}`;
		for (const compact of [
			async () => compactHistory(file, {maxBytes: 20_000, maxAgeMs: 1e12, now: 2_000_000}),
			async () => compactHistoryInSlices(file, {maxBytes: 20_000, maxAgeMs: 1e12, now: 2_000_000}).done,
		]) {
			fill(1000, index => 1_000_000 + index);
			fs.writeFileSync(victim, 'keys of someone\n', {mode: 0o600});
			fs.symlinkSync(victim, temporary);
			expect(await compact()).toBe('compacted');
			expect(fs.readFileSync(victim, 'utf8')).toBe('keys of someone\n');
			expect(loadHistory(file).results.length).toBeGreaterThan(0);
			expect(fs.existsSync(temporary)).toBe(false);
		}
	});

	it('removes the temp file of a compaction killed midway (kill -9), and keeps a live one\'s, at the next compaction', async () => {
		fill(1000, index => 1_000_000 + index);
		const dead = `${file}.compact-${deadPid()}`;
		const alive = spawn('sleep', ['30']);
		const live = `${file}.compact-${alive.pid}`;
		try {
			for (const each of [dead, live]) fs.writeFileSync(each, 'half a compaction\n');
			expect(compactHistory(file, {maxBytes: 20_000, maxAgeMs: 1e12, now: 2_000_000})).toBe('compacted');
			expect(fs.existsSync(dead)).toBe(false);
			expect(fs.existsSync(live)).toBe(true);
			fs.writeFileSync(dead, 'half a compaction\n');
			fill(1000, index => 1_000_000 + index);
			expect(await compactHistoryInSlices(file, {maxBytes: 20_000, maxAgeMs: 1e12, now: 2_000_000}).done).toBe('compacted');
			expect(fs.existsSync(dead)).toBe(false);
			expect(fs.existsSync(live)).toBe(true);
		} finally {
			alive.kill('SIGKILL');
		}
	});

	it('refuses the swap when its temp file was removed while written, and keeps the history whole', async () => {
		// Another uptop in a pid namespace of its own sees this pid as gone and removes its temp file: catching up
		// would make a new temp of the few lines appended since, and the swap would leave the history those alone.
		fill(1000, index => 1_000_000 + index);
		const before = loadHistory(file);
		const realWriteFile = fs.promises.writeFile;
		const spy = vi.spyOn(fs.promises, 'writeFile').mockImplementation(async (target, data, options) => {
			await realWriteFile(target, data, options);
			fs.rmSync(target as string);
			fs.appendFileSync(file, `${JSON.stringify({t: 'r', at: 3_000_000, id: 'api', state: 'up', latencyMs: 1})}\n`);
		});
		try {
			expect(await compactHistoryInSlices(file, {maxBytes: 20_000, maxAgeMs: 1e12, now: 2_000_000}).done).toBe('locked');
		} finally {
			spy.mockRestore();
		}

		const after = loadHistory(file);
		expect(after.results).toHaveLength(before.results.length + 1);
		expect(after.markers.map(marker => marker.label)).toEqual(['early deploy']);
	});

	it('keeps a judgment that a check\'s version is none, as it keeps markers: a restart goes on ignoring it', () => {
		const writer = openHistoryWriter({file, maxBytes: Number.MAX_SAFE_INTEGER, maxAgeMs: Number.MAX_SAFE_INTEGER});
		writer.append({t: 'r', at: 1_000_000, id: 'a', state: 'up', latencyMs: 1, v: 'req-1'});
		writer.append({t: 'n', at: 1_000_001, id: 'a', values: ['req-1', 'req-2', 'req-3', 'req-4', 'req-5'], spanMs: 4000, source: 'json requestId'});
		for (let index = 0; index < 1000; index++) writer.append({t: 'r', at: 1_000_002 + index, id: 'a', state: 'up', latencyMs: index});
		writer.close();
		expect(compactHistory(file, {maxBytes: 20_000, maxAgeMs: 1e12, now: 2_000_000})).toBe('compacted');
		const loaded = loadHistory(file);
		expect(loaded.results[0]!.at).toBeGreaterThan(1_000_002);
		const ignored = {at: 1_000_001, values: ['req-1', 'req-2', 'req-3', 'req-4', 'req-5'], spanMs: 4000, source: 'json requestId'};
		expect(loaded.ignoredVersions).toEqual([{id: 'a', ignored}]);
		expect(loaded.versions).toEqual([{id: 'a', version: 'req-1', ignored}]);
	});

	it('drops entries older than maxAgeMs', () => {
		fill(100, index => index * 1000);
		expect(compactHistory(file, {maxBytes: 1e9, maxAgeMs: 50_000, now: 100_000})).toBe('compacted');
		const loaded = loadHistory(file);
		expect(loaded.results.map(result => result.at)[0]).toBe(50_000);
		expect(loaded.results).toHaveLength(50);
		expect(loaded.markers).toEqual([]);
	});

	it('keeps each check\'s latest version when the result line that carried it goes, by size or by age', () => {
		const writer = openHistoryWriter({file, maxBytes: Number.MAX_SAFE_INTEGER, maxAgeMs: Number.MAX_SAFE_INTEGER});
		writer.append({t: 'r', at: 1000, id: 'b', state: 'up', latencyMs: 1, v: '0.9.0'});
		writer.append({t: 'r', at: 1_000_000, id: 'a', state: 'up', latencyMs: 1, v: '1.4.1'});
		writer.append({t: 'r', at: 1_000_001, id: 'a', state: 'up', latencyMs: 1, v: '1.4.2'});
		for (let index = 0; index < 1000; index++) writer.append({t: 'r', at: 1_000_002 + index, id: 'a', state: 'up', latencyMs: index});
		writer.close();
		expect(compactHistory(file, {maxBytes: 20_000, maxAgeMs: 1_500_000, now: 2_000_000})).toBe('compacted');
		const text = fs.readFileSync(file, 'utf8');
		expect(text).not.toContain('"v":"1.4.1"');
		expect(loadHistory(file).versions).toEqual(expect.arrayContaining([{id: 'a', version: '1.4.2'}, {id: 'b', version: '0.9.0'}]));
		expect(loadHistory(file).versions).toHaveLength(2);
		// Kept as small version records, not as old results: the checks' histories do not reach back for them.
		expect(loadHistory(file).results.every(result => result.at >= 1_000_002)).toBe(true);
		// At the end of the file: its first line still tells when it is next due for compaction by age.
		expect(JSON.parse(text.split('\n')[0]!).at).toBeGreaterThanOrEqual(1_000_002);
		// And again at the next compaction.
		expect(compactHistory(file, {maxBytes: 20_000, maxAgeMs: 1_500_000, now: 3_000_000})).toBe('compacted');
		expect(loadHistory(file).versions).toHaveLength(2);
	});

	it('does not compact while another instance holds the lock, and takes over a stale lock', () => {
		fill(100, index => index);
		const size = fs.statSync(file).size;
		fs.writeFileSync(`${file}.lock`, '');
		expect(compactHistory(file, {maxBytes: 100, maxAgeMs: 1e12, now: Date.now()})).toBe('locked');
		expect(fs.statSync(file).size).toBe(size);
		expect(compactHistory(file, {maxBytes: 100, maxAgeMs: 1e12, now: Date.now() + 60_000})).toBe('compacted');
		expect(fs.statSync(file).size).toBeLessThan(size);
		expect(fs.existsSync(`${file}.lock`)).toBe(false);
	});

	it('is triggered by the writer once the file passes maxBytes, and the writer keeps appending to the new file', () => {
		const writer = openHistoryWriter({file, maxBytes: 5000, maxBatch: 10});
		for (let index = 0; index < 500; index++) {
			writer.append({t: 'r', at: Date.now(), id: 'a', state: 'up', latencyMs: index});
		}

		writer.close();
		expect(fs.statSync(file).size).toBeLessThan(5000 + 1000);
		expect(loadHistory(file).results.at(-1)!.latencyMs).toBe(499);
	});
});

describe('compaction in slices', () => {
	function fill(count: number): void {
		const writer = openHistoryWriter({file, maxBytes: Number.MAX_SAFE_INTEGER, maxAgeMs: Number.MAX_SAFE_INTEGER});
		for (let index = 0; index < count; index++) {
			writer.append({t: 'r', at: 1_000_000 + index, id: 'a', state: 'up', latencyMs: index});
			if (index === 10) writer.append({t: 'm', at: 1_000_010, label: 'early deploy', source: 'command'});
		}

		writer.close();
	}

	it('never holds the event loop for long while it works, and writes what compactHistory writes', async () => {
		// A 20 MB file cut at once held the live screen's clock and keys still for ~2 s. Measured against the same
		// work done at once in this process: the longest turn must be a small part of it (slices of 256 KB, of 2,000
		// lines: ~5 %; without them it is about half, as the read and the write are not in it).
		fill(150_000);
		const copy = `${file}.copy`;
		fs.copyFileSync(file, copy);
		const options = {maxBytes: 200_000, maxAgeMs: 1e12, now: 2_000_000};
		let longestTurnMs = 0;
		let isDone = false;
		const watching = (async () => {
			let last = performance.now();
			while (!isDone) {
				// eslint-disable-next-line no-await-in-loop
				await new Promise(resolve => {
					setImmediate(resolve);
				});
				const now = performance.now();
				longestTurnMs = Math.max(longestTurnMs, now - last);
				last = now;
			}
		})();
		const outcome = await compactHistoryInSlices(file, options).done;
		isDone = true;
		await watching;
		expect(outcome).toBe('compacted');
		const started = performance.now();
		expect(compactHistory(copy, options)).toBe('compacted');
		const atOnceMs = performance.now() - started;
		expect(longestTurnMs, `longest turn ${longestTurnMs.toFixed(1)} ms, at once ${atOnceMs.toFixed(1)} ms`).toBeLessThan(atOnceMs / 2.5);
		expect(fs.readFileSync(file, 'utf8')).toBe(fs.readFileSync(copy, 'utf8'));
		expect(fs.existsSync(`${file}.lock`)).toBe(false);
	});

	it('keeps what the writer appends meanwhile, which goes on appending to the new file', async () => {
		fill(20_000);
		const writer = openHistoryWriter({file, maxBytes: 200_000, maxBatch: 1, compactInSlices: true, now: () => 2_000_000});
		writer.append({t: 'r', at: 1_100_000, id: 'a', state: 'up', latencyMs: 100_000});
		// The append that found the file too big started the compaction; these land while it runs.
		for (let index = 1; index <= 50; index++) {
			writer.append({t: 'r', at: 1_100_000 + index, id: 'a', state: 'up', latencyMs: 100_000 + index});
			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setImmediate(resolve);
			});
		}

		for (let wait = 0; wait < 200 && fs.statSync(file).size > 150_000; wait++) {
			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setTimeout(resolve, 10);
			});
		}

		writer.append({t: 'r', at: 1_200_000, id: 'a', state: 'up', latencyMs: 200_000});
		writer.close();
		expect(fs.statSync(file).size).toBeLessThan(150_000);
		const latencies = new Set(loadHistory(file).results.map(result => result.latencyMs));
		for (let index = 0; index <= 50; index++) expect(latencies.has(100_000 + index), `append ${index}`).toBe(true);
		expect(latencies.has(200_000)).toBe(true);
		expect(fs.readdirSync(path.dirname(file)).filter(name => name.includes('.compact-') || name.endsWith('.lock'))).toEqual([]);
	});

	it('does not swap in its file when the file was replaced meanwhile, nor remove a lock it no longer owns', async () => {
		// uptop stopped (ctrl-z) mid-compaction for more than 30 s: another instance took the lock as stale and cut the
		// file itself. Swapping in what this one read would drop that one's lines.
		fill(20_000);
		const compaction = compactHistoryInSlices(file, {maxBytes: 200_000, maxAgeMs: 1e12, now: 2_000_000});
		for (let turn = 0; turn < 3; turn++) {
			// eslint-disable-next-line no-await-in-loop
			await new Promise(resolve => {
				setImmediate(resolve);
			});
		}

		const other = `${file}.other`;
		fs.writeFileSync(other, `${JSON.stringify({t: 'r', at: 1_500_000, id: 'other', state: 'up', latencyMs: 1})}\n`);
		fs.renameSync(other, file);
		fs.rmSync(`${file}.lock`, {force: true});
		fs.writeFileSync(`${file}.lock`, '');
		expect(await compaction.done).toBe('locked');
		expect(loadHistory(file).results.map(result => result.id)).toEqual(['other']);
		expect(fs.existsSync(`${file}.lock`)).toBe(true);
		expect(fs.readdirSync(path.dirname(file)).filter(name => name.includes('.compact-'))).toEqual([]);
	});

	it('leaves the file as it was, with no lock or temp file, when the writer closes meanwhile', async () => {
		fill(20_000);
		const before = fs.readFileSync(file, 'utf8');
		const compaction = compactHistoryInSlices(file, {maxBytes: 200_000, maxAgeMs: 1e12, now: 2_000_000});
		await new Promise(resolve => {
			setImmediate(resolve);
		});
		compaction.abandon();
		expect(await compaction.done).toBe('abandoned');
		expect(fs.readFileSync(file, 'utf8')).toBe(before);
		expect(fs.readdirSync(path.dirname(file)).filter(name => name.includes('.compact-') || name.endsWith('.lock'))).toEqual([]);
	});
});
