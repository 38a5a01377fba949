import {afterEach, describe, expect, it} from 'vitest';
import {cleanup} from 'ink-testing-library';
import {makeRow, makeSnapshot} from '../helpers.js';
import {mount} from '../mount.js';
import {initialViewState} from '../../../source/ui/view/view-reducer.js';

afterEach(() => {
	cleanup();
});

describe('a check that skips TLS verification', () => {
	it('says "insecure" after its name in the table, and keeps the name whole where it fits', () => {
		const screen = mount(makeSnapshot([makeRow({name: 'legacy admin', check: {insecure: true}}), makeRow({name: 'payments api'})]), {columns: 120});
		const line = (name: string) => screen.lines().find(item => item.includes(name))!;
		expect(line('legacy admin')).toMatch(/legacy admin +insecure /);
		expect(line('payments api')).not.toContain('insecure');
	});

	it.each([[120, 30], [80, 24], [60, 15]])('says so at %i×%i when every name is short and the column is only as wide as they are', (columns, rows) => {
		const screen = mount(makeSnapshot([makeRow({name: 'admin', check: {insecure: true}}), makeRow({name: 'api'}), makeRow({name: 'db'})]), {columns, rows});
		expect(screen.lines().find(line => line.includes('admin'))).toMatch(/admin insecure /);
	});
});

describe('a name too long for its column', () => {
	// Longer than the 32 cells a name gets at 80 columns (30 fit once a fleet without versions had no version column).
	const names = ['payments api eu-west-1 zone b primary', 'payments api eu-west-1 zone b replica'];

	it.each([[80, 24], [60, 15]])('is cut in the middle at %i×%i, so checks that differ at the end stay told apart', (columns, rows) => {
		const screen = mount(makeSnapshot(names.map(name => makeRow({name}))), {columns, rows});
		const drawn = screen.lines().filter(line => line.includes('payments ap'));
		expect(drawn).toHaveLength(2);
		expect(drawn.some(line => /payments ap[^…]*…[^…]* primary /.test(line))).toBe(true);
		expect(drawn.some(line => /payments ap[^…]*…[^…]* replica /.test(line))).toBe(true);
	});

	it('keeps both ends of an insecure check\'s name before its tag', () => {
		const screen = mount(makeSnapshot([makeRow({name: 'legacy admin console eu-west-1 replica', check: {insecure: true}})]), {columns: 80});
		expect(screen.lines().find(line => line.includes('insecure'))).toMatch(/legacy[^…]*…[^…]*eplica insecure /);
	});
});

describe('names alike at both ends, too long for their column', () => {
	const names = ['payments-api eu-west-1 primary health', 'payments-api us-east-1 primary health', 'orders worker 3 queue depth', 'orders worker 4 queue depth'];
	const snapshot = () => makeSnapshot(names.map(name => makeRow({name})));

	// 60 and 100 columns give the name 23 cells, 80 gives it 30: cut in the middle, each pair drew two identical rows.
	it.each([[60, 15], [80, 24], [100, 30]])('keep the part that tells them apart at %i×%i', (columns, rows) => {
		const screen = mount(snapshot(), {columns, rows});
		const drawn = screen.lines().filter(line => /paym|orders/.test(line)).map(line => line.slice(2));
		expect(drawn).toHaveLength(4);
		for (const telling of [/paym\S*…eu-west-1…/, /paym\S*…us-east-1…/, /orders.*[… ]3[… ]/, /orders.*[… ]4[… ]/]) {
			expect(drawn.filter(line => telling.test(line)), `${telling} at ${columns}×${rows}`).toHaveLength(1);
		}

		expect(new Set(drawn).size).toBe(4);
	});

	it('cut a row\'s name the same when a filter hides the row it is told apart from', () => {
		const line = (screen: ReturnType<typeof mount>) => screen.lines().find(item => item.includes('eu-west-1'));
		const all = mount(snapshot(), {columns: 60, rows: 15});
		const shown = line(all);
		cleanup();
		const filtered = mount(snapshot(), {columns: 60, rows: 15, initialView: {...initialViewState, filter: 'eu-west'}});
		expect(shown).toMatch(/paym[^…]*…eu-west-1…[^…]*health /);
		expect(line(filtered)?.replace(/^> /, '  ')).toBe(shown?.replace(/^> /, '  '));
	});
});

