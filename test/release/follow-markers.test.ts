import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {Marker} from '../../source/monitor/types.js';
import {followMarkers} from '../../source/release/follow-markers.js';
import {compactHistory} from '../../source/release/history-compact.js';
import {historyFileFor, processWriterId} from '../../source/release/history-records.js';
import {openHistoryWriter} from '../../source/release/history-store.js';

const node = path.resolve('node_modules/.bin/node');
let dir: string;
let configPath: string;
let stateDir: string;
let file: string;
const closers: Array<{close(): void}> = [];

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-follow-'));
	configPath = path.join(dir, 'checks.yaml');
	fs.writeFileSync(configPath, 'checks: []\n');
	stateDir = path.join(dir, 'state');
	file = historyFileFor(configPath, {stateDir});
});
afterEach(() => {
	for (const closer of closers.splice(0)) {
		closer.close();
	}

	fs.rmSync(dir, {recursive: true, force: true});
});

function follow(options: {writerId?: string} = {}): {seen: Array<Marker & {receivedAt: number}>; next(): Promise<Marker & {receivedAt: number}>} {
	const seen: Array<Marker & {receivedAt: number}> = [];
	let waiting: ((marker: Marker & {receivedAt: number}) => void) | undefined;
	closers.push(followMarkers(file, marker => {
		const entry = {...marker, receivedAt: Date.now()};
		seen.push(entry);
		waiting?.(entry);
	}, options));
	return {
		seen,
		async next() {
			return new Promise(resolve => {
				waiting = resolve;
			});
		},
	};
}

const sleep = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

describe('followMarkers', () => {
	it('sees a marker that `uptop mark` in another process appends, within a second', async () => {
		const follower = follow();
		const next = follower.next();
		const child = spawn(node, ['--import', 'tsx', 'test/release/fixtures/mark-child.ts', configPath, stateDir, 'helm upgrade payments 1.5.0'], {stdio: ['ignore', 'pipe', 'inherit']});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
		});
		const marker = await next;
		expect(marker).toMatchObject({label: 'helm upgrade payments 1.5.0', source: 'command'});
		expect(marker.checkId).toBeUndefined();
		// `at` is the child's clock when it appended; the follower must have it well within a second.
		expect(marker.receivedAt - marker.at).toBeLessThan(1000);
		const code = await new Promise(resolve => child.on('exit', resolve));
		expect(code).toBe(0);
		expect(output).toContain('marker "helm upgrade payments 1.5.0" added to');
		expect(follower.seen).toHaveLength(1);
	}, 15_000);

	it('ignores markers this process wrote and results, reports only new markers of other writers', async () => {
		fs.mkdirSync(stateDir, {recursive: true});
		const t0 = Date.now();
		fs.writeFileSync(file, `{"t":"m","at":${t0},"label":"old","source":"command","w":"x"}\n`);
		const follower = follow();
		const own = openHistoryWriter({file});
		own.append({t: 'm', at: t0 + 1, label: 'mine', source: 'key'});
		own.append({t: 'r', at: t0 + 1, id: 'a', state: 'up', latencyMs: 1});
		own.close();
		const other = openHistoryWriter({file, writerId: 'other-instance'});
		const next = follower.next();
		other.append({t: 'm', at: t0 + 2, label: 'theirs', checkId: 'api', source: 'version'});
		other.close();
		expect(await next).toMatchObject({label: 'theirs', checkId: 'api', source: 'version'});
		await sleep(400);
		expect(follower.seen.map(marker => marker.label)).toEqual(['theirs']);
		expect(processWriterId).not.toBe('other-instance');
	});

	it('waits for the rest of a line written in two pieces (multi-byte characters included)', async () => {
		fs.mkdirSync(stateDir, {recursive: true});
		fs.writeFileSync(file, '');
		const follower = follow();
		const line = Buffer.from('{"t":"m","at":5,"label":"déploiement ✓","source":"command","w":"z"}\n');
		const cut = line.indexOf(Buffer.from('✓')) + 1;
		fs.appendFileSync(file, line.subarray(0, cut));
		await sleep(400);
		expect(follower.seen).toEqual([]);
		const next = follower.next();
		fs.appendFileSync(file, line.subarray(cut));
		expect((await next).label).toBe('déploiement ✓');
	});

	it('passes over a stretch of NULs longer than any line, written over several polls, to the marker after it', async () => {
		fs.mkdirSync(stateDir, {recursive: true});
		fs.writeFileSync(file, '');
		const follower = follow();
		const nuls = Buffer.alloc(3 << 20);
		for (let index = 0; index < 4; index++) {
			fs.appendFileSync(file, nuls);
			await sleep(300);
		}

		const next = follower.next();
		const label = `after the NULs ${'✓'.repeat(400_000)}`;
		fs.appendFileSync(file, `\n{"t":"m","at":5,"label":"${label}","source":"command","w":"z"}\n`);
		expect((await next).label).toBe(label);
		expect(follower.seen).toHaveLength(1);
	});

	it('starts following a file that does not exist yet, and keeps following after compaction replaces it', async () => {
		const follower = follow();
		const writer = openHistoryWriter({file, writerId: 'other', now: () => Date.now()});
		let next = follower.next();
		writer.append({t: 'm', at: Date.now(), label: 'first', source: 'command'});
		expect((await next).label).toBe('first');
		for (let index = 0; index < 200; index++) {
			writer.append({t: 'r', at: Date.now(), id: 'a', state: 'up', latencyMs: index});
		}

		writer.flush();
		// Compact and append in the same tick, before the follower can notice the new file: the marker
		// lands in the replacement and must still be reported, once, without repeating "first".
		expect(compactHistory(file, {maxBytes: 2000, maxAgeMs: 1e9, now: Date.now()})).toBe('compacted');
		next = follower.next();
		writer.append({t: 'm', at: Date.now(), label: 'second', source: 'command'});
		expect((await next).label).toBe('second');
		await sleep(400);
		writer.close();
		expect(follower.seen.map(marker => marker.label)).toEqual(['first', 'second']);
	});

	it('reports a history directory it cannot make instead of throwing, so uptop still starts', () => {
		// A regular file where the state directory should be: mkdir fails with ENOTDIR (as root, too, unlike a
		// read-only directory).
		const blocked = path.join(dir, 'not-a-directory');
		fs.writeFileSync(blocked, 'x');
		const errors: Error[] = [];
		const follower = followMarkers(path.join(blocked, 'uptop', 'history.jsonl'), () => undefined, {onError: error => errors.push(error)});
		closers.push(follower);
		expect(errors.map(error => (error as NodeJS.ErrnoException).code)).toEqual(['ENOTDIR']);
	});
});
