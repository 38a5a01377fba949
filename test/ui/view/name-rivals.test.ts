import {describe, expect, it} from 'vitest';
import {nameRivals} from '../../../source/ui/view/name-rivals.js';

describe('nameRivals', () => {
	it('gives each name the longest start and the longest end another name shares with it', () => {
		const rivals = nameRivals(['payments-api eu-west-1 primary health', 'payments-api us-east-1 primary health', 'payments-api eu-west-1 replica health', 'search']);
		// Its start it shares with the replica ("payments-api eu-west-1 "), its end with us-east-1 ("st-1 primary health").
		expect(rivals.get('payments-api eu-west-1 primary health')).toEqual({head: 23, tail: 19});
		expect(rivals.get('payments-api us-east-1 primary health')).toEqual({head: 13, tail: 19});
		expect(rivals.get('payments-api eu-west-1 replica health')).toEqual({head: 23, tail: 7});
	});

	it('leaves out a name that shares nothing with another, and counts a name given twice once', () => {
		const rivals = nameRivals(['search', 'orders', 'orders']);
		expect(rivals.has('search')).toBe(false);
		expect(rivals.size).toBe(0);
	});

	it('finds the rival among many names without comparing each pair', () => {
		const names = Array.from({length: 2000}, (_, index) => `orders worker ${index} queue depth`);
		const rivals = nameRivals(names.toReversed());
		// "orders worker 123" starts it, "234 queue depth" of worker 234 ends it.
		expect(rivals.get('orders worker 1234 queue depth')).toEqual({head: 17, tail: 15});
	});

	it('never counts half of a character taken from two code units as shared', () => {
		// "🚀" and "🛸" begin with the same code unit.
		const rivals = nameRivals(['api 🚀 eu', 'api 🛸 eu']);
		expect(rivals.get('api 🚀 eu')).toEqual({head: 4, tail: 3});
	});
});
