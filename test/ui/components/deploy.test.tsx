import {afterEach, describe, expect, it, vi} from 'vitest';

vi.hoisted(() => {
	process.env['TZ'] = 'UTC';
	// Ink's colour library emits SGR codes under the runner only when forced: "no colour" is then a real claim.
	process.env['FORCE_COLOR'] = '1';
});

import {cleanup} from 'ink-testing-library';
import type {CheckView} from '../../../source/monitor/types.js';
import {releasedFleet, releaseMarker} from '../fleet.js';
import {baseAt, keys, makeSnapshot, type RowInput} from '../helpers.js';
import {mount} from '../mount.js';
import {displayWidth} from '../../../source/ui/text.js';

afterEach(() => {
	cleanup();
});

const fleet: RowInput[] = [
	{name: 'payments api', state: 'failing', group: 'payments', owner: '@payments-oncall'},
	{name: 'search', state: 'slow', group: 'search', latencyMs: 1500},
	{name: 'ledger', state: 'up', group: 'payments', owner: '@ledger'},
];

// eslint-disable-next-line no-control-regex
const anyEscape = /\u001B/;

describe('deploy verdict column', () => {
	const snapshot = makeSnapshot(releasedFleet(8), {markers: [releaseMarker]});

	it('is absent while no row has a before/after comparison', () => {
		const screen = mount(makeSnapshot(fleet), {columns: 200, rows: 50});
		expect(screen.lines()[1]).not.toContain('deploy');
	});

	it('shows glyph and word for each verdict, blank where a row has none', () => {
		const screen = mount(snapshot, {columns: 200, rows: 50});
		const lineOf = (name: string) => screen.lines().find(line => line.includes(name))!;
		expect(lineOf('service 04')).toContain('▲ worse');
		expect(lineOf('service 05')).toContain('▼ better');
		expect(lineOf('service 02')).toContain('= no change');
		expect(lineOf('service 03')).toContain('… too early');
		// service 07 is pending: no samples, no comparison, no verdict.
		expect(lineOf('service 07')).not.toMatch(/worse|better|no change|too early/);
	});

	it('draws a marker on the sparklines as soon as a snapshot brings it (memoized rows redraw)', async () => {
		const screen = mount(makeSnapshot(releasedFleet(8)), {columns: 200, rows: 50});
		const sparkOf = () => screen.lines().find(line => line.includes('service 04'))!;
		expect(sparkOf()).not.toContain('│');
		await screen.publish(makeSnapshot(releasedFleet(8), {markers: [releaseMarker]}));
		expect(sparkOf()).toMatch(/│\S{7} /);
		// Another check's marker is not drawn on this row.
		await screen.publish(makeSnapshot(releasedFleet(8), {markers: [{...releaseMarker, checkId: 'service-05'}]}));
		expect(sparkOf()).not.toContain('│');
		expect(screen.lines().find(line => line.includes('service 05'))).toContain('│');
	});

	it('shows the verdict whole in the detail pane at 120 columns, the title wrapping where the label is long', async () => {
		const labelled = releasedFleet(8).map((row): CheckView => (row.release === undefined ? row : {...row, release: {...row.release, markerLabel: 'accounts api 1.4.2 → 1.5.0'}}));
		const screen = mount(makeSnapshot(labelled, {markers: [releaseMarker]}), {columns: 120, rows: 40});
		await screen.press(keys.enter);
		// The pane is right of the last │ on each line.
		const pane = screen.lines().map(line => line.slice(line.lastIndexOf('│') + 1).trim());
		const title = pane.findIndex(line => line.startsWith('since accounts api'));
		expect(title).toBeGreaterThan(0);
		expect(`${pane[title]} ${pane[title + 1]}`).toMatch(/\(1m ago\): ▲ worse( p50 .*)?$/);
		expect(pane[title]).not.toContain('…');
	});

	it('has ASCII glyphs', () => {
		const screen = mount(snapshot, {columns: 200, rows: 50, ascii: true});
		const frame = screen.frame();
		expect(frame).toMatch(/^[\n\u0020-\u007E]*$/);
		for (const verdict of ['^ worse', 'v better', '= no change', '. too early']) {
			expect(frame).toContain(verdict);
		}

		// The marker in the ASCII sparkline.
		expect(screen.lines().find(line => line.includes('service 04'))).toMatch(/\|[_.\-=#x]{7} /);
	});

	it('writes no escape code without colour, and colours the verdict with colour on', async () => {
		const plain = mount(snapshot, {columns: 200, rows: 50, color: false});
		await plain.press(keys.enter);
		expect(plain.raw()).not.toMatch(anyEscape);
		expect(plain.raw()).toContain('▲ worse');
		const coloured = mount(snapshot, {columns: 200, rows: 50, color: true});
		// Red (31) around the worse verdict.
		expect(coloured.raw()).toMatch(/\u001B\[31m▲ worse/);
	});
});

describe('marker note prompt (m)', () => {
	it('takes a note, letters bound elsewhere included, and adds the marker on enter', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('m', 'q', 'p', 'r', 'x', keys.backspace, ' ', '1', '.', '5');
		expect(screen.quitCount()).toBe(0);
		expect(screen.monitor.sent).toEqual([]);
		expect(screen.frame()).toContain('marker note (enter to add, esc to cancel): qpr 1.5_');
		await screen.press(keys.enter);
		expect(screen.monitor.sent).toEqual([{type: 'mark', label: 'qpr 1.5', source: 'key'}]);
		expect(screen.frame()).toContain('deploy marker added: qpr 1.5');
	});

	it('keeps the end of a note too long for the line in view behind a leading ellipsis, with the cursor after it', async () => {
		const screen = mount(makeSnapshot(fleet), {columns: 60, rows: 15});
		await screen.press('m', ...'rolled out the new ledger side to every region for sure yes');
		const footer = screen.lines().at(-1)!;
		// The key hint gives way to the note first; the note keeps its end, where the cursor is.
		expect(footer).toMatch(/^marker note: ….*for sure yes_$/);
		expect(displayWidth(footer)).toBe(60);
	});

	it('gives way in a long check name\'s label before the note and the cursor, keeping both ends of the name', async () => {
		const screen = mount(makeSnapshot([{name: 'payments api gateway eu-west-1 primary', state: 'failing'}]), {columns: 60, rows: 15});
		await screen.press('M', ...'rolled out 1.5.0');
		const footer = screen.lines().at(-1)!;
		// `…-1 primary` and `…-1 replica` must stay apart: the name is cut in its middle, the key hint dropped.
		expect(footer).toMatch(/^marker note for payments ap[^:]*…[^:]*primary: rolled out 1\.5\.0_ *$/);
		expect(displayWidth(footer)).toBe(60);
		await screen.press('\r');
		expect(screen.frame()).toMatch(/deploy marker added for payments[^:]*…[^:]*primary: roll/);
	});

	it('keeps the part that tells a check\'s name from another\'s alike at both ends, in the prompt and the notice', async () => {
		const screen = mount(makeSnapshot([
			{name: 'payments-api eu-west-1 primary health', state: 'failing'},
			{name: 'payments-api us-east-1 primary health'},
		]), {columns: 60, rows: 15});
		await screen.press('M', ...'rolled out 1.5.0');
		// Cut in the middle, the name read "payments-api…imary health" in both, whichever check was marked.
		expect(screen.lines().at(-1)).toMatch(/^marker note for paym[^:]*…eu-west-1…[^:]*: rolled out 1\.5\.0_ *$/);
		await screen.press('\r');
		expect(screen.frame()).toMatch(/deploy marker added for paym[^:]*…eu-west-1…[^:]*: roll/);
	});

	it('falls back to "manual marker" for a blank note', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('m', ' ', ' ', keys.enter);
		expect(screen.monitor.sent).toEqual([{type: 'mark', label: 'manual marker', source: 'key'}]);
	});

	it('cancels on esc without sending anything, and the table keys work again', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('m', 'a', 'b', keys.escape);
		expect(screen.monitor.sent).toEqual([]);
		expect(screen.frame()).not.toContain('marker note');
		expect(screen.frame()).toContain('no marker added');
		await screen.press('R');
		expect(screen.monitor.sent).toEqual([{type: 'recheck'}]);
	});

	it('starts a fresh note each time', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('m', 'o', 'l', 'd', keys.escape, 'm', 'n', keys.enter);
		expect(screen.monitor.sent).toEqual([{type: 'mark', label: 'n', source: 'key'}]);
	});

	it('quits with ctrl-c while typing a note', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('m', 'a', keys.ctrlC);
		expect(screen.quitCount()).toBe(1);
	});
});

