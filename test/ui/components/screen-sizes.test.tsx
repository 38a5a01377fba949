import {afterEach, describe, expect, it, vi} from 'vitest';

vi.hoisted(() => {
	// The header clock shows local time; pin it so the screens below read the same everywhere.
	process.env['TZ'] = 'UTC';
});

import {cleanup} from 'ink-testing-library';
import {displayWidth} from '../../../source/ui/text.js';
import {initialViewState} from '../../../source/ui/view/view-reducer.js';
import {keys, makeSnapshot} from '../helpers.js';
import {largeFleet, releasedFleet, releaseMarker} from '../fleet.js';
import {mount} from '../mount.js';

afterEach(() => {
	cleanup();
});

function expectFits(lines: readonly string[], columns: number, rows: number): void {
	expect(lines.length).toBeLessThanOrEqual(rows);
	for (const line of lines) {
		expect(displayWidth(line), line).toBeLessThanOrEqual(columns);
	}
}

const sizes = [
	{columns: 60, rows: 15, kept: ['state', 'name', 'last', 'p95', 'latency'], dropped: ['group', 'uptime', 'owner', 'version']},
	{columns: 80, rows: 24, kept: ['state', 'name', 'group', 'last', 'p95', 'latency', 'uptime'], dropped: ['owner', 'version']},
	{columns: 200, rows: 50, kept: ['state', 'name', 'group', 'last', 'p95', 'latency', 'uptime', 'owner', 'version'], dropped: []},
];

describe.each(sizes)('at $columns×$rows', ({columns, rows, kept, dropped}) => {
	const snapshot = makeSnapshot(largeFleet(80));

	it('fills the screen without a line wider than the terminal', () => {
		const screen = mount(snapshot, {columns, rows});
		expectFits(screen.lines(), columns, rows);
		expect(screen.lines()).toHaveLength(rows);
		expect(screen.frame()).toContain('failing');
		expect(screen.frame()).toMatchSnapshot();
	});

	it('shows each key hint in the footer whole or not at all, help and quit always', () => {
		const footer = mount(snapshot, {columns, rows}).lines().at(-1)!.trimEnd();
		expect(footer).not.toContain('…');
		expect(footer).toMatch(/\? help {2}q quit/);
		// Every hint shown ends in its word (the last one too), never cut inside it.
		expect(footer).toMatch(/(help|quit|details|filter|sort:severity|pause|recheck|events|not up only)$/);
	});

	it('shows the columns that fit and drops the rest', () => {
		const titles = mount(snapshot, {columns, rows}).lines()[1]!.split(/\s+/).filter(Boolean);
		for (const title of kept) {
			expect(titles).toContain(title);
		}

		for (const title of dropped) {
			expect(titles).not.toContain(title);
		}
	});

	it('draws only the rows that fit', () => {
		const screen = mount(snapshot, {columns, rows});
		const drawn = screen.lines().filter(line => /^[> ] [✓◔!✗○] /.test(line));
		expect(drawn).toHaveLength(rows - 3);
	});

	it('truncates a long name in the middle with an ellipsis instead of wrapping it', () => {
		const screen = mount(makeSnapshot(largeFleet(3)), {columns, rows, initialView: {...initialViewState, sort: 'name'}});
		const line = screen.lines().find(candidate => candidate.includes('payments ap'))!;
		expect(line).toMatch(/payments ap[^…]*…[^…]*fit /);
		expect(screen.frame()).not.toContain('remarkably');
	});

	it('fits the detail pane', async () => {
		const screen = mount(snapshot, {columns, rows});
		await screen.press(keys.enter);
		expectFits(screen.lines(), columns, rows);
		expect(screen.frame()).toContain('owner');
		expect(screen.frame()).toMatchSnapshot();
	});

	it('fits the help overlay', async () => {
		const screen = mount(snapshot, {columns, rows});
		await screen.press('?');
		expectFits(screen.lines(), columns, rows);
		expect(screen.frame()).toContain('quit');
	});

	it('fits while paused with a reload error banner', () => {
		const screen = mount(makeSnapshot(largeFleet(80), {isPaused: true}), {columns, rows, banner: 'checks.yaml:3:5 reload failed: interval must be a duration'});
		expectFits(screen.lines(), columns, rows);
		expect(screen.frame()).toContain('PAUSED');
		expect(screen.frame()).toContain('reload failed');
	});

	it('shows a reload error whole, hint included, on up to three lines, and the table gives them up', () => {
		const error = 'config not reloaded: checks.yaml:72:5: unknown key `timout` in http check `payments-svc-8`; hint: did you mean `timeout`?';
		const screen = mount(makeSnapshot(largeFleet(80)), {columns, rows, banner: error});
		const lines = screen.lines();
		expectFits(lines, columns, rows);
		expect(lines).toHaveLength(rows);
		const banner = lines.slice(1).filter(line => line.startsWith('! ') || (line.startsWith('  ') && !line.startsWith('  state') && !/^ {2}[✗!◔○✓?] /u.test(line)));
		expect(banner.map(line => line.trim()).join(' ')).toBe(`! ${error}`);
		expect(lines[1 + banner.length]).toMatch(/^ {2}state/);
	});
});

