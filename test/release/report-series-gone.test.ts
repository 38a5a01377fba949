import {describe, expect, it} from 'vitest';
import type {PrometheusCheck} from '../../source/config/types.js';
import {prepareReport} from '../../source/release/prepare-report.js';
import {renderReport} from '../../source/release/report.js';
import type {HistoryResult, HistoryTransition} from '../../source/release/history-load.js';

const check: PrometheusCheck = {
	id: 'queues', name: 'queues', kind: 'prometheus', intervalMs: 10_000, timeoutMs: 5000, slowMs: 1000, retries: 0, secrets: [], expectSummary: 'value < 100',
	url: 'http://127.0.0.1:9090', query: 'queue_depth', each: 'queue', headers: {}, fail: {op: '>=', value: 100},
};

describe('report of a series row that left the query\'s answer', () => {
	it('ends its failing period where the row went, and does not list it as failing now', () => {
		const start = Date.UTC(2026, 10, 25, 14, 0, 0);
		const noData = {code: 'no_data' as const, message: 'no longer in the query\'s answer'};
		const failing = {code: 'threshold' as const, message: 'value 150 >= 100 (fail)'};
		// As the history file holds them (recordFromEvent): a failing for a minute, then gone; b up from then on.
		const results: HistoryResult[] = [
			...[0, 10, 20, 30, 40, 50, 60].map(second => ({at: start + (second * 1000), id: 'queues/a', state: 'failing' as const, latencyMs: 3, reason: failing})),
			...[70, 80, 90, 100].map(second => ({at: start + (second * 1000), id: 'queues/b', state: 'up' as const, latencyMs: 3})),
		];
		const transitions: HistoryTransition[] = [
			{at: start, id: 'queues/a', from: 'pending', to: 'failing', reason: failing},
			{at: start + 70_000, id: 'queues/a', from: 'failing', to: 'pending', reason: noData},
			{at: start + 70_000, id: 'queues/b', from: 'pending', to: 'up'},
		];
		const input = prepareReport({configFile: 'x.yaml', checks: [check], history: {results, transitions, markers: []}, now: start + 101_000});
		if ('error' in input) throw new Error(input.error);
		const text = renderReport(input);
		expect(text).not.toContain('failing now');
		expect(text).not.toContain('ongoing');
		expect(text).toContain('2026-11-25 14:00:00 UTC → 2026-11-25 14:01:10 UTC (1m 10s)');
		expect(text.split('\n').find(line => line.startsWith('| queues / a |'))).toMatch(/^\| queues \/ a \| – \| gone \|/);
	});
});
