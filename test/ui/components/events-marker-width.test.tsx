import {afterEach, describe, expect, it, vi} from 'vitest';

vi.hoisted(() => {
	process.env['TZ'] = 'UTC';
});

import {cleanup} from 'ink-testing-library';
import {displayWidth} from '../../../source/ui/text.js';
import {baseAt, makeRow, makeSnapshot} from '../helpers.js';
import {mount} from '../mount.js';

afterEach(() => {
	cleanup();
});

const name = 'payments-api eu-west-1 primary health';
const snapshot = makeSnapshot([
	makeRow({name, state: 'failing', view: {transitions: [{at: baseAt - 10_000, from: 'up', to: 'failing', reason: {code: 'refused', message: 'connection refused'}}]}}),
	makeRow({name: 'payments-api us-east-1 primary health'}),
], {markers: [
	{at: baseAt - 5000, label: 'rollback of the payments api to the previous release after errors', checkId: name, checkName: name, source: 'key'},
	{at: baseAt - 4000, label: 'feature flag checkout-v2 turned off for every region', source: 'command'},
]});

describe('a deploy marker\'s line in the events view', () => {
	// At 60 columns, a marker made with `m` on a check with a long name read
	// "│ deploy  rollback… (key, payments-api…": the end of its scope, the check it was for, was cut.
	it.each([60, 80])('fits the screen at %i columns: the note gives way, then the check\'s name, never the source', async columns => {
		const screen = mount(snapshot, {columns, rows: 24});
		await screen.press('e');
		const lines = screen.lines();
		for (const line of lines) expect(displayWidth(line.trimEnd()), line).toBeLessThanOrEqual(columns);
		const keyed = lines.find(line => line.includes('deploy  roll'));
		expect(keyed).toMatch(/│ deploy {2}roll[^()]*\(key, [^()]*eu-west-1[^()]*\) *$/);
		const command = lines.find(line => line.includes('deploy  feature'));
		expect(command).toMatch(/│ deploy {2}feature .*\(uptop mark\) *$/);
	});
});
