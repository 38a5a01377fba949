import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {readPastHistoryFor} from '../../source/release/past-history.js';
import {hashedId} from '../../source/release/hashed-ids.js';
import {historyKeyFile, openHistoryKey} from '../../source/release/history-key.js';
import {makeCheck} from '../monitor/fixtures.js';

let dir: string;
let file: string;
beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-past-'));
	file = path.join(dir, 'checks-1.jsonl');
	const at = Date.now() - 60_000;
	const lines = [
		{t: 'r', at, id: 'orders api', state: 'failing', latencyMs: 3},
		{t: 's', at, id: 'orders api', from: 'pending', to: 'failing'},
		{t: 'r', at, id: 'queue/eu-west', state: 'up', latencyMs: 1},
	];
	fs.writeFileSync(file, `${lines.map(line => JSON.stringify(line)).join('\n')}\n`);
});
afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

describe('readPastHistoryFor: the history of checks a reload adds', () => {
	it('reads it for a check the file names, and for a series check by its rows', async () => {
		const orders = await readPastHistoryFor(file, [makeCheck('orders api')]);
		expect(orders?.results.map(result => result.id)).toContain('orders api');
		expect(orders?.transitions).toHaveLength(1);
		const queue = await readPastHistoryFor(file, [makeCheck('queue')]);
		expect(queue?.results.map(result => result.id)).toContain('queue/eu-west');
	});

	it('does not parse the file when it names none of them (a new check), and gives nothing', async () => {
		expect(await readPastHistoryFor(file, [makeCheck('search api'), makeCheck('orders')])).toBeUndefined();
	});

	it('gives nothing for a file that is not there', async () => {
		expect(await readPastHistoryFor(path.join(dir, 'none.jsonl'), [makeCheck('orders api')])).toBeUndefined();
	});

	it('finds a check stored under a hashed id because its name held another check\'s secret', async () => {
		// `eu-west` was a token of another check in the run that wrote this: the name was hashed for it.
		const key = openHistoryKey(historyKeyFile(dir));
		const at = Date.now() - 60_000;
		fs.appendFileSync(file, `${JSON.stringify({t: 'r', at, id: hashedId(key, 'eu-west api'), state: 'failing', latencyMs: 2})}\n`);
		const history = await readPastHistoryFor(file, [makeCheck('eu-west api')]);
		expect(history?.results.map(result => result.id)).toContain('eu-west api');
		// Another check's hashed records are not a reason to read the file for this one.
		expect(await readPastHistoryFor(file, [makeCheck('search api')])).toBeUndefined();
	});
});
