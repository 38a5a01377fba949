import {describe, expect, it} from 'vitest';
import type {State} from '../../source/monitor/types.js';
import {sparkCells, sparkScale} from '../../source/ui/sparkline.js';
import {createTheme} from '../../source/ui/theme.js';

const states: State[] = ['pending', 'up', 'slow', 'warn', 'failing'];

describe('theme', () => {
	it.each(states)('gives %s a glyph and its word, so the state never rests on colour alone', state => {
		for (const theme of [createTheme({color: true, ascii: false}), createTheme({color: false, ascii: true})]) {
			const style = theme.state(state);
			expect(style.word).toBe(state);
			expect(style.glyph.length).toBeGreaterThan(0);
		}
	});

	it('gives every state a distinct glyph in both glyph sets', () => {
		for (const ascii of [false, true]) {
			const theme = createTheme({color: true, ascii});
			expect(new Set(states.map(state => theme.state(state).glyph)).size).toBe(states.length);
		}
	});

	it('has no colours without colour', () => {
		const theme = createTheme({color: false, ascii: false});
		expect(states.map(state => theme.state(state).colour)).toEqual(states.map(() => undefined));
		expect(theme.role('accent')).toBeUndefined();
	});

	it.each(['dark', 'light'] as const)('draws no text in white or black, which vanish on a light or a dark terminal background (%s)', background => {
		const theme = createTheme({color: true, ascii: false, background});
		const roles = ['accent', 'muted', 'title', 'paused', 'error', 'selected'] as const;
		const verdicts = ['worse', 'better', 'no change', 'too early'] as const;
		const colours = [
			...roles.map(role => theme.role(role)),
			...states.map(state => theme.state(state).colour),
			...verdicts.map(verdict => theme.verdict(verdict).colour),
		];
		expect(colours.filter(colour => colour !== undefined && /white|black/i.test(colour))).toEqual([]);
	});

	it('draws slow, paused and the accent in darker colours than yellow and cyan on a light background', () => {
		const dark = createTheme({color: true, ascii: false, background: 'dark'});
		const light = createTheme({color: true, ascii: false, background: 'light'});
		expect([dark.state('slow').colour, dark.role('paused'), dark.role('accent'), dark.role('selected')]).toEqual(['yellow', 'yellow', 'cyan', 'cyan']);
		expect([light.state('slow').colour, light.role('paused'), light.role('accent'), light.role('selected')]).toEqual(['ansi256(94)', 'ansi256(94)', 'ansi256(31)', 'ansi256(31)']);
	});

	it.each([
		['light', true, {pending: 'dim', up: 'green', slow: 'gray', warn: 'magenta', failing: 'red', unknown: 'blue'}],
		['light', false, {pending: 'dim', up: 'green', slow: 'ansi256(94)', warn: 'magenta', failing: 'red', unknown: 'blue'}],
		['dark', true, {pending: 'dim', up: 'green', slow: 'yellow', warn: 'magenta', failing: 'red', unknown: 'blue'}],
	] as const)('colours the states of a %s background (16 colours only: %s) each apart', (background, hasOnly16Colours, expected) => {
		const theme = createTheme({color: true, ascii: false, background, hasOnly16Colours});
		const all: State[] = ['pending', 'up', 'slow', 'warn', 'failing', 'unknown'];
		expect(Object.fromEntries(all.map(state => [state, theme.state(state).colour]))).toEqual(expected);
		expect(new Set(all.map(state => theme.state(state).colour)).size).toBe(all.length);
	});

	it('keeps the light accent and paused colours on a 16-colour terminal, which round to blue and black', () => {
		const theme = createTheme({color: true, ascii: false, background: 'light', hasOnly16Colours: true});
		expect([theme.role('accent'), theme.role('selected'), theme.role('paused')]).toEqual(['ansi256(31)', 'ansi256(31)', 'ansi256(94)']);
	});

	it('keeps the dark palette when no background is given', () => {
		const theme = createTheme({color: true, ascii: false});
		expect([theme.state('slow').colour, theme.role('accent')]).toEqual(['yellow', 'cyan']);
	});

	it('draws no yellow or cyan text on a light background', () => {
		const theme = createTheme({color: true, ascii: false, background: 'light'});
		const roles = ['accent', 'muted', 'title', 'paused', 'error', 'selected'] as const;
		const colours = [...roles.map(role => theme.role(role)), ...states.map(state => theme.state(state).colour)];
		expect(colours.filter(colour => colour === 'yellow' || colour === 'cyan')).toEqual([]);
	});

	it('has no colours without colour on a light background either (NO_COLOR)', () => {
		const theme = createTheme({color: false, ascii: false, background: 'light'});
		expect(states.map(state => theme.state(state).colour)).toEqual(states.map(() => undefined));
		expect([theme.role('accent'), theme.role('paused'), theme.verdict('worse').colour]).toEqual([undefined, undefined, undefined]);
	});

	it('uses only ASCII in ASCII mode', () => {
		const theme = createTheme({color: true, ascii: true});
		const text = [
			...states.map(state => theme.state(state).glyph),
			...theme.sparkLevels,
			theme.sparkFailure,
			theme.ellipsis,
			theme.cursor,
			theme.folded,
			theme.unfolded,
			theme.dot,
			theme.arrow,
			theme.dash,
		].join('');
		expect(text).toMatch(/^[\u0020-\u007E]+$/);
	});
});

describe('sparkline', () => {
	const theme = createTheme({color: false, ascii: false});

	it('maps the lowest latency to the lowest bar and the highest to the highest', () => {
		const cells = sparkCells([10, 20, 30, 80], ['up', 'up', 'up', 'up'], 4, theme);
		expect(cells.map(cell => cell.char).join('')).toBe('▁▂▃█');
	});

	it('marks failures with their own glyph and leaves them out of the scale', () => {
		const cells = sparkCells([10, 5000, 20], ['up', 'failing', 'up'], 3, theme);
		expect(cells.map(cell => cell.char).join('')).toBe('▁✗█');
		expect(cells[1]?.isFailure).toBe(true);
		expect(sparkScale([10, 5000, 20], ['up', 'failing', 'up'])).toEqual({minMs: 10, maxMs: 20});
	});

	it('keeps the newest samples at the right edge and pads on the left', () => {
		const cells = sparkCells([10, 20, 30], ['up', 'up', 'up'], 5, theme);
		expect(cells.map(cell => cell.char).join('')).toBe('  ▁▅█');
		expect(sparkCells([1, 2, 3, 4, 5, 6], ['up', 'up', 'up', 'up', 'up', 'up'], 2, theme)).toHaveLength(2);
	});

	it('draws the ASCII levels in ASCII mode', () => {
		const ascii = createTheme({color: false, ascii: true});
		expect(sparkCells([0, 100, 50], ['up', 'failing', 'up'], 3, ascii).map(cell => cell.char).join('')).toBe('_x#');
	});
});
