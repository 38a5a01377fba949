import {describe, expect, it} from 'vitest';
import {groupRowId, scrollStart, selectedIndex, selectRows} from '../../../source/ui/view/select-rows.js';
import {initialViewState, type ViewState} from '../../../source/ui/view/view-reducer.js';
import type {Transition} from '../../../source/monitor/types.js';
import {baseAt, makeSnapshot} from '../helpers.js';

const snapshot = makeSnapshot([
	{name: 'auth', state: 'up', group: 'core', owner: '@identity', latencyMs: 30},
	{name: 'payments api', state: 'failing', group: 'payments', owner: '@payments-oncall', latencyMs: 5000},
	{name: 'ledger', state: 'slow', group: 'payments', owner: '@ledger', latencyMs: 1500},
	{name: 'search', state: 'warn', group: 'search', latencyMs: 200},
	{name: 'batch', state: 'pending'},
	{name: 'billing', state: 'up', group: 'payments', latencyMs: 80},
]);

const view = (changes: Partial<ViewState>): ViewState => ({...initialViewState, ...changes});
const names = (rows: ReturnType<typeof selectRows>) => rows.map(row => (row.kind === 'check' ? row.view.check.name : `[${row.group}]`));

describe('selectRows', () => {
	it('sorts by severity by default: failing, warn, slow, pending, up, then by name', () => {
		expect(names(selectRows(snapshot, initialViewState))).toEqual(['payments api', 'search', 'ledger', 'batch', 'auth', 'billing']);
	});

	it('puts the check longest in a state first within it, so the first to fail leads the failing rows', () => {
		const at = Date.parse('2026-12-01T00:28:00Z');
		const incident = makeSnapshot([
			{name: 'accounts api', state: 'failing', view: {since: at + 2_400}},
			{name: 'pg-main primary', state: 'failing', view: {since: at + 200}},
			{name: 'auth api', state: 'failing', view: {since: at + 2_100}},
			{name: 'billing worker', state: 'failing', view: {since: at + 4_000}},
			{name: 'queue depth', state: 'warn', view: {since: at + 9_000}},
			{name: 'cache', state: 'warn', view: {since: at + 30_000}},
			{name: 'edge', state: 'up', view: {since: at + 50_000}},
			{name: 'catalog api', state: 'up', view: {since: at}},
		]);
		// accounts and auth failed in the same second, one round of probes: they read in name order.
		expect(names(selectRows(incident, initialViewState))).toEqual([
			'pg-main primary', 'accounts api', 'auth api', 'billing worker', 'queue depth', 'cache', 'catalog api', 'edge',
		]);
	});

	it('sorts by name', () => {
		expect(names(selectRows(snapshot, view({sort: 'name'})))).toEqual(['auth', 'batch', 'billing', 'ledger', 'payments api', 'search']);
	});

	it('sorts names with numbers by their value, and without regard to case', () => {
		const numbered = makeSnapshot([{name: 'web-10', state: 'up'}, {name: 'Web-9', state: 'up'}, {name: 'web-1', state: 'failing'}, {name: 'db', state: 'up'}]);
		expect(names(selectRows(numbered, view({sort: 'name'})))).toEqual(['db', 'web-1', 'Web-9', 'web-10']);
		expect(names(selectRows(numbered, initialViewState))).toEqual(['web-1', 'db', 'Web-9', 'web-10']);
	});

	it('sorts by latency, slowest first, checks without a result last', () => {
		expect(names(selectRows(snapshot, view({sort: 'latency'})))).toEqual(['payments api', 'ledger', 'search', 'billing', 'auth', 'batch']);
	});

	it('sorts by group with a header row per group, ungrouped last', () => {
		expect(names(selectRows(snapshot, view({sort: 'group'})))).toEqual([
			'[core]', 'auth', '[payments]', 'payments api', 'ledger', 'billing', '[search]', 'search', 'batch',
		]);
	});

	it.each([
		['name', 'LEDG', ['ledger']],
		['group', 'Payments', ['payments api', 'ledger', 'billing']],
		['owner', 'identity', ['auth']],
		['nothing', 'zzz', []],
	])('filters by %s, case-insensitive', (_what, filter, expected) => {
		expect(names(selectRows(snapshot, view({filter})))).toEqual(expected);
	});

	it('filters a name written with a combining accent by the letter typed precomposed, and the other way', () => {
		const accents = makeSnapshot([{name: 'cafe\u0301 service', state: 'up'}, {name: 'prüfung api', state: 'up', owner: '@équipe'}, {name: 'other', state: 'up'}]);
		expect(names(selectRows(accents, view({filter: 'café s'})))).toEqual(['cafe\u0301 service']);
		expect(names(selectRows(accents, view({filter: 'pru\u0308f'})))).toEqual(['prüfung api']);
		expect(names(selectRows(accents, view({filter: 'E\u0301QUIPE'})))).toEqual(['prüfung api']);
	});

	it('filters by the name as ASCII mode shows it, accents left off: `prufung` finds `prüfung api`', () => {
		const accents = makeSnapshot([{name: 'prüfung api', state: 'up'}, {name: 'orders — eu', state: 'up', owner: '@équipe'}, {name: '支付 api', state: 'up'}]);
		expect(names(selectRows(accents, view({filter: 'prufung'})))).toEqual(['prüfung api']);
		expect(names(selectRows(accents, view({filter: 'EQUIPE'})))).toEqual(['orders — eu']);
		expect(names(selectRows(accents, view({filter: 'orders - eu'})))).toEqual(['orders — eu']);
		// A character ASCII mode can only show as `?` is not found by a typed `?`.
		expect(names(selectRows(accents, view({filter: '?'})))).toEqual([]);
	});

	it('replaces a folded group by one header row with counts, at its first member', () => {
		const rows = selectRows(snapshot, view({folded: ['payments']}));
		expect(names(rows)).toEqual(['[payments]', 'search', 'batch', 'auth']);
		const header = rows[0]!;
		expect(header.kind === 'group' && header.counts).toEqual({failing: 1, unknown: 0, warn: 0, slow: 1, pending: 0, up: 1});
		expect(header.kind === 'group' && header.worst).toBe('failing');
		expect(header.id).toBe(groupRowId('payments'));
	});

	it('lists only the checks that are not up with problemsOnly, pending ones included, in the same order', () => {
		expect(names(selectRows(snapshot, view({problemsOnly: true})))).toEqual(['payments api', 'search', 'ledger', 'batch']);
		expect(names(selectRows(snapshot, view({problemsOnly: true, sort: 'name'})))).toEqual(['batch', 'ledger', 'payments api', 'search']);
		expect(names(selectRows(snapshot, view({problemsOnly: true, filter: 'payments'})))).toEqual(['payments api', 'ledger']);
		const folded = selectRows(snapshot, view({problemsOnly: true, folded: ['payments']}));
		const header = folded.find(row => row.kind === 'group');
		expect(header?.kind === 'group' && [header.total, header.counts.up, header.worst]).toEqual([2, 0, 'failing']);
	});

	it('keeps the selected check listed with problemsOnly when it is up, and only while it is selected', () => {
		expect(names(selectRows(snapshot, view({problemsOnly: true, selectedId: 'billing'})))).toEqual(['payments api', 'search', 'ledger', 'batch', 'billing']);
		expect(names(selectRows(snapshot, view({problemsOnly: true, selectedId: 'ledger'})))).toEqual(['payments api', 'search', 'ledger', 'batch']);
		// The filter still applies to it.
		expect(names(selectRows(snapshot, view({problemsOnly: true, selectedId: 'billing', filter: 'ledg'})))).toEqual(['ledger']);
	});

	describe('a flapping check', () => {
		/** flapper goes up and failing every 10 s (its interval); its `round`th change is the newest at baseAt. */
		function flappingFleet(round: number, at = baseAt) {
			const transitions: Transition[] = Array.from({length: round}, (_, index) => {
				const isToFailing = (round - index) % 2 === 1;
				return {at: baseAt - index * 10_000, from: isToFailing ? 'up' : 'failing', to: isToFailing ? 'failing' : 'up'};
			});
			const state = transitions[0]!.to;
			return makeSnapshot([
				{name: 'api', state: 'failing', view: {since: baseAt - 600_000}},
				{name: 'flapper', state, view: {since: baseAt, transitions}},
				{name: 'queue', state: 'failing', view: {since: baseAt - 300_000}},
				{name: 'auth', state: 'up'},
				{name: 'billing', state: 'up'},
			], {at});
		}

		it('keeps its place at the end of the failing rows while it goes up and down, from its fourth change', () => {
			const failingOrder = ['api', 'queue', 'flapper', 'auth', 'billing'];
			expect(names(selectRows(flappingFleet(3), initialViewState))).toEqual(failingOrder);
			for (const round of [4, 5, 6, 7]) {
				expect(names(selectRows(flappingFleet(round), initialViewState))).toEqual(failingOrder);
			}
		});

		it('goes back to its own state\'s place once it has held it for two minutes', () => {
			expect(names(selectRows(flappingFleet(6, baseAt + 119_999), initialViewState))).toEqual(['api', 'queue', 'flapper', 'auth', 'billing']);
			expect(names(selectRows(flappingFleet(6, baseAt + 120_000), initialViewState))).toEqual(['api', 'queue', 'auth', 'billing', 'flapper']);
		});

		it('comes before the flapping checks of its block that are up now while it is failing', () => {
			// A storm: two checks recovered and blipped slow once (a flap at worst failing, up now); one flapped and is
			// down now. The one down now leads the flapping rows, however its name sorts.
			const flap = (to: 'up' | 'failing') => [
				{at: baseAt, from: to === 'up' ? 'slow' as const : 'up' as const, to},
				{at: baseAt - 10_000, from: to === 'up' ? 'up' as const : 'slow' as const, to: to === 'up' ? 'slow' as const : 'up' as const},
				{at: baseAt - 20_000, from: 'failing' as const, to: 'up' as const},
				{at: baseAt - 30_000, from: 'up' as const, to: 'failing' as const},
			];
			const storm = makeSnapshot([
				{name: 'api', state: 'failing', view: {since: baseAt - 600_000}},
				{name: 'auth eu 1', state: 'up', view: {since: baseAt, transitions: flap('up')}},
				{name: 'auth eu 2', state: 'up', view: {since: baseAt, transitions: flap('up')}},
				{name: 'orders eu 3', state: 'failing', view: {since: baseAt, transitions: flap('failing')}},
				{name: 'billing', state: 'up'},
			]);
			expect(names(selectRows(storm, initialViewState))).toEqual(['api', 'orders eu 3', 'auth eu 1', 'auth eu 2', 'billing']);
			const folded = selectRows({...storm, rows: storm.rows.map(row => ({...row, check: {...row.check, group: 'edge'}}))}, view({folded: ['edge']}))[0];
			expect(folded?.kind === 'group' && [folded.worst, folded.counts.failing, folded.counts.up, folded.flapping]).toEqual(['failing', 2, 3, 3]);
		});

		it('stays listed by f while it is up between failures, and keeps its place in group sort', () => {
			expect(names(selectRows(flappingFleet(6), view({problemsOnly: true})))).toEqual(['api', 'queue', 'flapper']);
			expect(names(selectRows(flappingFleet(6), view({sort: 'group'})))).toEqual(['api', 'queue', 'flapper', 'auth', 'billing']);
		});

		it('holds its group\'s header colour at the worst state of its flap, and counts it as it is now and as flapping', () => {
			const grouped = (round: number, at = baseAt) => {
				const fleet = flappingFleet(round, at);
				return {...fleet, rows: fleet.rows.map(row => (['flapper', 'auth'].includes(row.check.name) ? {...row, check: {...row.check, group: 'platform'}} : row))};
			};

			const header = (round: number, changes: Partial<ViewState>, at = baseAt) => {
				const row = selectRows(grouped(round, at), view(changes)).find(row => row.kind === 'group');
				return row?.kind === 'group' ? {worst: row.worst, failing: row.counts.failing, up: row.counts.up, flapping: row.flapping} : undefined;
			};

			// Its counts add up with the header above the table and the rows under it: failing on odd changes, up on even.
			for (const round of [4, 5, 6, 7]) {
				const now = round % 2 === 1 ? {failing: 1, up: 1} : {failing: 0, up: 2};
				expect(header(round, {sort: 'group'}), `change ${round}`).toEqual({worst: 'failing', ...now, flapping: 1});
				expect(header(round, {folded: ['platform']}), `change ${round}, folded`).toEqual({worst: 'failing', ...now, flapping: 1});
			}

			// Once it has held its state (up) for two minutes, the header says what its members are.
			expect(header(6, {sort: 'group'}, baseAt + 120_000)).toEqual({worst: 'up', failing: 0, up: 2, flapping: 0});
		});
	});

	it('counts only the members that pass the filter in a folded header', () => {
		const rows = selectRows(snapshot, view({folded: ['payments'], filter: 'bill'}));
		const header = rows.find(row => row.kind === 'group');
		expect(header?.kind === 'group' && header.total).toBe(1);
		expect(header?.kind === 'group' && header.worst).toBe('up');
	});
});

describe('selection and scrolling', () => {
	it('finds the selected row by id after a re-sort', () => {
		const byName = selectRows(snapshot, view({sort: 'name'}));
		const bySeverity = selectRows(snapshot, initialViewState);
		const id = byName[3]!.id;
		expect(bySeverity[selectedIndex(bySeverity, id)]!.id).toBe(id);
	});

	it('draws a missing selection on the first row', () => {
		expect(selectedIndex(selectRows(snapshot, initialViewState), 'gone')).toBe(0);
	});

	it.each([
		[0, 0, 5, 20, 0],
		[0, 7, 5, 20, 3],
		[10, 4, 5, 20, 4],
		[18, 19, 5, 20, 15],
		[30, 2, 5, 6, 1],
	])('offset %i with selection %i in a window of %i over %i rows starts at %i', (offset, index, height, total, expected) => {
		const start = scrollStart(offset, index, height, total);
		expect(start).toBe(expected);
		expect(index).toBeGreaterThanOrEqual(start);
		expect(index).toBeLessThan(start + height);
	});
});
