import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {keys, makeSnapshot, type RowInput} from '../helpers.js';
import {mount} from '../mount.js';

afterEach(() => {
	cleanup();
});

const fleet: RowInput[] = [
	{name: 'payments api', state: 'failing', group: 'payments'},
	{name: 'search', state: 'slow', group: 'search', latencyMs: 1500},
	{name: 'ledger', state: 'up', group: 'payments'},
	{name: 'auth', state: 'up'},
];

const statusLine = (lines: readonly string[]) => lines.findLast(line => line.trim() !== '') ?? '';

describe('the keys of the table while the details fill the screen (80x24)', () => {
	it('hints neither / nor s nor f, which change only the hidden table', async () => {
		const screen = mount(makeSnapshot(fleet), {columns: 80, rows: 24});
		await screen.press(keys.enter);
		const status = statusLine(screen.lines());
		expect(status).toContain('esc back');
		expect(status).not.toContain('/ filter');
		expect(status).not.toMatch(/\bs sort/);
		expect(status).not.toMatch(/\bf /);
	});

	it.each([['/'], ['s'], ['f']])('says %s acts on the table, and leaves the details and the listing as they were', async key => {
		const screen = mount(makeSnapshot(fleet), {columns: 80, rows: 24});
		await screen.press(keys.enter, key);
		expect(screen.frame()).toContain(`${key} acts on the table: esc closes the details first`);
		expect(screen.frame()).toContain('payments api');
		expect(screen.frame()).not.toContain('no check selected');
		await screen.press(keys.escape);
		const status = statusLine(screen.lines());
		expect(status).toContain('s sort:severity');
		expect(status).not.toContain('not up');
	});

	it('keeps them where the table shows beside or above the details', async () => {
		for (const [columns, rows] of [[80, 40], [120, 24]] as const) {
			const screen = mount(makeSnapshot(fleet), {columns, rows});
			// eslint-disable-next-line no-await-in-loop
			await screen.press(keys.enter, 's');
			expect(statusLine(screen.lines())).toContain('s sort:name');
			cleanup();
		}
	});
});
