import {afterEach, describe, expect, it, vi} from 'vitest';

vi.hoisted(() => {
	process.env['TZ'] = 'UTC';
});

import {cleanup, render} from 'ink-testing-library';
import {createMonitor, type Monitor} from '../../../source/monitor/monitor.js';
import type {ProbeResult, SeriesResult} from '../../../source/probes/types.js';
import {App} from '../../../source/ui/components/App.js';
import {createFakeClock, type FakeClock} from '../../helpers/fake-clock.js';
import {failing, makeCheck, up} from '../../monitor/fixtures.js';
import {keys, stripStyles, tick} from '../helpers.js';

afterEach(() => {
	cleanup();
});

const series = (states: Record<string, 'up' | 'failing'>): SeriesResult[] => Object.entries(states).map(([label, outcome]) => ({label, outcome, value: outcome === 'up' ? 1 : 0, summary: `${label}=${outcome === 'up' ? 1 : 0}`}));

/** The App on a real engine under a fake clock, with the events view's keys. */
function screenOf(monitor: Monitor, clock: FakeClock) {
	const app = render(<App monitor={monitor} configName="checks.yaml" options={{color: false, ascii: false}} columns={120} rows={30} onQuit={() => undefined} />);
	return {
		app,
		lines: () => stripStyles(app.lastFrame() ?? '').split('\n'),
		frame: () => stripStyles(app.lastFrame() ?? ''),
		async press(...pressed: string[]) {
			for (const key of pressed) {
				app.stdin.write(key);
				// eslint-disable-next-line no-await-in-loop
				await tick();
			}
		},
		async advance(ms: number) {
			await clock.advance(ms);
			monitor.flush();
			await tick();
		},
	};
}

describe('the events of a row that is no longer watched', () => {
	it('stay in the events list, marked, after its series leaves the query\'s answer; enter says it is gone', async () => {
		const clock = createFakeClock();
		// web-2 comes up, fails, recovers, then leaves the answer (its pod replaced in a release).
		const script: ProbeResult[] = [
			up(5, {series: series({'web-1': 'up', 'web-2': 'up'})}),
			up(5, {series: series({'web-1': 'up', 'web-2': 'failing'})}),
			up(5, {series: series({'web-1': 'up', 'web-2': 'up'})}),
			up(5, {series: series({'web-1': 'up'})}),
		];
		const monitor = createMonitor({checks: [makeCheck('pods', {intervalMs: 1000})], clock, random: () => 0, probe: async () => script.shift() ?? up(5, {series: series({'web-1': 'up'})})});
		monitor.start();
		const screen = screenOf(monitor, clock);
		try {
			await screen.advance(0);
			await screen.advance(1000);
			await screen.advance(1000);
			await screen.press('e');
			expect(screen.frame()).toMatch(/pods \/ web-2 {2}up → failing/);
			await screen.advance(1000);
			expect(monitor.getSnapshot().rows.map(row => row.id)).toEqual(['pods/web-1']);
			const lines = screen.lines();
			const recovered = lines.findIndex(line => /pods \/ web-2 \(left the answer\) {2}failing → up/.test(line));
			const failed = lines.findIndex(line => /pods \/ web-2 \(left the answer\) {2}up → failing/.test(line));
			expect(recovered).toBeGreaterThan(0);
			expect(failed).toBeGreaterThan(recovered);
			// The cursor on the newest event, the recovery of the row that is gone: enter names no other row.
			expect(lines[recovered]).toMatch(/^> /);
			await screen.press(keys.enter);
			expect(screen.frame()).toContain('events, newest first');
			expect(screen.lines().at(-1)).toContain('pods / web-2 is no longer watched: it left the query\'s answer');
		} finally {
			screen.app.unmount();
			await monitor.stop();
		}
	});

	it('stay in the events list, marked, after a reload removes its check; enter says it is gone', async () => {
		const clock = createFakeClock();
		let ledgerResults: ProbeResult[] = [up(), failing(), up()];
		const monitor = createMonitor({checks: [makeCheck('api', {intervalMs: 1000}), makeCheck('ledger', {intervalMs: 1000})], clock, random: () => 0, probe: async check => (check.id === 'ledger' ? ledgerResults.shift() ?? up() : up())});
		monitor.start();
		const screen = screenOf(monitor, clock);
		try {
			await screen.advance(0);
			await screen.advance(1000);
			await screen.advance(1000);
			await screen.press('e');
			expect(screen.frame()).toMatch(/ledger {2}failing → up/);
			monitor.send({type: 'setChecks', checks: [makeCheck('api', {intervalMs: 1000})]});
			await screen.advance(1000);
			expect(monitor.getSnapshot().rows.map(row => row.id)).toEqual(['api']);
			const lines = screen.lines();
			const recovered = lines.findIndex(line => /ledger \(removed\) {2}failing → up/.test(line));
			expect(recovered).toBeGreaterThan(0);
			expect(lines.findIndex(line => /ledger \(removed\) {2}up → failing/.test(line))).toBeGreaterThan(recovered);
			expect(lines[recovered]).toMatch(/^> /);
			await screen.press(keys.enter);
			expect(screen.frame()).toContain('events, newest first');
			expect(screen.lines().at(-1)).toContain('ledger is no longer watched: a reload removed it');
			ledgerResults = [];
		} finally {
			screen.app.unmount();
			await monitor.stop();
		}
	});
});
