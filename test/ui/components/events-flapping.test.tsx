import {afterEach, describe, expect, it, vi} from 'vitest';

vi.hoisted(() => {
	process.env['TZ'] = 'UTC';
});

import {cleanup} from 'ink-testing-library';
import type {HttpCheck} from '../../../source/config/types.js';
import type {CheckView} from '../../../source/monitor/types.js';
import {baseAt, engineChanges, keys, makeRow, makeSnapshot} from '../helpers.js';
import {mount} from '../mount.js';

afterEach(() => {
	cleanup();
});

const started = baseAt - 600_000;

/** A check that came up at the start, then changed state at each of `changeAts` (failing first), as the engine keeps it. */
function flapped(name: string, changeAts: readonly number[]): CheckView {
	const row = makeRow({name});
	return {...row, ...engineChanges(row.check as HttpCheck, started, changeAts)};
}

/** `count` times from `firstAt`, `stepMs` apart. */
const every = (firstAt: number, stepMs: number, count: number) => Array.from({length: count}, (_, index) => firstAt + (index * stepMs));

describe('the events view at 80 columns', () => {
	it('drops a reason that only a lone "…" of would fit, and keeps the state a flapping check is in now whole', async () => {
		// In a walk at 80 columns: "flappy 1  flapping: 9 changes since 03:05:39, now failing…" (the reason cut to
		// its ellipsis, which reads as part of the state) and, a character longer, "…, now failin…".
		const screen = mount(makeSnapshot([
			flapped('flappy 0', every(baseAt - 58_000, 5000, 11)),
			flapped('flappy 1', every(baseAt - 49_000, 5000, 9)),
			makeRow({name: 'orders api', state: 'failing', view: {transitions: [{at: baseAt - 100_000, from: 'up', to: 'failing', reason: {code: 'refused', message: 'connection refused'}}]}}),
		]), {columns: 80, rows: 24});
		await screen.press('e');
		const lines = screen.lines();
		expect(lines.find(line => line.includes('flappy 0  flapping'))).toMatch(/flappy 0 {2}flapping: 11 changes, latest 8s ago, now failing *$/);
		expect(lines.find(line => line.includes('flappy 1  flapping'))).toMatch(/flappy 1 {2}flapping: 9 changes, latest 9s ago, now failing *$/);
		// Where more of it fits, the reason stays, cut at its end.
		expect(lines.find(line => line.includes('flappy 1  up → failing'))).toMatch(/flappy 1 {2}up → failing after 9m 11s {2}status 503, expected…$/);
		expect(lines.find(line => line.includes('orders api'))).toMatch(/orders api {2}up → failing {2}connection refused *$/);
		for (const line of lines) expect(line).not.toMatch(/(?:pending|up|slow|warn|failing|unknown)… *$/);
	});
});

describe('the events view while checks flap', () => {
	// Found in a walk with 6 of 30 checks flapping: each flapping line jumped to the top at its check's next
	// change, so the top of the list shuffled every second.
	const flappers = [
		{name: 'flappy 0', firstAt: baseAt - 95_000, stepMs: 3000},
		{name: 'flappy 1', firstAt: baseAt - 91_000, stepMs: 4000},
		{name: 'flappy 2', firstAt: baseAt - 88_000, stepMs: 5000},
		{name: 'flappy 3', firstAt: baseAt - 94_500, stepMs: 3000},
		{name: 'flappy 4', firstAt: baseAt - 89_500, stepMs: 6000},
		{name: 'flappy 5', firstAt: baseAt - 92_000, stepMs: 7000},
	];
	const ordersFailedAt = baseAt + 2500;
	/** The fleet as the engine publishes it `at`: 24 steady checks, the 6 flapping, orders api failing from ordersFailedAt. */
	const fleetAt = (at: number) => makeSnapshot([
		...Array.from({length: 23}, (_, index) => makeRow({name: `service ${String(index).padStart(2, '0')}`, view: {transitions: [{at: started + (index * 100), from: 'pending', to: 'up'}]}})),
		makeRow({name: 'orders api', state: at >= ordersFailedAt ? 'failing' : 'up', view: {transitions: [
			...(at >= ordersFailedAt ? [{at: ordersFailedAt, from: 'up' as const, to: 'failing' as const, reason: {code: 'refused' as const, message: 'connection refused'}}] : []),
			{at: started, from: 'pending', to: 'up'},
		]}}),
		...flappers.map(({name, firstAt, stepMs}) => flapped(name, every(firstAt, stepMs, Math.floor((at - firstAt) / stepMs) + 1))),
	], {at, sequence: 1 + ((at - baseAt) / 1000)});
	/** Each line's check and what it says, without its counts, states and ages, which change in place. */
	const shape = (lines: readonly string[]) => lines.slice(2).filter(line => /^[> ] \S| {20}…/.test(line)).map(line => line.replace(/^[> ] \d\d:\d\d:\d\d +\S+ ago {2}\S /, '').replace(/flapping: .*/, 'flapping').trimEnd());

	it('keeps each flapping line in one place as its count and state change, and shows other checks\' new changes at the top', async () => {
		const screen = mount(fleetAt(baseAt), {columns: 120, rows: 40});
		await screen.press('e');
		// The cursor on flappy 4's line, below another's, which enter goes to.
		while (!screen.selectedLine().includes('flappy 4  flapping')) {
			// eslint-disable-next-line no-await-in-loop
			await screen.press('j');
		}

		const cursorLine = screen.lines().indexOf(screen.selectedLine());
		const first = shape(screen.lines());
		expect(first.filter(line => line.endsWith('flapping'))).toHaveLength(6);
		const counts = (lines: readonly string[]) => lines.filter(line => line.includes('flapping:')).map(line => /(flappy \d)  flapping: (\d+)/.exec(line)!.slice(1).join(' ')).sort();
		const firstCounts = counts(screen.lines());
		for (const second of [1, 2]) {
			// eslint-disable-next-line no-await-in-loop
			await screen.publish(fleetAt(baseAt + (second * 1000)));
			expect(shape(screen.lines()), `after ${second} s`).toEqual(first);
			expect(screen.lines().indexOf(screen.selectedLine()), `after ${second} s`).toBe(cursorLine);
		}

		// The counts went on in place.
		expect(counts(screen.lines())).not.toEqual(firstCounts);
		// A genuine change of another check comes in at the top, and moves the rest down one line as it is.
		await screen.publish(fleetAt(baseAt + 3000));
		expect(screen.lines()[2]).toMatch(/^ {2}.*orders api {2}up → failing {2}connection refused/);
		expect(shape(screen.lines()).slice(1)).toEqual(first);
		expect(screen.selectedLine()).toMatch(/flappy 4 {2}flapping/);
		expect(screen.lines().indexOf(screen.selectedLine())).toBe(cursorLine + 1);
		await screen.press(keys.enter);
		expect(screen.selectedLine()).toContain('flappy 4');
	});
});