describe('a fanned-out row too long for its column', () => {
	it.each([[100, false], [120, true]])('keeps " / " and the series whole at %i columns (details open: %s), cutting the check\'s name', (columns, detailOpen) => {
		const rows = [
			makeRow({name: 'search api', group: 'payments-platform'}),
			makeRow({name: 'orders api', group: 'platform'}),
			makeRow({name: 'queue depth of the billing cluster', view: {id: 'queue depth/invoices', seriesLabel: 'invoices'}}),
			makeRow({name: 'queue depth of the billing cluster', view: {id: 'queue depth/payments', seriesLabel: 'payments'}}),
			makeRow({name: 'payments api eu-west-1 primary', group: 'platform'}),
		];
		const screen = mount(makeSnapshot(rows), {columns, rows: 30, initialView: {...initialViewState, detailOpen}});
		const drawn = screen.lines().filter(line => /invoices|payments /.test(line) && line.includes('queu'));
		expect(drawn).toHaveLength(2);
		for (const line of drawn) expect(line).toMatch(/ qu[a-z ]*… \/ (invoices|payments) /);
	});
});

describe('a fleet whose group names are short', () => {
	it('gives the check names the cells the group column would leave blank, at 100 columns', () => {
		// The incident drill's names at 100×30: "pg-main …eck_tcp" and "inventor…db conn" beside a 15-cell group column
		// holding "db" or "workers".
		const rows = [
			makeRow({name: 'pg-main check_tcp', group: 'db', owner: '@dba-oncall'}),
			makeRow({name: 'inventory-db conn', group: 'db', owner: '@dba-oncall'}),
			makeRow({name: 'billing-worker', group: 'workers', owner: '@data-eng'}),
		];
		const screen = mount(makeSnapshot(rows), {columns: 100, rows: 30});
		expect(screen.lines().find(line => line.includes('pg-main'))).toMatch(/pg-main check_tcp +db /);
		expect(screen.lines().find(line => line.includes('inventory'))).toMatch(/inventory-db conn +db /);
		expect(screen.lines().find(line => line.includes('billing'))).toMatch(/billing-worker +workers /);
		expect(screen.lines().every(line => line.length <= 100)).toBe(true);
	});
});

describe('a fleet whose names and owners would be cut by the usual column widths', () => {
	it('shows each name and owner whole at 110 columns, and no owner column when no check has one', () => {
		// The demo fleet at 110×30 drew "nightly-re…freshness" and "@payments-onc…" with blank cells beside them.
		const rows = [
			makeRow({name: 'nightly-reports freshness', group: 'jobs', owner: '@data-eng'}),
			makeRow({name: 'checkout api', group: 'payments', owner: '@payments-oncall', view: {version: '3.9.0'}}),
			makeRow({name: 'search api', group: 'platform', owner: '@search-team', view: {version: '5.0.3'}}),
		];
		const screen = mount(makeSnapshot(rows), {columns: 110, rows: 30});
		expect(screen.lines().find(line => line.includes('nightly'))).toContain('nightly-reports freshness');
		expect(screen.lines().find(line => line.includes('checkout'))).toMatch(/@payments-oncall +3\.9\.0/);
		expect(screen.lines().every(line => line.length <= 110)).toBe(true);
		cleanup();
		const ownerless = mount(makeSnapshot(rows.map(row => ({...row, check: {...row.check, owner: undefined}}))), {columns: 110, rows: 30});
		expect(ownerless.lines()[1]).not.toContain('owner');
	});
});

describe('the version column', () => {
	const owners = (name: string) => makeRow({name, check: {owner: '@storefront-oncall-primary-rota', group: 'storefront-and-checkout'}});
	const names = ['checkout-service-frontend-eu-west-1-canary', 'checkout-service-frontend-eu-west-1-stable'];

	it('is left out when no check reads a version, its cells going to the owner it would have cut', () => {
		const withVersion = mount(makeSnapshot([...names.map(name => owners(name)), makeRow({name: 'payments api', check: {version: {json: 'version'}}, view: {version: '1.5.0'}})]), {columns: 120, rows: 30});
		const cutOwner = /@storefront\S*/.exec(withVersion.lines().find(line => line.includes('canary'))!)![0];
		cleanup();
		const screen = mount(makeSnapshot(names.map(name => owners(name))), {columns: 120, rows: 30});
		expect(screen.lines()[1]).not.toContain('version');
		const owner = /@storefront\S*/.exec(screen.lines().find(line => line.includes('canary'))!)![0];
		expect(owner.length).toBeGreaterThan(cutOwner.length);
		expect(owner).toBe('@storefront-oncall-prim…');
	});

	it('stays for a check that reads a version before its first answer, and shows the version once it has one', () => {
		const reads = makeRow({name: 'payments api', check: {version: {json: 'version'}}});
		const waiting = mount(makeSnapshot([...names.map(name => owners(name)), {...reads, version: undefined, last: undefined}]), {columns: 120, rows: 30});
		expect(waiting.lines()[1]).toContain('version');
		cleanup();
		const answered = mount(makeSnapshot([...names.map(name => owners(name)), {...reads, version: '1.5.0'}]), {columns: 120, rows: 30});
		expect(answered.lines().find(line => line.includes('payments api'))).toMatch(/ 1\.5\.0 *$/);
	});
});
