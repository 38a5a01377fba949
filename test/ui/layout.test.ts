import {describe, expect, it} from 'vitest';
import {computeLayout, fitColumns, type ColumnId} from '../../source/ui/layout.js';

const ids = (width: number) => fitColumns(width).map(column => column.id);
const used = (width: number) => {
	const columns = fitColumns(width);
	return columns.reduce((sum, column) => sum + column.width, 0) + columns.filter(column => column.id !== 'cursor').length - 1;
};

describe('fitColumns', () => {
	it('keeps every column when there is room', () => {
		expect(ids(200)).toEqual(['cursor', 'state', 'name', 'group', 'latency', 'p95', 'spark', 'uptime', 'deploy', 'owner', 'version']);
	});

	it('leaves the deploy column out when asked (no row has a before/after comparison yet)', () => {
		expect(fitColumns(200, {deploy: false}).map(column => column.id)).toEqual(['cursor', 'state', 'name', 'group', 'latency', 'p95', 'spark', 'uptime', 'owner', 'version']);
		expect(computeLayout({columns: 200, rows: 50, detailOpen: false}).columns.map(column => column.id)).not.toContain('deploy');
		expect(computeLayout({columns: 200, rows: 50, detailOpen: false, deployColumn: true}).columns.map(column => column.id)).toContain('deploy');
	});

	it('drops the deploy verdict after owner and version but before p95', () => {
		for (let width = 40; width <= 200; width++) {
			const kept = ids(width);
			if (kept.includes('owner') || kept.includes('version')) {
				expect(kept, `at ${width}`).toContain('deploy');
			}

			if (kept.includes('deploy')) {
				expect(kept, `at ${width}`).toContain('p95');
			}
		}

		expect(ids(80)).toContain('deploy');
		expect(ids(60)).not.toContain('deploy');
	});

	it.each([
		[80, ['owner', 'version']],
		[60, ['owner', 'version', 'uptime', 'group']],
		[40, ['owner', 'version', 'uptime', 'group', 'p95', 'spark']],
	] as Array<[number, ColumnId[]]>)('at %i columns drops %j, in that priority', (width, dropped) => {
		const kept = ids(width);
		for (const id of dropped) {
			expect(kept).not.toContain(id);
		}

		expect(kept).toContain('state');
		expect(kept).toContain('name');
		expect(kept).toContain('latency');
	});

	it('drops the sparkline last of the optional columns', () => {
		for (let width = 40; width <= 200; width++) {
			const kept = ids(width);
			if (kept.includes('p95') || kept.includes('group') || kept.includes('owner')) {
				expect(kept).toContain('spark');
			}
		}
	});

	it('narrows the group column to the widest group name, never below its title, and widens the name by as much', () => {
		const plain = fitColumns(100, {deploy: false});
		const width = (columns: ReturnType<typeof fitColumns>, id: ColumnId) => columns.find(column => column.id === id)!.width;
		const short = fitColumns(100, {deploy: false, groupWidth: 7});
		expect(short.map(column => column.id)).toEqual(plain.map(column => column.id));
		expect(width(short, 'group')).toBe(7);
		expect(width(short, 'name')).toBe(width(plain, 'name') + width(plain, 'group') - 7);
		expect(width(fitColumns(100, {deploy: false, groupWidth: 2}), 'group')).toBe('group'.length);
		expect(width(fitColumns(100, {deploy: false, groupWidth: 40}), 'group')).toBe(width(plain, 'group'));
	});

	it('gives a very wide terminal more sparkline, up to the 60 samples a row carries, once names are at their cap', () => {
		const spark = (width: number) => fitColumns(width, {deploy: true}).find(column => column.id === 'spark')!.width;
		expect(spark(160)).toBe(30);
		expect(spark(200)).toBeGreaterThan(30);
		expect(used(200)).toBe(200);
		expect(spark(300)).toBe(60);
	});

	it('never uses more than the width it is given', () => {
		for (let width = 40; width <= 240; width++) {
			expect(used(width)).toBeLessThanOrEqual(width);
		}
	});
});

describe('computeLayout', () => {
	it.each([[39, 24], [80, 9], [20, 5]])('says %ix%i is too small', (columns, rows) => {
		expect(computeLayout({columns, rows, detailOpen: false}).isTooSmall).toBe(true);
	});

	it('fits the table rows under the header, the table title and the footer', () => {
		expect(computeLayout({columns: 80, rows: 24, detailOpen: false}).tableRows).toBe(21);
		expect(computeLayout({columns: 80, rows: 24, detailOpen: false, bannerLines: 1}).tableRows).toBe(20);
	});

	it('gives a notice on a line of its own above the status line its room', () => {
		expect(computeLayout({columns: 60, rows: 15, detailOpen: false, footerLines: 2}).tableRows).toBe(11);
		expect(computeLayout({columns: 60, rows: 15, detailOpen: true, footerLines: 2}).pane?.height).toBe(12);
	});

	it('puts the detail pane beside the table on a wide terminal', () => {
		const layout = computeLayout({columns: 200, rows: 50, detailOpen: true});
		expect(layout.pane?.placement).toBe('side');
		expect(layout.tableWidth + 1 + layout.pane!.width).toBe(200);
	});

	it('puts the pane below the table on a tall, narrow terminal', () => {
		const layout = computeLayout({columns: 100, rows: 50, detailOpen: true});
		expect(layout.pane?.placement).toBe('below');
		expect(layout.tableRows + 1 + layout.pane!.height).toBe(48);
	});

	it('gives a small terminal the whole body for the pane', () => {
		const layout = computeLayout({columns: 60, rows: 15, detailOpen: true});
		expect(layout.pane).toEqual({width: 60, height: 13, placement: 'full'});
		expect(layout.tableRows).toBe(0);
	});
});