describe('the events view when a flap outgrows its check\'s bounded list', () => {
	it('keeps the flapping line where it was as the flap\'s first change leaves the list and joins its count', async () => {
		// In the walk the line moved down past the events between the flap's first two changes (here orders api's)
		// at the change that dropped the first one from the row's list (20): it was listed at the second change,
		// then at the first. The cursor is on orders api's line, which must not move either.
		const fleetWith = (changes: number, sequence: number) => makeSnapshot([
			flapped('flappy 1', every(baseAt - 95_000, 5000, changes)),
			makeRow({name: 'orders api', state: 'failing', view: {transitions: [{at: baseAt - 93_000, from: 'up', to: 'failing', reason: {code: 'refused', message: 'connection refused'}}]}}),
			makeRow({name: 'ledger', state: 'failing', view: {transitions: [{at: baseAt - 30_000, from: 'up', to: 'failing', reason: {code: 'refused', message: 'connection refused'}}]}}),
		], {at: baseAt - 95_000 + (changes * 5000), sequence});
		const screen = mount(fleetWith(19, 1), {columns: 120, rows: 30});
		await screen.press('e', 'j');
		const flapLine = screen.lines().findIndex(line => line.includes('flappy 1  flapping'));
		expect(screen.lines()[flapLine - 1]).toMatch(/^> .*orders api {2}up → failing/);
		expect(screen.lines()[flapLine]).toMatch(/^ {2}11:58:25 .*flappy 1 {2}flapping: 19 changes, latest 5s ago, now failing/);
		expect(screen.lines()[flapLine + 1]).toMatch(/11:58:25 .*flappy 1 {2}up → failing/);
		for (const changes of [20, 21, 22]) {
			// eslint-disable-next-line no-await-in-loop
			await screen.publish(fleetWith(changes, changes));
			expect(screen.lines()[flapLine - 1], `after ${changes} changes`).toMatch(/^> .*orders api {2}up → failing/);
			expect(screen.lines()[flapLine], `after ${changes} changes`).toMatch(/^ {2}11:58:25 .*flappy 1 {2}flapping/);
		}

		expect(screen.lines()[flapLine]).toMatch(/flapping: 22 changes, latest 5s ago, now up/);
		expect(screen.frame()).not.toMatch(/flappy 1 {2}up → failing/);
	});
});

