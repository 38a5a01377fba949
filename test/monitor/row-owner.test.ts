import {describe, expect, it} from 'vitest';
import {rowOwner} from '../../source/monitor/row-owner.js';

describe('rowOwner', () => {
	const checks = new Map(['prom up', 'api', 'api/v2', 'api/v2/health', 'a'].map(id => [id, {id}] as const));

	it('gives a check its own row, and a fanned-out check its series rows', () => {
		expect(rowOwner('api', checks)).toEqual({check: checks.get('api')});
		expect(rowOwner('prom up/ghost', checks)).toEqual({check: checks.get('prom up'), series: 'ghost'});
	});

	it('never takes a check whose name holds a / for a series of another', () => {
		expect(rowOwner('api/v2', checks)).toEqual({check: checks.get('api/v2')});
		expect(rowOwner('api/v2/health', checks)).toEqual({check: checks.get('api/v2/health')});
		// The longest check id: `api/v2`'s series `eu`, not `api`'s series `v2/eu`.
		expect(rowOwner('api/v2/eu', checks)).toEqual({check: checks.get('api/v2'), series: 'eu'});
		// A label may hold a / too.
		expect(rowOwner('a/b/c', checks)).toEqual({check: checks.get('a'), series: 'b/c'});
		expect(rowOwner('gone/x', checks)).toBeUndefined();
	});
});
