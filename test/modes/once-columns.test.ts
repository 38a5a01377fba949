import {describe, expect, it} from 'vitest';
import {fitOnceColumns} from '../../source/modes/once-columns.js';

describe('fitOnceColumns', () => {
	it.each([
		// columns, wanted name and group → name, group, detail; STATE, LATENCY and the gaps take 21 cells.
		[120, 32, 5, 32, 5, 62],
		[80, 32, 5, 30, 5, 24],
		[80, 32, 16, 19, 16, 24],
		[60, 32, 16, 10, 5, 24],
		[60, 9, 16, 9, 6, 24],
		[40, 32, 16, 4, 5, 10],
		[40, 4, 5, 4, 5, 10],
	])('at %i columns gives a %i-cell name and %i-cell group %i, %i and %i cells of detail', (columns, name, group, fitName, fitGroup, detail) => {
		const widths = fitOnceColumns(columns, {name, group});
		expect(widths).toEqual({name: fitName, group: fitGroup, detail});
		expect(21 + widths.name + widths.group + widths.detail).toBe(columns);
	});

	it.each([
		// No check has a group: no GROUP column nor its gap; the name keeps the six cells (20 fixed cells).
		[40, 32, 10, 10],
		[60, 32, 16, 24],
		[120, 32, 32, 68],
	])('at %i columns with no group gives a %i-cell name %i cells and %i of detail', (columns, name, fitName, detail) => {
		const widths = fitOnceColumns(columns, {name, group: 0});
		expect(widths).toEqual({name: fitName, group: 0, detail});
		expect(20 + widths.name + widths.detail).toBe(columns);
	});

	it('keeps 10 cells of detail in a terminal narrower than 40 columns: the rows run over rather than lose the reason', () => {
		expect(fitOnceColumns(30, {name: 32, group: 16})).toEqual({name: 4, group: 5, detail: 10});
	});
});
