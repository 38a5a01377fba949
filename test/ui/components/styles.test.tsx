import {afterEach, describe, expect, it, vi} from 'vitest';

vi.hoisted(() => {
	// Make Ink's colour library emit SGR codes under the test runner, so "no colour" is a real claim.
	process.env['FORCE_COLOR'] = '1';
});

import {cleanup} from 'ink-testing-library';
import {baseAt, keys, makeSnapshot, type RowInput} from '../helpers.js';
import {largeFleet} from '../fleet.js';
import {mount} from '../mount.js';

afterEach(() => {
	cleanup();
});

// eslint-disable-next-line no-control-regex
const sgr = /\u001B\[[\d;]*m/;
// eslint-disable-next-line no-control-regex
const anyEscape = /\u001B/;

const hostile: RowInput[] = [
	{
		name: 'café \u001B[2J\u001B]0;pwned\u0007 api',
		state: 'failing',
		group: 'paiements',
		owner: '@équipe\u009B31m',
		check: {runbook: 'https://runbooks.example/café\u001B]8;;evil\u001B\\', rollback: 'helm rollback\u0007 now'},
	},
	{name: '支付服务', state: 'up'},
];

describe('colour', () => {
	it('draws states in colour when colour is on', () => {
		const screen = mount(makeSnapshot(largeFleet(10)), {color: true});
		expect(screen.raw()).toMatch(sgr);
	});

	it.each([['table', []], ['detail pane', [keys.enter]], ['help', ['?']], ['filter', ['/', 'x']], ['events', ['e']], ['marker prompt', ['m', 'x']]])('writes no SGR code without colour (%s)', async (_name, pressed) => {
		const screen = mount(makeSnapshot(largeFleet(10), {isPaused: true}), {color: false, banner: 'reload failed'});
		await screen.press(...pressed);
		expect(screen.raw()).not.toMatch(anyEscape);
		expect(screen.raw()).toContain('PAUSED');
	});

	it('draws secondary text (owners, the clock, pending) faint, not in bright black, the background of Solarized Dark', () => {
		const screen = mount(makeSnapshot(largeFleet(10)), {color: true, columns: 200, rows: 30});
		// eslint-disable-next-line no-control-regex
		expect(screen.raw()).not.toMatch(/\u001B\[90m/);
		// eslint-disable-next-line no-control-regex
		expect(screen.raw()).toMatch(/\u001B\[2m[^\u001B]*@team-1-oncall/);
	});

	it('draws slow in grey and the sparkline bars in blue on a light background of a 16-colour terminal (not black, which is plain text, nor yellow and cyan, nor red, the colour of failing)', () => {
		const screen = mount(makeSnapshot(largeFleet(10)), {color: true, background: 'light', hasOnly16Colours: true, columns: 160, rows: 30});
		// eslint-disable-next-line no-control-regex
		expect(screen.raw()).toMatch(/\u001B\[90m[^\u001B]*◔ slow/);
		// eslint-disable-next-line no-control-regex
		expect(screen.raw()).not.toMatch(/\u001B\[30m[^\u001B]*◔ slow/);
		// eslint-disable-next-line no-control-regex
		expect(screen.raw()).toMatch(/\u001B\[34m *[▁▂▃▄▅▆▇█]/);
		// eslint-disable-next-line no-control-regex
		expect(screen.raw()).not.toMatch(/\u001B\[(?:33|36)m/);
	});

	it('gives slow a 16-colour code of its own on a light background, apart from up, warn, failing, paused and the sparkline bars', () => {
		const screen = mount(makeSnapshot(largeFleet(10), {isPaused: true}), {color: true, background: 'light', hasOnly16Colours: true, columns: 160, rows: 30});
		// The last SGR colour code before `text`, with nothing but text between them.
		// eslint-disable-next-line no-control-regex
		const codeBefore = (text: string): string | undefined => new RegExp(`\u001B\\[(\\d+)m[^\u001B]*${text}`).exec(screen.raw())?.[1];
		const codes = {slow: codeBefore('◔ slow'), up: codeBefore('✓ up'), warn: codeBefore('! warn'), failing: codeBefore('✗ failing'), paused: codeBefore(' PAUSED '), bars: codeBefore('[▁▂▃▄▅▆▇█]')};
		expect(codes).toEqual({slow: '90', up: '32', warn: '35', failing: '31', paused: '30', bars: '34'});
		expect(new Set(Object.values(codes)).size).toBe(Object.keys(codes).length);
	});

	// No hue of the 16 is left for paused on a light background (slow took grey), and grey would be wrong for it: the
	// deploy markers in the sparklines take paused's colour and would pass for slow samples, and a screen that stopped
	// probing must not look faded. Black bold is how the banner reads without colour, beside the header's inverse block.
	it('draws the paused banner bold in black, apart from slow, and the header\'s PAUSED block inverse, on a light background of a 16-colour terminal', () => {
		const screen = mount(makeSnapshot(largeFleet(10), {isPaused: true}), {color: true, background: 'light', hasOnly16Colours: true, columns: 160, rows: 30});
		// The SGR codes that open `text`, with nothing but text between them and it.
		// eslint-disable-next-line no-control-regex
		const codesBefore = (text: string): string[] => /((?:\u001B\[\d+m)+)[^\u001B]*$/.exec(screen.raw().split(text)[0] ?? '')?.[1]?.match(/\d+/g) ?? [];
		expect(codesBefore('⏸ PAUSED')).toEqual(expect.arrayContaining(['1', '30']));
		expect(codesBefore('⏸ PAUSED')).not.toContain('90');
		expect(codesBefore(' PAUSED ')).toEqual(expect.arrayContaining(['7', '30']));
	});

	it('marks the selected row with a cursor, not only inverse video', () => {
		const screen = mount(makeSnapshot(largeFleet(10)), {color: false});
		expect(screen.selectedLine()).toContain('failing');
	});
});

describe('ASCII mode', () => {
	it.each([['table', []], ['detail pane', [keys.enter]], ['help', ['?']], ['folded group', [keys.tab]], ['events', ['e']], ['marker prompt', ['m', 'é']]])('draws only ASCII (%s)', async (_name, pressed) => {
		const screen = mount(makeSnapshot([...hostile, ...largeFleet(10)], {isPaused: true}), {ascii: true, columns: 200, rows: 50});
		await screen.press(...pressed);
		expect(screen.frame()).toMatch(/^[\n\u0020-\u007E]*$/);
		expect(screen.frame()).toContain('failing');
	});

	// `--ascii` promises the screen ASCII (README); notices built with a literal `…` (the marker prompt and its
	// notice on a long name, the note that enter in the events view cleared a filter) relied on Line's stand-in.
	const alike: RowInput[] = [
		{name: 'payments-api eu-west-1 primary health café', state: 'failing', view: {transitions: [{at: baseAt - 10_000, from: 'up', to: 'failing'}]}},
		{name: 'payments-api us-east-1 primary health café', view: {transitions: [{at: baseAt - 600_000, from: 'pending', to: 'up'}]}},
	];
	const markers = [{at: baseAt - 5000, label: 'rollback of the payments api to the previous release → 1.5.0', checkId: 'x', checkName: 'payments-api eu-west-1 primary health café', source: 'key' as const}];
	it.each([
		['the table', [], 'failing'],
		['the details', [keys.enter], 'runbook'],
		['help', ['?'], 'keys'],
		['the events view', ['e'], 'events, newest first'],
		['the filter prompt', ['/', 'é'], '/e'],
		['the marker prompt on a long name', ['M', ...'rolled out 1.5.0 -> 1.5.1'], 'marker note for'],
		['the notice of a marker added on a long name', ['M', ...'rolled out -> 1.5.1', keys.enter], 'deploy marker added for'],
		['the notice of a filter cleared by enter in the events view', ['/', ...'us-east-1', keys.enter, 'e', 'j', keys.enter], 'cleared: it hid'],
	])('writes only ASCII bytes in %s, at 60, 80 and 200 columns', async (_name, pressed, shown) => {
		for (const [columns, rows] of [[60, 15], [80, 24], [200, 50]] as const) {
			const screen = mount(makeSnapshot([...alike, ...hostile], {isPaused: true, markers}), {ascii: true, columns, rows, banner: 'reload failed: checks.yaml:3: “name” is missing — fix it…'});
			// eslint-disable-next-line no-await-in-loop
			await screen.press(...pressed);
			const raw = screen.raw();
			expect(raw, `${columns}×${rows}`).toContain(shown);
			expect([...raw].filter(character => character.codePointAt(0)! >= 0x80), `${columns}×${rows}:\n${raw}`).toEqual([]);
			cleanup();
		}
	});

	it('writes the signs of a config error in the banner as ASCII, on as many lines as the layout counts', () => {
		// An invalid edit's error kept on screen said `failDays ? warnDays` on LANG=C.
		const banner = 'config not reloaded: checks.yaml:4:60: failDays 20 is greater than warnDays 14; hint: a certificate should warn before it fails: failDays ≤ warnDays';
		for (const columns of [60, 80, 200]) {
			const screen = mount(makeSnapshot(largeFleet(3)), {ascii: true, columns, rows: 15, banner});
			expect(screen.frame(), `at ${columns}`).toMatch(/failDays\s+<=\s+warnDays/);
			expect(screen.frame().split('\n'), `at ${columns}`).toHaveLength(15);
			cleanup();
		}
	});

	it('uses the ASCII sparkline', () => {
		const screen = mount(makeSnapshot(largeFleet(10)), {ascii: true});
		expect(screen.frame()).toMatch(/[_.\-=#]{6,}/);
	});
});

describe('untrusted text', () => {
	it('never writes a control character from check config, in the table or the detail pane', async () => {
		const screen = mount(makeSnapshot(hostile), {color: false, columns: 200, rows: 50});
		expect(screen.raw()).not.toMatch(anyEscape);
		expect(screen.raw()).toContain('café ^[[2J');
		await screen.press(keys.enter);
		expect(screen.raw()).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
		expect(screen.raw()).toContain('helm rollback^G now');
	});

	it('links the runbook with OSC 8 only when the terminal supports it', async () => {
		const linked = mount(makeSnapshot(hostile.slice(0, 1)), {color: false, hyperlinks: true, columns: 200, rows: 50});
		await linked.press(keys.enter);
		const raw = linked.raw();
		expect(raw).toContain('\u001B]8;;https://runbooks.example/café^[]8;;evil^[\\\u001B\\');
		// The only escapes are the link's own opening and closing sequences.
		expect(raw.match(/\u001B/g)).toHaveLength(4);

		const plain = mount(makeSnapshot(hostile.slice(0, 1)), {color: false, hyperlinks: false, columns: 200, rows: 50});
		await plain.press(keys.enter);
		expect(plain.raw()).not.toMatch(anyEscape);
		expect(plain.raw()).toContain('https://runbooks.example/café');
	});

	it('keeps wide names inside their column', () => {
		const screen = mount(makeSnapshot(hostile), {color: false, columns: 60, rows: 15});
		const line = screen.lines().find(candidate => candidate.includes('支付'))!;
		expect(line).toBeDefined();
		expect(screen.lines().every(candidate => candidate.length <= 60)).toBe(true);
	});
});
