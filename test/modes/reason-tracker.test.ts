import {describe, expect, it} from 'vitest';
import {createReasonTracker, maxToldRows, reasonLineGapMs} from '../../source/modes/reason-tracker.js';

describe('createReasonTracker', () => {
	it('tells a new reason in the same failing state, then no other within the minute', () => {
		const tracker = createReasonTracker();
		tracker.toldState('a', 'failing', 'refused');
		expect(tracker.isNewReason('a', 'failing', 'refused', 1000)).toBe(false);
		expect(tracker.isNewReason('a', 'failing', 'expect:json', 1000)).toBe(true);
		tracker.toldReason('a', 'expect:json', 1000);
		expect(tracker.isNewReason('a', 'failing', 'refused', 2000)).toBe(false);
		expect(tracker.isNewReason('a', 'failing', 'refused', 1000 + reasonLineGapMs)).toBe(true);
	});

	it('says nothing for a state change (its own line says it), for slow or up, or for a row it has not told', () => {
		const tracker = createReasonTracker();
		expect(tracker.isNewReason('a', 'failing', 'refused', 0)).toBe(false);
		tracker.toldState('a', 'up', undefined);
		expect(tracker.isNewReason('a', 'failing', 'refused', 0)).toBe(false);
		tracker.toldState('b', 'slow', undefined);
		expect(tracker.isNewReason('b', 'slow', 'whatever', 0)).toBe(false);
		// A state line resets the minute: a new state's first reason change is told at once.
		tracker.toldState('c', 'failing', 'refused');
		tracker.toldReason('c', 'timeout:headers', 0);
		tracker.toldState('c', 'warn', 'expect:json');
		expect(tracker.isNewReason('c', 'warn', 'timeout:headers', 10)).toBe(true);
	});

	it('forgets a row once it is up, and the oldest past a bound, so series that come and go failing cannot grow it', () => {
		const tracker = createReasonTracker();
		tracker.toldState('a', 'failing', 'refused');
		tracker.toldState('a', 'up', undefined);
		expect(tracker.size).toBe(0);
		// A new pod name at every deploy, each failing once: far more rows than any snapshot holds at once.
		for (let index = 0; index < maxToldRows * 3; index++) tracker.toldState(`pods/pod-${index}`, 'failing', 'threshold');
		expect(tracker.size).toBe(maxToldRows);
		// The newest are the ones kept: a row failing now still gets its "another reason" line.
		expect(tracker.isNewReason(`pods/pod-${(maxToldRows * 3) - 1}`, 'failing', 'no_data', 0)).toBe(true);
		expect(tracker.isNewReason('pods/pod-0', 'failing', 'no_data', 0)).toBe(false);
	});
});