describe('marker for the selected check (M)', () => {
	it('names the check in the prompt and sends the marker for it alone', async () => {
		const screen = mount(makeSnapshot(fleet));
		const selected = screen.selectedLine();
		expect(selected).toContain('payments api');
		await screen.press('M', '1', '.', '5');
		expect(screen.frame()).toContain('marker note for payments api (enter to add, esc to cancel): 1.5_');
		await screen.press(keys.enter);
		expect(screen.monitor.sent).toEqual([{type: 'mark', label: '1.5', source: 'key', checkId: 'payments-api'}]);
		expect(screen.frame()).toContain('deploy marker added for payments api: 1.5');
		// The next m is for every check again.
		await screen.press('m', keys.enter);
		expect(screen.monitor.sent.at(-1)).toEqual({type: 'mark', label: 'manual marker', source: 'key'});
	});

	it('asks for a check when a group row is selected', async () => {
		const screen = mount(makeSnapshot(fleet));
		// tab folds the selected check's group and selects the group's row.
		await screen.press(keys.tab);
		expect(screen.selectedLine()).toContain('payments (2)');
		await screen.press('M');
		expect(screen.monitor.sent).toEqual([]);
		expect(screen.frame()).toContain('select a check to mark its deployment');
		expect(screen.frame()).not.toContain('marker note');
	});
});

