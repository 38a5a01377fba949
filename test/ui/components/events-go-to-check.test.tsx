import {afterEach, describe, expect, it, vi} from 'vitest';

vi.hoisted(() => {
	process.env['TZ'] = 'UTC';
});

import {cleanup} from 'ink-testing-library';
import type {HttpCheck} from '../../../source/config/types.js';
import type {CheckView} from '../../../source/monitor/types.js';
import {baseAt, engineChanges, keys, makeRow, makeSnapshot} from '../helpers.js';
import {mount} from '../mount.js';
import {initialViewState} from '../../../source/ui/view/view-reducer.js';

afterEach(() => {
	cleanup();
});

const started = baseAt - 600_000;
/** A fleet ten minutes after its start: twelve checks came up, then orders api failed and ledger deployed. */
function fleetRows(): CheckView[] {
	return [
		...Array.from({length: 12}, (_, index) => makeRow({name: `service ${String(index).padStart(2, '0')}`, view: {transitions: [{at: started + (index * 100), from: 'pending', to: 'up'}]}})),
		makeRow({name: 'orders api', state: 'failing', owner: '@orders', view: {transitions: [
			{at: baseAt - 10_000, from: 'up', to: 'failing', reason: {code: 'refused', message: 'connection refused'}},
			{at: started, from: 'pending', to: 'up'},
		]}}),
		makeRow({name: 'ledger', group: 'payments', owner: '@ledger', view: {transitions: [{at: started + 50, from: 'pending', to: 'up'}]}}),
		makeRow({name: 'refunds', group: 'payments', view: {transitions: [{at: started + 60, from: 'pending', to: 'up'}]}}),
	];
}

const ledgerDeploy = {at: baseAt - 20_000, label: 'ledger 1.4.0 → 1.5.0', checkId: 'ledger', source: 'version' as const};
const everyCheck = {at: baseAt - 30_000, label: 'helm upgrade', source: 'command' as const};
const snapshot = makeSnapshot(fleetRows(), {markers: [everyCheck, ledgerDeploy]});

