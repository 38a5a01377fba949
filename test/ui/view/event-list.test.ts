import {describe, expect, it} from 'vitest';
import type {CheckView, Transition} from '../../../source/monitor/types.js';
import {eventRowId, foldedEventKeys, listEvents} from '../../../source/ui/view/event-list.js';
import {eventsCursorIndex} from '../../../source/ui/view/events-cursor.js';
import {baseAt, engineChanges, makeCheck, makeRow, makeSnapshot} from '../helpers.js';

describe('eventRowId', () => {
	it('is the row of a change, the first row of a marker\'s check, and none for a marker of every check or a round', () => {
		// A fanned-out check: rows `prom-up/api` and `prom-up/db`, the marker on the check's id.
		const series = (label: string) => ({...makeRow({name: 'prom up'}), id: `prom-up/${label}`, seriesLabel: label});
		const snapshot = makeSnapshot([
			series('api'),
			{...series('db'), transitions: [{at: baseAt - 5000, from: 'up' as const, to: 'failing' as const}]},
			makeRow({name: 'a', view: {transitions: [{at: baseAt - 60_000, from: 'pending', to: 'up'}]}}),
			makeRow({name: 'b', view: {transitions: [{at: baseAt - 59_000, from: 'pending', to: 'up'}]}}),
		], {markers: [
			{at: baseAt - 10_000, label: 'prom up 1 → 2', checkId: 'prom-up', source: 'version'},
			{at: baseAt - 20_000, label: 'gone 1 → 2', checkId: 'gone', source: 'version'},
			{at: baseAt - 30_000, label: 'helm upgrade', source: 'command'},
		]});
		const targets = listEvents(snapshot).map(item => [item.kind, eventRowId(item, snapshot)]);
		expect(targets).toEqual([
			['change', 'prom-up/db'],
			['marker', 'prom-up/api'],
			['marker', undefined],
			['marker', undefined],
			['cameUp', undefined],
		]);
	});
});

