import {describe, expect, it} from 'vitest';
import {freshConnectionsNote, freshConnectionsPerSecond} from '../../source/modes/connection-load.js';
import {makeCheck} from '../monitor/fixtures.js';

describe('freshConnectionsPerSecond', () => {
	it('counts http checks without keep-alive at their intervals, and nothing else', () => {
		const checks = [
			makeCheck('a', {intervalMs: 1000}),
			makeCheck('b', {intervalMs: 250}),
			makeCheck('c', {intervalMs: 1000, keepAlive: true}),
			{...makeCheck('d', {intervalMs: 100}), kind: 'tcp' as const},
		];
		expect(freshConnectionsPerSecond(checks as Parameters<typeof freshConnectionsPerSecond>[0])).toBe(5);
	});

	it('says nothing at 500 a second and speaks above it', () => {
		const at = (count: number) => Array.from({length: count}, (_, index) => makeCheck(`c${index}`, {intervalMs: 1000}));
		expect(freshConnectionsNote(at(500))).toBeUndefined();
		expect(freshConnectionsNote(at(2000))).toContain('2,000 new connections a second');
	});
});
