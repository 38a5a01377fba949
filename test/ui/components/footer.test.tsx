import {afterEach, describe, expect, it} from 'vitest';
import {cleanup, render} from 'ink-testing-library';
import {Footer} from '../../../source/ui/components/Footer.js';
import type {Mode} from '../../../source/ui/keymap.js';
import {displayWidth} from '../../../source/ui/text.js';
import {createTheme} from '../../../source/ui/theme.js';

afterEach(() => {
	cleanup();
});

const theme = createTheme({color: false, ascii: false});

describe('the status line', () => {
	it.each<Mode>(['table', 'detail', 'events', 'help'])('shows each key hint whole or not at all, at every width (%s)', mode => {
		for (let width = 30; width <= 100; width++) {
			const footer = render(<Footer mode={mode} filter='' sort='severity' position='1/501' width={width} theme={theme} />).lastFrame()!;
			// The last hint that fits ends the line: its separator gives way, never its text ("f problems…").
			expect(footer, `at ${width} columns`).not.toContain('…');
			expect(displayWidth(footer)).toBeLessThanOrEqual(width);
			cleanup();
		}
	});
});
