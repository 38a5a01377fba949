import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {createCommitPacer} from '../../../source/ui/commit-pacer.js';
import {createFakeClock} from '../../helpers/fake-clock.js';
import {baseAt, keys, makeSnapshot, tick, type RowInput} from '../helpers.js';
import {largeFleet} from '../fleet.js';
import {mount} from '../mount.js';
import {displayWidth} from '../../../source/ui/text.js';
import {keymapHelpLines} from '../../../source/ui/keymap.js';

afterEach(() => {
	cleanup();
});

const fleet: RowInput[] = [
	{name: 'payments api', state: 'failing', group: 'payments', owner: '@payments-oncall', check: {runbook: 'https://runbooks.example/payments', rollback: 'helm rollback payments'}},
	{name: 'search', state: 'slow', group: 'search', latencyMs: 1500},
	{name: 'ledger', state: 'up', group: 'payments', owner: '@ledger'},
	{name: 'auth', state: 'up', group: 'core', owner: '@identity'},
	{name: 'batch job', state: 'pending'},
];

const many = (count: number): RowInput[] => Array.from({length: count}, (_, index) => ({name: `service ${String(index).padStart(2, '0')}`}));

describe('moving the selection', () => {
	it('starts on the worst check', () => {
		const screen = mount(makeSnapshot(fleet));
		expect(screen.selectedLine()).toContain('payments api');
	});

	it.each([
		['j', ['j'], 'search'],
		['down arrow', [keys.down], 'search'],
		['k after two j', ['j', 'j', 'k'], 'search'],
		['up arrow after j', ['j', keys.up], 'payments api'],
		['G', ['G'], 'ledger'],
		['End', [keys.end], 'ledger'],
		['g after G', ['G', 'g'], 'payments api'],
		['Home after G', ['G', keys.home], 'payments api'],
	])('%s selects %s', async (_title, pressed, expected) => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press(...pressed);
		expect(screen.selectedLine()).toContain(expected);
	});

	it('takes keys that arrive in one chunk one by one', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('jj');
		expect(screen.selectedLine()).toContain('batch job');
		await screen.press('k\r');
		expect(screen.frame()).toContain('expected');
	});

	it('acts on the check the earlier keys of a chunk selected, not the one drawn before them', async () => {
		// A fast typist over SSH: j and enter reach uptop together.
		const opened = mount(makeSnapshot(fleet), {columns: 120, rows: 30});
		await opened.press('j\r');
		expect(opened.selectedLine()).toContain('search');
		expect(opened.lines()[1]).toMatch(/│ ◔ slow\s+search/);
		cleanup();

		const rechecked = mount(makeSnapshot(fleet));
		await rechecked.press('jr');
		expect(rechecked.monitor.sent).toEqual([{type: 'recheck', id: 'search'}]);
		cleanup();

		// A filter typed, kept and opened in one chunk: the check it leaves, not the one drawn before it.
		const filtered = mount(makeSnapshot(fleet), {columns: 120, rows: 30});
		await filtered.press('/ledg\r\r');
		expect(filtered.selectedLine()).toContain('ledger');
		expect(filtered.lines()[1]).toMatch(/│ ✓ up\s+ledger/);
	});

	it('draws keys that keep coming once a window, and acts on every one of them', async () => {
		const clock = createFakeClock();
		const screen = mount(makeSnapshot(fleet), {columns: 120, rows: 30, pacer: createCommitPacer(100, clock)});
		await screen.press('j');
		// The first key after a pause is drawn at once.
		expect(screen.selectedLine()).toContain('search');
		await clock.advance(30);
		await screen.press('j', 'j', '\r');
		// Inside the window nothing more is drawn...
		expect(screen.selectedLine()).toContain('search');
		expect(screen.frame()).not.toContain('expected');
		await clock.advance(70);
		await tick();
		// ...and its end draws all three: two rows down, and the detail pane of the check they reached.
		expect(screen.selectedLine()).toContain('auth');
		expect(screen.lines()[1]).toMatch(/│ ✓ up\s+auth/);
		await clock.advance(500);
		await screen.press('k');
		expect(screen.selectedLine()).toContain('batch job');
	});

	it('echoes text typed into a prompt at once, not a window later, and the keys after it are paced again', async () => {
		const clock = createFakeClock();
		const screen = mount(makeSnapshot(fleet), {columns: 120, rows: 30, pacer: createCommitPacer(100, clock)});
		await screen.press('j');
		await clock.advance(30);
		// A held key's commit is waiting; typing replaces it with one of everything so far, drawn now.
		await screen.press('j', '/', 'l', 'e');
		expect(screen.frame()).toContain('/le');
		expect(screen.frame()).toContain('ledger');
		expect(screen.frame()).not.toContain('search');
		await clock.advance(20);
		await screen.press(keys.backspace);
		expect(screen.frame()).toContain('/l_');
		expect(clock.pendingTimers()).toBe(0);
		// Accepting the filter is not typing: inside the window it waits for the window's end.
		await clock.advance(10);
		await screen.press(keys.enter);
		expect(screen.frame()).toContain('/l_');
		await clock.advance(100);
		await tick();
		expect(screen.frame()).toContain('filter: l');
	});

	it('draws a notice with the view the keys before it left, not one the pacer still holds back', async () => {
		const clock = createFakeClock();
		const screen = mount(makeSnapshot(fleet), {columns: 120, rows: 30, pacer: createCommitPacer(100, clock)});
		await screen.press('j');
		await clock.advance(30);
		await screen.press('j', 'r');
		expect(screen.frame()).toContain('rechecking batch job');
		expect(screen.selectedLine()).toContain('batch job');
		expect(screen.monitor.sent).toEqual([{type: 'recheck', id: 'batch-job'}]);
	});

	it('takes control keys in a chunk too (ctrl-d, ctrl-u, ctrl-z arrive raw when keys come together over SSH)', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('j\u001A');
		expect(screen.selectedLine()).toContain('search');
		expect(screen.frame()).toContain('suspend needs a terminal');
	});

	it('pages with PgDn and PgUp and draws only the rows that fit', async () => {
		const screen = mount(makeSnapshot(many(60)), {columns: 80, rows: 24});
		expect(screen.frame()).toContain('service 20');
		expect(screen.frame()).not.toContain('service 21');
		await screen.press(keys.pageDown);
		expect(screen.selectedLine()).toContain('service 21');
		expect(screen.frame()).not.toContain('service 00');
		await screen.press(keys.pageDown, keys.pageDown, keys.pageDown);
		expect(screen.selectedLine()).toContain('service 59');
		await screen.press(keys.pageUp);
		expect(screen.selectedLine()).toContain('service 38');
		expect(screen.lines().length).toBeLessThanOrEqual(24);
		expect(screen.frame()).toContain('39/60');
	});

	it('counts checks, not group rows, in the position of group sort', async () => {
		const grouped = Array.from({length: 40}, (_, index) => ({name: `service ${String(index).padStart(2, '0')}`, group: ['alpha', 'beta', 'gamma', 'delta'][index % 4]}));
		const screen = mount(makeSnapshot(grouped), {columns: 80, rows: 24});
		await screen.press('s', 's', 's', 'G');
		expect(screen.frame()).toContain('sort:group');
		expect(screen.selectedLine()).toContain('service 38');
		expect(screen.frame()).toContain('40/40');
		expect(screen.frame()).not.toContain('44/44');
	});

	it('keeps the selection on the same check when the rows re-sort', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('j');
		expect(screen.selectedLine()).toContain('search');
		// search recovers, auth fails: severity order changes under the selection.
		const next = fleet.map(row => (row.name === 'search' ? {...row, state: 'up' as const} : row.name === 'auth' ? {...row, state: 'failing' as const} : row));
		await screen.publish(makeSnapshot(next));
		expect(screen.selectedLine()).toContain('search');
		expect(screen.lines().findIndex(line => line.includes('search'))).toBeGreaterThan(screen.lines().findIndex(line => line.includes('auth')));
	});
});

