import {describe, expect, it} from 'vitest';
import {summaryLatency} from '../../source/probes/http/result.js';

describe('the latency in an http result\'s summary (the `actual` line)', () => {
	it('keeps a tenth below a millisecond, as the table does, and whole milliseconds above', () => {
		// A loopback answer in half a millisecond read `0 ms` beside the table's `0.5ms`.
		expect(summaryLatency(0.5)).toBe('0.5 ms');
		expect(summaryLatency(0.04)).toBe('<0.1 ms');
		expect(summaryLatency(0.96)).toBe('1 ms');
		expect(summaryLatency(48.4)).toBe('48 ms');
		expect(summaryLatency(1703.2)).toBe('1703 ms');
	});
});
