import {describe, expect, it} from 'vitest';
import {cutRowName} from '../../../source/ui/view/cut-row-name.js';
import {makeRow} from '../helpers.js';

const series = (name: string, label: string) => makeRow({name, view: {id: `${name}/${label}`, seriesLabel: label}});

describe('cutRowName', () => {
	it('keeps a fanned-out row\'s " / " and series whole, and cuts the check\'s name from its end', () => {
		const row = series('queue depth', 'invoices');
		expect(cutRowName(row, 22)).toBe('queue depth / invoices');
		expect(cutRowName(row, 21)).toBe('queue dep… / invoices');
		expect(cutRowName(row, 20)).toBe('queue de… / invoices');
		expect(cutRowName(row, 15)).toBe('que… / invoices');
	});

	it('cuts the series in its middle once the check\'s name is down to a few cells, and the whole where even that does not fit', () => {
		const row = series('queue depth', 'invoices-eu-west-1');
		expect(cutRowName(row, 16)).toBe('que… / invo…st-1');
		expect(cutRowName(row, 9)).toBe('queu…st-1');
	});

	it('cuts a check\'s own name in its middle, as before', () => {
		expect(cutRowName(makeRow({name: 'payments api eu-west-1 primary'}), 22)).toBe('payments ap…-1 primary');
	});
});