describe('detail pane', () => {
	it('opens on enter with owner, runbook, rollback, expected and actual, and closes on esc', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press(keys.enter);
		const frame = screen.frame();
		expect(frame).toContain('@payments-oncall');
		expect(frame).toContain('https://runbooks.example/payments');
		expect(frame).toContain('helm rollback payments');
		expect(frame).toContain('expected  status 200');
		expect(frame).toContain('503 Service Unavailable');
		expect(frame).toContain('status 503, expected 200');
		await screen.press(keys.escape);
		expect(screen.frame()).not.toContain('helm rollback payments');
		expect(screen.selectedLine()).toContain('payments api');
	});

	it('follows the selection while open', async () => {
		const screen = mount(makeSnapshot(fleet), {columns: 200, rows: 50});
		await screen.press(keys.enter, 'G');
		expect(screen.frame()).toContain('owner     @ledger');
	});
});

describe('filter', () => {
	it('filters as the operator types, by name, group or owner', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('/', 'p', 'a', 'y');
		let frame = screen.frame();
		expect(frame).toContain('/pay');
		expect(frame).toContain('payments api');
		expect(frame).toContain('ledger');
		expect(frame).not.toContain('auth');
		await screen.press(keys.backspace, keys.backspace, keys.backspace, 'i', 'd', 'e', 'n');
		frame = screen.frame();
		expect(frame).toContain('auth');
		expect(frame).not.toContain('ledger');
	});

	it('takes letters bound elsewhere as filter text', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('/', 'q', 's');
		expect(screen.quitCount()).toBe(0);
		expect(screen.frame()).toContain('/qs');
		expect(screen.monitor.sent).toEqual([]);
	});

	it('keeps the filter on enter and clears it on esc', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('/', 'a', 'u', keys.enter);
		expect(screen.frame()).toContain('filter: au');
		expect(screen.frame()).not.toContain('ledger');
		await screen.press('j');
		await screen.press(keys.escape);
		expect(screen.frame()).toContain('ledger');
		await screen.press('/', 'x', keys.escape);
		expect(screen.frame()).toContain('ledger');
		expect(screen.frame()).not.toContain('/x');
	});

	it('names what esc does on the table\'s status line while a filter is kept: it clears it, there is nothing to go back from', async () => {
		const screen = mount(makeSnapshot(fleet), {columns: 120});
		expect(screen.lines().at(-1)).not.toContain('esc');
		await screen.press('/', 'a', 'u', keys.enter);
		expect(screen.lines().at(-1)).toMatch(/^filter: au .*\besc clear\b/);
		expect(screen.lines().at(-1)).not.toContain('back');
		// In the details esc closes them, and goes back to the table.
		await screen.press(keys.enter);
		expect(screen.lines().at(-1)).toContain('esc back');
	});

	it('keeps the check the kept filter left selected when esc clears it, not the one selected before', async () => {
		// The cursor was on ledger; "/sea" hides it and the cursor shows on search. Enter keeps the filter (and
		// what the cursor is on): esc then shows the whole table with search still selected.
		const screen = mount(makeSnapshot(fleet), {columns: 120});
		await screen.press('G');
		expect(screen.selectedLine()).toContain('ledger');
		await screen.press('/', 's', 'e', 'a', keys.enter);
		expect(screen.selectedLine()).toContain('search');
		await screen.press(keys.escape);
		expect(screen.frame()).toContain('ledger');
		expect(screen.selectedLine()).toContain('search');
		// Esc while typing gives up the filter: back to where the cursor was before it.
		await screen.press('G', '/', 's', 'e', 'a', keys.escape);
		expect(screen.selectedLine()).toContain('ledger');
	});

	it('says when nothing matches', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('/', 'z', 'z', 'z');
		expect(screen.frame()).toContain('no check matches "zzz"');
	});

	it('keeps the end of a filter too long for the line in view, with the cursor after it', async () => {
		const screen = mount(makeSnapshot(fleet), {columns: 60, rows: 15});
		await screen.press('/this is a very long filter text that exceeds the terminal width');
		const footer = screen.lines().at(-1)!;
		expect(footer).toMatch(/^\/….*exceeds the terminal width_$/);
		expect(displayWidth(footer)).toBe(60);
	});

	it('keeps "(esc clears)" and the key hints in view at 60 columns when a long filter matches nothing, and the notice after M too', async () => {
		const screen = mount(makeSnapshot(fleet), {columns: 60, rows: 15});
		await screen.press('/no-such-service-in-the-eu-west-and-us-east-regions', keys.enter);
		// The filter gives way in its middle; its ends and the key that clears it stay.
		expect(screen.frame()).toMatch(/no check matches "no-such-.*….*-east-regions" \(esc clears\)/);
		await screen.press('M');
		// The notice, too long to share the status line, has a line of its own above it; the screen still fits.
		expect(screen.lines().at(-2)).toMatch(/^select a check to mark its deployment \(m marks every check\)/);
		expect(screen.lines().at(-1)).toMatch(/^filter: no-s.*….*-regions \? help {2}q quit/);
		expect(screen.lines()).toHaveLength(15);
		for (const line of screen.lines()) expect(displayWidth(line)).toBeLessThanOrEqual(60);
		// The next key clears the notice, and its line goes with it.
		await screen.press('s');
		expect(screen.frame()).not.toContain('select a check');
		expect(screen.lines()).toHaveLength(15);
	});

	it('opens nothing on enter when nothing matches, so one esc clears the filter', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('/', 'z', 'z', 'z', keys.enter, keys.enter);
		expect(screen.frame()).toContain('no check matches "zzz"');
		await screen.press(keys.escape);
		expect(screen.frame()).not.toContain('no check matches');
		expect(screen.frame()).toContain('ledger');
	});
});

