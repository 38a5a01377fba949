import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {DetailPane} from '../../../source/ui/components/DetailPane.js';
import type {Segment} from '../../../source/ui/components/Line.js';
import {createTheme} from '../../../source/ui/theme.js';
import {stripStyles} from '../helpers.js';

afterEach(() => {
	cleanup();
});

const theme = createTheme({color: false, ascii: false});
const lines: Segment[][] = Array.from({length: 40}, (_, index) => [{text: `line ${index + 1}`}]);
const statusOf = (width: number, offset = 0) => {
	const {lastFrame} = render(<DetailPane lines={lines} offset={offset} width={width} height={6} placement="side" theme={theme} />);
	return stripStyles(lastFrame() ?? '').split('\n').at(-1)!.replace(/^│ /, '').trimEnd();
};

describe('the detail pane\'s status line', () => {
	it('names PgDn and PgUp, which page the pane, beside J/ctrl-d and K/ctrl-u', () => {
		expect(statusOf(60)).toBe('lines 1-5 of 40 · J/ctrl-d/PgDn: 35 more below');
		expect(statusOf(60, 40)).toBe('lines 36-40 of 40 · K/ctrl-u/PgUp: back up');
	});

	it('leaves PgDn out where the line would not fit, rather than cut how many lines are below', () => {
		expect(statusOf(45)).toBe('lines 1-5 of 40 · J/ctrl-d: 35 more below');
	});
});
