import {afterEach, describe, expect, it, vi} from 'vitest';

vi.hoisted(() => {
	process.env['TZ'] = 'UTC';
});

import {cleanup, render} from 'ink-testing-library';
import {createMonitor} from '../../../source/monitor/monitor.js';
import {App} from '../../../source/ui/components/App.js';
import {createFakeClock} from '../../helpers/fake-clock.js';
import {makeCheck, up, wait} from '../../monitor/fixtures.js';
import {keys, stripStyles, tick} from '../helpers.js';

afterEach(() => {
	cleanup();
});

describe('the detail pane\'s schedule line of a check waiting for a free slot', () => {
	it('says it waits as soon as it does, and how overdue it is, on the real engine', async () => {
		const clock = createFakeClock(Date.UTC(2026, 0, 1));
		// One slot, and `hold` keeps it 20 s: api, due 5 s after its first result, waits for it.
		const checks = [makeCheck('api', {intervalMs: 5000}), makeCheck('hold', {intervalMs: 60_000, timeoutMs: 30_000})];
		const monitor = createMonitor({checks, clock, random: () => 0, concurrency: 1, parkAfterMs: 60_000, probe: async (check, signal) => (check.id === 'hold' ? wait(clock, 20_000, signal, up()) : up())});
		monitor.start();
		await clock.advance(0);
		monitor.flush();
		const app = render(<App monitor={monitor} configName="checks.yaml" options={{color: false, ascii: false}} columns={200} rows={40} onQuit={() => undefined} />);
		const frame = () => stripStyles(app.lastFrame() ?? '');
		const schedule = () => frame().split('\n').map(line => /schedule +(.*?)\s*$/.exec(line)?.[1]).find(line => line !== undefined) ?? '';
		const advance = async (ms: number) => {
			await clock.advance(ms);
			await tick();
		};

		try {
			for (let step = 0; step < 3 && !/^> .*api/m.test(frame()); step++) {
				app.stdin.write('j');
				// eslint-disable-next-line no-await-in-loop
				await tick();
			}

			app.stdin.write(keys.enter);
			await tick();
			expect(schedule()).toBe('every 5s, timeout 2s · next 00:00:05');
			await advance(5100);
			expect(schedule()).toBe('every 5s, timeout 2s · due 00:00:05, waiting for a free slot');
			await advance(3000);
			expect(schedule()).toBe('every 5s, timeout 2s · due 00:00:05, waiting for a free slot, 3s overdue');
		} finally {
			app.unmount();
			await monitor.stop();
		}
	});
});
