import {describe, expect, it} from 'vitest';
import {formatDuration, parseDuration} from '../../source/config/duration.js';

describe('parseDuration', () => {
	it.each([
		['250ms', 250],
		['2s', 2000],
		['1m', 60_000],
		['1h', 3_600_000],
		['1d', 86_400_000],
		['1m30s', 90_000],
		['1.5s', 1500],
		['0s', 0],
		['1d2h30m15s500ms', 95_415_500],
		['1.5m30s', 120_000],
		['90s', 90_000],
	])('reads %s as %i ms', (text, ms) => {
		expect(parseDuration(text)).toBe(ms);
	});

	it.each([
		['5 s', 'a duration has no spaces (`5 s`); write 5s'],
		['-1s', 'a duration cannot be negative (`-1s`)'],
		['10', '`10` has no unit; write 10s (seconds) or 10ms (milliseconds)'],
		['fast', '`fast` is not a duration; write a number with a unit: 250ms, 2s, 1m, 1h, 1d (or 1m30s)'],
		['5sec', 'unknown unit `sec` in `5sec`; write 5s (units: ms, s, m, h or d)'],
		['5seconds', 'unknown unit `seconds` in `5seconds`; write 5s (units: ms, s, m, h or d)'],
		['2Min', 'unknown unit `Min` in `2Min`; write 2m (units: ms, s, m, h or d)'],
		['5 seconds', 'a duration has no spaces (`5 seconds`); write 5s'],
		['1 min 30 sec', 'a duration has no spaces (`1 min 30 sec`); write 1m30s'],
		['1.5 hours', 'a duration has no spaces (`1.5 hours`); write 1.5h'],
		['5 parsecs', 'a duration has no spaces (`5 parsecs`); write a number with a unit and no spaces: 250ms, 2s, 1m, 1h, 1d (or 1m30s)'],
		['5fortnights', 'unknown unit `fortnights` in `5fortnights`; use ms, s, m, h or d'],
		['', 'empty duration; write a number with a unit: 250ms, 2s, 1m, 1h, 1d'],
		['1h1h', '`1h1h` has the unit h twice; write 2h, if that is what it means'],
		['0.5h0.5h', '`0.5h0.5h` has the unit h twice; write 1h, if that is what it means'],
		['30s1m', '`30s1m` has m after s: a duration goes from its largest unit down; write 1m30s'],
		['1s1d', '`1s1d` has d after s: a duration goes from its largest unit down; write 1d1s'],
	])('rejects %j with a specific message', (text, message) => {
		expect(() => parseDuration(text)).toThrow(new RangeError(message));
	});
});

describe('formatDuration', () => {
	it.each([[250, '250ms'], [1500, '1.5s'], [5000, '5s'], [900_000, '15m'], [86_400_000, '1d'], [90_000, '90s']])('writes %i ms as %s', (ms, text) => {
		expect(formatDuration(ms)).toBe(text);
	});
});
