import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {makeRow, makeSnapshot} from '../helpers.js';
import {mount} from '../mount.js';

afterEach(() => {
	cleanup();
});

// Sibling groups differ only at their end: cut from the end at 16 cells, both read `payments-prod-u…`.
const groups = ['payments-prod-us-east-1', 'payments-prod-us-east-2', 'search', 'db'];
const snapshot = makeSnapshot(groups.map((group, index) => makeRow({name: `api ${index}`, group, owner: '@payments'})));

/** Each check row's group cell, read under the `group` title. */
function groupCells(lines: readonly string[]): string[] {
	const title = lines.findIndex(line => /\bgroup\b/u.test(line) && line.includes('name'));
	const header = lines[title]!;
	const start = header.search(/\bgroup\b/u);
	const end = header.slice(start + 'group'.length).search(/\S/u) + start + 'group'.length;
	return lines.slice(title + 1).filter(line => /\bapi \d\b/u.test(line)).map(line => line.slice(start, end).trim());
}

describe('the group column', () => {
	it.each([100, 120])('keeps sibling groups apart when it cuts them at %i columns', columns => {
		const cells = groupCells(mount(snapshot, {columns, rows: 20}).lines());
		expect(cells).toHaveLength(groups.length);
		expect(new Set(cells).size, JSON.stringify(cells)).toBe(groups.length);
	});

	it('grows into spare cells on a wide terminal and shows a long group whole', () => {
		const cells = groupCells(mount(snapshot, {columns: 200, rows: 20}).lines());
		expect(cells).toEqual(groups);
	});
});