const releaseSizes = [
	{columns: 60, rows: 15, hasDeploy: false},
	{columns: 80, rows: 24, hasDeploy: true},
	{columns: 200, rows: 50, hasDeploy: true},
];

describe.each(releaseSizes)('after a deploy marker, at $columns×$rows', ({columns, rows, hasDeploy}) => {
	const snapshot = makeSnapshot(releasedFleet(80), {markers: [releaseMarker]});

	it('shows each row\'s verdict in a deploy column where it fits, and the marker on the sparklines', () => {
		const screen = mount(snapshot, {columns, rows});
		const lines = screen.lines();
		expectFits(lines, columns, rows);
		expect(lines).toHaveLength(rows);
		const titles = lines[1]!.split(/\s+/).filter(Boolean);
		expect(titles.includes('deploy')).toBe(hasDeploy);
		const frame = screen.frame();
		expect(frame.includes('▲ worse')).toBe(hasDeploy);
		if (columns >= 200) {
			for (const verdict of ['▼ better', '= no change', '… too early']) {
				expect(frame).toContain(verdict);
			}
		}

		// Every row with samples has the marker in its sparkline; pending rows have neither.
		const drawn = lines.filter(line => /^[> ] [✓◔!✗] /.test(line));
		expect(drawn.length).toBeGreaterThan(0);
		for (const line of drawn) {
			expect(line).toContain('│');
		}

		expect(frame).toMatchSnapshot();
	});

	it('shows the before/after figures in the detail pane', async () => {
		const screen = mount(snapshot, {columns, rows});
		await screen.press(keys.enter);
		expectFits(screen.lines(), columns, rows);
		expect(screen.frame()).toContain('since helm upgrade payments 1.5.0 (1m ago)');
		expect(screen.frame()).toMatchSnapshot();
	});
});

describe('names in other scripts', () => {
	it('lines up rows whose names hold CJK and emoji, each exactly as wide as Ink measures the header', async () => {
		const {default: stringWidth} = await import('string-width');
		const screen = mount(makeSnapshot([
			{name: '🚀 rocket api 👩‍💻 team', group: 'emoji', state: 'failing'},
			{name: '支払いAPI サービス', group: '決済', state: 'up'},
			{name: '✌🏽 peace', group: 'flags 🇩🇪', state: 'up'},
			{name: 'plain', group: 'x', state: 'up'},
		]), {columns: 100, rows: 12});
		const rows = screen.lines().filter(line => /^[> ] [✓◔!✗○] /.test(line));
		expect(rows).toHaveLength(4);
		// The latency column ends at the same cell on every row: nothing before it was counted short or long.
		const latencyEnd = (line: string) => stringWidth(line.slice(0, line.search(/\d+ms/) + line.match(/\d+ms/)![0].length));
		expect(new Set(rows.map(line => latencyEnd(line))).size).toBe(1);
		for (const line of screen.lines()) expect(stringWidth(line), line).toBeLessThanOrEqual(100);
	});
});

describe('small and changing terminals', () => {
	it('says the terminal is too small below 40×10, under the counts worst first', () => {
		const screen = mount(makeSnapshot([{name: 'a', state: 'up'}, {name: 'b', state: 'failing'}, {name: 'c', state: 'up'}, {name: 'd', state: 'slow'}]), {columns: 39, rows: 12});
		expect(screen.lines().slice(0, 3).map(line => line.trimEnd())).toEqual(['✗1 failing ◔1 slow ✓2 up', 'too small: 39x12', 'needs 40x10']);
	});

	it('keeps the counts in a pane too small for their words, and fits whatever room there is', () => {
		const snapshot = makeSnapshot([{name: 'a', state: 'up'}, {name: 'b', state: 'failing'}, {name: 'c', state: 'warn'}, {name: 'd', state: 'slow'}]);
		const narrow = mount(snapshot, {columns: 16, rows: 5});
		expect(narrow.lines()[0]!.trimEnd()).toBe('✗1 !1 ◔1 ✓1');
		expectFits(narrow.lines(), 16, 5);
		const flat = mount(snapshot, {columns: 60, rows: 1});
		expect(flat.lines().filter(line => line.trim() !== '')).toEqual([expect.stringMatching(/^✗1 failing !1 warn ◔1 slow ✓1 up/)]);
		expectFits(flat.lines(), 60, 1);
	});

	it('lays out again at once when the size changes', () => {
		const screen = mount(makeSnapshot(largeFleet(20)), {columns: 200, rows: 50});
		expect(screen.lines()[1]).toContain('owner');
		screen.app.rerender(screen.element({columns: 60, rows: 15}));
		expect(screen.lines()[1]).not.toContain('owner');
		expectFits(screen.lines(), 60, 15);
	});
});
