import {describe, expect, it, vi} from 'vitest';

vi.hoisted(() => {
	process.env['TZ'] = 'UTC';
});

import type {ReleaseView} from '../../../source/monitor/types.js';
import {createTheme} from '../../../source/ui/theme.js';
import {displayWidth} from '../../../source/ui/text.js';
import {detailLines} from '../../../source/ui/view/detail-lines.js';
import {formatErrorRateDelta, formatLatencyDelta, formatPValue, releaseLines} from '../../../source/ui/view/release-lines.js';
import {baseAt, makeRow} from '../helpers.js';

const theme = createTheme({color: true, ascii: false});
const text = (lines: ReturnType<typeof releaseLines>) => lines.map(line => line.map(segment => segment.text).join(''));

const worse: ReleaseView = {
	verdict: 'worse',
	markerLabel: 'v1.5.0',
	markerAt: baseAt - 180_000,
	p50: {before: 40, after: 52, delta: 12, deltaPct: 0.3},
	p95: {before: 100, after: 148, delta: 48, deltaPct: 0.48},
	errorRate: {before: 0.02, after: 0.14, delta: 0.12},
	pLatency: 0.000_04,
	pErrors: 0.0213,
	samples: {before: 60, after: 45},
	reasons: ['p95 +48 %', 'error rate +12 pts'],
};
const options = {width: 70, now: baseAt, theme, labelWidth: 10};

describe('releaseLines', () => {
	it('gives every figure before → after with its delta, samples, p-values, verdict and reasons', () => {
		const lines = text(releaseLines(worse, options));
		expect(lines[0]).toMatch(/^since v1\.5\.0 \(3m ago\): ▲ worse/);
		expect(lines[1]).toMatch(/^p50 +40ms → 52ms \(\+30%\)/);
		expect(lines[2]).toMatch(/^p95 +100ms → 148ms \(\+48%\)/);
		expect(lines[3]).toMatch(/^errors +2\.0% → 14\.0% \(\+12\.0 pts\)/);
		expect(lines[4]).toMatch(/^samples +60 before, 45 after/);
		expect(lines[5]).toMatch(/^p-value +latency <0\.001, errors 0\.021/);
		expect(lines[6]).toMatch(/^why +p95 \+48 %; error rate \+12 pts/);
		for (const line of lines) {
			expect(displayWidth(line)).toBeLessThanOrEqual(70);
		}
	});

	it('says how many checks the p-values were adjusted for, when more than one', () => {
		const many = text(releaseLines({...worse, adjustedAcross: {latency: 500, errors: 480}}, {...options, width: 100}));
		expect(many.find(line => line.startsWith('p-value'))).toMatch(/^p-value +latency <0\.001, errors 0\.021 \(adjusted for 500 checks\)/);
		const one = text(releaseLines({...worse, adjustedAcross: {latency: 1, errors: 1}}, options));
		expect(one.find(line => line.startsWith('p-value'))?.trimEnd()).toMatch(/errors 0\.021$/);
	});

	it('colours the verdict line, which also carries the glyph and the word', () => {
		const [title] = releaseLines(worse, options);
		expect(title![0]!.colour).toBe('red');
		expect(releaseLines({...worse, verdict: 'better', reasons: ['p95 -30 %']}, options)[0]![0]!.colour).toBe('green');
		expect(text(releaseLines({...worse, verdict: 'better'}, options))[0]).toContain('▼ better');
	});

	it('says "not enough data yet" when too early, with the samples so far', () => {
		const lines = text(releaseLines({...worse, verdict: 'too early', samples: {before: 60, after: 4}, pLatency: undefined, pErrors: undefined, reasons: []}, options));
		expect(lines[0]).toContain('… too early');
		expect(lines.join('\n')).toContain('not enough data yet');
		expect(lines.join('\n')).toMatch(/samples +60 before, 4 after/);
		expect(lines.join('\n')).not.toContain('p-value');
	});

	it('says why it is too early when the comparison does, wrapped rather than cut', () => {
		const reasons = ['not enough before: 4 results since the previous marker "payments 1.0.0 → 1.1.0", 20 needed'];
		const lines = text(releaseLines({...worse, verdict: 'too early', samples: {before: 4, after: 60}, pLatency: undefined, pErrors: undefined, reasons}, options));
		expect(lines.join(' ').replaceAll(/\s+/g, ' ')).toContain(reasons[0]);
		expect(lines.join('\n')).not.toContain('not enough data yet');
		for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(70);
	});

	it('wraps the reasons of a verdict rather than cut the caveat at their end', () => {
		// An 80-column pane: the detail pane gave "why  p50 +16309 %; p95 +7718 %; with "helm upgrade payments 1.5.0" just be…".
		const reasons = ['p50 +16309 %', 'p95 +7718 %', 'with "helm upgrade payments 1.5.0" just before it, too close to tell apart'];
		const lines = text(releaseLines({...worse, reasons}, {...options, width: 80}));
		const why = lines.findIndex(line => line.startsWith('why '));
		expect(why).toBeGreaterThan(0);
		expect(lines.slice(why).map(line => line.slice(10).trim()).join(' ')).toBe(reasons.join('; '));
		expect(lines.slice(why + 1).every(line => line.startsWith(' '.repeat(10)))).toBe(true);
		for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
	});

	it('keeps every too-early reason whole at 70 columns, the unknown count last', () => {
		const reasons = ['not enough before: 0 results before the marker, 20 needed (waiting adds none)', 'fewer than 20 results after the marker yet', '80 unknown results not counted (the check could not tell)'];
		const lines = text(releaseLines({...worse, verdict: 'too early', samples: {before: 0, after: 0}, pLatency: undefined, pErrors: undefined, reasons}, options));
		// The title's "…" is the verdict's glyph; nothing below it is cut.
		expect(lines.slice(1).join('\n')).not.toContain('…');
		expect(lines.join(' ').replaceAll(/\s+/g, ' ')).toContain(reasons.join('; '));
	});

	it('says when nothing changed significantly, and that an untested metric was not tested', () => {
		const lines = text(releaseLines({...worse, verdict: 'no change', pErrors: undefined, reasons: []}, options)).join('\n');
		expect(lines).toContain('= no change');
		expect(lines).toContain('errors not tested');
		expect(lines).toMatch(/why +no significant change/);
	});

	it('wraps a title wider than the pane rather than cut the verdict', () => {
		const release = {...worse, markerLabel: 'accounts api 1.4.2 → 1.5.0', markerAt: baseAt - 60_000};
		const lines = text(releaseLines(release, {...options, width: 45})).map(line => line.trimEnd());
		expect(lines.slice(0, 2)).toEqual(['since accounts api 1.4.2 → 1.5.0 (1m ago):', '▲ worse']);
		expect(lines[2]).toMatch(/^p50 /);
		for (let width = 12; width <= 80; width++) {
			// The title is every line before the figures (the reasons' wrapped lines under "why" are not title lines).
			const all = text(releaseLines(release, {...options, width}));
			const titles = all.slice(0, all.findIndex(line => /^p50 /.test(line)));
			expect(titles.length, `at ${width}`).toBeGreaterThan(0);
			expect(titles.join('\n'), `at ${width}`).toMatch(/▲ worse *$/);
			for (const line of titles) expect(displayWidth(line), `at ${width}`).toBe(width);
		}
	});

	it('keeps the verdict after a marker label too long for two lines', () => {
		const release = {...worse, markerLabel: 'rolled out the accounts api from 1.4.2 to 1.5.0 in eu-west-1 after the freeze'};
		const lines = text(releaseLines(release, {...options, width: 40})).map(line => line.trimEnd());
		expect(lines[0]).toMatch(/^since rolled out/);
		expect(lines[1]).toMatch(/…$/);
		expect(lines[2]).toBe('▲ worse');
	});

	it('draws ASCII arrows and glyphs in ASCII mode', () => {
		const lines = text(releaseLines(worse, {...options, theme: createTheme({color: false, ascii: true})})).join('\n');
		expect(lines).toContain('^ worse');
		expect(lines).toContain('40ms -> 52ms');
	});
});

