import {describe, expect, it} from 'vitest';
import {floorPercent} from '../../source/text/floor-percent.js';
import {formatPercent as screenPercent} from '../../source/ui/format.js';
import {formatUptimePercent as reportUptime} from '../../source/release/report-format.js';

describe('floorPercent', () => {
	it('never rounds an uptime up: 17 of 19 is 89.47, and 99.996 % is not 100', () => {
		expect(floorPercent(17 / 19, 2)).toBe(89.47);
		expect(floorPercent(17 / 19, 1)).toBe(89.4);
		expect(floorPercent(0.99996, 2)).toBe(99.99);
		expect(floorPercent(1, 2)).toBe(100);
	});

	it('is not fooled by binary fractions that sit a hair under a whole hundredth', () => {
		// 0.29 * 10000 is 2899.9999999999995 in doubles.
		expect(floorPercent(0.29, 2)).toBe(29);
		expect(floorPercent(0.57, 1)).toBe(57);
	});
});

describe('uptime, the same number on the screen and in the report', () => {
	it('the screen and the report floor at their precision', () => {
		expect(screenPercent(17 / 19)).toBe('89.4%');
		expect(reportUptime(17 / 19)).toBe('89.47 %');
		expect(screenPercent(0.9996)).toBe('99.9%');
		expect(reportUptime(0.99996)).toBe('99.99 %');
	});
});
