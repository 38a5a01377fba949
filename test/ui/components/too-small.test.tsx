import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {keys, makeSnapshot, type RowInput} from '../helpers.js';
import {mount} from '../mount.js';

afterEach(() => {
	cleanup();
});

const fleet: RowInput[] = [
	{name: 'payments api', state: 'failing', group: 'payments'},
	{name: 'search', state: 'slow'},
	{name: 'ledger', state: 'up', group: 'payments'},
	{name: 'auth', state: 'up'},
];

describe('keys on the too-small screen', () => {
	it('says that q quits and the other keys wait', () => {
		const screen = mount(makeSnapshot(fleet), {columns: 39, rows: 12});
		expect(screen.lines().map(line => line.trimEnd())).toContain('q quits, other keys wait');
	});

	it('moves nothing and opens nothing, so the screen is as it was after the resize back', async () => {
		const screen = mount(makeSnapshot(fleet), {columns: 39, rows: 12});
		await screen.press('j', 'j', 's', 'f', keys.enter, '/', 'x', 'e', '?');
		expect(screen.quitCount()).toBe(0);
		screen.app.rerender(screen.element({columns: 80, rows: 24}));
		await screen.press();
		expect(screen.selectedLine()).toContain('payments api');
		expect(screen.frame()).toContain('s sort:severity');
		expect(screen.frame()).toContain('ledger');
		expect(screen.frame()).not.toContain('/x');
		expect(screen.frame()).not.toContain('Events');
		expect(screen.frame()).not.toContain('runbook');
	});

	// Each alone: pressed after `/` above they would be typed into the prompt, and open nothing on any code.
	it.each([['e', 'events, newest first'], ['?', 'while typing a filter']])('opens nothing with %s', async (key, drawnIfOpened) => {
		const screen = mount(makeSnapshot(fleet), {columns: 39, rows: 12});
		await screen.press(key);
		screen.app.rerender(screen.element({columns: 80, rows: 24}));
		await screen.press();
		expect(screen.frame()).toContain('s sort:severity');
		expect(screen.frame()).not.toContain(drawnIfOpened);
	});

	it.each([['q', 'q'], ['ctrl-c', keys.ctrlC]])('quits with %s', async (_name, key) => {
		const screen = mount(makeSnapshot(fleet), {columns: 39, rows: 12});
		await screen.press(key);
		expect(screen.quitCount()).toBe(1);
	});

	it('quits with q even when the filter prompt was open before the terminal shrank', async () => {
		const screen = mount(makeSnapshot(fleet), {columns: 80, rows: 24});
		await screen.press('/', 'a');
		screen.app.rerender(screen.element({columns: 39, rows: 12}));
		await screen.press('q');
		expect(screen.quitCount()).toBe(1);
	});
});
