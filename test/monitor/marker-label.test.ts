import {describe, expect, it} from 'vitest';
import {createMonitor} from '../../source/monitor/monitor.js';
import {createRemoteMonitor} from '../../source/monitor/remote-monitor.js';
import {makeCheck, up} from './fixtures.js';

const first = makeCheck('payments api', {secrets: ['s3cr3t-tok-9f8e7d6c']});
const reloaded = makeCheck('ledger', {secrets: ['ledger-pw-77aa21']});

describe('shownLabel: a marker note as the engine keeps it', () => {
	it('hides the watched checks\' secrets in the in-thread engine, and a reloaded config\'s', async () => {
		const monitor = createMonitor({checks: [first], probe: async () => up()});
		expect(monitor.shownLabel!('undo s3cr3t-tok-9f8e7d6c')).toBe('undo ••••');
		monitor.send({type: 'setChecks', checks: [reloaded]});
		expect(monitor.shownLabel!('undo ledger-pw-77aa21')).toBe('undo ••••');
		await monitor.stop();
	});

	it('hides them in the worker-backed engine\'s handle too, which the screen holds, after a reload as well', async () => {
		const monitor = createRemoteMonitor({checks: [first], isDeferred: true});
		expect(monitor.shownLabel!('undo s3cr3t-tok-9f8e7d6c')).toBe('undo ••••');
		monitor.send({type: 'setChecks', checks: [reloaded]});
		expect(monitor.shownLabel!('undo ledger-pw-77aa21')).toBe('undo ••••');
		await monitor.stop();
	});
});
