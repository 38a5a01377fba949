import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {DetailPane} from '../../../source/ui/components/DetailPane.js';
import type {Segment} from '../../../source/ui/components/Line.js';
import {createTheme} from '../../../source/ui/theme.js';
import {largeFleet} from '../fleet.js';
import {keys, makeSnapshot, stripStyles} from '../helpers.js';
import {mount} from '../mount.js';

afterEach(() => {
	cleanup();
});

const theme = createTheme({color: false, ascii: false});
const title: Segment[] = [{text: '✗ failing for 8m  orders-db-2'}];
const lines: Segment[][] = [title, ...Array.from({length: 39}, (_, index) => [{text: `line ${index + 2}`}])];
const paneLines = (offset: number, pinnedLines = 1) => {
	const {lastFrame} = render(<DetailPane lines={lines} pinnedLines={pinnedLines} offset={offset} width={60} height={6} placement="side" theme={theme} />);
	return stripStyles(lastFrame() ?? '').split('\n').map(line => line.replace(/^│ /, '').trimEnd());
};

describe('the detail pane\'s title', () => {
	it('stays on the pane\'s first line while the rest scrolls, as a pager keeps its header', () => {
		expect(paneLines(3)).toEqual([
			'✗ failing for 8m  orders-db-2',
			'line 5',
			'line 6',
			'line 7',
			'line 8',
			'lines 5-8 of 40 · J/ctrl-d/PgDn: 32 more below',
		]);
	});

	it('counts the lines shown from the first, title and all, before any scrolling', () => {
		expect(paneLines(0).at(-1)).toBe('lines 1-5 of 40 · J/ctrl-d/PgDn: 35 more below');
	});

	it('scrolls to the last line under the title', () => {
		const shown = paneLines(1000);
		expect(shown[0]).toBe('✗ failing for 8m  orders-db-2');
		expect(shown.at(-2)).toBe('line 40');
		expect(shown.at(-1)).toBe('lines 37-40 of 40 · K/ctrl-u/PgUp: back up');
	});
});

describe('the check the details are about, once they are scrolled', () => {
	it('is named at the top of a pane that fills the screen (80x24)', async () => {
		// The title scrolled away with the rest, the table was hidden: y, r and M acted on a check named nowhere.
		const screen = mount(makeSnapshot(largeFleet(40)), {columns: 80, rows: 24});
		await screen.press('g', 'j', 'j', 'j', 'j', 'j', keys.enter);
		// Under the header: the pane has no rule above it where it fills the screen.
		const name = /\s{2}(service \d\d)/.exec(screen.lines()[1] ?? '')?.[1];
		expect(name).toMatch(/service \d\d/);
		await screen.press('J');
		const lines = screen.lines();
		expect(lines.join('\n')).toMatch(/lines \d+-\d+ of \d+/);
		expect(lines.join('\n')).not.toContain('lines 1-');
		expect(lines[1]).toContain(name);
	});

	it('is named at the top of the pane beside the table after PgDn (120x30)', async () => {
		const screen = mount(makeSnapshot(largeFleet(40)), {columns: 120, rows: 30});
		await screen.press('g', 'j', 'j', 'j', 'j', 'j', keys.enter);
		const name = /│ \S+ \S+.*?\s{2}(service \d\d)/.exec(screen.lines()[1] ?? '')?.[1];
		expect(name).toMatch(/service \d\d/);
		await screen.press(keys.pageDown);
		expect(screen.frame()).not.toContain('lines 1-');
		expect(screen.lines()[1]).toMatch(new RegExp(`│ \\S+ \\S+ for 1m  ${name}`));
	});
});
