import {describe, expect, it} from 'vitest';
import type {State, Transition} from '../../../source/monitor/types.js';
import {flapRunGapMs} from '../../../source/monitor/flap-run.js';
import {listEvents} from '../../../source/ui/view/event-list.js';
import {flapOf, flapWorstState} from '../../../source/ui/view/flap-run.js';
import {baseAt, engineChanges, makeCheck, makeRow, makeSnapshot} from '../helpers.js';

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

	it('answers a row that has held its state, as the table sorts every row on every snapshot, from its newest change alone', () => {
		// Its 20 kept changes are an hour old. Splitting them into runs on every snapshot cost 2.4 ms per 2,000 rows;
		// a list that lets only its newest change be read shows the answer needs no more (timing belongs in npm run bench).
		const transitions = changes(20, 3_600_000);
		const newestOnly = new Proxy(transitions, {
			get(target, key, receiver) {
				if (key === '0' || key === 'length') return Reflect.get(target, key, receiver);
				if (key === Symbol.iterator) return function * () {
					yield target[0];
					throw new Error('read past the newest change');
				};

				if (typeof key === 'string' && /^\d+$/.test(key)) throw new Error(`read change ${key}`);
				return Reflect.get(target, key, receiver);
			},
		});
		expect(flapWorstState(makeRow({name: 'held', view: {transitions: newestOnly}}), baseAt)).toBeUndefined();
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

describe('one run, as the table, the detail pane and the events view read it', () => {
	const check = makeCheck({name: 'flapper'});
	/** A check that came up, then changed state at each of `changeAts`, as the engine keeps it. */
	const engineRow = (changeAts: readonly number[]) => makeRow({name: 'flapper', view: engineChanges(check, baseAt - 3_600_000, changeAts)});
	const flapLines = (view: ReturnType<typeof engineRow>, at: number) => listEvents(makeSnapshot([view], {at})).filter(item => item.kind === 'flapping');
	const apart = (stepMs: number, count: number) => Array.from({length: count}, (_, index) => baseAt - ((count - 1 - index) * stepMs));

	it('takes in a change exactly flapRunGapMs after the one before, and not one a millisecond later', () => {
		expect(flapRunGapMs(check)).toBe(120_000);
		const exactly = engineRow(apart(120_000, 4));
		expect(flapWorstState(exactly, baseAt + 1000)).toBe('failing');
		expect(flapOf(exactly, baseAt + 1000)?.count).toBe(4);
		expect(flapLines(exactly, baseAt + 1000).map(item => item.kind === 'flapping' && item.count)).toEqual([4]);
		const later = engineRow(apart(120_001, 4));
		expect(flapOf(later, baseAt + 1000)).toBeUndefined();
		expect(flapLines(later, baseAt + 1000)).toEqual([]);
	});

	it('goes on from the changes the bounded list dropped when the oldest kept came exactly flapRunGapMs after them', () => {
		// 25 changes 2 minutes apart: 20 kept, the first 5 dropped (and the coming up), one run of 25 for every view.
		const outgrown = engineRow(apart(120_000, 25));
		expect(outgrown.cutRun).toMatchObject({count: 5});
		expect(flapOf(outgrown, baseAt + 1000)).toMatchObject({count: 25, firstAt: baseAt - (24 * 120_000)});
		expect(flapLines(outgrown, baseAt + 1000)).toMatchObject([{count: 25, since: baseAt - (24 * 120_000)}]);
	});

	it('counts the dropped changes a run goes on from before it decides whether the row flaps, as the events view does', () => {
		// Three kept changes that go on from five dropped: one run of eight, so a flap in both.
		const view = makeRow({name: 'flapper', state: 'up', check: {intervalMs: 10_000}, view: {transitions: changes(3, 0), cutRun: {count: 5, since: baseAt - 200_000, lastAt: baseAt - 30_000}}});
		expect(flapLines(view, baseAt + 1000)).toMatchObject([{count: 8, since: baseAt - 200_000}]);
		expect(flapOf(view, baseAt + 1000)).toMatchObject({count: 8, firstAt: baseAt - 200_000});
	});
});
