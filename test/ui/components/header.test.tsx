import {afterEach, describe, expect, it} from 'vitest';
import {cleanup, render} from 'ink-testing-library';
import type {StateCounts} from '../../../source/monitor/types.js';
import {Header} from '../../../source/ui/components/Header.js';
import {createTheme} from '../../../source/ui/theme.js';
import {displayWidth} from '../../../source/ui/text.js';
import {countOverdue} from '../../../source/ui/view/overdue.js';
import {baseAt, makeRow, makeSnapshot, stripStyles} from '../helpers.js';
import {mount} from '../mount.js';

afterEach(() => {
	cleanup();
});

/** Three checks long past their time, one just due, one running, one scheduled ahead and one paused. */
const fleet = [
	makeRow({name: 'late a', view: {nextAt: baseAt - 4000}}),
	makeRow({name: 'late b', view: {nextAt: baseAt - 30_000}}),
	makeRow({name: 'late c', state: 'failing', view: {nextAt: baseAt - 1500}}),
	makeRow({name: 'just due', view: {nextAt: baseAt - 200}}),
	makeRow({name: 'running', view: {nextAt: baseAt - 9000, isRunning: true}}),
	makeRow({name: 'ahead', view: {nextAt: baseAt + 5000}}),
	makeRow({name: 'unscheduled'}),
];

describe('checks past their time', () => {
	it('counts only those more than a second late that are not running', () => {
		expect(countOverdue(fleet, baseAt)).toBe(3);
		expect(countOverdue(fleet, baseAt - 40_000)).toBe(0);
	});

	it('count a check the engine queues for a slot only once it has waited a second', () => {
		// In a big fleet a check waits a few milliseconds for a slot every round: the header must not flicker.
		const justQueued = makeRow({name: 'queued now', view: {nextAt: baseAt - 5, waitingSince: baseAt - 5}});
		const queuedRecheck = makeRow({name: 'recheck now', view: {waitingSince: baseAt - 5}});
		expect(countOverdue([justQueued, queuedRecheck], baseAt)).toBe(0);
		const longQueued = makeRow({name: 'queued long', view: {nextAt: baseAt - 1000, waitingSince: baseAt - 1000}});
		const longRecheck = makeRow({name: 'recheck long', view: {waitingSince: baseAt - 2500}});
		expect(countOverdue([justQueued, queuedRecheck, longQueued, longRecheck], baseAt)).toBe(2);
		const screen = mount(makeSnapshot([justQueued, queuedRecheck], {at: baseAt}), {columns: 120});
		expect(screen.lines()[0]).not.toContain('overdue');
	});

	it('are counted in the header, and not mentioned when there are none', () => {
		const screen = mount(makeSnapshot(fleet, {at: baseAt}), {columns: 120});
		expect(screen.lines()[0]).toMatch(/✓6 up {2}3 overdue 12:00:00$/);
		const onTime = mount(makeSnapshot(fleet.slice(3), {at: baseAt}), {columns: 120});
		expect(onTime.lines()[0]).not.toContain('overdue');
	});

	it('stay in a narrow header, where the counts make room first, and beside PAUSED', () => {
		const screen = mount(makeSnapshot(fleet, {at: baseAt, isPaused: true}), {columns: 60, rows: 15});
		const header = screen.lines()[0]!;
		expect(header).toContain('3 overdue');
		expect(header).toContain('PAUSED');
		expect(displayWidth(header)).toBeLessThanOrEqual(60);
	});
});

describe('the unknown state', () => {
	it('is counted in the header only when some check is unknown, right after failing', () => {
		const screen = mount(makeSnapshot([makeRow({name: 'plugin', state: 'unknown'}), makeRow({name: 'api', state: 'failing'}), makeRow({name: 'web'})]), {columns: 120});
		expect(screen.lines()[0]).toMatch(/✗1 failing {2}\?1 unknown {2}!0 warn/);
		expect(screen.frame()).toMatch(/\? unknown +plugin/);
		const none = mount(makeSnapshot([makeRow({name: 'web'})]), {columns: 120});
		expect(none.lines()[0]).not.toContain('unknown');
	});
});

describe('the title', () => {
	it('keeps its form while a count gains or loses a digit, at every width', () => {
		// The header alone, drawn again at each width: the whole screen mounted at 62 sizes took 10 s, past the
		// timeout on a busy machine.
		const theme = createTheme({color: false, ascii: false});
		const counts = (failing: number): StateCounts => ({failing, unknown: 0, warn: 0, slow: 0, pending: 0, up: 20 - failing});
		const header = (failing: number, columns: number) => <Header configName="checks.yaml" counts={counts(failing)} isPaused={false} at={baseAt} width={columns} theme={theme}/>;
		const {lastFrame, rerender} = render(header(9, 60));
		const headerAt = (failing: number, columns: number) => {
			rerender(header(failing, columns));
			return stripStyles(lastFrame() ?? '').split('\n')[0]!;
		};

		for (let columns = 60; columns <= 90; columns++) {
			const [nine, ten] = [headerAt(9, columns), headerAt(10, columns)];
			expect(ten.startsWith('uptop ·'), `at ${columns} columns`).toBe(nine.startsWith('uptop ·'));
			expect(ten.includes('!0 warn'), `at ${columns} columns`).toBe(nine.includes('!0 warn'));
		}

		// Where there is room, the program's name is there, as the whole screen draws it.
		const fleet = Array.from({length: 20}, (_, index) => makeRow({name: `service ${index}`, state: index < 9 ? 'failing' : 'up'}));
		expect(mount(makeSnapshot(fleet, {at: baseAt}), {columns: 120, rows: 30}).lines()[0]!.startsWith('uptop ·')).toBe(true);
	});
});
