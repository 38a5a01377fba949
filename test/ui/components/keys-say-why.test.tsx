import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {keys, makeSnapshot, type RowInput} from '../helpers.js';
import {largeFleet} from '../fleet.js';
import {mount} from '../mount.js';

afterEach(() => {
	cleanup();
});

const ctrlD = '\u0004';
const ctrlU = '\u0015';
const fleet: RowInput[] = [
	{name: 'payments api', state: 'failing', owner: '@payments-oncall'},
	{name: 'search', state: 'slow', latencyMs: 1500},
	{name: 'ledger', state: 'up'},
];

// README: what a key did, or why it does nothing here, is said on the status line.
describe('a key that does nothing says why on the status line', () => {
	it.each([
		['PgDn', keys.pageDown],
		['PgUp', keys.pageUp],
		['J', 'J'],
		['ctrl-u', ctrlU],
	])('%s over details that fit: nothing to scroll, and the selection stays', async (_name, key) => {
		const screen = mount(makeSnapshot(fleet), {columns: 120, rows: 40});
		await screen.press(keys.enter, key);
		expect(screen.frame()).toContain('the details fit: nothing to scroll');
		expect(screen.selectedLine()).toContain('payments api');
	});

	it.each([
		['J', 'J', 'J/K'],
		['K', 'K', 'J/K'],
		['ctrl-d', ctrlD, 'ctrl-d/ctrl-u'],
		['ctrl-u', ctrlU, 'ctrl-d/ctrl-u'],
	])('%s in the table with no details open says what it does', async (_name, key, pair) => {
		const screen = mount(makeSnapshot(fleet), {columns: 120, rows: 40});
		await screen.press(key);
		expect(screen.frame()).toContain(`${pair} scroll the details: enter opens them`);
		expect(screen.frame()).not.toContain('expected  status 200');
	});

	it.each([['j'], ['k'], [keys.pageDown]])('%j in a help that fits: nothing to scroll', async key => {
		const screen = mount(makeSnapshot(fleet), {columns: 200, rows: 60});
		await screen.press('?');
		expect(screen.frame()).not.toMatch(/lines \d+-\d+ of \d+/);
		await screen.press(key);
		expect(screen.frame()).toContain('the help fits: nothing to scroll');
	});

	it('PgDn at the end of the details says so, and PgUp at their top', async () => {
		const screen = mount(makeSnapshot(largeFleet(40)), {columns: 80, rows: 24});
		await screen.press(keys.enter, 'G');
		for (let press = 0; press < 10 && !screen.frame().includes('back up'); press++) {
			// eslint-disable-next-line no-await-in-loop
			await screen.press(keys.pageDown);
		}

		expect(screen.frame()).toContain('back up');
		expect(screen.frame()).not.toContain('at the end');
		await screen.press(keys.pageDown);
		expect(screen.frame()).toContain('at the end of the details');
		await screen.press('g', keys.pageUp);
		expect(screen.frame()).toContain('at the top of the details');
	});

	it('j at the end of the help says so', async () => {
		const screen = mount(makeSnapshot(fleet), {columns: 60, rows: 15});
		await screen.press('?', 'G');
		expect(screen.frame()).toContain('back up');
		await screen.press('j');
		expect(screen.frame()).toContain('at the end of the help');
	});

	it.each([['j'], ['k'], ['G'], [keys.pageDown]])('%j where a filter lists no check says esc clears it', async key => {
		const screen = mount(makeSnapshot(fleet), {columns: 120, rows: 40});
		await screen.press('/', 'z', 'z', 'z', keys.enter, key);
		expect(screen.frame()).toContain('no check matches: esc clears the filter');
	});

	it('j over details where a filter lists no check says esc twice clears it (the first closes the details)', async () => {
		const screen = mount(makeSnapshot(fleet), {columns: 120, rows: 40});
		await screen.press(keys.enter, '/', 'z', 'z', 'z', keys.enter, 'j');
		expect(screen.frame()).toContain('no check matches: esc twice clears the filter');
		await screen.press(keys.escape, keys.escape);
		expect(screen.frame()).toContain('ledger');
	});

	it('says nothing where the key acts', async () => {
		const screen = mount(makeSnapshot(fleet), {columns: 120, rows: 40});
		await screen.press('j');
		expect(screen.selectedLine()).toContain('search');
		expect(screen.frame()).not.toContain('nothing to scroll');
		expect(screen.frame()).not.toContain('no check matches');
	});
});
