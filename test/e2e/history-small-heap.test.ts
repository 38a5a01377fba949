import fs from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {historyFileFor} from '../../source/release/history-records.js';
import {startUptop} from '../helpers/run-cli.js';

/*
 * A small VM or container running uptop under NODE_OPTIONS=--max-old-space-size=64, with a history file at its
 * bound (20 MB): read whole, as one string and its array of lines beside the records parsed from it, it ran out of
 * heap before the first result.
 */
const directory = fs.mkdtempSync(path.join(tmpdir(), 'uptop-small-heap-'));
afterAll(() => {
	fs.rmSync(directory, {recursive: true, force: true});
});

describe('a full-size history file under a 64 MB heap', () => {
	it('is read, and the run goes on', async () => {
		const config = path.join(directory, 'checks.yaml');
		fs.writeFileSync(config, 'defaults: {interval: 250ms, timeout: 200ms}\nchecks:\n  - name: orders api\n    url: http://127.0.0.1:9/health\n  - name: payments api\n    url: http://127.0.0.1:9/pay\n');
		const stateDir = path.join(directory, 'state');
		const file = historyFileFor(config, {stateDir});
		fs.mkdirSync(stateDir);
		const lines: string[] = [];
		const start = Date.now() - 6 * 24 * 60 * 60_000;
		let size = 0;
		for (let index = 0; size < 20 * 1024 * 1024; index++) {
			for (const id of ['orders api', 'payments api']) {
				const line = `${JSON.stringify({t: 'r', at: start + (index * 1000), id, state: index % 50 === 0 ? 'failing' : 'up', latencyMs: 81.4, w: '4242-9f1c0a3b'})}\n`;
				lines.push(line);
				size += line.length;
			}
		}

		fs.writeFileSync(file, lines.join(''));
		const watcher = startUptop(['--json', '--state-dir', stateDir, config], {env: {NODE_OPTIONS: '--max-old-space-size=64'}});
		expect(await watcher.waitUntil(() => watcher.records().length > 0, 15_000), watcher.stderr()).toBe(true);
		expect(await watcher.stop('SIGTERM')).toBe(0);
		expect(watcher.stderr()).toBe('');
	}, 40_000);
});