describe('listEvents: a flapping check', () => {
	// Newest first, as the engine keeps them: pending → up, then every 5 s up ↔ failing, 12 changes.
	const flapping = (() => {
		const transitions: Transition[] = [];
		transitions.push({at: baseAt - 70_000, from: 'pending', to: 'up'});
		for (let index = 0; index < 12; index++) {
			const isDown = index % 2 === 0;
			const at = baseAt - 60_000 + index * 5000;
			transitions.push({at, from: isDown ? 'up' : 'failing', to: isDown ? 'failing' : 'up', fromSince: at - 5000, ...(isDown ? {reason: {code: 'expect:status', message: 'status 503, expected 200'} as const} : {})});
		}

		return makeRow({name: 'search api', view: {transitions: transitions.reverse()}});
	})();
	// Failing and back twice, 20 minutes apart: an outage each time, not a flap.
	const twice = makeRow({name: 'billing api', view: {transitions: [
		{at: baseAt - 1_200_000, from: 'failing', to: 'up', fromSince: baseAt - 1_260_000},
		{at: baseAt - 1_260_000, from: 'up', to: 'failing'},
		{at: baseAt - 2_400_000, from: 'failing', to: 'up', fromSince: baseAt - 2_460_000},
		{at: baseAt - 2_460_000, from: 'up', to: 'failing'},
	]}});

	it('keeps the first change of the run as a line and folds the rest into one, listed where the flap began', () => {
		const items = listEvents(makeSnapshot([flapping, twice]));
		const flappingItems = items.filter(item => 'row' in item && item.row.check.name === 'search api');
		expect(flappingItems.map(item => [item.kind, item.at])).toEqual([
			['flapping', baseAt - 60_000],
			['change', baseAt - 60_000],
			['change', baseAt - 70_000],
		]);
		const folded = flappingItems[0]!;
		expect(folded.kind === 'flapping' && [folded.count, folded.since, folded.transition.to]).toEqual([12, baseAt - 60_000, 'up']);
		expect(eventRowId(folded, makeSnapshot([flapping]))).toBe(flapping.id);
		// Minutes apart: every change of the other check keeps its line.
		expect(items.filter(item => item.kind === 'change' && item.row.check.name === 'billing api')).toHaveLength(4);
	});

	it('keeps its line key while the run grows, so the cursor stays on it', () => {
		const keyOf = (row: typeof flapping) => listEvents(makeSnapshot([row])).find(item => item.kind === 'flapping')?.key;
		const grown = {...flapping, transitions: [{at: baseAt + 5000, from: 'up' as const, to: 'failing' as const, fromSince: baseAt}, ...flapping.transitions]};
		expect(keyOf(grown)).toBeDefined();
		expect(keyOf(grown)).toBe(keyOf(flapping));
	});

	it('keeps its key once the row\'s bounded list has dropped the first changes of its run, and counts them all', () => {
		// Up at the start, then a change every 5 s from 11:55 on and still going: once the list keeps 20, every new
		// change drops the oldest kept one, the run's first among them.
		const check = makeCheck({name: 'search api'});
		const flapAts = (newestAt: number) => Array.from({length: ((newestAt - (baseAt - 300_000)) / 5000) + 1}, (_, index) => baseAt - 300_000 + (index * 5000));
		const flappedUntil = (newestAt: number) => makeRow({name: 'search api', view: engineChanges(check, baseAt - 400_000, flapAts(newestAt))});
		const other = makeRow({name: 'orders api', view: {transitions: [{at: baseAt - 30_000, from: 'up', to: 'failing'}]}});
		const before = makeSnapshot([flappedUntil(baseAt - 60_000), other]);
		const stored = listEvents(before).find(item => item.kind === 'flapping')!.key;
		// Nine changes later (no key pressed meanwhile, so the view still holds that key), the line is the newest.
		const after = makeSnapshot([flappedUntil(baseAt - 15_000), other], {at: baseAt + 45_000, sequence: 2});
		const index = eventsCursorIndex(listEvents(after).map(item => item.key), {eventsKey: stored, eventsCursor: 1}, foldedEventKeys(after));
		expect(listEvents(after)[index]).toMatchObject({kind: 'flapping', since: baseAt - 300_000, count: 58});
		// Every change of the run is in that line: the one line of its own is its coming up.
		const own = listEvents(after).filter(item => item.kind === 'change' && item.row.check.name === 'search api');
		expect(own.map(item => item.kind === 'change' && [item.transition.from, item.transition.to])).toEqual([['pending', 'up']]);
	});

});

describe('listEvents: a round of checks that came up', () => {
	const cameUp = (name: string, at: number) => makeRow({name, view: {transitions: [{at, from: 'pending', to: 'up'}]}});
	// A start's round of three, then a reload's round of two a minute later.
	const start = [cameUp('api', baseAt - 70_000), cameUp('db', baseAt - 69_000), cameUp('cache', baseAt - 68_500)];
	const reload = [cameUp('search', baseAt - 10_000), cameUp('queue', baseAt - 9000)];
	const roundKeyOf = (snapshot: ReturnType<typeof makeSnapshot>, firstAt: number) => listEvents(snapshot).find(item => item.kind === 'cameUp' && item.firstAt === firstAt)!.key;

	it('still counts a check whose coming up a flap since has pushed out of its row\'s bounded list', () => {
		// api came up first, then flapped 25 times: its row keeps its latest 20 changes, not pending → up. The round
		// read "2 checks" and began at db.
		const check = makeCheck({name: 'api'});
		const flapped = makeRow({name: 'api', view: engineChanges(check, baseAt - 70_000, Array.from({length: 25}, (_, index) => baseAt - 60_000 + (index * 2000)))});
		expect(flapped.transitions.some(transition => transition.from === 'pending')).toBe(false);
		const round = listEvents(makeSnapshot([flapped, ...start.slice(1)])).find(item => item.kind === 'cameUp');
		expect(round).toMatchObject({firstAt: baseAt - 70_000, fresh: 3});
	});

	it('is still found by the key it had once the check that came up first has left it, and no later round is', () => {
		const before = makeSnapshot([...start, ...reload]);
		const stored = roundKeyOf(before, baseAt - 70_000);
		// A reload removed api.
		const after = makeSnapshot([...start.slice(1), ...reload], {sequence: 2});
		const keys = listEvents(after).map(item => item.key);
		expect(keys).not.toContain(stored);
		const index = eventsCursorIndex(keys, {eventsKey: stored, eventsCursor: 0}, foldedEventKeys(after));
		expect(listEvents(after)[index]).toMatchObject({kind: 'cameUp', firstAt: baseAt - 69_000, fresh: 2});
		// Every check of the start's round gone: the cursor stays where it was (index 1), not on the reload's round (0).
		const allGone = makeSnapshot([...reload, makeRow({name: 'orders', view: {transitions: [{at: baseAt - 80_000, from: 'up', to: 'failing'}]}})], {sequence: 3});
		const allGoneKeys = listEvents(allGone).map(item => item.key);
		expect(eventsCursorIndex(allGoneKeys, {eventsKey: stored, eventsCursor: 1}, foldedEventKeys(allGone))).toBe(1);
	});
});

