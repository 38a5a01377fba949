import {afterEach, describe, expect, it} from 'vitest';
import {cleanup, render} from 'ink-testing-library';
import {createMonitor} from '../../../source/monitor/monitor.js';
import {App} from '../../../source/ui/components/App.js';
import {createFakeClock} from '../../helpers/fake-clock.js';
import {makeCheck, up} from '../../monitor/fixtures.js';
import {keys, stripStyles, tick} from '../helpers.js';

afterEach(() => {
	cleanup();
});

const token = 's3cr3t-tok-9f8e7d6c';

describe('a marker note holding a config secret', () => {
	it('is hidden on the status line that confirms it and in the events view, on the real engine', async () => {
		const clock = createFakeClock();
		const check = makeCheck('payments api', {secrets: [token], headers: {authorization: `Bearer ${token}`}});
		const monitor = createMonitor({checks: [check, makeCheck('ledger')], clock, probe: async () => up()});
		monitor.start();
		await clock.advance(1000);
		monitor.flush();
		const app = render(<App monitor={monitor} configName="checks.yaml" options={{color: false, ascii: false}} columns={100} rows={24} onQuit={() => undefined} />);
		const press = async (...pressed: string[]) => {
			for (const key of pressed) {
				app.stdin.write(key);
				// eslint-disable-next-line no-await-in-loop
				await tick();
			}
		};

		try {
			await press('m', ...`rollback after ${token} leaked`);
			await press(keys.enter);
			monitor.flush();
			await tick();
			const notice = stripStyles(app.lastFrame() ?? '');
			expect(notice).toContain('deploy marker added: rollback after •••• leaked');
			expect(notice).not.toContain(token);
			await press('e');
			const events = stripStyles(app.lastFrame() ?? '');
			expect(events).toMatch(/deploy {2}rollback after •••• leaked \(key\)/);
			expect(events).not.toContain(token);
		} finally {
			app.unmount();
			await monitor.stop();
		}
	});
});
