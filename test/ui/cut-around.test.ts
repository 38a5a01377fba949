import {describe, expect, it} from 'vitest';
import {cutAround} from '../../source/ui/cut-around.js';
import {displayWidth} from '../../source/ui/text.js';

const name = 'payments-api eu-west-1 primary health';
const region = {start: 13, end: 22};

describe('cutAround', () => {
	it('keeps the given part whole and splits the room left between the start and the end', () => {
		expect(cutAround(name, region.start, region.end, 23)).toBe('paymen…eu-west-1…health');
		expect(cutAround(name, region.start, region.end, 22)).toBe('paymen…eu-west-1…ealth');
	});

	it('keeps a start that fits in its share whole, with one ellipsis, and gives the end the rest', () => {
		expect(cutAround('orders 3 queue depth at the edge', 7, 8, 20)).toBe('orders 3…at the edge');
		expect(cutAround('at the edge of orders 3 queue', 22, 23, 16)).toBe('at the e…3 queue');
	});

	it('cuts from the kept part on where it and its ellipses do not fit', () => {
		expect(cutAround(name, region.start, region.end, 10)).toBe('…eu-west-…');
	});

	it('falls back to a plain middle cut where the kept part would get no cell beside its ellipses', () => {
		expect(cutAround(name, region.start, region.end, 6, '...')).toBe('pa...h');
		expect(cutAround(name, region.start, region.end, 4, '...')).toBe('p...');
		// The kept part starts with a character two cells wide: at 3 cells only `……` was left.
		expect(cutAround('orders 🚀🚀 queue depth', 7, 11, 3)).toBe('o…h');
	});

	it('gives text that fits back whole, and never more cells than asked, with a wider ellipsis', () => {
		expect(cutAround('short', 1, 2, 5)).toBe('short');
		for (const width of [5, 9, 13, 17, 21, 30]) {
			expect(displayWidth(cutAround(name, region.start, region.end, width, '~~'))).toBeLessThanOrEqual(width);
		}
	});

	it('counts a wide character as two cells', () => {
		const wide = '支払いAPI eu-west-1 プライマリ';
		const cut = cutAround(wide, 7, 16, 18);
		expect(cut).toContain('eu-west-1');
		expect(displayWidth(cut)).toBeLessThanOrEqual(18);
	});
});
