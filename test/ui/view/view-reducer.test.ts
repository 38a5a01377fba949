import {describe, expect, it} from 'vitest';
import {initialViewState, viewReducer, type Intent, type ViewState} from '../../../source/ui/view/view-reducer.js';
import {paneWindow} from '../../../source/ui/view/pane-scroll.js';

const rowIds = ['a', 'b', 'c', 'd', 'e', 'f'];
const at = (selectedId: string | undefined, changes: Partial<ViewState> = {}): ViewState => ({...initialViewState, selectedId, ...changes});

describe('viewReducer', () => {
	it.each([
		['moves down one row', at('a'), {type: 'move', by: 1, rowIds, pageSize: 3}, 'b'],
		['moves up one row', at('c'), {type: 'move', by: -1, rowIds, pageSize: 3}, 'b'],
		['stops at the last row', at('f'), {type: 'move', by: 1, rowIds, pageSize: 3}, 'f'],
		['stops at the first row', at('a'), {type: 'move', by: -1, rowIds, pageSize: 3}, 'a'],
		['moves a page down', at('a'), {type: 'move', by: 3, rowIds, pageSize: 3}, 'd'],
		['goes to the first row', at('e'), {type: 'moveTo', to: 'first', rowIds, pageSize: 3}, 'a'],
		['goes to the last row', at('a'), {type: 'moveTo', to: 'last', rowIds, pageSize: 3}, 'f'],
		['starts from the drawn first row when nothing is selected', at(undefined), {type: 'move', by: 1, rowIds, pageSize: 3}, 'b'],
		['starts from the first row when the selection vanished', at('gone'), {type: 'move', by: 1, rowIds, pageSize: 3}, 'b'],
	] as Array<[string, ViewState, Intent, string]>)('%s', (_title, view, intent, expected) => {
		expect(viewReducer(view, intent).selectedId).toBe(expected);
	});

	it('scrolls so the selection stays inside the page', () => {
		const down = viewReducer(at('c'), {type: 'move', by: 1, rowIds, pageSize: 3});
		expect(down.scrollOffset).toBe(1);
		const up = viewReducer(at('b', {scrollOffset: 3}), {type: 'move', by: -1, rowIds, pageSize: 3});
		expect(up.scrollOffset).toBe(0);
	});

	it('returns the same object when nothing changes', () => {
		const view = at('a');
		expect(viewReducer(view, {type: 'move', by: -1, rowIds, pageSize: 3})).toBe(view);
		expect(viewReducer(view, {type: 'close'})).toBe(view);
		expect(viewReducer(view, {type: 'acceptFilter'})).toBe(view);
		expect(viewReducer(view, {type: 'typeFilter', text: ''})).toBe(view);
		expect(viewReducer(view, {type: 'move', by: 1, rowIds: [], pageSize: 3})).toBe(view);
		const open = at('a', {detailOpen: true});
		expect(viewReducer(open, {type: 'open'})).toBe(open);
	});

	it('closes help first, then the detail pane, then clears the filter', () => {
		let view = at('a', {helpOpen: true, detailOpen: true, filter: 'pay'});
		view = viewReducer(view, {type: 'close'});
		expect([view.helpOpen, view.detailOpen, view.filter]).toEqual([false, true, 'pay']);
		view = viewReducer(view, {type: 'close'});
		expect([view.helpOpen, view.detailOpen, view.filter]).toEqual([false, false, 'pay']);
		view = viewReducer(view, {type: 'close'});
		expect(view.filter).toBe('');
	});

	it('builds the filter as the operator types, erases and clears it', () => {
		let view = viewReducer(initialViewState, {type: 'startFilter'});
		expect(view.isFiltering).toBe(true);
		view = viewReducer(view, {type: 'typeFilter', text: 'pa'});
		view = viewReducer(view, {type: 'typeFilter', text: 'y'});
		expect(view.filter).toBe('pay');
		view = viewReducer(view, {type: 'eraseFilter'});
		expect(view.filter).toBe('pa');
		const accepted = viewReducer(view, {type: 'acceptFilter'});
		expect([accepted.isFiltering, accepted.filter]).toEqual([false, 'pa']);
		const cleared = viewReducer(view, {type: 'clearFilter'});
		expect([cleared.isFiltering, cleared.filter]).toEqual([false, '']);
	});

	it('cycles the sort through severity, name, latency, group and back', () => {
		const seen: string[] = [];
		let view = initialViewState;
		for (let step = 0; step < 5; step++) {
			seen.push(view.sort);
			view = viewReducer(view, {type: 'cycleSort'});
		}

		expect(seen).toEqual(['severity', 'name', 'latency', 'group', 'severity']);
	});

	it('toggles the list of checks that are not up, from the top of the table', () => {
		const scrolled = {...initialViewState, scrollOffset: 12};
		const problems = viewReducer(scrolled, {type: 'toggleProblems'});
		expect([problems.problemsOnly, problems.scrollOffset]).toEqual([true, 0]);
		expect(viewReducer(problems, {type: 'toggleProblems'}).problemsOnly).toBe(false);
	});

	it('keeps the selection through f unless told which row to take instead', () => {
		expect(viewReducer(at('a'), {type: 'toggleProblems'}).selectedId).toBe('a');
		expect(viewReducer(at('a'), {type: 'toggleProblems', reselect: {id: 'b'}}).selectedId).toBe('b');
		expect(viewReducer(at('a'), {type: 'toggleProblems', reselect: {}}).selectedId).toBeUndefined();
	});

	it('folds and unfolds a group and moves the selection to the given row', () => {
		const folded = viewReducer(at('a'), {type: 'toggleFold', group: 'payments', selectId: 'header'});
		expect(folded.folded).toEqual(['payments']);
		expect(folded.selectedId).toBe('header');
		const unfolded = viewReducer(folded, {type: 'toggleFold', group: 'payments', selectId: 'a'});
		expect(unfolded.folded).toEqual([]);
		expect(unfolded.selectedId).toBe('a');
	});

	it('toggles help', () => {
		const open = viewReducer(initialViewState, {type: 'toggleHelp'});
		expect(open.helpOpen).toBe(true);
		expect(viewReducer(open, {type: 'toggleHelp'}).helpOpen).toBe(false);
	});
});

