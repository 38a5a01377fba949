import {afterEach, describe, expect, it} from 'vitest';
import {cleanup, render} from 'ink-testing-library';
import {Footer} from '../../../source/ui/components/Footer.js';
import type {Mode} from '../../../source/ui/keymap.js';
import {displayWidth} from '../../../source/ui/text.js';
import {createTheme} from '../../../source/ui/theme.js';
import {hasNoticeLine} from '../../../source/ui/view/status-hints.js';

afterEach(() => {
	cleanup();
});

const theme = createTheme({color: false, ascii: false});

describe('the status line', () => {
	it.each<Mode>(['table', 'detail', 'events', 'help'])('shows each key hint whole or not at all, at every width (%s)', mode => {
		// One Ink instance drawn again at each width: a new one per width took up to 35 s on a busy machine.
		const footerAt = (width: number) => <Footer mode={mode} filter='' sort='severity' position='1/501' width={width} theme={theme} />;
		const {lastFrame, rerender} = render(footerAt(30));
		for (let width = 30; width <= 100; width++) {
			rerender(footerAt(width));
			const footer = lastFrame()!;
			// The last hint that fits ends the line: its separator gives way, never its text ("f problems…").
			expect(footer, `at ${width} columns`).not.toContain('…');
			expect(displayWidth(footer)).toBeLessThanOrEqual(width);
		}
	});

	it.each([
		['a notice too long to share the line', {notice: 'not suspended: no shell with job control to come back to'}, 'not suspended: no shell with job control to come back to', /^\? help {2}q quit {2}enter details/],
		['a notice while paused', {notice: 'select a check to mark its deployment (m marks every check)', isPaused: true}, 'select a check to mark its deployment (m marks every check)', /^\? help {2}q quit {2}p resume {2}enter details/],
		['a notice wider than the screen', {notice: 'deploy marker added for payments api…t-1 primary: rolled out 1.5.0'}, 'deploy marker added for payments api…t-1 primary: rolled ou…', /^\? help {2}q quit/],
		['a long filter, only problems, and a notice', {filter: 'payments-api-eu-west-1-primary', problemsOnly: true, notice: 'rechecking payments-api-eu-west-1-primary'}, 'rechecking payments-api-eu-west-1-primary', /^filter: payments-api….*-1-primary not up only \? help {2}q quit/],
		['a long kept filter', {filter: 'payments-api-eu-west-1-primary-and-replica-pool'}, undefined, /^filter: payments-api-eu-w.*….*-pool \? help {2}q quit/],
		['a short notice', {notice: 'rechecking search'}, undefined, /^rechecking search {2}\? help {2}q quit {2}enter details/],
	])('keeps the first key hints whole at 60 columns beside %s', (_title, props, noticeLine, status) => {
		const lines = render(<Footer mode='table' filter='' sort='severity' width={60} theme={theme} {...props} />).lastFrame()!.split('\n');
		// A notice that would be cut beside the hints takes a line of its own above them.
		expect(lines).toHaveLength(noticeLine === undefined ? 1 : 2);
		if (noticeLine !== undefined) expect(lines[0]!.trimEnd()).toBe(noticeLine);
		expect(lines.at(-1)).toMatch(status);
		expect(hasNoticeLine({mode: 'table', filter: '', sort: 'severity', problemsOnly: false, isPaused: false, width: 60, isAscii: false, ...props})).toBe(noticeLine !== undefined);
		for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(60);
	});
});

describe('the status line over the detail pane', () => {
	it('says y copies the by hand command there, at 80 columns too, after the keys it had', () => {
		const footer = render(<Footer mode='detail' filter='' sort='severity' width={80} theme={theme} />).lastFrame()!;
		expect(footer).toBe('? help  q quit  esc back  / filter  s sort:severity  p pause  r recheck  y copy');
		cleanup();
		const full = render(<Footer mode='detail' isTableHidden filter='' sort='severity' width={80} theme={theme} />).lastFrame()!;
		expect(full.trimEnd()).toBe('? help  q quit  esc back  p pause  r recheck  y copy  e events');
	});

	it('leaves the hint out of the table, where the command it copies is not on the screen', () => {
		const footer = render(<Footer mode='table' filter='' sort='severity' width={100} theme={theme} />).lastFrame()!;
		expect(footer).not.toContain('y copy');
	});
});