describe('sort and fold', () => {
	it('cycles the sort with s and shows it in the footer', async () => {
		const screen = mount(makeSnapshot(fleet));
		expect(screen.frame()).toContain('sort:severity');
		await screen.press('s');
		expect(screen.frame()).toContain('sort:name');
		// The name column runs from its title to the group column's.
		const title = screen.lines()[1]!;
		const names = screen.lines().slice(2, 7).map(line => line.slice(title.indexOf('name'), title.indexOf('group')).trim());
		expect(names).toEqual(['auth', 'batch job', 'ledger', 'payments api', 'search']);
		expect(screen.selectedLine()).toContain('payments api');
		await screen.press('s');
		expect(screen.frame()).toContain('sort:latency');
		await screen.press('s');
		expect(screen.frame()).toContain('sort:group');
		expect(screen.frame()).toMatch(/▾ payments \(2\)/);
		await screen.press('s');
		expect(screen.frame()).toContain('sort:severity');
	});

	it('lists only the checks that are not up with f, says so on the status line, and lists every check again with f', async () => {
		// 120 columns: at 80 the footer's last hints (e, f) give way, and f is in the help.
		const screen = mount(makeSnapshot(fleet), {columns: 120});
		expect(screen.lines().at(-1)).toContain('f not up only');
		await screen.press('j', 'f');
		let frame = screen.frame();
		for (const name of ['payments api', 'search', 'batch job']) expect(frame).toContain(name);
		expect(frame).not.toContain('ledger');
		expect(frame).not.toContain('auth');
		expect(screen.lines().at(-1)).toContain('not up only');
		expect(screen.lines().at(-1)).toContain('f all');
		// The header still counts the whole fleet.
		expect(screen.lines()[0]).toMatch(/2 up/);
		expect(screen.selectedLine()).toContain('search');
		await screen.press('f');
		frame = screen.frame();
		expect(frame).toContain('ledger');
		expect(frame).toContain('auth');
		// The label, drawn before the hints, is gone; the hint offers the list again under the same name.
		expect(screen.lines().at(-1)).not.toMatch(/not up only.*\? help/);
		expect(screen.lines().at(-1)).toContain('f not up only');
	});

	it('calls f by one name in its hint, on the status line while it holds, in the ? help and in --help', async () => {
		const screen = mount(makeSnapshot(fleet), {columns: 120, rows: 40});
		expect(screen.lines().at(-1)).toMatch(/ f not up only\s*$/);
		await screen.press('f');
		expect(screen.lines().at(-1)).toMatch(/^not up only .*\? help/);
		await screen.press('?');
		expect(screen.frame()).toMatch(/ f +not up only: the checks not up \/ every check/);
		expect(keymapHelpLines().join('\n')).toMatch(/ f +not up only: the checks not up \/ every check/);
		expect(screen.frame()).not.toContain('problems');
	});

	it('keeps the cursor on a flapping check that is up this second when f lists the problems, which include it', async () => {
		// search goes up and failing every 10 s: f lists it (a flap), and the cursor on it stays there, not on the first row.
		const transitions = Array.from({length: 6}, (_, index) => ({at: baseAt - index * 10_000, from: index % 2 === 0 ? 'failing' as const : 'up' as const, to: index % 2 === 0 ? 'up' as const : 'failing' as const}));
		const flapping = fleet.map(row => (row.name === 'search' ? {...row, state: 'up' as const, latencyMs: 12, view: {since: baseAt, transitions}} : row));
		const screen = mount(makeSnapshot(flapping), {columns: 120, rows: 30});
		for (let step = 0; step < 5 && !screen.selectedLine().includes('search'); step++) {
			// eslint-disable-next-line no-await-in-loop
			await screen.press('j');
		}

		expect(screen.selectedLine()).toMatch(/✓ up\s+search/);
		await screen.press('f');
		expect(screen.frame()).toContain('not up only');
		expect(screen.selectedLine()).toMatch(/✓ up\s+search/);
	});

	it('keeps the selected check and its details in the f list when it recovers, until the selection moves on', async () => {
		// A flapping check watched in the list of problems: its recovery must not put another check's details
		// under the operator's eyes (nor bring the first one back, and the scroll with it, when it fails again).
		const flapping = (state: 'up' | 'slow') => makeSnapshot(fleet.map(row => (row.name === 'search' ? {...row, state} : row)));
		const screen = mount(flapping('slow'), {columns: 120, rows: 30});
		await screen.press('f', 'j', '\r');
		expect(screen.selectedLine()).toMatch(/◔ slow\s+search/);
		await screen.publish(flapping('up'));
		expect(screen.selectedLine()).toMatch(/✓ up\s+search/);
		expect(screen.lines()[1]).toMatch(/│ ✓ up\s+search/);
		expect(screen.frame()).not.toContain('ledger');
		await screen.publish(flapping('slow'));
		expect(screen.selectedLine()).toMatch(/◔ slow\s+search/);
		await screen.publish(flapping('up'));
		// Up, it sorts after the pending batch job. Moving on lets it go; r then rechecks the row the cursor is on.
		expect(screen.lines().slice(2, 5).map(line => line.slice(0, 30))).toEqual([
			expect.stringMatching(/failing\s+payments api/), expect.stringMatching(/pending\s+batch job/), expect.stringMatching(/up\s+search/),
		]);
		await screen.press(keys.escape, 'k');
		expect(screen.selectedLine()).toContain('batch job');
		expect(screen.frame()).not.toMatch(/\ssearch\s/);
		await screen.press('r');
		expect(screen.monitor.sent).toEqual([{type: 'recheck', id: 'batch-job'}]);
	});

	it('starts f on the first check that is not up when the selected one is up', async () => {
		const screen = mount(makeSnapshot(fleet), {columns: 120});
		await screen.press('G', 'f');
		expect(screen.frame()).not.toContain('auth');
		expect(screen.selectedLine()).toContain('payments api');
		// Back to every check: the selection is where f left it, not the check it hid.
		await screen.press('f');
		expect(screen.selectedLine()).toContain('payments api');
	});

	it('says every check is up when f leaves nothing to list, and f is not typed into a filter as a key', async () => {
		const screen = mount(makeSnapshot([{name: 'ledger', state: 'up'}, {name: 'auth', state: 'up'}]));
		await screen.press('f');
		expect(screen.frame()).toContain('every check is up (f lists them all)');
		await screen.press('/', 'x', 'f');
		expect(screen.frame()).toContain('no check that is not up matches "xf" (esc clears)');
	});

	it.each([['tab', keys.tab], ['space', ' ']])('folds and unfolds the selected group with %s', async (_name, key) => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press(key);
		let frame = screen.frame();
		expect(frame).toMatch(/▸ payments \(2\): 1 failing, 1 up/);
		expect(frame).not.toContain('ledger');
		expect(screen.selectedLine()).toContain('payments (2)');
		await screen.press(key);
		frame = screen.frame();
		expect(frame).toContain('ledger');
		expect(screen.selectedLine()).toContain('payments api');
	});

	// As a file tree does: enter unfolded the group and jumped onto its first check, so enter again opened that
	// check's details instead of folding the group back.
	it.each([['enter', keys.enter], ['tab', keys.tab], ['space', ' ']])('keeps the cursor on a group\'s row in group sort as %s unfolds it, so it folds it back', async (_name, key) => {
		const screen = mount(makeSnapshot(fleet), {columns: 120});
		await screen.press('s', 's', 's');
		expect(screen.lines().at(-1)).toContain('sort:group');
		// The selection followed payments api through the sort: its group's row is just above it.
		await screen.press('k');
		expect(screen.selectedLine()).toMatch(/▾ payments \(2\)/);
		await screen.press(key);
		expect(screen.selectedLine()).toMatch(/▸ payments \(2\)/);
		await screen.press(key);
		expect(screen.selectedLine()).toMatch(/▾ payments \(2\)/);
		expect(screen.frame()).toContain('ledger');
		await screen.press(key);
		expect(screen.selectedLine()).toMatch(/▸ payments \(2\)/);
		expect(screen.frame()).not.toContain('ledger');
		// j steps into the group once it is open.
		await screen.press(key, 'j');
		expect(screen.selectedLine()).toContain('payments api');
	});

	// With the details open, or over the events view or the help, tab and space did nothing and said nothing.
	it.each([
		['tab', 'details', keys.tab, [keys.enter], '@payments-oncall'],
		['space', 'details', ' ', [keys.enter], '@payments-oncall'],
		['tab', 'events', keys.tab, ['e'], 'events, newest first'],
		['space', 'events', ' ', ['e'], 'events, newest first'],
		['tab', 'help', keys.tab, ['?'], 'fold / unfold group'],
		['space', 'help', ' ', ['?'], 'fold / unfold group'],
	])('says %s folds the table\'s groups over the %s, and leaves it open and the group unfolded', async (name, over, key, opening, shown) => {
		for (const columns of [60, 120]) {
			const screen = mount(makeSnapshot(fleet), {columns, rows: 24});
			// eslint-disable-next-line no-await-in-loop
			await screen.press(...opening, key);
			expect(screen.frame(), `at ${columns}`).toContain(`${name} folds the table's groups: esc closes the ${over} first`);
			expect(screen.frame(), `at ${columns}`).toContain(shown);
			// eslint-disable-next-line no-await-in-loop
			await screen.press(keys.escape);
			expect(screen.frame(), `at ${columns}`).toContain('ledger');
			expect(screen.frame(), `at ${columns}`).not.toContain('payments (2)');
			cleanup();
		}
	});

	// Over the events view or the help, the table's other keys did nothing and said nothing too.
	it.each([
		['/', 'events', ['e'], 'events, newest first'],
		['s', 'events', ['e'], 'events, newest first'],
		['f', 'events', ['e'], 'events, newest first'],
		['p', 'events', ['e'], 'events, newest first'],
		['R', 'help', ['?'], 'fold / unfold group'],
		['M', 'help', ['?'], 'fold / unfold group'],
		['u', 'events', ['e'], 'events, newest first'],
	])('says %s works in the table over the %s, and leaves it open and the table as it was', async (key, over, opening, shown) => {
		const screen = mount(makeSnapshot(fleet), {columns: 120, rows: 24});
		await screen.press(...opening, key);
		expect(screen.frame()).toContain(`${key} works in the table: esc closes the ${over} first`);
		expect(screen.frame()).toContain(shown);
		await screen.press(keys.escape);
		expect(screen.lines().at(-1)).toContain('sort:severity');
		// Not paused, no filter, not "not up only" (whose status line offers `f all`).
		expect(screen.frame()).not.toMatch(/paused|filter:|f all/i);
	});

	it('names what enter does on a group\'s row on the status line: fold or unfold, not details', async () => {
		const screen = mount(makeSnapshot(fleet), {columns: 120});
		expect(screen.lines().at(-1)).toContain('enter details');
		await screen.press(keys.tab);
		expect(screen.selectedLine()).toContain('payments (2)');
		expect(screen.lines().at(-1)).toContain('enter unfold');
		expect(screen.lines().at(-1)).not.toContain('details');
		await screen.press('s', 's', 's', 'g');
		// In group sort every group has its row: an unfolded one's enter folds it.
		expect(screen.selectedLine()).toMatch(/▾ \w+ \(\d\)/);
		expect(screen.lines().at(-1)).toContain('enter fold');
		await screen.press(keys.enter);
		expect(screen.selectedLine()).toMatch(/▸ \w+ \(\d\)/);
		expect(screen.lines().at(-1)).toContain('enter unfold');
		await screen.press('G');
		expect(screen.selectedLine()).toContain('batch job');
		expect(screen.lines().at(-1)).toContain('enter details');
	});

	it('says why a check without a group cannot fold', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('G', 'k', 'k');
		expect(screen.selectedLine()).toContain('batch job');
		await screen.press(keys.tab);
		expect(screen.frame()).toContain('not in a group');
	});
});