describe('scrolling the detail pane and the help overlay', () => {
	const scroll = (view: ViewState, by: number, pane: 'detail' | 'help' = 'detail'): ViewState => viewReducer(view, {type: 'scrollPane', pane, by, total: 30, room: 10});

	it('scrolls within the lines and stops at either end', () => {
		const open = at('a', {detailOpen: true});
		expect(scroll(open, 5).detailOffset).toBe(5);
		expect(paneWindow(30, 10, scroll(scroll(open, 5), 100).detailOffset)).toMatchObject({start: 21, end: 30});
		expect(scroll(scroll(open, 5), -100).detailOffset).toBe(0);
		expect(scroll(open, -1)).toBe(open);
		expect(scroll(open, 7, 'help').helpOffset).toBe(7);
	});

	it('follows the end once scrolled to it, as less +F does, so lines added below stay in view', () => {
		// The details of a check gain lines as results and state changes come in.
		const atEnd = scroll(at('a', {detailOpen: true}), 100);
		expect(paneWindow(34, 10, atEnd.detailOffset)).toMatchObject({start: 25, end: 34});
		expect(scroll(atEnd, -3).detailOffset).toBe(18);
		// Short of the end, the place is kept as the lines grow.
		const short = scroll(at('a', {detailOpen: true}), 20);
		expect(paneWindow(34, 10, short.detailOffset)).toMatchObject({start: 20, end: 29});
		// A pane that fits was never scrolled to its end: it starts at the top when it grows.
		const fits = viewReducer(at('a', {detailOpen: true}), {type: 'scrollPane', pane: 'detail', by: 5, total: 8, room: 10});
		expect(paneWindow(30, 10, fits.detailOffset).start).toBe(0);
	});

	it('scrolls back from where the pane is drawn when the offset was left past the end', () => {
		// 40 lines were scrolled to their end; the check now has 30: one K moves up from the drawn end (21).
		const view = at('a', {detailOpen: true, detailOffset: 31});
		expect(scroll(view, -5).detailOffset).toBe(16);
	});

	it('starts another check\'s details from the top, and keeps the place when the same check stays selected', () => {
		const scrolled = at('b', {detailOpen: true, detailOffset: 8});
		expect(viewReducer(scrolled, {type: 'move', by: 1, rowIds, pageSize: 3}).detailOffset).toBe(0);
		expect(viewReducer(scrolled, {type: 'moveTo', to: 'first', rowIds, pageSize: 3}).detailOffset).toBe(0);
		expect(viewReducer(scrolled, {type: 'select', id: 'e'}).detailOffset).toBe(0);
		expect(viewReducer(scrolled, {type: 'select', id: 'b'}).detailOffset).toBe(8);
		expect(viewReducer(scrolled, {type: 'cycleSort'}).detailOffset).toBe(8);
	});

	it('opens the details and the help at their top', () => {
		const closed = at('b', {detailOffset: 8, helpOffset: 4});
		expect(viewReducer(closed, {type: 'open'}).detailOffset).toBe(0);
		expect(viewReducer(closed, {type: 'toggleHelp'}).helpOffset).toBe(0);
	});
});