describe('the events view\'s "older state changes not kept" line', () => {
	it('is left out when every change not kept is counted in a flapping line or listed as a first result', async () => {
		// In the walk, each flapping check soon had the line, though its flapping line counted the run from its first
		// change and its coming up was counted in its round: it said nothing new.
		const flappy = flapped('flappy 0', every(baseAt - 200_000, 5000, 30));
		// billing api failed and recovered 50 minutes ago, then flapped: those two changes are no line's any more.
		const billing = makeRow({name: 'billing api'});
		const billingChanges = [baseAt - 3_000_000, baseAt - 2_940_000, ...every(baseAt - 150_000, 5000, 25)];
		const screen = mount(makeSnapshot([
			flappy,
			{...billing, ...engineChanges(billing.check as HttpCheck, baseAt - 3_600_000, billingChanges)},
			...Array.from({length: 3}, (_, index) => makeRow({name: `service ${index}`, view: {transitions: [{at: started + (index * 100), from: 'pending', to: 'up'}]}})),
		]), {columns: 120, rows: 30});
		await screen.press('e');
		const lines = screen.lines();
		expect(lines.find(line => line.includes('flappy 0  flapping'))).toMatch(/flapping: 30 changes, latest 55s ago, now up/);
		expect(lines.find(line => line.includes('4 checks'))).toMatch(/4 checks {2}pending → up/);
		expect(screen.frame()).not.toContain('flappy 0: older state changes not kept');
		// Kept where an older change of its own is missing, below the oldest line the check has.
		const billingFlap = lines.findIndex(line => line.includes('billing api  flapping'));
		expect(lines[billingFlap]).toMatch(/flapping: 25 changes, latest 30s ago, now failing/);
		expect(lines[billingFlap + 1]).toMatch(/^ +… billing api: older state changes not kept/);
	});
});

describe('a flapping check in the detail pane and the events view', () => {
	/** The detail pane's "flapping" line and the events view's, for a fleet of one. */
	async function bothViews(view: CheckView, at: number) {
		const screen = mount(makeSnapshot([view], {at}), {columns: 120, rows: 30});
		await screen.press(keys.enter);
		const detail = screen.lines().find(line => /│ flapping {2}/.test(line))?.replace(/^.*│ (flapping {2}[^│]*?) *│?$/, '$1');
		await screen.press(keys.escape, 'e');
		const events = screen.lines().find(line => line.includes('flapping:'))?.replace(/^.*(flapping: \d+ changes).*$/, '$1');
		return {detail, events};
	}

	it('agree on a flap whose changes came exactly two minutes apart', async () => {
		// Every change as far from the one before as a run allows (flapRunGapMs): one run of four.
		expect(await bothViews(flapped('search api', every(baseAt - 360_000, 120_000, 4)), baseAt + 5000)).toEqual({detail: 'flapping  4 changes in 6m, at worst failing', events: 'flapping: 4 changes'});
	});

	it('agree on a flap that goes on from changes the bounded list dropped, however few of it are kept', async () => {
		// Three kept changes after five dropped: the events view said "flapping: 8 changes", the pane said nothing.
		const view = makeRow({name: 'search api', view: {transitions: [
			{at: baseAt - 10_000, from: 'failing', to: 'up'},
			{at: baseAt - 20_000, from: 'up', to: 'failing'},
			{at: baseAt - 30_000, from: 'failing', to: 'up'},
		], transitionsCut: true, cutRun: {count: 5, since: baseAt - 200_000, lastAt: baseAt - 40_000}}});
		expect(await bothViews(view, baseAt)).toEqual({detail: 'flapping  8 changes in 3m 10s, at worst failing', events: 'flapping: 8 changes'});
	});
});

describe('the events view\'s "older state changes not kept" line after a restart', () => {
	it('is at the bottom of the check\'s lines, under its coming up, when only the earlier run\'s changes are missing', async () => {
		// search api's history file had the earlier run's coming up and an outage; this run came up an hour ago and
		// has flapped 25 times for 5 minutes. Its list keeps 20: the earlier run's 3, this run's coming up and the
		// flap's first 5 are dropped. The line sat under the flapping line, above orders api and the coming up,
		// which claimed a gap in this run, which lost nothing: its flapping line counts the whole flap.
		const row = makeRow({name: 'search api'});
		const hour = 3_600_000;
		const search = {...row, ...engineChanges(row.check as HttpCheck, baseAt - hour, every(baseAt - 300_000, 5000, 25), [
			{at: baseAt - (3 * hour), from: 'pending', to: 'up'},
			{at: baseAt - (3 * hour) + 600_000, from: 'up', to: 'failing'},
			{at: baseAt - (3 * hour) + 660_000, from: 'failing', to: 'up'},
		])};
		const screen = mount(makeSnapshot([
			search,
			makeRow({name: 'orders api', state: 'failing', view: {transitions: [{at: baseAt - 1_800_000, from: 'up', to: 'failing', reason: {code: 'refused', message: 'connection refused'}}]}}),
		], {at: baseAt - 175_000}), {columns: 120, rows: 30});
		await screen.press('e');
		const listed = screen.lines().filter(line => /search api|orders api/.test(line)).map(line => line.replace(/^[> ] +\d\d:\d\d:\d\d +\S+ ago {2}\S /, '').replace(/^ +/, '').trimEnd());
		expect(listed).toEqual([
			'search api  flapping: 25 changes, latest 5s ago, now failing  status 503, expected 200',
			'orders api  up → failing  connection refused',
			'search api  pending → up',
			'… search api: older state changes not kept',
		]);
	});
});
