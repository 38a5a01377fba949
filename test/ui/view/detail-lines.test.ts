import {describe, expect, it, vi} from 'vitest';

vi.hoisted(() => {
	process.env['TZ'] = 'UTC';
});

import {createTheme} from '../../../source/ui/theme.js';
import {displayWidth} from '../../../source/ui/text.js';
import {detailLines, type DetailOptions} from '../../../source/ui/view/detail-lines.js';
import {largeFleet} from '../fleet.js';
import {baseAt, makeRow} from '../helpers.js';

const theme = createTheme({color: false, ascii: false});
const options: DetailOptions = {width: 70, now: baseAt, theme, hyperlinks: false};
const text = (lines: ReturnType<typeof detailLines>) => lines.map(line => line.map(segment => segment.text).join(''));

describe('detailLines', () => {
	const failing = largeFleet(5)[4]!;

	it('puts who to call and what to do first', () => {
		const lines = text(detailLines(failing, options));
		expect(lines[0]).toContain('failing for 1m');
		expect(lines[1]).toMatch(/^owner +@team-4-oncall/);
		expect(lines[2]).toMatch(/^runbook/);
		expect(lines[3]).toMatch(/^rollback/);
		expect(lines[4]).toMatch(/^expected +status 200/);
		expect(lines[5]).toMatch(/^actual +503 Service Unavailable/);
		expect(lines[6]).toMatch(/^reason +expect:status: status 503, expected 200/);
	});

	it('shows phases, trend with min and max, uptime over 1 h and 24 h, version, certificate, perfdata and notes', () => {
		const joined = text(detailLines(failing, {...options, width: 100})).join('\n');
		expect(joined).toContain('dns 1ms, connect 2ms, tls 5ms, ttfb 20ms, transfer 1ms, total 29ms');
		expect(joined).toMatch(/trend .*min 20ms max 99ms/);
		expect(joined).toContain('1h 98.0%, 24h 99.5%');
		expect(joined).toMatch(/version +v1\.4\.0/);
		expect(joined).toContain('20 days left (CN=payments.example)');
		expect(joined).toContain('time=0.029s');
		expect(joined).toContain('insecure: TLS not verified');
	});

	it('counts the uptime samples in words that agree with the number', () => {
		const uptime = (samples: number) => text(detailLines({...failing, samples}, options)).find(line => line.startsWith('uptime'));
		expect(uptime(1)).toContain('(1 sample)');
		expect(uptime(4)).toContain('(4 samples)');
	});

	it('lists recent results with their times and ages, and state changes', () => {
		const joined = text(detailLines(failing, options)).join('\n');
		expect(joined).toMatch(/11:59:30 30s ago {2}✗ failing +45ms {2}connection refused/);
		expect(joined).toMatch(/11:59:00 {2}up → failing {2}connection refused/);
	});

	it('lists the deploy markers of this check and the manual ones, newest first', () => {
		const lines = text(detailLines(failing, {
			...options,
			markers: [
				{at: baseAt - 120_000, label: 'v1.3.0 → v1.4.0', checkId: failing.id, source: 'version'},
				{at: baseAt - 60_000, label: 'manual marker', source: 'key'},
				{at: baseAt - 30_000, label: 'other service deploy', checkId: 'someone-else', source: 'version'},
			],
		}));
		const start = lines.indexOf(lines.find(line => line.startsWith('deploy markers'))!);
		expect(lines[start + 1]).toContain('manual marker (key)');
		expect(lines[start + 2]).toContain('v1.3.0 → v1.4.0 (version)');
		expect(lines.join('\n')).not.toContain('other service deploy');
	});

	it('shows the series label of a fanned-out row', () => {
		const row = makeRow({name: 'queue depth', view: {id: 'queue-depth/eu-west', seriesLabel: 'eu-west'}});
		const lines = text(detailLines(row, options));
		expect(lines[0]).toContain('queue depth [eu-west]');
		expect(lines.join('\n')).toMatch(/series +eu-west/);
	});

	it('says a pending check has no result yet', () => {
		const lines = text(detailLines(makeRow({name: 'new', state: 'pending'}), options));
		expect(lines.join('\n')).toMatch(/actual +no result yet/);
	});

	it('keeps every line within the width', () => {
		for (const width of [30, 58, 70, 90]) {
			for (const line of text(detailLines(failing, {...options, width}))) {
				expect(displayWidth(line), line).toBeLessThanOrEqual(width);
			}
		}
	});
});