describe('engine commands', () => {
	it('pauses with p, shows it clearly, and resumes with p', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('p');
		expect(screen.monitor.sent).toEqual([{type: 'pause'}]);
		await screen.publish(makeSnapshot(fleet, {isPaused: true}));
		expect(screen.frame()).toContain('PAUSED');
		expect(screen.frame()).toContain('p resumes');
		await screen.press('p');
		expect(screen.monitor.sent.at(-1)).toEqual({type: 'resume'});
	});

	it('names what p does now on the status line: pause, or resume while paused', async () => {
		const screen = mount(makeSnapshot(fleet), {columns: 120});
		expect(screen.lines().at(-1)).toContain('p pause');
		await screen.publish(makeSnapshot(fleet, {isPaused: true}));
		expect(screen.lines().at(-1)).toContain('p resume');
		expect(screen.lines().at(-1)).not.toContain('p pause');
		await screen.publish(makeSnapshot(fleet));
		expect(screen.lines().at(-1)).toContain('p pause');
	});

	it.each([
		['80x24, table', 80, 24, []],
		['80x24, details', 80, 24, [keys.enter]],
		['60x15, table', 60, 15, []],
		['60x15, details', 60, 15, [keys.enter]],
	])('says on the status line how to resume right after p, with its notice, at %s', async (_title, columns, rows, before) => {
		// Someone who paused by accident looks at the status line for the way back.
		const screen = mount(makeSnapshot(fleet), {columns, rows});
		await screen.press(...before, 'p');
		await screen.publish(makeSnapshot(fleet, {isPaused: true}));
		const status = screen.lines().at(-1)!;
		expect(status).toContain('paused: r still rechecks');
		expect(status).toMatch(/\bp resume\b/);
		expect(status).toContain('? help');
		expect(status).toContain('q quit');
		expect(displayWidth(status)).toBeLessThanOrEqual(columns);
	});

	it('promises on the paused banner only the keys that work under it: none over the events list and the help', async () => {
		const screen = mount(makeSnapshot(fleet, {isPaused: true}), {columns: 80, rows: 24});
		const banner = () => screen.lines().find(line => line.includes('PAUSED —'))!;
		expect(banner()).toContain('p resumes, r still rechecks');
		// The events list and the help take the table's keys for nothing (r would recheck a row they hide).
		await screen.press('e');
		expect(banner()).toMatch(/PAUSED — probing stopped\s*$/);
		await screen.press('p', 'r');
		expect(screen.monitor.sent).toEqual([]);
		await screen.press('?');
		expect(banner()).toMatch(/PAUSED — probing stopped\s*$/);
		await screen.press(keys.escape, keys.escape);
		expect(banner()).toContain('p resumes, r still rechecks');
	});

	it('rechecks the selected check with r, also while paused', async () => {
		const screen = mount(makeSnapshot(fleet, {isPaused: true}));
		await screen.press('j', 'r');
		expect(screen.monitor.sent).toEqual([{type: 'recheck', id: 'search'}]);
		expect(screen.frame()).toContain('rechecking search');
	});

	it('takes a notice off the status line a few seconds later, by the engine\'s clock: "rechecking" does not stay up for an hour', async () => {
		const screen = mount(makeSnapshot(fleet), {columns: 120});
		await screen.press('r');
		expect(screen.lines().at(-1)).toMatch(/^rechecking payments api {2}\? help/);
		await screen.publish(makeSnapshot(fleet, {at: baseAt + 4000, sequence: 2}));
		expect(screen.lines().at(-1)).toContain('rechecking payments api');
		await screen.publish(makeSnapshot(fleet, {at: baseAt + 5000, sequence: 3}));
		expect(screen.lines().at(-1)).not.toContain('rechecking');
		expect(screen.lines().at(-1)).toMatch(/^\? help {2}q quit/);
	});

	it('rechecks every member of a folded group with r', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press(keys.tab, 'r');
		expect(screen.monitor.sent).toEqual([{type: 'recheck', id: 'payments-api'}, {type: 'recheck', id: 'ledger'}]);
	});

	it('rechecks only the members of a folded group that the filter lists, as its row counts them', async () => {
		// Filtered to `api`: the payments row reads (1), ledger (group payments, owner @ledger) is not listed.
		const screen = mount(makeSnapshot(fleet));
		await screen.press('/', 'a', 'p', 'i', keys.enter, keys.tab);
		expect(screen.selectedLine()).toMatch(/payments \(1\)/);
		await screen.press('r');
		expect(screen.monitor.sent).toEqual([{type: 'recheck', id: 'payments-api'}]);
		expect(screen.frame()).toContain('rechecking payments api');
	});

	it('rechecks and marks a check named from the environment by its real id, not the •••• of its display copy', async () => {
		// `name: "${SERVICE} job"`: its row shows "•••• job" (the display copy, id included); the engine knows
		// it by its real id, which the view carries. r and M sent "•••• job", which names no check: nothing happened.
		const secretNamed: RowInput[] = [
			{name: '•••• job', state: 'failing', group: 'jobs', check: {id: '•••• job'}, view: {id: 'tok-3f9a job', checkId: 'tok-3f9a job'}},
			{name: 'plain job', state: 'up', group: 'jobs'},
		];
		const screen = mount(makeSnapshot(secretNamed));
		expect(screen.selectedLine()).toContain('•••• job');
		await screen.press('r', 'M', 'x', keys.enter);
		expect(screen.monitor.sent).toEqual([{type: 'recheck', id: 'tok-3f9a job'}, {type: 'mark', label: 'x', source: 'key', checkId: 'tok-3f9a job'}]);
		expect(screen.frame()).not.toContain('tok-3f9a');
		const group = mount(makeSnapshot(secretNamed));
		await group.press(keys.tab, 'r');
		expect(group.monitor.sent).toEqual([{type: 'recheck', id: 'tok-3f9a job'}, {type: 'recheck', id: 'plain-job'}]);
	});

	it('rechecks all with R', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('R');
		expect(screen.monitor.sent).toEqual([{type: 'recheck'}]);
	});

	it('adds a deploy marker with m and enter (no note: "manual marker")', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('m');
		expect(screen.monitor.sent).toEqual([]);
		expect(screen.frame()).toContain('marker note (enter to add, esc to cancel): _');
		await screen.press(keys.enter);
		expect(screen.monitor.sent).toEqual([{type: 'mark', label: 'manual marker', source: 'key'}]);
		expect(screen.frame()).not.toContain('marker note');
	});
});

