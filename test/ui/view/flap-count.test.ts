import {describe, expect, it, vi} from 'vitest';

vi.hoisted(() => {
	process.env['TZ'] = 'UTC';
});

import type {HttpCheck} from '../../../source/config/types.js';
import {createTheme} from '../../../source/ui/theme.js';
import {detailLines} from '../../../source/ui/view/detail-lines.js';
import {eventLines} from '../../../source/ui/view/event-lines.js';
import {baseAt, engineChanges, makeRow, makeSnapshot} from '../helpers.js';

const theme = createTheme({color: false, ascii: false});
const text = (lines: ReadonlyArray<ReadonlyArray<{readonly text: string}>>) => lines.map(line => line.map(segment => segment.text).join(''));

/** A check up from ten minutes before, then changing state every 5 s `changes` times, as the engine keeps it. */
function flapping(changes: number) {
	const row = makeRow({name: 'search api'});
	const changeAts = Array.from({length: changes}, (_, index) => baseAt - (changes * 5000) + (index * 5000));
	return {...row, ...engineChanges(row.check as HttpCheck, baseAt - 600_000, changeAts)};
}

describe('a flap\'s count', () => {
	// The events view said "flapping: 18 changes" where the detail pane said "19 changes" for the same flap, and
	// jumped to "20" when one more change dropped the run's first from the row's list.
	it.each([5, 19, 20, 22])('is the same number in the events view and the detail pane after %i changes', changes => {
		const row = flapping(changes);
		const snapshot = makeSnapshot([row], {at: baseAt});
		const events = text(eventLines(snapshot, {width: 120, theme})).find(line => line.includes('flapping:'));
		const detail = text(detailLines(row, {width: 120, now: baseAt, theme, hyperlinks: false})).find(line => line.startsWith('flapping'));
		expect(events).toMatch(new RegExp(`flapping: ${changes} changes`));
		expect(detail).toMatch(new RegExp(`^flapping +${changes} changes`));
	});
});