describe('the events list\'s cursor and going to a check', () => {
	const keys = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7'];
	const events = {...initialViewState, eventsOpen: true};

	it('moves the cursor by its event, scrolling only to keep it in view, and stops at either end', () => {
		let view = viewReducer(events, {type: 'moveEvents', by: 1, keys, room: 4});
		expect([view.eventsKey, view.eventsCursor, view.eventsOffset]).toEqual(['k1', 1, 0]);
		view = viewReducer(view, {type: 'moveEvents', by: 2, keys, room: 4});
		expect([view.eventsKey, view.eventsOffset]).toEqual(['k3', 1]);
		view = viewReducer(view, {type: 'moveEvents', by: 99, keys, room: 4});
		expect([view.eventsKey, view.eventsOffset]).toEqual(['k7', 4]);
		expect(viewReducer(view, {type: 'moveEvents', by: 1, keys, room: 4})).toBe(view);
		// A newer event above: the cursor moves from its own event, not from its old place.
		view = viewReducer(view, {type: 'moveEvents', by: -1, keys: ['new', ...keys], room: 4});
		expect(view.eventsKey).toBe('k6');
	});

	it('goes to a check: the table, the row selected, the details open from their top, the group unfolded', () => {
		const from = {...events, eventsKey: 'k3', eventsCursor: 3, selectedId: 'a', detailOffset: 5, folded: ['payments', 'search'], filter: 'pay'};
		const view = viewReducer(from, {type: 'goToCheck', id: 'b', clearFilter: false, unfold: 'payments'});
		expect(view).toMatchObject({eventsOpen: false, selectedId: 'b', detailOpen: true, detailOffset: 0, folded: ['search'], filter: 'pay', eventsKey: 'k3'});
		expect(viewReducer(from, {type: 'goToCheck', id: 'b', clearFilter: true}).filter).toBe('');
		// Back with e: the same event; closed with esc or e, the list starts at the newest next time.
		expect(viewReducer(view, {type: 'toggleEvents'})).toMatchObject({eventsOpen: true, eventsKey: 'k3'});
		expect(viewReducer(from, {type: 'close'})).toMatchObject({eventsOpen: false, eventsKey: undefined, eventsCursor: 0, eventsOffset: 0});
	});
});