/** The events view lists: orders api's change, ledger's deploy, the marker for every check, the round of 15. */
describe('enter on the events list', () => {
	it('goes to the check of a state change: the table, its row selected, its details open', async () => {
		const screen = mount(snapshot, {columns: 160, rows: 40});
		await screen.press('e');
		expect(screen.lines()[2]).toMatch(/^> .*orders api {2}up → failing/);
		expect(screen.lines().at(-1)).toContain('enter go to check');
		await screen.press(keys.enter);
		expect(screen.frame()).not.toContain('events, newest first');
		expect(screen.selectedLine()).toContain('orders api');
		expect(screen.frame()).toContain('@orders');
		expect(screen.frame()).toMatch(/state changes/);
		expect(screen.monitor.sent).toEqual([]);
	});

	it('goes to the check of a version marker, unfolding its group', async () => {
		const screen = mount(snapshot, {columns: 160, rows: 40, initialView: {...initialViewState, folded: ['payments']}});
		expect(screen.frame()).not.toMatch(/up +ledger/);
		await screen.press('e', 'j');
		expect(screen.lines()[3]).toMatch(/^> .*deploy {2}ledger 1\.4\.0 → 1\.5\.0 \(version\)/);
		await screen.press(keys.enter);
		expect(screen.selectedLine()).toContain('ledger');
		expect(screen.frame()).toContain('@ledger');
	});

	it('says why on a line of many checks or a marker for every check, and offers no enter there', async () => {
		const screen = mount(snapshot, {columns: 160, rows: 40});
		await screen.press('e', 'j', 'j');
		expect(screen.lines()[4]).toMatch(/^> .*deploy {2}helm upgrade \(uptop mark\)/);
		expect(screen.lines().at(-1)).not.toContain('go to check');
		await screen.press(keys.enter);
		expect(screen.frame()).toContain('events, newest first');
		expect(screen.lines().at(-1)).toContain('a marker for every check');
		await screen.press('j');
		expect(screen.lines()[5]).toMatch(/^> .*15 checks {2}pending → up/);
		expect(screen.lines().at(-1)).not.toContain('go to check');
		await screen.press(keys.enter);
		expect(screen.frame()).toContain('events, newest first');
		expect(screen.lines().at(-1)).toContain('15 checks on this line');
	});

	it('names the check a cleared filter hid by the part that tells it from a check named alike', async () => {
		const alike = makeSnapshot([
			makeRow({name: 'payments-api eu-west-1 primary health', state: 'failing', view: {transitions: [{at: baseAt - 10_000, from: 'up', to: 'failing'}]}}),
			makeRow({name: 'payments-api us-east-1 primary health', view: {transitions: [{at: started, from: 'pending', to: 'up'}]}}),
		]);
		const screen = mount(alike, {columns: 160, rows: 40});
		await screen.press('/', 'u', 's', '-', keys.enter, 'e');
		await screen.press(keys.enter);
		expect(screen.selectedLine()).toContain('eu-west-1');
		// Cut in its middle to 24 cells, it read "payments-api…mary health", as its rival would.
		expect(screen.lines().at(-1)).toMatch(/filter "us-" cleared: it hid [^…]*…eu-west-1…/);
	});

	it('clears a filter that hides the check, and says so; keeps one that does not', async () => {
		const hidden = mount(snapshot, {columns: 160, rows: 40});
		await hidden.press('/', 'l', 'e', 'd', keys.enter, 'e');
		await hidden.press(keys.enter);
		expect(hidden.selectedLine()).toContain('orders api');
		expect(hidden.lines().at(-1)).toContain('filter "led" cleared: it hid orders api');
		expect(hidden.frame()).not.toContain('filter: led');

		const kept = mount(snapshot, {columns: 160, rows: 40});
		await kept.press('/', 'o', 'r', 'd', keys.enter, 'e');
		await kept.press(keys.enter);
		expect(kept.selectedLine()).toContain('orders api');
		expect(kept.frame()).toContain('filter: ord');
		expect(kept.frame()).not.toContain('cleared');
	});

	it('comes back to the same event with e after going to its check; esc and e start at the newest again', async () => {
		const screen = mount(snapshot, {columns: 160, rows: 40});
		await screen.press('e', 'j', keys.enter, 'e');
		expect(screen.lines()[3]).toMatch(/^> .*ledger 1\.4\.0/);
		await screen.press(keys.escape, 'e');
		expect(screen.lines()[2]).toMatch(/^> .*orders api/);
	});

	it('keeps the cursor on its event when a newer one comes in, so enter goes to the check it shows', async () => {
		const screen = mount(snapshot, {columns: 160, rows: 40});
		await screen.press('e', 'j');
		const rows = fleetRows().map(row => (row.check.name === 'service 03'
			? {...row, state: 'failing' as const, transitions: [{at: baseAt - 1000, from: 'up' as const, to: 'failing' as const}, ...row.transitions]}
			: row));
		await screen.publish(makeSnapshot(rows, {markers: [everyCheck, ledgerDeploy], at: baseAt + 1000, sequence: 2}));
		expect(screen.lines()[2]).toMatch(/^ {2}.*service 03 {2}up → failing/);
		expect(screen.lines()[4]).toMatch(/^> .*ledger 1\.4\.0/);
		await screen.press(keys.enter);
		expect(screen.selectedLine()).toContain('ledger');
	});

	it('follows its event into the flapping line it is folded into, so enter still goes to that check', async () => {
		// service 03 fails and recovers a few seconds apart; refunds turned slow between its first two changes. The
		// cursor is on service 03's second change. A fourth change folds the second to the fourth into one
		// flapping line: the cursor stayed at its index, now refunds' event, and enter went to refunds.
		const flapping = (count: number) => fleetRows().map(row => {
			if (row.check.name === 'refunds') return {...row, state: 'slow' as const, transitions: [{at: baseAt - 57_000, from: 'up' as const, to: 'slow' as const}, ...row.transitions]};
			if (row.check.name !== 'service 03') return row;
			const changes = Array.from({length: count}, (_, index) => ({at: baseAt - 60_000 + (index * 5000), from: index % 2 === 0 ? 'up' as const : 'failing' as const, to: index % 2 === 0 ? 'failing' as const : 'up' as const}));
			return {...row, transitions: [...changes.reverse(), ...row.transitions]};
		});

		const screen = mount(makeSnapshot(flapping(3), {markers: [everyCheck, ledgerDeploy]}), {columns: 160, rows: 40});
		await screen.press('e', 'j', 'j', 'j', 'j');
		expect(screen.selectedLine()).toMatch(/11:59:05 .*service 03 {2}failing → up/);
		expect(screen.lines()[7]).toMatch(/refunds {2}up → slow/);
		await screen.publish(makeSnapshot(flapping(4), {markers: [everyCheck, ledgerDeploy], at: baseAt + 1000, sequence: 2}));
		// The flapping line is listed where the flap began, above its first change and below refunds' event.
		expect(screen.lines()[5]).toMatch(/refunds {2}up → slow/);
		expect(screen.selectedLine()).toMatch(/service 03 {2}flapping: 4 changes/);
		expect(screen.lines()[7]).toMatch(/11:59:00 .*service 03 {2}up → failing/);
		// Moving goes on from there, and enter goes to the check the cursor shows.
		await screen.press('k');
		expect(screen.selectedLine()).toMatch(/refunds/);
		await screen.press('j', keys.enter);
		expect(screen.selectedLine()).toContain('service 03');
	});

	it('follows the first change of a flap into its line once the row\'s bounded list drops that change', async () => {
		// service 03 came up, then changed state every 5 s, 19 times: its first change (when the trouble began) is a
		// line of its own, the rest one flapping line. Two changes later its list (20) has dropped that first change:
		// the line the cursor was on is gone, its change now counted in the flapping line, and the cursor went to
		// whichever line then had its index.
		const flapAts = (count: number) => Array.from({length: count}, (_, index) => baseAt - 195_000 + (index * 5000));
		const flapUntil = (count: number) => fleetRows().map(row => (row.check.name === 'service 03' ? {...row, ...engineChanges(row.check as HttpCheck, started, flapAts(count))} : row));
		const screen = mount(makeSnapshot(flapUntil(19), {markers: [everyCheck, ledgerDeploy]}), {columns: 160, rows: 40});
		await screen.press('e', 'j', 'j', 'j', 'j');
		expect(screen.selectedLine()).toMatch(/11:56:45 .*service 03 {2}up → failing/);
		await screen.publish(makeSnapshot(flapUntil(21), {markers: [everyCheck, ledgerDeploy], at: baseAt + 1000, sequence: 2}));
		expect(screen.selectedLine()).toMatch(/service 03 {2}flapping: 21 changes, latest 1m ago, now failing/);
	});

	it('goes to the next older line when a reload removes the check under the cursor, and stays there as newer events come', async () => {
		// The cursor stood at the index it had when it last moved: with newer events coming above it (a flapping
		// fleet's lines reorder every second), it went from check to check, and enter to whichever it was on then.
		const failedAt = (names: readonly string[]) => fleetRows()
			.filter(row => row.check.name !== 'orders api')
			.map(row => {
				const index = names.indexOf(row.check.name);
				return index < 0 ? row : {...row, state: 'failing' as const, transitions: [{at: baseAt - 1000 + index, from: 'up' as const, to: 'failing' as const}, ...row.transitions]};
			});
		const screen = mount(snapshot, {columns: 160, rows: 40});
		await screen.press('e', 'j', 'k');
		expect(screen.selectedLine()).toMatch(/orders api {2}up → failing/);
		await screen.publish(makeSnapshot(failedAt(['service 05', 'service 06']), {markers: [everyCheck, ledgerDeploy], at: baseAt + 1000, sequence: 2}));
		expect(screen.selectedLine()).toMatch(/deploy {2}ledger 1\.4\.0/);
		await screen.publish(makeSnapshot(failedAt(['service 05', 'service 06', 'service 07']), {markers: [everyCheck, ledgerDeploy], at: baseAt + 2000, sequence: 3}));
		expect(screen.selectedLine()).toMatch(/deploy {2}ledger 1\.4\.0/);
		await screen.press(keys.enter);
		expect(screen.selectedLine()).toContain('ledger');
	});

	it('stays on a round\'s line when a reload removes the check that came up first in it', async () => {
		// The round's line was named by its first member's change: with service 00 and orders api (both up first, at
		// the start) removed, its name changed and the cursor fell back to its index: with two newer changes above,
		// the marker for every check.
		const screen = mount(snapshot, {columns: 160, rows: 40});
		await screen.press('e', 'j', 'j', 'j');
		expect(screen.selectedLine()).toMatch(/15 checks {2}pending → up/);
		const rows = fleetRows()
			.filter(row => row.check.name !== 'service 00' && row.check.name !== 'orders api')
			.map((row, index) => (row.check.name === 'service 05' || row.check.name === 'service 06' ? {...row, state: 'failing' as const, transitions: [{at: baseAt - 1000 + index, from: 'up' as const, to: 'failing' as const}, ...row.transitions]} : row));
		await screen.publish(makeSnapshot(rows, {markers: [everyCheck, ledgerDeploy], at: baseAt + 1000, sequence: 2}));
		expect(screen.lines()[2]).toMatch(/^ {2}.*service 06 {2}up → failing/);
		expect(screen.lines()[3]).toMatch(/^ {2}.*service 05 {2}up → failing/);
		expect(screen.selectedLine()).toMatch(/13 checks {2}pending → up/);
		// Moving goes on from there.
		await screen.press('k');
		expect(screen.selectedLine()).toMatch(/helm upgrade/);
	});

	it('stays on a flapping line whose first changes the bounded list has dropped, as the flap goes on, and counts them all', async () => {
		// service 03 has flapped every 5 s for longer than a row keeps changes (20): each new change drops the
		// oldest kept one. The cursor is on the flapping line, below the newer events of orders api and ledger; the
		// line is listed where the flap began, so the next change leaves it there. Its count is the whole flap's
		// (it once stopped at 19, the changes kept).
		const flapAts = Array.from({length: 30}, (_, index) => baseAt - 195_000 + (index * 5000));
		const flapUntil = (changeAts: readonly number[]) => fleetRows().map(row => (row.check.name === 'service 03' ? {...row, ...engineChanges(row.check as HttpCheck, started, changeAts)} : row));

		const screen = mount(makeSnapshot(flapUntil(flapAts), {markers: [everyCheck, ledgerDeploy]}), {columns: 160, rows: 40});
		await screen.press('e', 'j', 'j', 'j');
		expect(screen.selectedLine()).toMatch(/service 03 {2}flapping: 30 changes, latest 50s ago, now up/);
		await screen.publish(makeSnapshot(flapUntil([...flapAts, baseAt + 500]), {markers: [everyCheck, ledgerDeploy], at: baseAt + 1000, sequence: 2}));
		expect(screen.lines()[5]).toMatch(/^> 11:56:45 .*service 03 {2}flapping: 31 changes, latest 1s ago, now failing/);
		expect(screen.lines()[2]).toMatch(/^ {2}.*orders api {2}up → failing/);
		await screen.press(keys.enter);
		expect(screen.selectedLine()).toContain('service 03');
	});

});
