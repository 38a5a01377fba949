import {describe, expect, it, vi} from 'vitest';

vi.hoisted(() => {
	process.env['TZ'] = 'UTC';
});

import {splitRowId} from '../../source/modes/format.js';
import {eventRecord} from '../../source/modes/json-record.js';
import {formatStateLine} from '../../source/modes/plain-lines.js';
import {createMonitor} from '../../source/monitor/monitor.js';
import type {MonitorEvent, Snapshot} from '../../source/monitor/types.js';
import {createTheme} from '../../source/ui/theme.js';
import {detailLines} from '../../source/ui/view/detail-lines.js';
import {eventLines} from '../../source/ui/view/event-lines.js';
import {createFakeClock} from '../helpers/fake-clock.js';
import {failing, makeCheck, up} from './fixtures.js';

const theme = createTheme({color: false, ascii: false});
const check = makeCheck('app api', {intervalMs: 1000});
const byId = new Map([[check.id, check]]);
const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const text = (lines: ReadonlyArray<ReadonlyArray<{text: string}>>) => lines.map(line => line.map(segment => segment.text).join(''));
const detail = (snapshot: Snapshot) => text(detailLines(snapshot.rows[0]!, {width: 100, now: snapshot.at, theme, hyperlinks: false}));

/**
 * A check failing for `failMs` of real time, with the wall clock stepped by `stepMs` `stepAfterMs` into it (an NTP
 * step, a VM resumed, a bad hardware clock corrected); probing runs on the monotonic clock and goes on steadily.
 */
async function failWithStep(stepAfterMs: number, stepMs: number, failMs: number) {
	const clock = createFakeClock();
	let isFailing = true;
	const monitor = createMonitor({checks: [check], clock, random: () => 0, probe: async () => (isFailing ? failing() : up())});
	const events: MonitorEvent[] = [];
	monitor.onEvent(event => events.push(event));
	monitor.start();
	await clock.advance(stepAfterMs);
	clock.stepWall(stepMs);
	await clock.advance(failMs - stepAfterMs);
	const whileFailing = monitor.flush();
	isFailing = false;
	await clock.advance(1000);
	const recovered = monitor.flush();
	await monitor.stop();
	const change = events.find((event): event is Extract<MonitorEvent, {type: 'state'}> => event.type === 'state' && event.from === 'failing')!;
	return {whileFailing, recovered, change};
}

describe('a wall-clock step during a failure', () => {
	it('forward by 2 h, as after a sleep (a laptop lid, a VM paused), when the monotonic clock stood still: the time passed counts', async () => {
		// Linux's monotonic clock does not run while the machine is suspended; from inside, a forward step of the
		// wall clock looks the same, and is taken for a sleep (monitor.ts longestSleepMs).
		const {whileFailing, recovered, change} = await failWithStep(8000, 2 * hourMs, 11_000);
		expect(detail(whileFailing)[0]).toMatch(/^✗ failing for 2h {2}app api/);
		// The recent results: a result from before the sleep is 2 h old, one after it seconds old.
		const recent = detail(whileFailing).filter(line => / ago {2}/.test(line));
		expect(recent.some(line => /^ \d\d:\d\d:\d\d {2}2h ago/.test(line))).toBe(true);
		expect(recent.some(line => /^ \d\d:\d\d:\d\d {2}\ds ago/.test(line))).toBe(true);
		// Nothing was watched while the machine slept: the outage says how much of it that was, as across a restart.
		expect(formatStateLine(change, splitRowId(change.id, byId))).toMatch(/app api: failing → up after 2h \(2h of it while uptop was stopped\)$/);
		expect(eventRecord(change, byId)).toMatchObject({from: 'failing', to: 'up', fromDurationMs: 2 * hourMs + 12_000, unwatchedMs: 2 * hourMs});
		expect(text(eventLines(recovered, {width: 100, theme})).find(line => line.includes('failing → up'))).toMatch(/app api {2}failing → up after 2h/);
	});

	it('forward by more than 30 days: a clock corrected, not a sleep; "failing for" stays the real 11 s', async () => {
		const {whileFailing, change} = await failWithStep(3000, 31 * dayMs, 11_000);
		expect(detail(whileFailing)[0]).toMatch(/^✗ failing for 11s {2}app api/);
		expect(eventRecord(change, byId)).toMatchObject({fromDurationMs: 12_000});
	});

	it('corrected from a clock 20000 days behind: no "20000d" anywhere, and the recent results stay aligned', async () => {
		const {whileFailing, change} = await failWithStep(3000, 20_000 * dayMs, 11_000);
		expect(detail(whileFailing)[0]).toMatch(/^✗ failing for 11s {2}app api/);
		expect(detail(whileFailing).join('\n')).not.toContain('20000d');
		expect(eventRecord(change, byId)).toMatchObject({fromDurationMs: 12_000});
	});

	it('back by 5 min: "failing for" goes on counting, and the recovery says how long the outage was', async () => {
		const {whileFailing, recovered, change} = await failWithStep(3000, -5 * 60_000, 10_000);
		expect(detail(whileFailing)[0]).toMatch(/^✗ failing for 10s {2}app api/);
		expect(formatStateLine(change, splitRowId(change.id, byId))).toMatch(/app api: failing → up after 11s/);
		expect(eventRecord(change, byId)).toMatchObject({fromDurationMs: 11_000});
		expect(text(eventLines(recovered, {width: 100, theme})).find(line => line.includes('failing → up'))).toMatch(/app api {2}failing → up after 11s/);
	});
});