describe('formatting helpers', () => {
	it('gives latencies under 10 ms a decimal, so the figures agree with their change and with the report', () => {
		// The detail pane read "p50 2ms → 2ms (-16%)" where the release report read "1.9 ms → 1.6 ms (−16 %)".
		expect(formatLatencyDelta({before: 1.9, after: 1.6, delta: -0.3, deltaPct: -0.16}, theme)).toBe('1.9ms → 1.6ms (-16%)');
		expect(formatLatencyDelta({before: 5.2, after: 406, delta: 400.8, deltaPct: 77.08}, theme)).toBe('5.2ms → 406ms (+7708%)');
		expect(formatLatencyDelta({before: 9.96, after: 12, delta: 2.04, deltaPct: 0.2}, theme)).toBe('10ms → 12ms (+20%)');
	});

	it('formats deltas, rates and p-values', () => {
		expect(formatLatencyDelta({before: 80, after: 60, delta: -20, deltaPct: -0.25}, theme)).toBe('80ms → 60ms (-25%)');
		expect(formatLatencyDelta({before: undefined, after: 60}, theme)).toBe('— → 60ms');
		expect(formatErrorRateDelta({before: 0.1, after: 0.05, delta: -0.05}, theme)).toBe('10.0% → 5.0% (-5.0 pts)');
		expect(formatPValue(0.5)).toBe('0.500');
		expect(formatPValue(0.0001)).toBe('<0.001');
		expect(formatPValue(undefined)).toBe('not tested');
	});
});

describe('detail pane with a release', () => {
	it('puts the since section after what failed and before the body excerpt', () => {
		const row = makeRow({name: 'payments api', state: 'failing', view: {release: worse}});
		const lines = detailLines({...row, last: row.last && {...row.last, excerpt: 'oops'}}, {width: 70, now: baseAt, theme, hyperlinks: false})
			.map(line => line.map(segment => segment.text).join(''));
		const since = lines.findIndex(line => line.startsWith('since v1.5.0'));
		expect(since).toBeGreaterThan(lines.findIndex(line => line.startsWith('reason')));
		expect(since).toBeLessThan(lines.findIndex(line => line.startsWith('body')));
	});

	it('draws the marker in the larger sparkline, one cell wider than the samples', () => {
		const recentAt = [baseAt - 40_000, baseAt - 30_000, baseAt - 20_000, baseAt - 10_000];
		const row = makeRow({name: 'payments api', view: {recentAt}});
		const lines = detailLines(row, {width: 70, now: baseAt, theme, hyperlinks: false, markers: [{at: baseAt - 25_000, label: 'x', source: 'key'}]})
			.map(line => line.map(segment => segment.text).join(''));
		expect(lines.find(line => line.startsWith('trend'))).toMatch(/^trend {5}\S\S│\S\S min/);
	});
});
