import {describe, expect, it} from 'vitest';
import {cutRowName} from '../../../source/ui/view/cut-row-name.js';
import {rowNamesOf} from '../../../source/ui/view/row-names.js';
import {makeRow} from '../helpers.js';

const series = (name: string, label: string) => makeRow({name, view: {id: `${name}/${label}`, seriesLabel: label}});

describe('cutRowName', () => {
	it('keeps a fanned-out row\'s " / " and series whole, and cuts the check\'s name from its end', () => {
		const row = series('queue depth', 'invoices');
		expect(cutRowName(row, 22, rowNamesOf([row]))).toBe('queue depth / invoices');
		expect(cutRowName(row, 21, rowNamesOf([row]))).toBe('queue dep… / invoices');
		expect(cutRowName(row, 20, rowNamesOf([row]))).toBe('queue de… / invoices');
		expect(cutRowName(row, 15, rowNamesOf([row]))).toBe('que… / invoices');
	});

	it('cuts the series in its middle once the check\'s name is down to a few cells, and the whole where even that does not fit', () => {
		const row = series('queue depth', 'invoices-eu-west-1');
		expect(cutRowName(row, 16, rowNamesOf([row]))).toBe('que… / invo…st-1');
		expect(cutRowName(row, 9, rowNamesOf([row]))).toBe('queu…st-1');
	});

	it('cuts a check\'s own name in its middle, as before', () => {
		const row = makeRow({name: 'payments api eu-west-1 primary'});
		expect(cutRowName(row, 22, rowNamesOf([row]))).toBe('payments ap…-1 primary');
	});
});

describe('cutRowName among rows named alike at both ends', () => {
	const cutAll = (rows: ReturnType<typeof makeRow>[], width: number) => rows.map(row => cutRowName(row, width, rowNamesOf(rows)));

	it('keeps the region that tells two payments-api checks apart, with the start and end around it', () => {
		const rows = ['payments-api eu-west-1 primary health', 'payments-api us-east-1 primary health'].map(name => makeRow({name}));
		// Cut in the middle, both read "payments-ap…mary health".
		expect(cutAll(rows, 23)).toEqual(['paymen…eu-west-1…health', 'paymen…us-east-1…health']);
		expect(cutAll(rows, 20)).toEqual(['payme…eu-west-1…alth', 'payme…us-east-1…alth']);
	});

	it('keeps the worker\'s number of two queue depth checks', () => {
		const rows = ['orders worker 3 queue depth', 'orders worker 4 queue depth'].map(name => makeRow({name}));
		expect(cutAll(rows, 23)).toEqual(['orders wor…3…ueue depth', 'orders wor…4…ueue depth']);
		expect(cutAll(rows, 16)).toEqual(['orders …3… depth', 'orders …4… depth']);
	});

	it('cuts a name the same whichever of the others are drawn: it is told apart among all of them', () => {
		const rows = ['payments-api eu-west-1 primary health', 'payments-api us-east-1 primary health', 'search api'].map(name => makeRow({name}));
		const names = rowNamesOf(rows);
		expect(cutRowName(rows[0]!, 23, names)).toBe('paymen…eu-west-1…health');
		// A later snapshot with the same names gives the same object, so memoized rows are not drawn again.
		expect(rowNamesOf(rows.map(row => ({...row})))).toBe(names);
	});

	it('keeps a fanned-out row\'s " / " and series whole, and the part of the check\'s name that tells it from another check\'s', () => {
		const rows = [series('orders worker 3 queue depth', 'invoices'), series('orders worker 4 queue depth', 'invoices')];
		expect(cutAll(rows, 24)).toEqual(['order…3…depth / invoices', 'order…4…depth / invoices']);
	});

	it('cuts a fanned-out row\'s check name at its end when only a check that does not fan out shares its start', () => {
		// `procs` beside `prometheus up / prometheus` at 80 columns gave `p…m… / prometheus`: the name kept the `m`
		// that tells it from `procs`, a row that can never read like one with " / " and a series.
		const rows = [makeRow({name: 'procs'}), series('prometheus up', 'prometheus')];
		expect(cutAll(rows, 17)).toEqual(['procs', 'pro… / prometheus']);
		expect(cutAll(rows, 18)).toEqual(['procs', 'prom… / prometheus']);
	});

	it('keeps the part of a series that tells it from another series alike at both ends', () => {
		const rows = [series('queue depth', 'invoices-eu-west-1'), series('queue depth', 'invoices-us-east-1')];
		// Cut in the middle, both read "que… / invoi…st-1".
		expect(cutAll(rows, 20)).toEqual(['que… / invoi…eu…st-1', 'que… / invoi…us…st-1']);
	});
});
