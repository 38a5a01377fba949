import {afterEach, describe, expect, it, vi} from 'vitest';

vi.hoisted(() => {
	process.env['TZ'] = 'UTC';
});

import {cleanup} from 'ink-testing-library';
import type {HttpCheck} from '../../../source/config/types.js';
import type {CheckView} from '../../../source/monitor/types.js';
import {baseAt, engineChanges, makeRow} from '../helpers.js';
import {mount} from '../mount.js';
import {makeSnapshot} from '../helpers.js';

afterEach(() => {
	cleanup();
});

const started = baseAt - 600_000;

/** A check that came up at the start, then changed state at each of `changeAts` (failing first), as the engine keeps it. */
function flapped(name: string, changeAts: readonly number[]): CheckView {
	const row = makeRow({name});
	return {...row, ...engineChanges(row.check as HttpCheck, started, changeAts)};
}

/** `count` times from `firstAt`, `stepMs` apart. */
const every = (firstAt: number, stepMs: number, count: number) => Array.from({length: count}, (_, index) => firstAt + (index * stepMs));

describe('the events view at 80 columns', () => {
	it('drops a reason that only a lone "…" of would fit, and keeps the state a flapping check is in now whole', async () => {
		// In a walk at 80 columns: "flappy 1  flapping: 9 changes since 03:05:39, now failing…" (the reason cut to
		// its ellipsis, which reads as part of the state) and, a character longer, "…, now failin…".
		const screen = mount(makeSnapshot([
			flapped('flappy 0', every(baseAt - 58_000, 5000, 11)),
			flapped('flappy 1', every(baseAt - 49_000, 5000, 9)),
			makeRow({name: 'orders api', state: 'failing', view: {transitions: [{at: baseAt - 100_000, from: 'up', to: 'failing', reason: {code: 'refused', message: 'connection refused'}}]}}),
		]), {columns: 80, rows: 24});
		await screen.press('e');
		const lines = screen.lines();
		expect(lines.find(line => line.includes('flappy 0  flapping'))).toMatch(/flappy 0 {2}flapping: 10 changes since \d\d:\d\d:\d\d, now failing *$/);
		expect(lines.find(line => line.includes('flappy 1  flapping'))).toMatch(/flappy 1 {2}flapping: 8 changes since \d\d:\d\d:\d\d, now failing *$/);
		// Where more of it fits, the reason stays, cut at its end.
		expect(lines.find(line => line.includes('flappy 1  up → failing'))).toMatch(/flappy 1 {2}up → failing after 9m 11s {2}status 503, expected…$/);
		expect(lines.find(line => line.includes('orders api'))).toMatch(/orders api {2}up → failing {2}connection refused *$/);
		for (const line of lines) expect(line).not.toMatch(/(?:pending|up|slow|warn|failing|unknown)… *$/);
	});
});
