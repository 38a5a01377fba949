import {describe, expect, it} from 'vitest';
import type {State, Transition} from '../../../source/monitor/types.js';
import {flapOf, flapWorstState} from '../../../source/ui/view/flap-run.js';
import {baseAt, makeRow} from '../helpers.js';

/** `count` changes between up and `bad`, 10 s apart, the newest `ageMs` before baseAt, newest first. */
function changes(count: number, ageMs: number, bad: State = 'failing'): Transition[] {
	return Array.from({length: count}, (_, index) => {
		const isToBad = index % 2 === 1;
		return {at: baseAt - ageMs - index * 10_000, from: isToBad ? 'up' : bad, to: isToBad ? bad : 'up'};
	});
}

const row = (transitions: readonly Transition[], state: State = 'up', intervalMs = 10_000) => makeRow({name: 'flapper', state, check: {intervalMs}, view: {transitions}});

describe('flapWorstState', () => {
	it('calls four changes in a row flapping, with the worst state among them, and three not', () => {
		expect(flapWorstState(row(changes(4, 0)), baseAt)).toBe('failing');
		expect(flapWorstState(row(changes(4, 0, 'slow')), baseAt)).toBe('slow');
		expect(flapWorstState(row(changes(3, 0)), baseAt)).toBeUndefined();
	});

	it('keeps a row flapping until it has held its state for two minutes', () => {
		expect(flapWorstState(row(changes(6, 119_999)), baseAt)).toBe('failing');
		expect(flapWorstState(row(changes(6, 120_000)), baseAt)).toBeUndefined();
	});

	it('waits three intervals rather than two minutes for a check probed less often than every 40 s', () => {
		const slowChanges = changes(4, 0).map((transition, index) => ({...transition, at: baseAt - index * 60_000}));
		expect(flapWorstState(row(slowChanges, 'up', 60_000), baseAt + 179_999)).toBe('failing');
		expect(flapWorstState(row(slowChanges, 'up', 60_000), baseAt + 180_000)).toBeUndefined();
	});

	it('counts only the newest changes that are close together, and not the first result', () => {
		const spread = changes(4, 0).map((transition, index) => (index === 3 ? {...transition, at: transition.at - 120_001} : transition));
		expect(flapWorstState(row(spread), baseAt)).toBeUndefined();
		const started: Transition[] = [...changes(3, 0), {at: baseAt - 30_000, from: 'pending', to: 'failing'}];
		expect(flapWorstState(row(started), baseAt)).toBeUndefined();
	});
});

describe('flapOf', () => {
	it('counts a flap\'s changes from its first, and those the bounded list dropped when the run goes on into them', () => {
		expect(flapOf(row(changes(6, 0)), baseAt)).toEqual({worst: 'failing', count: 6, firstAt: baseAt - 50_000, latestAt: baseAt});
		const cut = makeRow({name: 'flapper', state: 'up', check: {intervalMs: 10_000}, view: {transitions: changes(6, 0), cutRun: {count: 25, since: baseAt - 400_000, lastAt: baseAt - 60_000}}});
		expect(flapOf(cut, baseAt)).toEqual({worst: 'failing', count: 31, firstAt: baseAt - 400_000, latestAt: baseAt});
		// A dropped run that ended more than the gap before the oldest change kept is another run.
		const apart = makeRow({name: 'flapper', state: 'up', check: {intervalMs: 10_000}, view: {transitions: changes(6, 0), cutRun: {count: 25, since: baseAt - 900_000, lastAt: baseAt - 170_001}}});
		expect(flapOf(apart, baseAt)?.count).toBe(6);
	});
});
