import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {compareNames} from '../../../source/ui/view/compare-names.js';

const sorted = (names: string[]) => [...names].sort(compareNames);

describe('compareNames', () => {
	it('reads runs of digits as numbers and letters without case', () => {
		expect(sorted(['web-10', 'web-2', 'Web-3', 'web-1', 'api', 'API', 'db'])).toEqual(['API', 'api', 'db', 'web-1', 'web-2', 'Web-3', 'web-10']);
		expect(sorted(['v1.10.0', 'v1.9.2', 'v1.9.10', 'v10'])).toEqual(['v1.9.2', 'v1.9.10', 'v1.10.0', 'v10']);
		expect(sorted(['r010', 'r9', 'r0010', 'r001'])).toEqual(['r001', 'r9', 'r0010', 'r010']);
		expect(sorted(['payments api', 'payments', 'payments-api', 'Payments'])).toEqual(['Payments', 'payments', 'payments api', 'payments-api']);
	});

	it('ties only identical names', () => {
		expect(compareNames('web-1', 'web-1')).toBe(0);
		expect(compareNames('Web-01', 'web-1')).not.toBe(0);
		expect(compareNames('', '')).toBe(0);
		expect(compareNames('', 'a')).toBe(-1);
		expect(compareNames('Zürich', 'zürich')).toBe(-1);
	});

	it('is a total order on any text: antisymmetric, transitive, zero only for equal names', () => {
		const name = fc.stringMatching(/^[0-9aAbBzZ .\-_Ü支]{0,8}$/);
		fc.assert(fc.property(name, name, name, (a, b, c) => {
			expect(Math.sign(compareNames(a, b))).toBe(-Math.sign(compareNames(b, a)) || 0);
			expect(compareNames(a, b) === 0).toBe(a === b);
			if (compareNames(a, b) <= 0 && compareNames(b, c) <= 0) expect(compareNames(a, c)).toBeLessThanOrEqual(0);
		}), {numRuns: 20_000});
	});

	it('sorts any list the same whatever order it arrives in', () => {
		fc.assert(fc.property(fc.array(fc.stringMatching(/^[0-9a-cA-C\-]{0,6}$/), {maxLength: 30}), names => {
			expect(sorted(names)).toEqual(sorted([...names].reverse()));
		}), {numRuns: 2000});
	});
});