describe('help and quit', () => {
	it('opens the help overlay with ? and closes it with esc or ?', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('?');
		expect(screen.frame()).toContain('recheck selected now');
		expect(screen.frame()).toContain('fold / unfold group');
		expect(screen.frame()).not.toContain('ledger');
		await screen.press(keys.escape);
		expect(screen.frame()).toContain('ledger');
		await screen.press('?', '?');
		expect(screen.frame()).toContain('ledger');
	});

	it('ignores table keys while help is open', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('?', 'r', 'p');
		expect(screen.monitor.sent).toEqual([]);
	});

	it.each([
		['q', ['q']],
		['ctrl-c', [keys.ctrlC]],
		['q in the detail pane', [keys.enter, 'q']],
		['q in help', ['?', 'q']],
		['ctrl-c while filtering', ['/', keys.ctrlC]],
	])('quits with %s', async (_title, pressed) => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press(...pressed);
		expect(screen.quitCount()).toBe(1);
	});
});

async function settle(): Promise<void> {
	await new Promise(resolve => {
		setTimeout(resolve, 40);
	});
	await tick();
}

describe('esc and a key typed together (one chunk, as a terminal sends alt-key)', () => {
	it('closes the detail pane and quits on esc q', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press(keys.enter);
		expect(screen.frame()).toContain('helm rollback payments');
		await screen.press(`${keys.escape}q`);
		expect(screen.frame()).not.toContain('helm rollback payments');
		expect(screen.quitCount()).toBe(1);
	});

	it('leaves a prompt alone on alt-f (a shell\'s word move): the text typed stays, no key runs', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('/', 'l', 'e', 'd');
		await screen.press(`${keys.escape}f`);
		expect(screen.lines().at(-1)).toMatch(/^\/led/);
		expect(screen.frame()).not.toContain('not up only');
		await screen.press('g');
		expect(screen.lines().at(-1)).toMatch(/^\/ledg/);
	});

	it('closes the detail pane, moves and opens again on esc j, then esc enter', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press(keys.enter, `${keys.escape}j`);
		expect(screen.selectedLine()).toContain('search');
		expect(screen.frame()).not.toContain('helm rollback payments');
		await screen.press(keys.enter, `${keys.escape}${keys.enter}`);
		expect(screen.frame()).toMatch(/slow .*search/);
		expect(screen.quitCount()).toBe(0);
	});

	it('takes esc pressed twice in one chunk as two: the details close and the kept filter clears', async () => {
		// tmux, within its escape-time (500 ms by default), passes two quick presses of esc on as one "\e\e".
		const screen = mount(makeSnapshot(fleet), {columns: 120});
		await screen.press('/', 'p', 'a', 'y', keys.enter, keys.enter);
		expect(screen.frame()).toContain('helm rollback payments');
		await screen.press(`${keys.escape}${keys.escape}`);
		// Ink waits a moment for more bytes after an esc: "\e\e" could begin a longer sequence.
		await settle();
		expect(screen.frame()).not.toContain('helm rollback payments');
		expect(screen.frame()).not.toContain('filter: pay');
		expect(screen.frame()).toContain('auth');
	});

	it('takes esc and an arrow, tab or backspace in one chunk as the two keys', async () => {
		const moved = mount(makeSnapshot(fleet));
		await moved.press(keys.enter, `${keys.escape}${keys.down}`);
		await settle();
		expect(moved.selectedLine()).toContain('search');
		expect(moved.frame()).not.toContain('helm rollback payments');
		cleanup();

		const folded = mount(makeSnapshot(fleet));
		await folded.press(keys.enter, `${keys.escape}${keys.tab}`);
		await settle();
		expect(folded.frame()).toMatch(/▸ payments \(2\)/);
		cleanup();

		// Not in the filter prompt, where an alt-key is not split (alt-f, alt-b are word moves): there "\e\x7f" is
		// alt-backspace, which erases one character. The prompt stays open with what was typed before it.
		const erased = mount(makeSnapshot(fleet));
		await erased.press('/', 'a', 'u', `${keys.escape}${keys.backspace}`);
		await settle();
		expect(erased.frame()).not.toContain('/au');
		expect(erased.frame()).toContain('ledger');
		expect(erased.lines().at(-1)).toMatch(/^\/a[^u].*esc clear/);
	});
});

