import {displayWidth, fit} from '../text.js';

/**
 * The events list's title, whole at any width: parts give way in order (the key hint shortens, then goes,
 * then "newest first"), so a narrow screen says less rather than cut a word. `newerAbove` is how many events
 * the list has scrolled past (0 at the top).
 */
export function eventsTitle(newerAbove: number, width: number, ellipsis = '…'): string {
	const scrolled = newerAbove > 0 ? `, ${newerAbove} newer above` : '';
	const candidates = [
		`events, newest first${scrolled} (j/k move, e or esc closes)`,
		`events, newest first${scrolled} (e or esc closes)`,
		`events, newest first${scrolled}`,
		`events${scrolled}`,
		'events',
	];
	// Only a screen too narrow for the word "events" itself is cut.
	return candidates.find(text => displayWidth(text) <= width) ?? fit('events', width, ellipsis);
}
