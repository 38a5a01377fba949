import {describe, expect, it} from 'vitest';
import type {Check, HttpCheck} from '../../source/config/types.js';
import type {Marker} from '../../source/monitor/types.js';
import type {HistoryResult, HistoryTransition} from '../../source/release/history-load.js';
import {prepareReport} from '../../source/release/prepare-report.js';
import {renderReport, type ReportInput} from '../../source/release/report.js';

function httpCheck(id: string): Check {
	const check: HttpCheck = {
		id, name: id, kind: 'http', intervalMs: 2000, timeoutMs: 1000, slowMs: 1000, retries: 0, secrets: [], expectSummary: 'status 200',
		url: 'http://127.0.0.1:9/', method: 'GET', headers: {}, expect: {status: [{min: 200, max: 299}], maxBytes: 1_048_576},
		maxRedirects: 5, insecure: false, keepAlive: false,
	};
	return check;
}

const checks = [httpCheck('app api'), httpCheck('web')];
const hourMs = 3_600_000;
const refused = {code: 'refused', message: 'connection refused'} as const;

/**
 * Two checks every 2 s from `start` (wall times as recorded), `count` rounds; `app api` fails from round `failFrom`
 * on, with its state change recorded; a marker "release 7" at round `markAt`.
 */
function history(start: number, count: number, failFrom: number, markAt: number) {
	const results: HistoryResult[] = [];
	const transitions: HistoryTransition[] = [];
	for (let round = 0; round < count; round++) {
		const at = start + round * 2000;
		const isFailing = round >= failFrom;
		results.push({at, id: 'app api', state: isFailing ? 'failing' : 'up', latencyMs: isFailing ? 1 : 20, ...(isFailing ? {reason: refused} : {})});
		results.push({at, id: 'web', state: 'up', latencyMs: 30});
		if (round === 0) transitions.push({at, id: 'app api', from: 'pending', to: 'up'}, {at, id: 'web', from: 'pending', to: 'up'});
		if (round === failFrom) transitions.push({at, id: 'app api', from: 'up', to: 'failing', reason: refused});
	}

	const markers: Marker[] = [{at: start + markAt * 2000, label: 'release 7', source: 'command'}];
	return {results, transitions, markers, lastAt: start + (count - 1) * 2000};
}

const text = (input: ReturnType<typeof prepareReport>) => {
	if ('error' in input) throw new Error(input.error);
	return renderReport(input);
};

describe('a report made with the clock behind the history (the clock was stepped back)', () => {
	// Recorded with the clock an hour ahead; the report made after it was set right.
	const recorded = history(Date.UTC(2026, 11, 2, 18, 40, 0), 60, 40, 30);
	const now = recorded.lastAt - hourMs + 2000;

	it('keeps the history: a window that ends at its latest record, never before its start, and says why', () => {
		const input = prepareReport({configFile: 'checks.yaml', checks, history: recorded, now}) as ReportInput;
		expect(input.until).toBeGreaterThanOrEqual(input.since);
		const report = text(input);
		expect(report).toContain('- Window: 2026-12-02 18:40:00 UTC → 2026-12-02 18:41:58 UTC (1m 58s)');
		expect(report).toMatch(/- Clock: the history holds records up to 2026-12-02 18:41:58 UTC, 59m 58s after this machine's clock \(2026-12-02 17:42:00 UTC\)/);
		expect(report).toContain('- Compared before / after: release 7 at 2026-12-02 18:41:00 UTC');
		expect(report).toContain('- 2026-12-02 18:41:00 UTC — release 7 (uptop mark)');
		expect(report).toMatch(/\| app api \| – \| failing \|/);
		expect(report).toMatch(/\| web \| – \| up \|/);
		expect(report).not.toContain('no data');
		expect(report).toContain('- 2026-12-02 18:41:20 UTC → ongoing (38s so far): connection refused');
		expect(report).toContain('  - 2026-12-02 18:41:20 UTC up → failing: connection refused');
	});

	it('finds a marker --since names though it was recorded after this machine\'s clock', () => {
		const input = prepareReport({configFile: 'checks.yaml', checks, history: recorded, now, since: 'release 7'});
		expect('error' in input ? input.error : '').toBe('');
		expect(text(input)).toContain('- Compared before / after: release 7 at 2026-12-02 18:41:00 UTC');
	});

	it('takes a --since time up to the latest record', () => {
		const input = prepareReport({configFile: 'checks.yaml', checks, history: recorded, now, since: '2026-12-02 18:41 UTC'});
		expect('error' in input ? input.error : '').toBe('');
	});

	it('says nothing of the clock when the history ends a moment after it (another process wrote the last record)', () => {
		const report = text(prepareReport({configFile: 'checks.yaml', checks, history: recorded, now: recorded.lastAt - 500}));
		expect(report).not.toContain('- Clock:');
		expect(report).toContain('→ 2026-12-02 18:41:58 UTC');
	});
});

describe('a report made after the clock was stepped back during a release (the --report file at exit)', () => {
	it('lists the marker and the failure recorded before the step, and says the clock went back', () => {
		// A release marked at 18:41:00 and a failure from 18:41:20; at 18:41:58 the clock was set back an hour, and
		// uptop went on recording (the failure too) for 20 s more before it was stopped.
		const before = history(Date.UTC(2026, 11, 2, 18, 40, 0), 60, 40, 30);
		const stepped = history(before.lastAt - hourMs + 2000, 10, 0, 0);
		const results = [...before.results, ...stepped.results.map(result => result.id === 'app api' ? {...result, state: 'failing' as const, reason: refused} : result)].sort((a, b) => a.at - b.at);
		const report = text(prepareReport({configFile: 'checks.yaml', checks, history: {results, transitions: before.transitions, markers: before.markers}, now: stepped.lastAt + 500}));
		expect(report).not.toContain('no marker yet');
		expect(report).toContain('- 2026-12-02 18:41:00 UTC — release 7 (uptop mark)');
		expect(report).toContain('  - 2026-12-02 18:41:20 UTC up → failing: connection refused');
		expect(report).not.toContain('- No failing periods.\n- State changes: 0');
		expect(report).toMatch(/- Clock: the history holds records up to 2026-12-02 18:41:58 UTC, 59m 40s after this machine's clock/);
	});
});
