import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parsePerfdata, parsePluginOutput} from '../../source/probes/perfdata.js';

describe('parsePerfdata', () => {
	it('reads every field of an item', () => {
		expect(parsePerfdata('time=0.000123s;;;0.000000;10.000000')).toEqual({
			perfdata: [{label: 'time', value: 0.000_123, unit: 's', min: 0, max: 10}],
			isMalformed: false,
		});
		expect(parsePerfdata('load1=0.5;5:10;@20;0 pct=85%;80;90;0;100').perfdata).toEqual([
			{label: 'load1', value: 0.5, warn: '5:10', crit: '@20', min: 0},
			{label: 'pct', value: 85, unit: '%', warn: '80', crit: '90', min: 0, max: 100},
		]);
	});

	it('handles quoted labels with spaces, = and escaped quotes', () => {
		expect(parsePerfdata('\'disk /var a=b\'=1GB \'it\'\'s\'=-2.5e3').perfdata).toEqual([
			{label: 'disk /var a=b', value: 1, unit: 'GB'},
			{label: 'it\'s', value: -2500},
		]);
	});

	it('skips U values without calling them malformed', () => {
		expect(parsePerfdata('rta=U;;;0')).toEqual({perfdata: [], isMalformed: false});
	});

	it.each(['=1', 'x=', 'x=abc', 'x=1;2;3;zero', '\'open=1', 'novalue', 'x=1e999', 'x=1;;;0;1e400'])('marks %j malformed', text => {
		expect(parsePerfdata(text).isMalformed).toBe(true);
	});

	it('never throws on arbitrary text, and every value is a finite number (JSON has no Infinity: it would be null)', () => {
		fc.assert(fc.property(fc.string(), text => {
			const parsed = parsePerfdata(text);
			expect(Array.isArray(parsed.perfdata)).toBe(true);
			for (const item of parsed.perfdata) expect(Number.isFinite(item.value)).toBe(true);
		}));
	});
});

describe('parsePluginOutput', () => {
	it('splits summary, long text and perfdata', () => {
		const parsed = parsePluginOutput('OK - fine | a=1\nline two\nline three | b=2\nc=3\n');
		expect(parsed.summary).toBe('OK - fine');
		expect(parsed.longText).toEqual(['line two', 'line three ']);
		expect(parsed.perfdata.map(item => item.label)).toEqual(['a', 'b', 'c']);
	});

	it('has no perfdata when there is no bar', () => {
		expect(parsePluginOutput('CRITICAL: down')).toEqual({summary: 'CRITICAL: down', longText: [], perfdata: [], isMalformed: false});
	});
});
