import {describe, expect, it} from 'vitest';
import {createTheme} from '../../../source/ui/theme.js';
import {goToCheckIntent} from '../../../source/ui/view/go-to-check.js';
import {initialViewState} from '../../../source/ui/view/view-reducer.js';
import {baseAt, makeRow, makeSnapshot} from '../helpers.js';

describe('goToCheckIntent', () => {
	// The newest event, under the cursor, is eu-west-1's; a filter "us-east-1 primary health" hides its row.
	const snapshot = makeSnapshot([
		makeRow({name: 'payments-api eu-west-1 primary health', state: 'failing', view: {transitions: [{at: baseAt - 10_000, from: 'up', to: 'failing'}]}}),
		makeRow({name: 'payments-api us-east-1 primary health', view: {transitions: [{at: baseAt - 600_000, from: 'pending', to: 'up'}]}}),
	]);
	const view = {...initialViewState, filter: 'us-east-1 primary health', eventsOpen: true};

	it.each([
		['--ascii', createTheme({color: false, ascii: true}), /^filter "us-east-1 ~ry health" cleared: it hid [^~]*~eu-west-1~/],
		['UTF-8', createTheme({color: false, ascii: false}), /^filter "us-east-1 …ry health" cleared: it hid [^…]*…eu-west-1…/],
	])('cuts the filter and the check it cleared with the theme\'s ellipsis (%s)', (_name, theme, notice) => {
		const {intent, notice: said} = goToCheckIntent(snapshot, view, theme.ellipsis);
		expect(intent).toMatchObject({type: 'goToCheck', clearFilter: true});
		expect(said).toMatch(notice);
	});
});
