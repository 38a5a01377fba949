import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {spawn} from 'node:child_process';
import {announceWatcher, hasLiveWatcher, hasOtherLiveWatcher} from '../../source/release/watcher-presence.js';

let dir: string;
let file: string;

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-presence-'));
	file = path.join(dir, 'checks-0123456789ab.jsonl');
});

afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

/** The pid of a process that has exited. */
const deadPid = (): number => Number(spawnSync('/bin/sh', ['-c', 'echo $$'], {encoding: 'utf8'}).stdout.trim());

describe('watcher presence', () => {
	it('tells another running uptop on the file from this process\'s own presence', () => {
		const own = announceWatcher(file);
		expect(hasLiveWatcher(file)).toBe(true);
		expect(hasOtherLiveWatcher(file)).toBe(false);
		const other = spawn('sleep', ['30']);
		try {
			fs.writeFileSync(`${file}.${other.pid}-0badcafe.watching`, '');
			expect(hasOtherLiveWatcher(file)).toBe(true);
		} finally {
			other.kill('SIGKILL');
			own.close();
		}
	});

	it('tells a running watcher of a file from none, and from one of another file in the same directory', () => {
		expect(hasLiveWatcher(file)).toBe(false);
		const other = announceWatcher(path.join(dir, 'other-ba9876543210.jsonl'));
		expect(hasLiveWatcher(file)).toBe(false);
		const presence = announceWatcher(file);
		expect(hasLiveWatcher(file)).toBe(true);
		presence.close();
		presence.close();
		expect(hasLiveWatcher(file)).toBe(false);
		other.close();
		expect(fs.readdirSync(dir)).toEqual([]);
	});

	it('removes, as it starts, the temp file of a compaction killed midway (up to ~10 MB each), not a live one\'s', () => {
		const dead = `${file}.compact-${deadPid()}`;
		const alive = spawn('sleep', ['30']);
		const live = `${file}.compact-${alive.pid}`;
		try {
			for (const each of [dead, live]) fs.writeFileSync(each, 'half a compaction\n');
			const presence = announceWatcher(file);
			expect(fs.existsSync(dead)).toBe(false);
			expect(fs.existsSync(live)).toBe(true);
			presence.close();
		} finally {
			alive.kill('SIGKILL');
		}
	});

	it('leaves a compaction temp file whose pid does not answer while the compaction lock is held', () => {
		// The pid may run in another pid namespace sharing the directory, its compaction live.
		const dead = `${file}.compact-${deadPid()}`;
		fs.writeFileSync(dead, 'half a compaction\n');
		fs.writeFileSync(`${file}.lock`, 'another uptop');
		const presence = announceWatcher(file);
		expect(fs.existsSync(dead)).toBe(true);
		presence.close();
		fs.rmSync(`${file}.lock`);
		announceWatcher(file).close();
		expect(fs.existsSync(dead)).toBe(false);
		expect(fs.existsSync(`${file}.lock`)).toBe(false);
	});

	it('does not count a watcher that died without removing its file, and the next watcher removes that file', () => {
		const left = `${file}.${deadPid()}-0badf00d.watching`;
		fs.writeFileSync(left, '');
		expect(hasLiveWatcher(file)).toBe(false);
		const presence = announceWatcher(file);
		expect(fs.existsSync(left)).toBe(false);
		expect(hasLiveWatcher(file)).toBe(true);
		presence.close();
	});
});
