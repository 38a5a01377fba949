import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {loadConfig} from '../../source/config/load-config.js';
import {historyPlaceFor} from '../../source/release/history-records.js';
import {noteOtherName, pastHistoryFile} from '../../source/release/other-name-history.js';
import {loadPastHistory} from '../../source/runtime/attach-history.js';

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
/** A history whose last result is `ageMs` old, written then. */
const write = (file: string, ageMs: number) => {
	fs.writeFileSync(file, `${JSON.stringify({t: 'r', at: Date.now() - ageMs, id: 'web', state: 'up', latencyMs: 12})}\n`);
	const at = new Date(Date.now() - ageMs);
	fs.utimesSync(file, at, at);
};

/** Real history lines: results of `id` at `resultsAt`, and markers `uptop mark` wrote. */
const history = (file: string, records: {resultsAt?: number[]; marks?: Array<[number, string]>; id?: string}, ageMs = 0) => {
	const lines = [
		...(records.resultsAt ?? []).map(at => ({t: 'r', at, id: records.id ?? 'web', state: 'up', latencyMs: 12})),
		...(records.marks ?? []).map(([at, label]) => ({t: 'm', at, label, source: 'command'})),
	];
	fs.writeFileSync(file, lines.map(line => `${JSON.stringify(line)}\n`).join(''));
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

	it('is the one with the newest result, not the one written last: a marker alone does not make a history newer', () => {
		// `uptop mark` run through the other name while the watcher was down: that file is newest, and holds a marker only.
		const now = Date.now();
		history(place(linkConfig).file, {resultsAt: [now - 120_000, now - 60_000]}, 60_000);
		history(place(realConfig).file, {marks: [[now - 1000, 'deploy 2.0']]});
		expect(pastHistoryFile(place(linkConfig))).toBe(place(linkConfig).file);
		// Results from another watcher through the other name, later than this name's last: its file.
		history(place(realConfig).file, {resultsAt: [now - 30_000], marks: [[now - 1000, 'deploy 2.0']]}, 60_000);
		expect(pastHistoryFile(place(linkConfig))).toBe(place(realConfig).file);
	});

	it('takes the markers of every name\'s history, in time order, each once', () => {
		const now = Date.now();
		fs.writeFileSync(realConfig, 'checks:\n  - {name: web, url: "http://127.0.0.1:9/", interval: 1h}\n');
		const checksOf = (config: string) => loadConfig(config, {env: {}});
		// This name's file: its results are older, and `uptop mark` wrote a marker to it.
		history(place(linkConfig).file, {resultsAt: [now - 120_000], marks: [[now - 90_000, 'through the link'], [now - 50_000, 'both']]});
		// Another watcher runs through the real path: its file is newest.
		history(place(realConfig).file, {resultsAt: [now - 10_000], marks: [[now - 70_000, 'through the real path'], [now - 50_000, 'both']]});
		const past = loadPastHistory(checksOf(linkConfig), {isEnabled: true, stateDir}, message => {
			throw new Error(message);
		});
		expect(past?.results.map(result => result.at)).toEqual([now - 10_000]);
		expect(past?.markers.map(marker => marker.label)).toEqual(['through the link', 'through the real path', 'both']);
		// The pipeline marked through the real path while no watcher ran: this name's results, and that marker.
		history(place(realConfig).file, {marks: [[now - 1000, 'while down']]});
		const restarted = loadPastHistory(checksOf(linkConfig), {isEnabled: true, stateDir});
		expect(restarted?.results.map(result => result.at)).toEqual([now - 120_000]);
		expect(restarted?.markers.map(marker => marker.label)).toEqual(['through the link', 'both', 'while down']);
	});

	it('leaves no pointer for a config given by its real path', () => {
		noteOtherName(place(realConfig));
		expect(fs.readdirSync(stateDir)).toEqual([]);
	});
});
