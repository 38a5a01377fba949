import {describe, expect, it} from 'vitest';
import {formatAge, formatLatency, formatPercent} from '../../source/ui/format.js';
import {clean, displayWidth, fit, truncate} from '../../source/ui/text.js';

describe('text', () => {
	it('truncates long text with an ellipsis to exactly the width', () => {
		expect(truncate('payments api gateway', 10)).toBe('payments …');
		expect(displayWidth(truncate('payments api gateway', 10))).toBe(10);
		expect(truncate('short', 10)).toBe('short');
		expect(truncate('abc', 0)).toBe('');
	});

	it('counts wide characters as two cells', () => {
		expect(displayWidth('支付')).toBe(4);
		expect(displayWidth(truncate('支付服务接口', 5))).toBeLessThanOrEqual(5);
	});

	it('pads to the width on the chosen side', () => {
		expect(fit('ab', 4)).toBe('ab  ');
		expect(fit('ab', 4, '…', 'right')).toBe('  ab');
	});

	it('turns control characters from config text into visible tokens', () => {
		expect(clean('evil\u001B[2Jname\u0007')).toBe('evil^[[2Jname^G');
	});
});

describe('format', () => {
	it.each([
		[87, '87ms'],
		[999.6, '1000ms'],
		[1234, '1.23s'],
		[12_345, '12.3s'],
		[185_000, '3m05s'],
		[undefined, '-'],
	])('latency %s → %s', (value, expected) => {
		expect(formatLatency(value)).toBe(expected);
	});

	it('never rounds a failure away from 100%', () => {
		expect(formatPercent(0.9999)).toBe('99.9%');
		expect(formatPercent(1)).toBe('100%');
		expect(formatPercent(undefined)).toBe('-');
	});

	it('measures ages from the given time', () => {
		expect(formatAge(1000, 6000)).toBe('5s');
		expect(formatAge(0, 180_000)).toBe('3m');
		expect(formatAge(0, 7_200_000)).toBe('2h');
	});
});
