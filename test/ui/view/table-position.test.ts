import {describe, expect, it} from 'vitest';
import {selectRows} from '../../../source/ui/view/select-rows.js';
import {tablePosition} from '../../../source/ui/view/table-position.js';
import {initialViewState} from '../../../source/ui/view/view-reducer.js';
import {makeSnapshot} from '../helpers.js';

const snapshot = makeSnapshot([
	{name: 'auth', group: 'core'},
	{name: 'billing', group: 'payments'},
	{name: 'ledger', group: 'payments'},
	{name: 'search', group: 'search'},
	{name: 'batch'},
]);

describe('tablePosition', () => {
	it('counts checks, not the group rows of group sort', () => {
		const rows = selectRows(snapshot, {...initialViewState, sort: 'group'});
		const at = (name: string) => tablePosition(rows, rows.findIndex(row => row.kind === 'check' && row.view.check.name === name));
		expect(at('auth')).toBe('1/5');
		expect(at('ledger')).toBe('3/5');
		expect(at('batch')).toBe('5/5');
	});

	it('gives a group row its first member\'s number, and counts a folded group\'s members', () => {
		const rows = selectRows(snapshot, {...initialViewState, sort: 'group', folded: ['payments']});
		expect(rows.map(row => row.kind)).toEqual(['group', 'check', 'group', 'group', 'check', 'check']);
		expect(tablePosition(rows, 0)).toBe('1/5');
		expect(tablePosition(rows, 2)).toBe('2/5');
		expect(tablePosition(rows, 3)).toBe('4/5');
		expect(tablePosition(rows, 4)).toBe('4/5');
	});
});