describe('fitColumns with the widths of what the columns hold', () => {
	const width = (columns: ReturnType<typeof fitColumns>, id: ColumnId) => columns.find(column => column.id === id)?.width;

	it('shows an owner longer than 24 cells whole where the row has the room, before the sparkline takes more', () => {
		// `@data-eng-with-a-long-handle` (28 cells) read `@data-eng-with-a-long-h…` at 160 and 200 columns, with
		// 24 blank cells at the end of the 200-column rows: a cut handle hides who to page.
		for (const columns of [160, 200]) {
			const fitted = fitColumns(columns, {deploy: false, nameWidth: 38, groupWidth: 8, ownerWidth: 28});
			expect(width(fitted, 'owner'), `at ${columns}`).toBe(28);
			expect(fitted.reduce((sum, column) => sum + column.width, 0) + fitted.length - 2, `at ${columns}`).toBeLessThanOrEqual(columns);
		}

		// Narrower, the name (to 32), the owner (to 24) and the sparkline (to 30) come first, as before.
		const narrow = fitColumns(120, {deploy: false, nameWidth: 38, groupWidth: 8, ownerWidth: 28});
		expect(width(narrow, 'owner')).toBeLessThanOrEqual(24);
	});

	it('leaves out the owner and group columns when no check has one', () => {
		const kept = fitColumns(200, {deploy: false, groupWidth: 0, ownerWidth: 0}).map(column => column.id);
		expect(kept).not.toContain('owner');
		expect(kept).not.toContain('group');
		expect(kept).toContain('version');
	});

	it('gives the name no more cells than its widest entry, and the rest to a cut owner', () => {
		// The demo fleet at 110 columns: names up to 25 cells, owners up to 16, groups up to 8.
		const columns = fitColumns(110, {deploy: false, nameWidth: 25, groupWidth: 8, ownerWidth: 16});
		expect(width(columns, 'name')).toBe(25);
		expect(width(columns, 'owner')).toBe(16);
		expect(width(columns, 'group')).toBe(8);
		// Without them the name took the cells (up to 32) and the owner was cut.
		const blind = fitColumns(110, {deploy: false, groupWidth: 8});
		expect(width(blind, 'name')).toBeGreaterThan(25);
		expect(width(blind, 'owner')).toBeLessThan(16);
	});

	it('keeps short owners at a width where the usual owner column would be dropped', () => {
		expect(fitColumns(94, {deploy: false}).map(column => column.id)).not.toContain('owner');
		expect(width(fitColumns(94, {deploy: false, ownerWidth: 4}), 'owner')).toBe('owner'.length);
	});

	it('keeps a name of 16 cells before an optional column', () => {
		for (let columns = 40; columns <= 120; columns++) {
			const fitted = fitColumns(columns, {deploy: false, nameWidth: 30, groupWidth: 0, ownerWidth: 0});
			if (fitted.some(column => column.id === 'uptime' || column.id === 'version')) expect(width(fitted, 'name'), `at ${columns}`).toBeGreaterThanOrEqual(16);
		}
	});

	it('gives the version column no more cells than its widest version: the rest go to a cut owner', () => {
		// 120 columns during a release: versions like 1.4.0 (5 cells) left 5 cells blank while the name and the handle
		// to page were cut.
		const columns = fitColumns(120, {deploy: true, groupWidth: 8, nameWidth: 84, ownerWidth: 46, versionWidth: 5});
		expect(width(columns, 'version')).toBe('version'.length);
		expect(width(columns, 'name')).toBe(width(fitColumns(120, {deploy: true, groupWidth: 8, nameWidth: 84, ownerWidth: 46}), 'name')! + 3);
		// With names that fit, the cells go on to the owner: `@payments-oncall` whole.
		expect(width(fitColumns(120, {deploy: true, groupWidth: 8, nameWidth: 22, ownerWidth: 16, versionWidth: 5}), 'owner')).toBe(16);
		// A long version (a build number, a short hash) still gets up to 14.
		expect(width(fitColumns(200, {deploy: true, groupWidth: 8, nameWidth: 30, ownerWidth: 16, versionWidth: 20}), 'version')).toBe(14);
	});
});

