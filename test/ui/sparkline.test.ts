import {describe, expect, it} from 'vitest';
import type {Marker} from '../../source/monitor/types.js';
import {markerGaps, markersOf, sparkCells, sparkMarks} from '../../source/ui/sparkline.js';
import {createTheme} from '../../source/ui/theme.js';
import {sparklineSegments} from '../../source/ui/components/Sparkline.js';
import {makeRow} from './helpers.js';

const theme = createTheme({color: false, ascii: false});
const ascii = createTheme({color: false, ascii: true});
const text = (cells: ReturnType<typeof sparkCells>) => cells.map(cell => cell.char).join('');
// Four samples started at 1000, 2000, 3000, 4000.
const values = [10, 20, 30, 80];
const states = ['up', 'up', 'up', 'up'] as const;
const sampleAt = [1000, 2000, 3000, 4000];

describe('markerGaps', () => {
	it('puts a marker before the first sample that started at or after it', () => {
		expect([...markerGaps({sampleAt, markerAt: [2500]}, 4)]).toEqual([2]);
		expect([...markerGaps({sampleAt, markerAt: [3000]}, 4)]).toEqual([2]);
		expect([...markerGaps({sampleAt, markerAt: [1001]}, 4)]).toEqual([1]);
	});

	it('puts a marker after the newest sample at the right edge, and drops one before the oldest', () => {
		expect([...markerGaps({sampleAt, markerAt: [4500]}, 4)]).toEqual([4]);
		expect([...markerGaps({sampleAt, markerAt: [500, 1000]}, 4)]).toEqual([]);
	});

	it('draws two markers in the same gap once, and nothing when the times do not match the values', () => {
		expect([...markerGaps({sampleAt, markerAt: [2200, 2700]}, 4)]).toEqual([2]);
		expect([...markerGaps({sampleAt: [1000, 2000], markerAt: [1500]}, 4)]).toEqual([]);
		expect([...markerGaps(undefined, 4)]).toEqual([]);
	});
});

describe('sparkCells with markers', () => {
	it('draws the marker between the samples it falls between, keeping the width', () => {
		const marked = sparkCells(values, [...states], 4, theme, {sampleAt, markerAt: [2500]});
		// The oldest sample gives way (20, 30, 80 are scaled); the marker sits before the sample that started after it.
		expect(text(marked)).toBe('▁│▂█');
		expect(marked[1]!.isMarker).toBe(true);
		expect(marked.filter(cell => cell.isMarker)).toHaveLength(1);
	});

	it('pads on the left when there is room, and uses | in ASCII', () => {
		expect(text(sparkCells(values, [...states], 6, ascii, {sampleAt, markerAt: [4500]}))).toMatch(/^ [_.\-=#]{4}\|$/);
	});

	it('scales only the samples shown, so the marker does not change the levels', () => {
		const marked = text(sparkCells(values, [...states], 5, theme, {sampleAt, markerAt: [3500]}));
		expect(marked).toBe(`${text(sparkCells(values, [...states], 4, theme)).slice(0, 3)}│${text(sparkCells(values, [...states], 4, theme))[3]}`);
	});

	it('keeps the failure mark next to a marker', () => {
		expect(text(sparkCells(values, ['up', 'failing', 'up', 'up'], 5, theme, {sampleAt, markerAt: [1500]}))[2]).toBe('✗');
	});
});

describe('sparkCells heights', () => {
	it('draws jitter of a millisecond or two, or of a tenth of a slow target\'s latency, as low bars, not spikes', () => {
		expect(text(sparkCells([1, 2, 1.2, 1.8, 1], ['up', 'up', 'up', 'up', 'up'], 5, theme))).toMatch(/^[▁▂]{5}$/);
		expect(text(sparkCells([100, 110, 104, 100], ['up', 'up', 'up', 'up'], 4, theme))).toMatch(/^[▁▂▃]{4}$/);
	});

	it('still spans the whole height for a real change', () => {
		expect(text(sparkCells([10, 12, 150, 148], ['up', 'up', 'up', 'up'], 4, theme))).toBe('▁▁██');
		expect(text(sparkCells([100, 100, 200, 200], ['up', 'up', 'up', 'up'], 4, theme))).toBe('▁▁██');
		expect(text(sparkCells([1, 1, 9, 9], ['up', 'up', 'up', 'up'], 4, theme))).toBe('▁▁██');
	});
});

describe('sparkline colours', () => {
	const coloured = createTheme({color: true, ascii: false});
	it('draws a slow sample\'s bar in the slow colour: a check steadily at 2 s does not pass for one at 1 ms', () => {
		const steady = sparklineSegments({values: [2000, 2010, 2005, 2000], states: ['slow', 'slow', 'slow', 'slow'], width: 4, theme: coloured});
		expect(steady).toEqual([{text: '▁▁▁▁', colour: coloured.state('slow').colour, isBold: false}]);
		const fast = sparklineSegments({values: [1, 1.01, 1.005, 1], states: ['up', 'up', 'up', 'up'], width: 4, theme: coloured});
		expect(fast.map(segment => segment.colour)).toEqual([coloured.role('accent')]);
		expect(coloured.state('slow').colour).not.toBe(coloured.role('accent'));
	});

	it('colours only the samples that were slow, failures and markers keeping theirs', () => {
		const mixed = sparklineSegments({values: [10, 12, 900, 11, 5000], states: ['up', 'up', 'slow', 'up', 'failing'], width: 5, theme: coloured});
		expect(mixed.map(segment => [segment.text, segment.colour])).toEqual([
			['▁▁', coloured.role('accent')],
			['█', coloured.state('slow').colour],
			['▁', coloured.role('accent')],
			[coloured.sparkFailure, coloured.state('failing').colour],
		]);
	});
});

describe('markersOf and sparkMarks', () => {
	const row = makeRow({name: 'payments api', view: {recentAt: sampleAt}});
	const markers: Marker[] = [
		{at: 1500, label: 'global', source: 'key'},
		{at: 2500, label: 'mine', checkId: 'payments-api', source: 'version'},
		{at: 3500, label: 'theirs', checkId: 'search', source: 'version'},
	];

	it('keeps the global markers and the row\'s own', () => {
		expect(markersOf(row, markers).map(marker => marker.label)).toEqual(['global', 'mine']);
		expect(sparkMarks(row, markers)).toEqual({sampleAt, markerAt: [1500, 2500]});
	});

	it('keeps its check\'s markers on a series row of a check named from the environment', () => {
		// `name: "${SERVICE} api"` with `each:`: the row is `tok api/eu-1`, its display copy's check id `•••• api`,
		// and a marker of the check (M, a version change) carries the real id `tok api`.
		const series = makeRow({name: '•••• api', check: {id: '•••• api'}, view: {id: 'tok api/eu-1', checkId: 'tok api', seriesLabel: 'eu-1'}});
		const own = {at: 2500, label: 'canary', checkId: 'tok api', source: 'key'} as const;
		expect(markersOf(series, [...markers, own]).map(marker => marker.label)).toEqual(['global', 'canary']);
	});

	it('draws nothing without sample times (an engine that does not send recentAt)', () => {
		expect(sparkMarks(makeRow({name: 'payments api'}), markers)).toBeUndefined();
	});
});
