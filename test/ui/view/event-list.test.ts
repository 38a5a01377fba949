import {describe, expect, it} from 'vitest';
import {eventRowId, listEvents} from '../../../source/ui/view/event-list.js';
import {baseAt, makeRow, makeSnapshot} from '../helpers.js';

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