describe('esc and any other key in one chunk do what they do one after the other', () => {
	const starts: ReadonlyArray<readonly [string, readonly string[]]> = [
		['the details', [keys.enter]],
		['the help', ['?']],
		['a kept filter', ['/', 'p', 'a', 'y', keys.enter]],
	];
	const after: ReadonlyArray<readonly [string, string]> = [
		['space', ' '],
		['ctrl-d', '\u0004'],
		['ctrl-u', '\u0015'],
		['left (no binding)', '\u001B[D'],
		['tab', keys.tab],
		['G', 'G'],
		['q', 'q'],
		['PgDn', keys.pageDown],
	];
	it.each(starts.flatMap(([where, before]) => after.map(([name, key]) => [where, name, before, key] as const)))('from %s, esc and %s', async (_where, _name, before, key) => {
		const apart = mount(makeSnapshot(fleet), {columns: 60, rows: 15});
		await apart.press(...before, keys.escape, key);
		await settle();
		const expected = {frame: apart.frame(), sent: apart.monitor.sent, quits: apart.quitCount()};
		cleanup();

		const together = mount(makeSnapshot(fleet), {columns: 60, rows: 15});
		await together.press(...before);
		await together.press(`${keys.escape}${key}`);
		await settle();
		expect({frame: together.frame(), sent: together.monitor.sent, quits: together.quitCount()}).toEqual(expected);
	});
});

