import {describe, expect, it} from 'vitest';
import {formatAge, formatLatency, formatPercent} from '../../source/ui/format.js';
import {clean, displayWidth, fit, toAscii, truncate, wrapText} from '../../source/ui/text.js';

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

	it('wraps at spaces, splits a word longer than a line, and cuts with an ellipsis after the last line', () => {
		expect(wrapText('pause the invoice-sync CronJob; replay from the dead-letter queue', 24, 4)).toEqual(['pause the invoice-sync', 'CronJob; replay from the', 'dead-letter queue']);
		expect(wrapText('https://runbooks.example.com/batch-jobs/invoice-sync', 20, 3)).toEqual(['https://runbooks.exa', 'mple.com/batch-jobs/', 'invoice-sync']);
		expect(wrapText('one two three four five six', 9, 2)).toEqual(['one two', 'three fo…']);
		expect(wrapText('short', 20, 3)).toEqual(['short']);
		expect(wrapText('', 20, 3)).toEqual([]);
		expect(wrapText('anything', 0, 3)).toEqual([]);
	});

	it('keeps the items of a list whole when told what separates them', () => {
		expect(wrapText('dns 1ms, connect 2ms, tls 5ms, ttfb 20ms, transfer 1ms', 28, 3, '…', ', ')).toEqual(['dns 1ms, connect 2ms,', 'tls 5ms, ttfb 20ms,', 'transfer 1ms']);
	});

	it('never makes a line wider than asked, with wide characters too, and always moves on', () => {
		const samples = ['支付服务接口 超时 请检查数据库连接', 'a 支 b 付 c', '支付服务接口超时请检查数据库连接', 'x'.repeat(50)];
		for (const sample of samples) {
			for (const width of [1, 2, 3, 5, 8, 13]) {
				const lines = wrapText(sample, width, 100);
				for (const line of lines) expect(displayWidth(line), `${sample} @${width}: ${line}`).toBeLessThanOrEqual(Math.max(width, 2));
				expect(lines.join('').replaceAll(' ', ''), `${sample} @${width}`).toBe(sample.replaceAll(' ', ''));
			}
		}
	});

	it('gives common symbols an ASCII stand-in of the same width, and anything else a question mark', () => {
		expect(toAscii('200 OK · 512 B · 48 ms')).toBe('200 OK . 512 B . 48 ms');
		expect(toAscii('up → failing — “retry” in 5 µs…')).toBe('up > failing - "retry" in 5 us~');
		expect(toAscii('café 支付')).toBe('caf? ??');
		for (const sample of ['a · b', 'x — y', 'p → q']) expect(toAscii(sample).length).toBe(sample.length);
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
