import {describe, expect, it} from 'vitest';
import type {Marker} from '../../source/monitor/types.js';
import {withoutRepeatedVersionChanges} from '../../source/monitor/version-markers.js';

describe('withoutRepeatedVersionChanges', () => {
	it('keeps each version change once across writers, a writer\'s own repeat as a new deploy, and other markers', () => {
		const writers = new Map<Marker, string>();
		const marker = (at: number, label: string, writer: string, extra: Partial<Marker> = {checkId: 'api', source: 'version'}): Marker => {
			const made = {at, label, source: 'version', ...extra} as Marker;
			writers.set(made, writer);
			return made;
		};

		const markers = [
			marker(1, 'api 1.0 → 1.1', 'A'),
			marker(2, 'api 1.0 → 1.1', 'B'),
			marker(3, 'web 2 → 3', 'B', {checkId: 'web', source: 'version'}),
			marker(4, 'deploy', 'A', {source: 'command'}),
			marker(5, 'deploy', 'B', {source: 'command'}),
			marker(6, 'api 1.1 → 1.0', 'A'),
			marker(7, 'api 1.1 → 1.0', 'A'),
			marker(8, 'api 1.1 → 1.0', 'B'),
		];
		expect(withoutRepeatedVersionChanges(markers, writers).map(kept => kept.at)).toEqual([1, 3, 4, 5, 6, 7]);
	});

	it('looks at a few markers for each, not back through every other check\'s (a fleet\'s history holds thousands)', () => {
		let reads = 0;
		const writers = new Map<Marker, string>();
		const markers: Marker[] = [];
		for (let deploy = 0; deploy < 3; deploy++) {
			for (let check = 0; check < 500; check++) {
				for (const writer of ['A', 'B']) {
					const marker = {at: deploy * 10_000 + check, label: `c${check} ${deploy}`, checkId: `c${check}`} as Marker;
					Object.defineProperty(marker, 'source', {enumerable: true, get: () => {
						reads++;
						return 'version';
					}});
					markers.push(marker);
					writers.set(marker, writer);
				}
			}
		}

		expect(withoutRepeatedVersionChanges(markers, writers)).toHaveLength(1500);
		expect(reads).toBeLessThan(5 * markers.length);
	});
});