describe('alt and an arrow or another moving key', () => {
	// The bytes terminals send: xterm, VTE, kitty, iTerm2 and tmux give the modifier as a parameter.
	it.each([
		['alt-down', '\u001B[1;3B', keys.down],
		['alt-up after j', '\u001B[1;3A', keys.up],
		['alt-PgDn', '\u001B[6;3~', keys.pageDown],
		['alt-End', '\u001B[1;3F', keys.end],
		['alt-Home after G', '\u001B[1;3H', keys.home],
	])('%s (xterm\'s modifier form) in the details moves as the plain key does, and leaves them open', async (title, alt, plain) => {
		const before = title.endsWith('after j') ? ['j'] : title.endsWith('after G') ? ['G'] : [];
		// Details longer than the pane: PgDn there scrolls them.
		const moved = mount(makeSnapshot(largeFleet(30)), {columns: 80, rows: 24});
		await moved.press(...before, keys.enter, plain);
		const expected = moved.frame();
		cleanup();

		const screen = mount(makeSnapshot(largeFleet(30)), {columns: 80, rows: 24});
		await screen.press(...before, keys.enter);
		const opened = screen.frame();
		await screen.press(alt);
		await settle();
		expect(screen.frame()).not.toBe(opened);
		expect(screen.frame()).toBe(expected);
		expect(screen.frame()).toContain('schedule');
	});

	it('takes alt-down sent as esc before the arrow ("\\e\\e[B") as esc and down, as tmux passes a real esc and down pressed together', async () => {
		const screen = mount(makeSnapshot(many(30)), {columns: 80, rows: 24});
		await screen.press(keys.enter, `${keys.escape}${keys.down}`);
		await settle();
		expect(screen.frame()).not.toContain('schedule');
		expect(screen.selectedLine()).toContain('service 01');
	});
});

describe('ctrl-z', () => {
	it('says it needs a terminal when there is none to hand back, and does nothing else', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('\u001A');
		expect(screen.frame()).toContain('suspend needs a terminal');
		expect(screen.monitor.sent).toEqual([]);
		expect(screen.quitCount()).toBe(0);
	});
});

