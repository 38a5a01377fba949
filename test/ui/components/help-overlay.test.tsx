import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {keymap} from '../../../source/ui/keymap.js';
import {displayWidth} from '../../../source/ui/text.js';
import {keys, makeSnapshot} from '../helpers.js';
import {largeFleet} from '../fleet.js';
import {mount} from '../mount.js';

afterEach(() => {
	cleanup();
});

const titles = ['keys', 'while typing a filter', 'while typing a marker note'];
const status = /^lines (\d+)-(\d+) of (\d+)/;

/** The help overlay's lines, scrolled through to its end: every line it has, each as drawn. */
async function helpBody(columns: number, rows: number): Promise<{readonly first: string[]; readonly all: string[]}> {
	const screen = mount(makeSnapshot(largeFleet(5)), {columns, rows});
	await screen.press('?');
	const body = () => screen.lines().slice(1, -1).filter(line => !status.test(line));
	const first = body();
	const all = [...first];
	for (let page = 0; page < 20; page++) {
		const where = screen.lines().map(line => status.exec(line)).find(match => match !== null);
		if (!where || where[2] === where[3]) break;
		// eslint-disable-next-line no-await-in-loop
		await screen.press(keys.pageDown);
		all.push(...body());
	}

	for (const line of screen.lines()) expect(displayWidth(line), line).toBeLessThanOrEqual(columns);
	return {first, all};
}

/** What a line shows, split where two or more spaces stand: keys, descriptions and headings. */
const cells = (line: string) => line.trim().split(/ {2,}/).filter(Boolean);

describe.each([[60, 15], [80, 24], [100, 30], [120, 30], [200, 50]])('the help overlay at %i×%i', (columns, rows) => {
	it('shows every description whole, set apart from its neighbours by at least two spaces', async () => {
		const {all} = await helpBody(columns, rows);
		const shown = new Set(all.flatMap(line => cells(line)));
		for (const binding of keymap) expect([...shown], binding.help).toContain(binding.help);
	});

	it('starts each column with a section heading, so no section goes on without its heading', async () => {
		const {first} = await helpBody(columns, rows);
		expect(cells(first[0]!).every(cell => titles.includes(cell)), first[0]).toBe(true);
		expect(cells(first[0]!)[0]).toBe('keys');
	});
});

describe('the help overlay in two columns', () => {
	it('puts whole sections side by side when one column is too short and two fit', async () => {
		const {first, all} = await helpBody(120, 30);
		expect(all).toEqual(first);
		expect(cells(first[0]!)).toEqual(['keys', 'while typing a filter']);
		expect(first.some(line => cells(line).includes('while typing a marker note'))).toBe(true);
	});
});
