import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import type {Marker} from '../../source/monitor/types.js';
import {connectHistory} from '../../source/release/connect-history.js';
import {loadHistory} from '../../source/release/history-load.js';
import {makeCheck} from '../monitor/fixtures.js';

const directories: string[] = [];
afterEach(() => {
	for (const directory of directories.splice(0)) fs.rmSync(directory, {recursive: true, force: true});
});

const sleep = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

/** One run of the real engine on the real clock, its check reporting `version`, connected to `file`. */
async function run(file: string, version: string, initialVersions?: ReadonlyArray<{id: string; version: string}>): Promise<Marker[]> {
	const monitor = createMonitor({
		checks: [makeCheck('api', {intervalMs: 50})],
		publishIntervalMs: 20,
		probe: async () => ({outcome: 'up', latencyMs: 3, startedAt: Date.now(), summary: '200 OK', version}),
		...(initialVersions === undefined ? {} : {initialVersions}),
	});
	const markers: Marker[] = [];
	monitor.onEvent(event => {
		if (event.type === 'marker') markers.push(event.marker);
	});
	const connection = connectHistory({monitor, file, writerId: `run-${version}`, secrets: []});
	monitor.start();
	await sleep(400);
	await monitor.stop();
	connection.close();
	return markers;
}

describe('a deploy while uptop was not running', () => {
	it('is marked at the first result after the restart, from the version the history file kept', async () => {
		const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-version-'));
		directories.push(directory);
		const file = path.join(directory, 'history.jsonl');
		expect(await run(file, '1.4.2')).toEqual([]);
		// Many results, one version line: only the first sighting (and later a change) is written.
		const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
		expect(lines.filter(line => line.includes('"t":"r"')).length).toBeGreaterThan(3);
		expect(lines.filter(line => line.includes('"v":"1.4.2"'))).toHaveLength(1);
		const past = loadHistory(file);
		expect(past.versions).toEqual([{id: 'api', version: '1.4.2'}]);

		const markers = await run(file, '1.5.0', past.versions);
		expect(markers.map(marker => [marker.label, marker.source, marker.checkId])).toEqual([['api 1.4.2 → 1.5.0', 'version', 'api']]);
		expect(loadHistory(file).versions).toEqual([{id: 'api', version: '1.5.0'}]);
	});

	it('is not marked when the version is the same, nor without the history (nothing to compare with)', async () => {
		const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-version-'));
		directories.push(directory);
		const file = path.join(directory, 'history.jsonl');
		await run(file, '2.0.0');
		expect(await run(file, '2.0.0', loadHistory(file).versions)).toEqual([]);
		expect(await run(file, '2.1.0')).toEqual([]);
	});
});