describe('keys arriving in one chunk with a prompt key', () => {
	it('types the rest of `/pay` into the filter', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('/pay');
		expect(screen.frame()).toContain('/pay');
		expect(screen.frame()).toContain('payments api');
		expect(screen.frame()).not.toContain('search');
		expect(screen.monitor.sent).toEqual([]);
	});

	it('keeps a filter typed and accepted in one chunk, and the keys after it act on the table', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('/led\rR');
		expect(screen.frame()).toContain('filter: led');
		expect(screen.frame()).not.toContain('payments api');
		expect(screen.monitor.sent).toEqual([{type: 'recheck'}]);
	});

	it('adds a marker with the note from `mfix db⏎` at once', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('mfix db\r');
		expect(screen.monitor.sent).toEqual([{type: 'mark', label: 'fix db', source: 'key'}]);
	});

	it('adds the note typed in earlier chunks when enter arrives with more text', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('m', 'v1', '.5\r');
		expect(screen.monitor.sent).toEqual([{type: 'mark', label: 'v1.5', source: 'key'}]);
	});

	it('types the text of a filter chunk that ends the prompt before it', async () => {
		const screen = mount(makeSnapshot(fleet));
		await screen.press('/', 'se\u007Fea\r');
		expect(screen.frame()).toContain('filter: sea');
		expect(screen.frame()).toContain('search');
		expect(screen.frame()).not.toContain('ledger');
	});
});

