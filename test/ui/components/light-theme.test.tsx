import {afterEach, describe, expect, it, vi} from 'vitest';

vi.hoisted(() => {
	// A 256-colour terminal, as most are (TERM=xterm-256color): the light palette's colours are drawn as they are.
	process.env['FORCE_COLOR'] = '2';
});

import {cleanup} from 'ink-testing-library';
import {makeSnapshot} from '../helpers.js';
import {largeFleet} from '../fleet.js';
import {mount} from '../mount.js';

afterEach(() => {
	cleanup();
});

// eslint-disable-next-line no-control-regex
const slowWord = (sgr: string) => new RegExp(`\\u001B\\[${sgr}m[^\\u001B]*◔ slow`);
// eslint-disable-next-line no-control-regex
const sparkBars = (sgr: string) => new RegExp(`\\u001B\\[${sgr}m *[▁▂▃▄▅▆▇█]`);

describe('light theme on a 256-colour terminal', () => {
	it.each([
		['dark', '33', '36'],
		['light', '38;5;94', '38;5;31'],
	] as const)('draws the slow state and the sparkline bars of a %s background in their own colours', (background, slow, accent) => {
		const screen = mount(makeSnapshot(largeFleet(10)), {color: true, background, columns: 160, rows: 30});
		expect(screen.raw()).toMatch(slowWord(slow));
		expect(screen.raw()).toMatch(sparkBars(accent));
	});

	it('draws neither yellow nor cyan on a light background, in the table, the help or the paused banner', async () => {
		const screen = mount(makeSnapshot(largeFleet(10), {isPaused: true}), {color: true, background: 'light', columns: 160, rows: 30});
		// eslint-disable-next-line no-control-regex
		expect(screen.raw()).not.toMatch(/\u001B\[(?:[\d;]*;)?(?:33|36)m/);
		await screen.press('?');
		// eslint-disable-next-line no-control-regex
		expect(screen.raw()).not.toMatch(/\u001B\[(?:[\d;]*;)?(?:33|36)m/);
		expect(screen.raw()).toContain('\u001B[38;5;31m');
	});
});
