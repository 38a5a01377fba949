import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createMonitor, type PastSeed} from '../../source/monitor/monitor.js';
import {readPastHistoryFor} from '../../source/release/past-history.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {failing, makeCheck} from './fixtures.js';

const minute = 60_000;
let dir: string;
beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uptop-recheck-seed-'));
});
afterEach(() => {
	fs.rmSync(dir, {recursive: true, force: true});
});

/**
 * A check a reload adds is seeded from the history file, read without blocking (the worker's). The operator's `r`
 * while that read is under way must not cost the check its past: its outage goes on, with no new "pending → failing".
 */
describe('a recheck asked, or the check removed and added back, while the history of an added check is still being read', () => {
	for (const target of ['the check', 'every check', 'none: removed and added back'] as const) {
		it(`keeps the seed from the history file (recheck of ${target})`, async () => {
			const clock = createFakeClock();
			const orders = makeCheck('orders-api', {intervalMs: 2000, timeoutMs: 1000});
			const web = makeCheck('web', {intervalMs: 2000, timeoutMs: 1000});
			const outageStart = clock.now() - (10 * minute);
			const file = path.join(dir, 'checks-0123456789ab.jsonl');
			const lines: unknown[] = [{t: 's', at: outageStart, id: 'orders-api', from: 'up', to: 'failing', w: '1-a'}];
			for (let at = outageStart; at < clock.now() - minute; at += 2000) lines.push({t: 'r', at, id: 'orders-api', state: 'failing', latencyMs: 5, w: '1-a'});
			fs.writeFileSync(file, `${lines.map(line => JSON.stringify(line)).join('\n')}\n`);
			let release: () => void = () => {};
			const held = new Promise<void>(resolve => {
				release = resolve;
			});
			let reading: Promise<PastSeed | undefined> | undefined;
			const monitor = createMonitor({checks: [web], clock, random: () => 0, async loadHistory(checks): Promise<PastSeed | undefined> {
				// The real file, handed over once the test lets it: the recheck comes first.
				reading = readPastHistoryFor(file, checks);
				const history = await reading;
				await held;
				return history;
			}, async probe() {
				return failing();
			}});
			const states: string[] = [];
			monitor.onEvent(event => {
				if (event.type === 'state') states.push(`${event.id}: ${event.from}→${event.to}`);
			});
			monitor.start();
			await clock.advance(2000);
			monitor.send({type: 'setChecks', checks: [orders, web]});
			if (target === 'none: removed and added back') {
				monitor.send({type: 'setChecks', checks: [web]});
				monitor.send({type: 'setChecks', checks: [orders, web]});
			} else {
				monitor.send(target === 'the check' ? {type: 'recheck', id: 'orders-api'} : {type: 'recheck'});
			}

			await clock.advance(1000);
			expect(await reading).toBeDefined();
			release();
			await clock.advance(3000);
			const view = monitor.flush().rows.find(row => row.id === 'orders-api')!;
			expect(view.state).toBe('failing');
			expect(view.since).toBe(outageStart);
			expect(view.samples).toBeGreaterThan(200);
			expect(states.filter(state => state.startsWith('orders-api'))).toEqual([]);
			await monitor.stop();
		});
	}
});
