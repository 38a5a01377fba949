import {describe, expect, it} from 'vitest';
import {createSlots} from '../../source/monitor/slots.js';

describe('slots', () => {
	it('starts items up to the capacity and the rest first come, first served as slots free up', () => {
		const started: string[] = [];
		const slots = createSlots<string>(2, item => started.push(item));
		for (const item of ['a', 'b', 'c', 'd', 'e']) slots.acquire(item);
		expect(started).toEqual(['a', 'b']);
		expect(slots.waiting).toBe(3);
		slots.release();
		expect(started).toEqual(['a', 'b', 'c']);
		slots.withdraw('d');
		slots.release();
		expect(started).toEqual(['a', 'b', 'c', 'e']);
		expect(slots.inFlight).toBe(2);
		expect(slots.maxInFlight).toBe(2);
		expect(slots.waiting).toBe(0);
	});

	it('does not line an item up twice', () => {
		const started: string[] = [];
		const slots = createSlots<string>(1, item => started.push(item));
		slots.acquire('a');
		slots.acquire('b');
		slots.acquire('b');
		expect(slots.isWaiting('b')).toBe(true);
		slots.release();
		slots.release();
		expect(started).toEqual(['a', 'b']);
	});

	it('resizes: more slots start waiting items at once, fewer let running ones finish before starting more', () => {
		const started: string[] = [];
		const slots = createSlots<string>(1, item => started.push(item));
		for (const item of ['a', 'b', 'c', 'd']) slots.acquire(item);
		slots.resize(3);
		expect(started).toEqual(['a', 'b', 'c']);
		expect(slots.capacity).toBe(3);
		slots.resize(1);
		expect(slots.inFlight).toBe(3);
		slots.release();
		slots.release();
		expect(started).toEqual(['a', 'b', 'c']);
		slots.release();
		expect(started).toEqual(['a', 'b', 'c', 'd']);
		expect(slots.inFlight).toBe(1);
	});

	it('bounds parked items per slot, and the bound follows a resize', () => {
		const started: string[] = [];
		const slots = createSlots<string>(1, item => started.push(item), 2);
		for (const item of ['a', 'b', 'c', 'd', 'e']) slots.acquire(item);
		slots.park('a');
		slots.park('b');
		// Two parked per slot at most: c keeps its slot however long it waits.
		slots.park('c');
		expect(slots.parked).toBe(2);
		expect(started).toEqual(['a', 'b', 'c']);
		slots.resize(2);
		expect(started).toEqual(['a', 'b', 'c', 'd']);
		slots.park('c');
		expect(slots.parked).toBe(3);
		expect(started).toEqual(['a', 'b', 'c', 'd', 'e']);
	});
});