describe('listEvents: the "older state changes not kept" line', () => {
	const check = makeCheck({name: 'search api'});
	const hour = 3_600_000;
	/**
	 * search api as the engine keeps it after a restart: the history file's changes of the earlier run (up, then
	 * failing and back 10 minutes later), then this run's coming up, the changes at `since`, and a flap of `flap`
	 * changes 5 s apart.
	 */
	const restarted = (flap: number, since: readonly number[] = []) => makeRow({name: 'search api', view: engineChanges(check, baseAt - hour, [
		...since,
		...Array.from({length: flap}, (_, index) => baseAt - 300_000 + (index * 5000)),
	], [
		{at: baseAt - (3 * hour), from: 'pending', to: 'up'},
		{at: baseAt - (3 * hour) + 600_000, from: 'up', to: 'failing'},
		{at: baseAt - (3 * hour) + 660_000, from: 'failing', to: 'up'},
	])});

	const orders = makeRow({name: 'orders api', view: {transitions: [{at: baseAt - 1_800_000, from: 'up', to: 'failing'}]}});
	const lines = (view: CheckView) => listEvents(makeSnapshot([view, orders])).map(item => [item.kind, 'row' in item ? item.row.check.name : '', item.at]);

	it('goes below the check\'s coming up when only changes from before it (an earlier run\'s) are missing', () => {
		// 25 changes of the flap: the earlier run's 3, this run's coming up and the flap's first 5 dropped. The flapping
		// line counts the 5, the coming up keeps its line: what is missing is older than the coming up.
		const view = restarted(25);
		expect(view.transitionsDropped).toBe(9);
		expect(lines(view)).toEqual([
			['flapping', 'search api', baseAt - 300_000],
			['change', 'orders api', baseAt - 1_800_000],
			['change', 'search api', baseAt - hour],
			['cut', 'search api', baseAt - hour],
		]);
		const flap = listEvents(makeSnapshot([view])).find(item => item.kind === 'flapping');
		expect(flap?.kind === 'flapping' && flap.count).toBe(25);
	});

	it('stays under the check\'s oldest line after its coming up when a change since then is missing too, once', () => {
		// An outage 20 minutes after coming up, dropped with the earlier run's changes: missing above the coming up.
		const view = restarted(25, [baseAt - 2_400_000, baseAt - 2_340_000]);
		expect(lines(view)).toEqual([
			['flapping', 'search api', baseAt - 300_000],
			['cut', 'search api', baseAt - 300_000],
			['change', 'orders api', baseAt - 1_800_000],
			['change', 'search api', baseAt - hour],
		]);
	});

	it('is left out when nothing but the flap\'s first changes and the coming up were dropped', () => {
		// No earlier run: the line says nothing new.
		const view = makeRow({name: 'search api', view: engineChanges(check, baseAt - hour, Array.from({length: 25}, (_, index) => baseAt - 300_000 + (index * 5000)))});
		expect(lines(view).filter(([kind]) => kind === 'cut')).toEqual([]);
	});
});
