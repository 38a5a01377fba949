import {describe, expect, it} from 'vitest';
import type {Check, HttpCheck} from '../../source/config/types.js';
import type {Marker, State} from '../../source/monitor/types.js';
import type {HistoryResult, HistoryTransition} from '../../source/release/history-load.js';
import {prepareReport} from '../../source/release/prepare-report.js';
import {renderReport} from '../../source/release/report.js';

const check: HttpCheck = {
	id: 'api', name: 'api', kind: 'http', intervalMs: 1000, timeoutMs: 500, slowMs: 1000, retries: 0, secrets: [], expectSummary: 'status 200',
	url: 'http://127.0.0.1:9/', method: 'GET', headers: {}, expect: {status: [{min: 200, max: 299}], maxBytes: 1_048_576},
	maxRedirects: 5, insecure: false, keepAlive: false, version: {json: 'version'},
};

const start = Date.UTC(2026, 10, 25, 18, 20);
const refused = {code: 'refused', message: 'connection refused'} as const;

/**
 * Two deploys of a single instance, each a restart with 15 s down, one result a second. The first was marked by an
 * uptop that stamped the marker at the new version's first answer, which ended the outage a millisecond later (its
 * change to up recorded after the marker). Each deploy script ran `uptop mark` 5 s before the version change.
 */
function twoRestarts(): {results: HistoryResult[]; transitions: HistoryTransition[]; markers: Marker[]; now: number} {
	const results: HistoryResult[] = [];
	const transitions: HistoryTransition[] = [];
	let state: State | undefined;
	const result = (second: number, next: State) => {
		const at = start + second * 1000 + (state === 'failing' && next === 'up' && second === 315 ? 1 : 0);
		results.push({at, id: 'api', state: next, latencyMs: next === 'up' ? 20 : 1, ...(next === 'failing' ? {reason: refused} : {})});
		if (state !== undefined && state !== next) transitions.push({at, id: 'api', from: state, to: next, ...(next === 'failing' ? {reason: refused} : {})});
		state = next;
	};

	for (let second = 0; second < 900; second++) result(second, (second >= 300 && second < 315) || (second >= 600 && second < 615) ? 'failing' : 'up');
	const markers: Marker[] = [
		{at: start + 310_000, label: 'deploy api 4.0.0', source: 'command'},
		{at: start + 315_000, label: 'api 3.0.0 → 4.0.0', checkId: 'api', checkName: 'api', source: 'version'},
		{at: start + 595_000, label: 'deploy api 5.0.0', source: 'command'},
		// Where uptop marks it now: the outage's first result.
		{at: start + 600_000, label: 'api 4.0.0 → 5.0.0', checkId: 'api', checkName: 'api', source: 'version'},
	];
	return {results, transitions, markers, now: start + 900_000};
}

function report(): string {
	const {now, ...history} = twoRestarts();
	const input = prepareReport({configFile: 'checks.yaml', checks: [check] as Check[], history, now});
	if ('error' in input) throw new Error(input.error);
	return renderReport(input);
}

describe('a report after two restarting deploys', () => {
	it('lists no failure "after the release" that was over when its window began', () => {
		const text = report();
		const attention = text.slice(text.indexOf('## Needs attention'));
		expect(attention).toContain('failed after the release began');
		// The second deploy's restart did; the first one's outage, over a millisecond into the window, did not.
		expect(attention).toContain('- Failed: 2026-11-25 18:30:00 UTC → 2026-11-25 18:30:15 UTC (15s): connection refused');
		expect(attention).not.toContain('- Failed: 2026-11-25 18:25:15 UTC');
	});

	it('lists the `uptop mark` taken with each version change as one deploy, also the one the window starts at', () => {
		const text = report();
		// The window starts at the earlier deploy's version change, where the comparison's before side stops.
		expect(text).toContain('- Window: 2026-11-25 18:25:15 UTC → 2026-11-25 18:35:00 UTC');
		const markers = text.slice(text.indexOf('## Markers'), text.indexOf('## Before / after'));
		expect(markers).toContain('- 2026-11-25 18:25:10 UTC — deploy api 4.0.0 (uptop mark)');
		expect(markers).toContain('- 2026-11-25 18:29:55 UTC — deploy api 5.0.0 (uptop mark)');
	});

	it('says a failure that began before the window, and that the history holds, began before it, not "already failing"', () => {
		const text = report();
		expect(text).toContain('- 2026-11-25 18:25:15 UTC (failing since 2026-11-25 18:25:00 UTC, before the window) → 2026-11-25 18:25:15 UTC (0s): connection refused');
		expect(text).not.toContain('(already failing)');
	});
});
