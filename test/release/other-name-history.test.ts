import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {historyPlaceFor} from '../../source/release/history-records.js';
import {noteOtherName, pastHistoryFile} from '../../source/release/other-name-history.js';

let dir: string;
let stateDir: string;
let realConfig: string;
let linkConfig: string;
beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-other-name-'));
	stateDir = path.join(dir, 'state');
	fs.mkdirSync(stateDir);
	fs.mkdirSync(path.join(dir, 'dotfiles'));
	realConfig = path.join(dir, 'dotfiles', 'prod.yaml');
	fs.writeFileSync(realConfig, 'checks: []\n');
	linkConfig = path.join(dir, 'checks.yaml');
	fs.symlinkSync(realConfig, linkConfig);
});
afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

const place = (config: string) => historyPlaceFor(config, {stateDir, isWatcher: true});
const write = (file: string, ageMs: number) => {
	fs.writeFileSync(file, '{}\n');
	const at = new Date(Date.now() - ageMs);
	fs.utimesSync(file, at, at);
};

describe('the history a watcher reads its past from', () => {
	it('is its own when no other name of the config has one', () => {
		expect(pastHistoryFile(place(linkConfig))).toBe(place(linkConfig).file);
		expect(pastHistoryFile(place(realConfig))).toBe(place(realConfig).file);
	});

	it('through a symlink: the real path\'s, when written later than its own', () => {
		write(place(realConfig).file, 1000);
		expect(pastHistoryFile(place(linkConfig))).toBe(place(realConfig).file);
		write(place(linkConfig).file, 0);
		expect(pastHistoryFile(place(linkConfig))).toBe(place(linkConfig).file);
	});

	it('by the real path: the symlink\'s its watcher left a pointer to, under another file name', () => {
		const linked = place(linkConfig);
		write(linked.file, 0);
		expect(pastHistoryFile(place(realConfig))).toBe(place(realConfig).file);
		noteOtherName(linked);
		noteOtherName(linked);
		expect(pastHistoryFile(place(realConfig))).toBe(linked.file);
		// The pointer is no history: nothing that lists the histories takes it for one.
		expect(fs.readdirSync(stateDir).filter(name => name.endsWith('.jsonl'))).toEqual([path.basename(linked.file)]);
	});

	it('leaves no pointer for a config given by its real path', () => {
		noteOtherName(place(realConfig));
		expect(fs.readdirSync(stateDir)).toEqual([]);
	});
});