describe('scrolling the detail pane and the help overlay in a small terminal', () => {
	const ctrlD = '\u0004';
	const ctrlU = '\u0015';
	const status = (frame: string) => /lines (\d+)-(\d+) of (\d+)/.exec(frame)?.slice(1).map(Number);

	it('J and K (and ctrl-d, ctrl-u) scroll the details half a pane; the status line says where', async () => {
		const screen = mount(makeSnapshot(largeFleet(80)), {columns: 60, rows: 15});
		await screen.press(keys.enter);
		const [first, last, total] = status(screen.frame())!;
		expect(first).toBe(1);
		expect(total).toBeGreaterThan(last!);
		// PgDn pages the pane too (README): the hint says so where it fits, as it does at 60 columns.
		expect(screen.frame()).toContain(`J/ctrl-d/PgDn: ${total! - last!} more below`);
		expect(screen.frame()).toContain('owner');
		await screen.press('J');
		expect(status(screen.frame())![0]).toBeGreaterThan(1);
		expect(screen.frame()).not.toContain('owner');
		await screen.press(ctrlD, ctrlD, ctrlD, 'J');
		// At the end: the last line of the details is drawn, and the status line says how to go back.
		expect(status(screen.frame())![1]).toBe(total);
		expect(screen.frame()).toContain('K/ctrl-u/PgUp: back up');
		// The last section, under the title that stays (its row is one less for the rest).
		expect(screen.frame()).toContain('state changes');
		expect(screen.frame()).toContain('✗ failing for 1m  service 04');
		await screen.press(ctrlU, ctrlU, ctrlU, ctrlU, 'K');
		expect(status(screen.frame())![0]).toBe(1);
		expect(screen.frame()).toContain('owner');
		expect(screen.lines().length).toBeLessThanOrEqual(15);
	});

	it('scrolls as far when the ctrl-d presses arrive in one chunk', async () => {
		const one = mount(makeSnapshot(largeFleet(80)), {columns: 60, rows: 15});
		await one.press(keys.enter, 'J', ctrlD, ctrlD);
		const apart = status(one.frame());
		one.app.unmount();
		const chunked = mount(makeSnapshot(largeFleet(80)), {columns: 60, rows: 15});
		await chunked.press(keys.enter, `J${ctrlD}${ctrlD}`);
		expect(status(chunked.frame())).toEqual(apart);
		expect(apart![0]).toBeGreaterThan(7);
	});

	it.each([
		['J', 'J'],
		['ctrl-d', ctrlD],
	])('scrolls the details enter opened when %s comes in the same chunk', async (_name, key) => {
		// The scroll range came from the frame drawn before enter, where the pane was closed: the key did nothing.
		const apart = mount(makeSnapshot(largeFleet(80)), {columns: 60, rows: 15});
		await apart.press(keys.enter, key);
		const expected = status(apart.frame());
		apart.app.unmount();
		expect(expected![0]).toBeGreaterThan(1);
		const chunked = mount(makeSnapshot(largeFleet(80)), {columns: 60, rows: 15});
		await chunked.press(`${keys.enter}${key}`);
		expect(status(chunked.frame())).toEqual(expected);
	});

	it('scrolls the details of the check j moved to when enter, j and J come in one chunk', async () => {
		const apart = mount(makeSnapshot(largeFleet(80)), {columns: 60, rows: 15});
		await apart.press(keys.enter, 'j', 'J');
		const expected = status(apart.frame());
		const selected = apart.selectedLine();
		apart.app.unmount();
		expect(expected![0]).toBeGreaterThan(1);
		const chunked = mount(makeSnapshot(largeFleet(80)), {columns: 60, rows: 15});
		await chunked.press(`${keys.enter}jJ`);
		expect(chunked.selectedLine()).toBe(selected);
		expect(status(chunked.frame())).toEqual(expected);
	});

	it('pages the help overlay ? opened when PgDn comes in the same chunk', async () => {
		const apart = mount(makeSnapshot(largeFleet(80)), {columns: 60, rows: 15});
		await apart.press('?', keys.pageDown);
		const expected = apart.frame();
		apart.app.unmount();
		const chunked = mount(makeSnapshot(largeFleet(80)), {columns: 60, rows: 15});
		await chunked.press(`?${keys.pageDown}`);
		expect(chunked.frame()).toBe(expected);
		await chunked.press('g');
		expect(chunked.frame()).not.toBe(expected);
	});

	it('keeps the details where they were scrolled when the terminal is resized, clamped to the new end', async () => {
		const screen = mount(makeSnapshot(largeFleet(80)), {columns: 60, rows: 15});
		await screen.press(keys.enter, 'J', 'J');
		const [first] = status(screen.frame())!;
		expect(first).toBeGreaterThan(1);
		// Taller: the same first line, more of the rest.
		screen.app.rerender(screen.element({columns: 60, rows: 20}));
		await tick();
		expect(status(screen.frame())![0]).toBe(first);
		// So tall that the end comes sooner: the pane shows the end, not its top.
		screen.app.rerender(screen.element({columns: 80, rows: 24}));
		await tick();
		const [clampedFirst, clampedLast, total] = status(screen.frame())!;
		expect(clampedLast).toBe(total);
		expect(clampedFirst).toBeGreaterThan(1);
		// And back: where the operator left it.
		screen.app.rerender(screen.element({columns: 60, rows: 15}));
		await tick();
		expect(status(screen.frame())![0]).toBe(first);
	});

	it('shows the next check\'s details from their top', async () => {
		const screen = mount(makeSnapshot(largeFleet(80)), {columns: 60, rows: 15});
		await screen.press(keys.enter, 'J', 'J');
		expect(screen.frame()).not.toContain('owner');
		await screen.press('j');
		expect(status(screen.frame())![0]).toBe(1);
		expect(screen.frame()).toContain('owner');
	});

	it.each([[80, 24], [80, 40], [140, 30]])('pages the details with PgDn and PgUp at %ix%i, as J and K scroll them, and leaves the selection', async (columns, rows) => {
		const screen = mount(makeSnapshot(largeFleet(30)), {columns, rows});
		await screen.press(keys.enter);
		const title = screen.lines().find(line => line.includes('for 1m'));
		expect(title).toContain('service 04');
		expect(screen.frame()).toMatch(/lines 1-\d+ of \d+/);
		await screen.press(keys.pageDown);
		expect(screen.frame()).not.toMatch(/lines 1-\d+ of \d+/);
		expect(screen.frame()).toMatch(/lines \d+-\d+ of \d+/);
		await screen.press(keys.pageUp);
		expect(screen.frame()).toMatch(/lines 1-\d+ of \d+/);
		expect(screen.lines().find(line => line.includes('for 1m'))).toBe(title);
		await screen.press(keys.escape);
		expect(screen.selectedLine()).toContain('service 04');
	});

	it('scrolls the help overlay with j, k, PgDn and J when it does not fit', async () => {
		const screen = mount(makeSnapshot(fleet), {columns: 50, rows: 15});
		await screen.press('?');
		expect(screen.frame()).toContain('keys');
		const [, , total] = status(screen.frame())!;
		await screen.press('j', 'j');
		expect(status(screen.frame())![0]).toBe(3);
		expect(screen.frame()).not.toContain('keys ');
		await screen.press(keys.pageDown, keys.pageDown, keys.pageDown, 'J', 'J');
		expect(status(screen.frame())![1]).toBe(total);
		expect(screen.frame()).toContain('while typing a marker note');
		await screen.press('g');
		expect(status(screen.frame())![0]).toBe(1);
		// The selection did not move while the help was scrolled.
		await screen.press(keys.escape);
		expect(screen.selectedLine()).toContain('payments api');
	});
});