describe('events list (e)', () => {
	const rows = releasedFleet(8).map((row): CheckView => (row.check.name === 'service 02'
		? {...row, transitions: [{at: baseAt - 30_000, from: 'up' as const, to: 'slow' as const, reason: {code: 'timeout:connect', message: 'over 1s'}}]}
		: row));
	const snapshot = makeSnapshot(rows, {
		markers: [releaseMarker, {at: baseAt - 20_000, label: 'v1.5.0', checkId: 'service-01', checkName: 'service-01', source: 'version'}],
	});

	it('lists markers and state changes across all rows, newest first, with times and ages', async () => {
		const screen = mount(snapshot, {columns: 100, rows: 40});
		await screen.press('e');
		const lines = screen.lines();
		expect(lines[1]).toContain('events, newest first');
		// Each event after the cursor's two cells, as the table's rows: the newest under the cursor.
		expect(lines[2]).toMatch(/^> \d\d:/);
		const events = lines.slice(2).map(line => line.slice(2)).filter(line => /^\d\d:\d\d:\d\d/.test(line));
		expect(events[0]).toMatch(/^11:59:40 20s ago {2}│ deploy {2}v1\.5\.0 \(version, service-01\)/);
		expect(events[1]).toMatch(/^11:59:30 30s ago {2}◔ service 02 {2}up → slow {2}over 1s/);
		expect(events.some(line => /^11:58:45 {2}1m ago {2}│ deploy {2}helm upgrade payments 1\.5\.0 \(uptop mark\)/.test(line))).toBe(true);
		expect(events.some(line => line.includes('service 04  up → failing  connection refused'))).toBe(true);
		const times = events.map(line => line.slice(0, 8));
		expect([...times].sort().reverse()).toEqual(times);
		// The table is gone while the list is open; the footer offers the way back.
		expect(screen.frame()).not.toContain('state     name');
		expect(lines.at(-1)).toContain('esc back');
	});

	it('closes with esc and with e, and shows the events key in the footer and help', async () => {
		const screen = mount(snapshot, {columns: 120, rows: 30});
		expect(screen.lines().at(-1)).toContain('e events');
		await screen.press('e', keys.escape);
		expect(screen.frame()).not.toContain('events, newest first');
		expect(screen.frame()).toContain('state');
		await screen.press('e', 'e');
		expect(screen.frame()).not.toContain('events, newest first');
		// In the view the hint would name the view itself: esc's "back" and the title's "e or esc closes" say it.
		await screen.press('e');
		expect(screen.lines().at(-1)).not.toMatch(/\be events\b/);
		expect(screen.lines().at(-1)).toContain('esc back');
		expect(screen.lines()[1]).toContain('e or esc closes');
		await screen.press('e', '?');
		expect(screen.frame()).toContain('events: deploy markers and state changes');
		expect(screen.frame()).toContain('while typing a marker note');
	});

	it('ignores table keys while open but takes a marker', async () => {
		const screen = mount(snapshot, {columns: 100, rows: 40});
		await screen.press('e', 'r', 'p', 's');
		expect(screen.monitor.sent).toEqual([]);
		await screen.press('m', 'x', keys.enter);
		expect(screen.monitor.sent).toEqual([{type: 'mark', label: 'x', source: 'key'}]);
		expect(screen.frame()).toContain('events, newest first');
	});

	it('keeps the scrolled title whole at 60 columns: the key hint shortens before the count is cut', async () => {
		// It read "events, newest first, 12 newer above (j/k move, e or esc clo…".
		const screen = mount(makeSnapshot(releasedFleet(40), {markers: [releaseMarker]}), {columns: 60, rows: 15});
		await screen.press('e', ...Array.from({length: 22}, () => 'j'));
		expect(screen.lines()[1]).toMatch(/^events, newest first, \d+ newer above \(e or esc closes\) *$/);
		expect(screen.lines()[1]).not.toContain('…');
	});

	it('moves a cursor with j/k, PgDn and g/G, the list scrolling to keep it in view, never past either end', async () => {
		// j/k used to scroll the list under a fixed top line; with a cursor, enter has an event to go to.
		const screen = mount(makeSnapshot(releasedFleet(40), {markers: [releaseMarker]}), {columns: 80, rows: 15});
		await screen.press('e');
		const first = screen.lines()[2]!;
		expect(first).toMatch(/^> \d\d:/);
		await screen.press('j');
		expect(screen.lines()[2]).toBe(first.replace(/^> /, '  '));
		expect(screen.lines()[3]).toMatch(/^> /);
		expect(screen.lines()[1]).not.toContain('newer above');
		// Twelve lines: eleven events and the count of older ones. Past the eleventh the list scrolls.
		await screen.press(...Array.from({length: 10}, () => 'j'));
		expect(screen.lines()[1]).toContain('1 newer above');
		expect(screen.lines().at(-3)).toMatch(/^> /);
		expect(screen.lines().at(-2)).toMatch(/older events \(j\/G to reach them\)/);
		await screen.press(...Array.from({length: 11}, () => 'k'));
		expect(screen.lines()[2]).toBe(first);
		expect(screen.lines()[1]).not.toContain('newer above');
		await screen.press('G');
		// The oldest event at the bottom, under the cursor, and nothing left below it.
		expect(screen.lines().at(-2)).toMatch(/^> .*10m ago {2}. .* {2}pending → up/);
		expect(screen.frame()).not.toContain('older events');
		await screen.press('j', keys.pageDown);
		expect(screen.lines().at(-2)).toMatch(/^> .*pending → up/);
		await screen.press('g');
		expect(screen.lines()[2]).toBe(first);
		expect(screen.monitor.sent).toEqual([]);
	});

	// J, K, ctrl-d and ctrl-u did nothing there and said nothing; over the help they scroll half of it.
	it.each([['J and K', 'J', 'K'], ['ctrl-d and ctrl-u', '\u0004', '\u0015']])('moves the cursor half a list with %s', async (_title, down, up) => {
		const screen = mount(makeSnapshot(releasedFleet(40), {markers: [releaseMarker]}), {columns: 80, rows: 15});
		await screen.press('e');
		const first = screen.lines()[2]!;
		// Twelve lines for events: half of them is six.
		await screen.press(down);
		expect(screen.lines()[8]).toMatch(/^> /);
		expect(screen.lines().at(-1)).not.toMatch(/scroll|opens/);
		await screen.press(down);
		expect(screen.lines().at(-3)).toMatch(/^> /);
		expect(screen.lines()[1]).toContain('newer above');
		await screen.press(up, up);
		expect(screen.lines()[2]).toBe(first);
		expect(screen.frame()).toContain('events, newest first');
	});

	it('says when there is nothing to list, and cuts a long list with a count', async () => {
		const empty = mount(makeSnapshot(fleet), {columns: 80, rows: 24});
		await empty.press('e');
		expect(empty.frame()).toContain('no deploy markers or state changes yet');
		const busy = mount(makeSnapshot(releasedFleet(40), {markers: [releaseMarker]}), {columns: 60, rows: 15});
		await busy.press('e');
		expect(busy.lines()).toHaveLength(15);
		expect(busy.frame()).toMatch(/… \d+ older events/);
	});
});
