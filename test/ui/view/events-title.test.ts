import {describe, expect, it} from 'vitest';
import {displayWidth} from '../../../source/ui/text.js';
import {eventsTitle} from '../../../source/ui/view/events-title.js';

describe('eventsTitle', () => {
	it('says everything when it fits', () => {
		expect(eventsTitle(0, 100)).toBe('events, newest first (j/k move, e or esc closes)');
		expect(eventsTitle(12, 100)).toBe('events, newest first, 12 newer above (j/k move, e or esc closes)');
	});

	it.each([
		[60, 12, 'events, newest first, 12 newer above (e or esc closes)'],
		[40, 12, 'events, newest first, 12 newer above'],
		[30, 12, 'events, 12 newer above'],
		[20, 12, 'events'],
		[47, 0, 'events, newest first (e or esc closes)'],
	])('at %i columns with %i newer above, the key hint gives way before the count: "%s"', (width, newerAbove, title) => {
		expect(eventsTitle(newerAbove, width)).toBe(title);
	});

	it('never cuts a word, and never runs past the width', () => {
		for (let width = 6; width <= 80; width++) {
			const title = eventsTitle(123, width);
			expect(displayWidth(title)).toBeLessThanOrEqual(width);
			expect(title).not.toContain('…');
		}

		expect(eventsTitle(1, 3, '~')).toBe('ev~');
	});
});
