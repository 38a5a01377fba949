import {describe, expect, it} from 'vitest';
import {createMonitor} from '../../../source/monitor/monitor.js';
import {createTheme} from '../../../source/ui/theme.js';
import {detailLines} from '../../../source/ui/view/detail-lines.js';
import {createFakeClock} from '../../helpers/fake-clock.js';
import {failing, makeCheck, up} from '../../monitor/fixtures.js';

const theme = createTheme({color: false, ascii: false});
const minute = 60_000;

/** The detail pane's uptime line of a check probed every `intervalMs` for `forMs`, failing one probe in ten. */
async function uptimeLine(intervalMs: number, forMs: number, width = 120): Promise<string> {
	const clock = createFakeClock(Date.UTC(2026, 0, 1), {flushTicks: 8});
	let count = 0;
	const monitor = createMonitor({checks: [makeCheck('orders api', {intervalMs})], clock, random: () => 0, async probe() {
		count++;
		return count % 10 === 0 ? failing() : up();
	}});
	monitor.start();
	await clock.advance(forMs);
	const row = monitor.flush().rows[0]!;
	await monitor.stop();
	const lines = detailLines(row, {width, now: clock.now(), theme, hyperlinks: false}).map(line => line.map(segment => segment.text).join('').trimEnd());
	const first = lines.findIndex(line => line.startsWith('uptime'));
	// A line the uptime wraps onto has no label of its own.
	const next = lines[first + 1]!;
	return next.startsWith(' ') ? `${lines[first]}\n${next}` : lines[first]!;
}

describe('the detail pane\'s uptime over 1 h and 24 h', () => {
	it('says how far back the samples kept reach when they do not cover the window (8,640 at 1 s: 2h 24m, not 24h)', async () => {
		const line = await uptimeLine(1000, 150 * minute);
		expect(line).toMatch(/^uptime +90\.0% \(8640 samples\), 1h 90\.0%, 24h 90\.0% \(over the last 2h 2[34]m\)$/);
	}, 60_000);

	it('wraps the span kept onto a second line in a narrow pane rather than cut it off', async () => {
		const lines = await uptimeLine(1000, 150 * minute, 60);
		expect(lines).toMatch(/^uptime +90\.0% \(8640 samples\), 1h 90\.0%,?\n +24h 90\.0% \(over the last 2h 2[34]m\)$/);
	}, 60_000);

	it('gives the 24 h figure as it is when the samples kept cover it (8,640 at 10 s)', async () => {
		const line = await uptimeLine(10_000, 25 * 60 * minute);
		expect(line).toMatch(/^uptime +90\.0% \(8640 samples\), 1h 90\.0%, 24h 90\.0%$/);
	}, 60_000);

	it('gives one figure for a run shorter than an hour: both windows would be the same samples', async () => {
		const line = await uptimeLine(10_000, 5 * minute);
		expect(line).toMatch(/^uptime +(\S+) \(31 samples\), 1h \1 \(over the last 5m\)$/);
	}, 60_000);
});
