import {describe, expect, it} from 'vitest';
import type {Check, HttpCheck} from '../../source/config/types.js';
import {prepareReport} from '../../source/release/prepare-report.js';
import {renderReport, type ReportInput} from '../../source/release/report.js';
import {deployAt, scriptedRelease, secret} from './scripted-release.js';

function httpCheck(id: string, extra: Partial<HttpCheck>): Check {
	return {
		id, name: id, kind: 'http', intervalMs: 15_000, timeoutMs: 5000, slowMs: 1000, retries: 0, secrets: [], expectSummary: 'status 200',
		url: 'http://127.0.0.1:9/', method: 'GET', headers: {}, expect: {status: [{min: 200, max: 299}], maxBytes: 1_048_576},
		maxRedirects: 5, insecure: false, keepAlive: false, ...extra,
	};
}

const checks = [
	httpCheck('payments api', {group: 'payments', owner: '@payments-oncall', runbook: 'https://runbooks.example/payments', rollback: 'helm rollback payments', secrets: [secret]}),
	httpCheck('search', {group: 'search', owner: '@search-team'}),
];

function report(since?: string): {input: ReportInput; text: string} {
	const {now, ...history} = scriptedRelease();
	const input = prepareReport({configFile: 'checks.yaml', checks, history, now, ...(since === undefined ? {} : {since})});
	if ('error' in input) {
		throw new Error(input.error);
	}

	return {input, text: renderReport(input)};
}

const row = (text: string, name: string) => text.split('\n').find(line => line.startsWith(`| ${name} |`)) ?? '';

describe('release report for a scripted release', () => {
	const {input, text} = report('helm upgrade');

	it('compares around the marker --since names and states the window in UTC', () => {
		expect([...input.anchors.values()].map(marker => marker.label)).toEqual(['helm upgrade payments 1.5.0', 'helm upgrade payments 1.5.0']);
		expect(text).toContain('# Release report: checks.yaml');
		expect(text).toContain('- Window: 2026-11-25 14:00:00 UTC → 2026-11-25 15:00:00 UTC (1h)');
		expect(text).toContain('- Compared before / after: helm upgrade payments 1.5.0 at 2026-11-25 14:30:00 UTC');
		expect(text).toContain('- Verdicts: 1 worse, 0 better, 1 no change, 0 too early');
	});

	it('lists the markers in the window, not older ones', () => {
		expect(text).toContain('- 2026-11-25 14:30:00 UTC — helm upgrade payments 1.5.0 (uptop mark)');
		expect(text).toContain('- 2026-11-25 14:30:20 UTC — version 1.5.0 on payments api (version change)');
		expect(text).not.toContain('an older deploy');
	});

	it('flags the slower, failing check as worse with its deltas, and the other as no change', () => {
		const payments = row(text, 'payments api');
		expect(payments).toMatch(/^\| payments api \| payments \| failing \| 93\.33 % \| \d+ ms → \d+ ms \(\+(4[5-9]|5\d) %\) \| \d+ ms → \d+ ms \(\+\d+ %\) \| 0\.0 % → 13\.3 % \(\+13\.3 pts\) \| \*\*worse\*\* \(.*error rate \+13 pts\) \|$/);
		expect(input.comparisons.get('payments api')!.verdict).toBe('worse');
		const search = row(text, 'search');
		expect(search).toMatch(/^\| search \| search \| up \| 100\.00 % \| .* \| 0\.0 % → 0\.0 % \(\+0\.0 pts\) \| no change \|$/);
	});

	it('made long after uptop stopped, ends where the history ends: an open incident does not grow with the wait', () => {
		// `uptop report` 25 minutes after the last result said "ongoing (27m so far)", and a day later it would say a day.
		const {now, ...history} = scriptedRelease();
		const later = prepareReport({configFile: 'checks.yaml', checks, history, now: now + 25 * 60_000, since: 'helm upgrade'});
		if ('error' in later) throw new Error(later.error);
		const text = renderReport(later);
		expect(text).toContain('- Window: 2026-11-25 14:00:00 UTC → 2026-11-25 14:59:45 UTC (59m 45s)');
		expect(text).toContain('- History ends: 2026-11-25 14:59:45 UTC, 25m 15s before this report: nothing was recorded after it, so "ongoing" and "Now" are as of then');
		expect(text).toContain('- 2026-11-25 14:58:00 UTC → ongoing (1m 45s so far): connection refused');
		// Made while uptop still records (the last result one interval old), the window ends now, as before.
		expect(report('helm upgrade').text).not.toContain('History ends');
	});

	it('counts a marker added while uptop was stopped as no recording, and names where the history ends when the window starts after it', () => {
		// `uptop mark hotfix` with no uptop running, then `uptop report`: the failure open at the stop is not "ongoing" to now.
		const {now, ...history} = scriptedRelease();
		const marked = {...history, markers: [...history.markers, {at: now + 3 * 3_600_000, label: 'hotfix', source: 'command' as const}]};
		const later = prepareReport({configFile: 'checks.yaml', checks, history: marked, now: now + 3 * 3_600_000 + 5 * 60_000, since: 'helm upgrade'});
		if ('error' in later) throw new Error(later.error);
		expect(renderReport(later)).toContain('- 2026-11-25 14:58:00 UTC → ongoing (1m 45s so far): connection refused');
		expect(renderReport(later)).toContain('- History ends: 2026-11-25 14:59:45 UTC, 3h 5m before this report');
		// A window that starts after the last record still says where the history ended, not the window's start.
		const after = prepareReport({configFile: 'checks.yaml', checks, history, now: now + 3 * 3_600_000, since: '2026-11-25T17:00Z'});
		if ('error' in after) throw new Error(after.error);
		expect(renderReport(after)).toContain('- History ends: 2026-11-25 14:59:45 UTC, 3h before this report');
	});

	it('lists incidents with start, end and duration, the open one as ongoing, and each state change', () => {
		const section = text.slice(text.indexOf('### payments api'), text.indexOf('### search'));
		expect(section).toContain('- 2026-11-25 14:32:30 UTC → 2026-11-25 14:34:30 UTC (2m): connection refused');
		expect(section).toContain('- 2026-11-25 14:58:00 UTC → ongoing (2m so far): connection refused');
		expect(section).toContain('- State changes: 3');
		// Each change by time, under the count.
		const changes = section.slice(section.indexOf('- State changes: 3')).split('\n').slice(1, 4);
		expect(changes).toHaveLength(3);
		for (const line of changes) expect(line).toMatch(/^ {2}- 2026-11-25 \d\d:\d\d:\d\d UTC (up|failing|slow|warn|pending) → (up|failing|slow|warn|pending)/);
		expect(changes.join('\n')).toMatch(/up → failing: connection refused/);
		const search = text.slice(text.indexOf('### search'), text.indexOf('## Needs attention'));
		expect(search).toContain('- No failing periods.');
		expect(search).toContain('- State changes: 0');
	});

	it('lists the latest 20 state changes of a flapping check and says how many came before', () => {
		const flaps = Array.from({length: 25}, (_, index) => ({at: input.since + 60_000 + index * 1000, id: 'search', from: index % 2 === 0 ? 'up' as const : 'failing' as const, to: index % 2 === 0 ? 'failing' as const : 'up' as const}));
		const flapping = renderReport({...input, transitions: [...input.transitions, ...flaps]});
		const search = flapping.slice(flapping.indexOf('### search'), flapping.indexOf('## Needs attention'));
		expect(search).toContain('- State changes: 25\n  - (the first 5 not listed)\n');
		expect(search.split('\n').filter(line => /^ {2}- 2026-/.test(line))).toHaveLength(20);
	});

	it('gives owner, runbook and rollback for the check that got worse only', () => {
		const attention = text.slice(text.indexOf('## Needs attention'));
		expect(attention).toContain('### payments api — worse');
		expect(attention).toContain('- Owner: @payments-oncall');
		expect(attention).toContain('- Runbook: https://runbooks.example/payments');
		expect(attention).toContain('- Rollback: helm rollback payments');
		expect(attention).not.toContain('search');
	});

	it('lists the steps of a rollback written over several lines as a nested list', () => {
		const {now, ...history} = scriptedRelease();
		const stepwise = [httpCheck('payments api', {...checks[0] as HttpCheck, rollback: 'helm rollback payments\nthen replay the queue\n'}), checks[1]!];
		const input = prepareReport({configFile: 'checks.yaml', checks: stepwise, history, now, since: 'helm upgrade'});
		if ('error' in input) throw new Error(input.error);
		expect(renderReport(input)).toContain('- Rollback:\n  - helm rollback payments\n  - then replay the queue\n');
	});

	it('never shows the secret that the failure messages echo', () => {
		expect(JSON.stringify(scriptedRelease())).toContain(secret);
		expect(text).not.toContain(secret);
		expect(text).not.toContain(encodeURIComponent(secret).replace(/-/g, '%2D'));
		expect(text).toContain('token=••••');
	});

	it('lists only the markers that concern the checks it covers (--only, --group)', () => {
		// `uptop report --only 'pay*'` listed "rolled flaky api canary to 50 percent (marked in uptop)" under
		// Markers: a marker of a check the report leaves out, and without its check, so it read as fleet-wide.
		const {now, ...history} = scriptedRelease();
		const onlySearch = prepareReport({configFile: 'checks.yaml', checks: checks.filter(check => check.id === 'search'), history, now});
		if ('error' in onlySearch) throw new Error(onlySearch.error);
		const text = renderReport(onlySearch);
		expect(text).toContain('- 2026-11-25 14:30:00 UTC — helm upgrade payments 1.5.0 (uptop mark)');
		const markers = text.split('## Markers')[1]!.split('## Before / after')[0]!;
		expect(markers).not.toContain('version 1.5.0');
	});

	it('defaults to each check\'s latest marker, as the live screen compares it', () => {
		const {input: byDefault, text: defaultText} = report();
		// payments api's own version change is its latest marker; search's is the release before it, not the
		// other check's version change.
		expect(byDefault.anchors.get('payments api')?.label).toBe('version 1.5.0');
		expect(byDefault.anchors.get('search')?.label).toBe('helm upgrade payments 1.5.0');
		expect(defaultText).toContain('- Compared before / after: each check around the latest marker that concerns it\n'
			+ '  - version 1.5.0 at 2026-11-25 14:30:20 UTC: payments api\n'
			+ '  - helm upgrade payments 1.5.0 at 2026-11-25 14:30:00 UTC: search\n');
		expect(defaultText).toContain('- Window: 2026-11-25 14:00:00 UTC → 2026-11-25 15:00:00 UTC (1h)');
	});

	it('takes the helm upgrade 20 s before the version change as the same deploy, and never reaches back past an older marker', () => {
		const {input: byDefault, text: defaultText} = report();
		// payments api's version change came 20 s after the helm upgrade: no window of its own between them, so
		// the before side is the half hour before the upgrade (the rollout's 20 s left out) and says so.
		const payments = byDefault.comparisons.get('payments api');
		expect(payments).toMatchObject({verdict: 'worse', runsWith: 'helm upgrade payments 1.5.0'});
		expect(payments?.samples.before).toBe(byDefault.comparisons.get('search')?.samples.before);
		expect(row(defaultText, 'payments api')).toMatch(/\| \*\*worse\*\* \(.*with "helm upgrade payments 1\.5\.0" just before it, too close to tell apart\) \|$/);
		// search's previous marker is an hour older: its window is whole.
		expect(byDefault.comparisons.get('search')?.samples.before).toBe(120);
	});

	it('compares every check around the one marker --since picks, its own check\'s or not', () => {
		const {input: picked, text: pickedText} = report('version 1.5.0');
		expect([...picked.anchors.values()].map(marker => marker.label)).toEqual(['version 1.5.0', 'version 1.5.0']);
		expect(pickedText).toContain('- Compared before / after: version 1.5.0 at 2026-11-25 14:30:20 UTC\n');
		// The helm upgrade 20 s earlier is part of the same deploy: the before windows are the half hour before it.
		expect(pickedText).toContain('- Window: 2026-11-25 14:00:00 UTC → 2026-11-25 15:00:00 UTC (1h)');
	});

	it('keeps a check whose name holds a / apart from the check its name begins with', () => {
		const at = Date.UTC(2026, 10, 25, 12);
		const both = [httpCheck('api', {}), httpCheck('api/v2', {})];
		const results = Array.from({length: 40}, (_, index) => [
			{at: at + index * 15_000, id: 'api', state: 'up' as const, latencyMs: 20},
			{at: at + index * 15_000, id: 'api/v2', state: 'failing' as const, latencyMs: 20},
		]).flat();
		const marker = {at: at + 300_000, label: 'deploy', source: 'command' as const};
		const text = renderReport(prepareReport({configFile: 'c', checks: both, history: {results, transitions: [], markers: [marker]}, now: at + 600_000}) as ReportInput);
		const tableRows = text.split('\n').filter(line => /^\| api/.test(line));
		// Two rows, one per check: no "api / v2" series row of `api` beside `api/v2`'s own.
		expect(tableRows.map(line => line.split(' | ')[0])).toEqual(['| api', '| api/v2']);
		expect(row(text, 'api/v2')).toMatch(/\| failing \|/);
	});

	it('names a check once where a marker\'s label already names it (a version change), under Compared and Markers', () => {
		// "orders api 1.4.2 → 1.5.0 at …: orders api" and "… on orders api (version change)" said the name twice.
		const at = Date.UTC(2026, 10, 25, 12);
		const fleet = [httpCheck('orders api', {}), httpCheck('prodsecret api', {secrets: ['prodsecret']}), httpCheck('search', {})];
		const results = Array.from({length: 40}, (_, index) => fleet.map(check => ({at: at + index * 15_000, id: check.id, state: 'up' as const, latencyMs: 20}))).flat();
		const markers = [
			{at: at + 300_000, label: 'orders api 1.4.2 → 1.5.0', checkId: 'orders api', checkName: 'orders api', source: 'version' as const},
			// A name from the environment: the label has it as every output shows it.
			{at: at + 310_000, label: '•••• api 2.0 → 2.1', checkId: 'prodsecret api', checkName: '•••• api', source: 'version' as const},
			{at: at + 320_000, label: 'deploy 3', checkId: 'search', checkName: 'search', source: 'command' as const},
		];
		const text = renderReport(prepareReport({configFile: 'c', checks: fleet, history: {results, transitions: [], markers}, now: at + 600_000}) as ReportInput);
		expect(text).toContain('- Compared before / after: each check around the latest marker that concerns it\n'
			+ '  - deploy 3 at 2026-11-25 12:05:20 UTC: search\n'
			+ '  - •••• api 2.0 → 2.1 at 2026-11-25 12:05:10 UTC\n'
			+ '  - orders api 1.4.2 → 1.5.0 at 2026-11-25 12:05:00 UTC\n');
		expect(text).toContain('## Markers\n\n'
			+ '- 2026-11-25 12:05:00 UTC — orders api 1.4.2 → 1.5.0 (version change)\n'
			+ '- 2026-11-25 12:05:10 UTC — •••• api 2.0 → 2.1 (version change)\n'
			+ '- 2026-11-25 12:05:20 UTC — deploy 3 on search (uptop mark)\n');
		expect(text).not.toContain('prodsecret');
	});

	it('still names the check of a marker made for one check whose note begins with its name (uptop mark --check, M)', () => {
		// Only a version change's label is its check's name and versions; "search rollback" from `mark --check search`
		// without "on search" read as a marker of every check.
		const at = Date.UTC(2026, 10, 25, 12);
		const fleet = [httpCheck('orders api', {}), httpCheck('search', {})];
		const results = Array.from({length: 40}, (_, index) => fleet.map(check => ({at: at + index * 15_000, id: check.id, state: 'up' as const, latencyMs: 20}))).flat();
		const markers = [
			{at: at + 300_000, label: 'search rollback', checkId: 'search', checkName: 'search', source: 'command' as const},
			{at: at + 310_000, label: 'orders api hotfix', checkId: 'orders api', checkName: 'orders api', source: 'key' as const},
		];
		const text = renderReport(prepareReport({configFile: 'c', checks: fleet, history: {results, transitions: [], markers}, now: at + 600_000}) as ReportInput);
		expect(text).toContain('- Compared before / after: each check around the latest marker that concerns it\n'
			+ '  - orders api hotfix at 2026-11-25 12:05:10 UTC: orders api\n'
			+ '  - search rollback at 2026-11-25 12:05:00 UTC: search\n');
		expect(text).toContain('## Markers\n\n'
			+ '- 2026-11-25 12:05:00 UTC — search rollback on search (uptop mark)\n'
			+ '- 2026-11-25 12:05:10 UTC — orders api hotfix on orders api (marked in uptop)\n');
	});

	it('says a rollout\'s settling in the marker\'s one parenthetical, not in a second after the label', () => {
		// `api 1.4.0 → 1.5.0 (settled) (version change)` read as two notes in a row.
		const at = Date.UTC(2026, 10, 25, 12);
		const fleet = [httpCheck('orders api', {})];
		const results = Array.from({length: 40}, (_, index) => ({at: at + index * 15_000, id: 'orders api', state: 'up' as const, latencyMs: 20}));
		const markers = [
			{at: at + 300_000, label: 'orders api 1.4.2 → 1.5.0', checkId: 'orders api', checkName: 'orders api', source: 'version' as const},
			{at: at + 310_000, label: 'orders api 1.4.2 → 1.5.0 (settled)', checkId: 'orders api', checkName: 'orders api', source: 'version' as const, isSettled: true as const},
		];
		const text = renderReport(prepareReport({configFile: 'c', checks: fleet, history: {results, transitions: [], markers}, now: at + 600_000}) as ReportInput);
		expect(text).toContain('## Markers\n\n'
			+ '- 2026-11-25 12:05:00 UTC — orders api 1.4.2 → 1.5.0 (version change)\n'
			+ '- 2026-11-25 12:05:10 UTC — orders api 1.4.2 → 1.5.0 (version change, settled)\n');
		// The label itself, as stored and compared around, is unchanged.
		expect(text).toContain('orders api 1.4.2 → 1.5.0 (settled) at 2026-11-25 12:05:10 UTC');
	});

	it('starts the window at the first result when uptop ran for less than the window before the marker', () => {
		const markAt = Date.UTC(2026, 10, 25, 20, 33, 45) + 30 * 60_000;
		const results = Array.from({length: 9}, (_, index) => ({at: markAt - 5000 + index * 1000, id: 'search', state: 'up' as const, latencyMs: 20}));
		const marker = {at: markAt, label: 'deploy', source: 'command' as const};
		const input = prepareReport({configFile: 'c', checks, history: {results, transitions: [], markers: [marker]}, now: markAt + 3000}) as ReportInput;
		expect(input.since).toBe(markAt - 5000);
		expect(renderReport(input)).toContain('- Window: 2026-11-25 21:03:40 UTC → 2026-11-25 21:03:48 UTC (8s)');
		// Started after the marker: the window still begins at the marker it lists.
		const late = prepareReport({configFile: 'c', checks, history: {results: results.slice(6), transitions: [], markers: [marker]}, now: markAt + 3000}) as ReportInput;
		expect(late.since).toBe(markAt);
		expect(late.markers).toEqual([marker]);
	});

	it('accepts an ISO time for --since and compares around the latest marker after it', () => {
		const {input: byTime, text: timed} = report('2026-11-25T14:10Z');
		expect(byTime.since).toBe(Date.UTC(2026, 10, 25, 14, 10));
		expect([...byTime.anchors.values()].map(marker => marker.label)).toEqual(['version 1.5.0', 'version 1.5.0']);
		expect(timed).toContain('- Window: 2026-11-25 14:10:00 UTC → 2026-11-25 15:00:00 UTC (50m)');
	});

	it('reads a --since time without a zone as UTC, the zone the report prints, whatever the machine\'s zone', () => {
		// Under TZ=America/New_York `2026-11-25T14:10` was read as 19:10 UTC and refused as after now (15:00 UTC).
		const zone = process.env.TZ;
		process.env.TZ = 'America/New_York';
		try {
			for (const written of ['2026-11-25T14:10', '2026-11-25 14:10', '2026-11-25T14:10:00.000', '2026-11-25T09:10-05:00', '2026-11-25T15:10+0100']) {
				expect(report(written).input.since, written).toBe(Date.UTC(2026, 10, 25, 14, 10));
			}
		} finally {
			if (zone === undefined) delete process.env.TZ;
			else process.env.TZ = zone;
		}
	});

	it('accepts the report\'s own time format for --since, copied from a report', () => {
		for (const written of ['2026-11-25 14:10:00 UTC', '2026-11-25 14:10 UTC', '2026-11-25T14:10:00 utc']) {
			expect(report(written).input.since, written).toBe(Date.UTC(2026, 10, 25, 14, 10));
		}

		const {now, ...history} = scriptedRelease();
		expect(prepareReport({configFile: 'c', checks, history, now, since: '2026-11-25 25:10 UTC'})).toMatchObject({error: expect.stringContaining('no marker matches "2026-11-25 25:10 UTC"') as unknown});
	});

	it('explains a --since that matches nothing', () => {
		const {now, ...history} = scriptedRelease();
		expect(prepareReport({configFile: 'c', checks, history, now, since: 'rollout 9'})).toEqual({
			error: 'no marker matches "rollout 9" and it is not a time such as 2026-11-25T14:30Z or 2026-11-25 14:30 UTC; latest markers, newest first: "version 1.5.0", "helm upgrade payments 1.5.0", "an older deploy"',
		});
	});

	it('says when there is no marker to compare around yet', () => {
		const {now, results, transitions} = scriptedRelease();
		const input = prepareReport({configFile: 'c', checks, history: {results, transitions, markers: []}, now});
		expect('error' in input).toBe(false);
		const text = renderReport(input as ReportInput);
		expect(text).toContain('no marker yet, nothing to compare');
		expect(text).toContain('- None in this window.');
		// The summary and the verdict column say the same: there is nothing to compare against.
		expect(row(text, 'search')).toMatch(/\| – \| – \| – \| no marker \|$/);
		expect(text).toContain('- Verdicts: none, no marker to compare against\n');
		expect(text).not.toContain('too early');
		// No marker: the window covers the history (at most a day).
		expect((input as ReportInput).since).toBe(deployAt - 140 * 15_000);
	});

	it('escapes table-breaking and control characters from names and reasons', () => {
		const odd = httpCheck('a|b', {name: 'a|b \u001B[2J'});
		const text = renderReport({...input, checks: [odd], comparisons: new Map()});
		expect(text).toContain('| a\\|b ^[[2J |');
		expect(text).not.toContain('\u001B');
	});
});

describe('fanned-out checks', () => {
	it('gives each series its own row in the table, as on screen, and lists incidents per series', () => {
		const at = Date.UTC(2026, 10, 25, 12);
		const fleet = httpCheck('probe fleet', {});
		const input: ReportInput = {
			configFile: 'checks.yaml', checks: [fleet], since: at, until: at + 60_000, markers: [], anchors: new Map(), comparisons: new Map(),
			results: [
				{at, id: 'probe fleet/db-1', state: 'up', latencyMs: 1},
				{at, id: 'probe fleet/db-2', state: 'up', latencyMs: 1},
				{at: at + 30_000, id: 'probe fleet/db-2', state: 'failing', latencyMs: 1},
				{at: at + 30_000, id: 'probe fleet/db-1', state: 'up', latencyMs: 1},
			],
			transitions: [{at: at + 30_000, id: 'probe fleet/db-2', from: 'up', to: 'failing', reason: {code: 'threshold', message: 'probe_success 0'}}],
		};
		const text = renderReport(input);
		expect(row(text, 'probe fleet')).toBe('');
		expect(row(text, 'probe fleet / db-1')).toMatch(/^\| probe fleet \/ db-1 \| – \| up \| 100\.00 % \|/);
		expect(row(text, 'probe fleet / db-2')).toMatch(/^\| probe fleet \/ db-2 \| – \| failing \| 50\.00 % \|/);
		expect(text).toContain('### probe fleet / db-1\n\n- No failing periods.');
		// The target's message renders literally: its underscore is escaped.
		expect(text).toContain('### probe fleet / db-2\n\n- 2026-11-25 12:00:30 UTC → ongoing (30s so far): probe\\_success 0');
	});
});

describe('text from a target in a PR comment', () => {
	it('pings nobody and links nowhere, and a secret with an @ in it is still hidden', () => {
		const at = Date.UTC(2026, 10, 25, 12);
		const message = 'CRITICAL - @octocat and @org/team: see https://evil.example/x, www.evil.example or ops@evil.example; key s3cr@t-key';
		const input: ReportInput = {
			configFile: 'checks.yaml', checks: [httpCheck('job', {owner: '@job-oncall', secrets: ['s3cr@t-key']})], since: at, until: at + 60_000,
			markers: [], anchors: new Map(), comparisons: new Map(),
			results: [{at: at + 1000, id: 'job', state: 'failing', latencyMs: 1, reason: {code: 'command:critical', message}}],
			transitions: [{at: at + 1000, id: 'job', from: 'up', to: 'failing', reason: {code: 'command:critical', message}}],
		};
		const text = renderReport(input);
		expect(text).toContain('CRITICAL - @\u200Boctocat and @\u200Borg/team: see https\u200B://evil.example/x, www\u200B.evil.example or ops@\u200Bevil.example; key ••••');
		for (const live of ['@octocat', '@org', 'https://evil', 'www.evil', 'ops@evil', 's3cr']) expect(text).not.toContain(live);
		// The config's own text is the author's: the owner may be pinged.
		expect(text).toContain('@job-oncall');
	});
});

describe('incident durations', () => {
	it('are the difference of the two times as printed, whole seconds', () => {
		const at = Date.UTC(2026, 10, 25, 12);
		const input: ReportInput = {
			configFile: 'checks.yaml', checks: [httpCheck('api', {})], since: at, until: at + 60_000, markers: [], anchors: new Map(), comparisons: new Map(),
			results: [{at: at + 1900, id: 'api', state: 'failing', latencyMs: 1}, {at: at + 22_100, id: 'api', state: 'up', latencyMs: 1}],
			// 1.9 s → 22.1 s is 20.2 s, which rounds to 20; the times print as :01 and :22.
			transitions: [{at: at + 1900, id: 'api', from: 'up', to: 'failing', reason: {code: 'refused', message: 'connection refused'}}, {at: at + 22_100, id: 'api', from: 'failing', to: 'up'}],
		};
		expect(renderReport(input)).toContain('- 2026-11-25 12:00:01 UTC → 2026-11-25 12:00:22 UTC (21s): connection refused');
	});

	it('are written as the rest of uptop writes them, "1m 14s" and not "1 min 14 s"', () => {
		const at = Date.UTC(2026, 10, 25, 12);
		const input: ReportInput = {
			configFile: 'checks.yaml', checks: [httpCheck('api', {})], since: at, until: at + 3_900_000, markers: [], anchors: new Map(), comparisons: new Map(),
			results: [{at: at + 10_000, id: 'api', state: 'failing', latencyMs: 1}, {at: at + 84_000, id: 'api', state: 'up', latencyMs: 1}],
			transitions: [{at: at + 10_000, id: 'api', from: 'up', to: 'failing', reason: {code: 'refused', message: 'connection refused'}}, {at: at + 84_000, id: 'api', from: 'failing', to: 'up'}],
		};
		const text = renderReport(input);
		expect(text).toContain('- 2026-11-25 12:00:10 UTC → 2026-11-25 12:01:24 UTC (1m 14s): connection refused');
		expect(text).toContain('- Window: 2026-11-25 12:00:00 UTC → 2026-11-25 13:05:00 UTC (1h 5m)');
	});
});

describe('checks that answer unknown', () => {
	it('counts unknown results neither way in the uptime: none for a check that only answered unknown', () => {
		const at = Date.UTC(2026, 10, 25, 12);
		const results = (id: string, states: ReadonlyArray<'up' | 'failing' | 'unknown'>) =>
			states.map((state, index) => ({at: at + index * 10_000, id, state, latencyMs: 1}));
		const input: ReportInput = {
			configFile: 'checks.yaml', checks: [httpCheck('backup age', {}), httpCheck('queue depth', {})], since: at, until: at + 60_000,
			markers: [], anchors: new Map(), comparisons: new Map(), transitions: [],
			results: [...results('backup age', ['unknown', 'unknown', 'unknown']), ...results('queue depth', ['up', 'unknown', 'failing', 'unknown'])],
		};
		const text = renderReport(input);
		expect(row(text, 'backup age')).toMatch(/^\| backup age \| – \| unknown \| – \|/);
		expect(row(text, 'queue depth')).toMatch(/^\| queue depth \| – \| unknown \| 50\.00 % \|/);
	});
});

describe('what the report owns up to', () => {
	it('compares each series of a fanned-out check on its own', () => {
		const fleet = httpCheck('probe fleet', {});
		const markAt = Date.UTC(2026, 10, 25, 12);
		const results = Array.from({length: 120}, (_, index) => {
			const at = markAt + (index - 60) * 15_000;
			const slow = index >= 60 ? 10 : 1;
			return [
				{at, id: 'probe fleet/db-1', state: 'up' as const, latencyMs: 20 + (index % 5)},
				{at, id: 'probe fleet/db-2', state: 'up' as const, latencyMs: (20 + (index % 5)) * slow},
			];
		}).flat();
		const input = prepareReport({configFile: 'c', checks: [fleet], history: {results, transitions: [], markers: [{at: markAt, label: 'deploy', source: 'command'}]}, now: markAt + 60 * 15_000}) as ReportInput;
		expect([...input.comparisons.keys()]).toEqual(['probe fleet/db-1', 'probe fleet/db-2']);
		const text = renderReport(input);
		expect(row(text, 'probe fleet / db-1')).toMatch(/\| no change \|$/);
		expect(row(text, 'probe fleet / db-2')).toMatch(/\| \*\*worse\*\* \(p50 \+\d+ %, p95 \+\d+ %\) \|$/);
		expect(text).toContain('- Verdicts: 1 worse, 0 better, 1 no change, 0 too early\n');
		expect(text).toContain('### probe fleet / db-2 — worse\n');
	});

	it('lists a check failing at the end of the window under "Needs attention" though it was failing before too', () => {
		const {now, ...history} = scriptedRelease();
		const legacy = httpCheck('legacy', {owner: '@legacy'});
		const results = [...history.results, ...history.results.filter(result => result.id === 'search').map(result => ({
			...result, id: 'legacy', state: 'failing' as const, reason: {code: 'refused' as const, message: 'connection refused'},
		}))].sort((a, b) => a.at - b.at);
		const transitions = [...history.transitions, {at: results[0]!.at, id: 'legacy', from: 'pending' as const, to: 'failing' as const}];
		const input = prepareReport({configFile: 'c', checks: [...checks, legacy], history: {...history, results, transitions}, now, since: 'helm upgrade'}) as ReportInput;
		expect(input.comparisons.get('legacy')?.verdict).toBe('no change');
		const attention = renderReport(input).split('## Needs attention')[1]!;
		expect(attention).toContain('### payments api — worse, failing now\n');
		expect(attention).toContain('### legacy — failing now\n\n- Now: failing (since 2026-11-25 13:55:00 UTC): connection refused\n- Owner: @legacy\n');
		expect(attention).not.toContain('### search');
	});

	it('lists a check that failed after the release began and recovered, though its verdict around a later marker is better', () => {
		// A release rolled back: 503s for two minutes, then the old version again. Each check is compared around its
		// latest marker, the rollback, so it read "better", and the report said no check got worse.
		const {now, ...history} = scriptedRelease();
		const orders = httpCheck('orders', {owner: '@orders'});
		const reason = {code: 'expect:status' as const, message: 'status 503, expected 200'};
		const ordersResults = history.results.filter(result => result.id === 'search').map(result => {
			const isFailing = result.at >= deployAt + 300_000 && result.at < deployAt + 420_000;
			return {...result, id: 'orders', state: isFailing ? 'failing' as const : 'up' as const, ...(isFailing ? {reason} : {})};
		});
		const results = [...history.results, ...ordersResults].sort((a, b) => a.at - b.at);
		const transitions = [...history.transitions,
			{at: ordersResults[0]!.at, id: 'orders', from: 'pending' as const, to: 'up' as const},
			{at: deployAt + 300_000, id: 'orders', from: 'up' as const, to: 'failing' as const, reason},
			{at: deployAt + 420_000, id: 'orders', from: 'failing' as const, to: 'up' as const},
		].sort((a, b) => a.at - b.at);
		const markers = [...history.markers, {at: deployAt + 450_000, label: 'version 1.4.0', checkId: 'orders', source: 'version' as const}];
		const input = prepareReport({configFile: 'c', checks: [...checks, orders], history: {results, transitions, markers}, now, since: 'helm upgrade'}) as ReportInput;
		expect(input.comparisons.get('orders')?.verdict).not.toBe('worse');
		const text = renderReport(input);
		// 0 of 120 failing, then 8 of 120: not significant across three checks, and too many to be "no change".
		expect(input.comparisons.get('orders')?.verdict).toBe('too few');
		expect(text).toContain('- Verdicts: 1 worse, 0 better, 1 no change, 0 too early, 1 too few; 1 check failed after "helm upgrade payments 1.5.0" and is up now\n');
		const attention = text.split('## Needs attention')[1]!;
		expect(attention).toContain('### orders — failed after the release began, up now\n\n- After: helm upgrade payments 1.5.0 at 2026-11-25 14:30:00 UTC\n- Failed: 2026-11-25 14:35:00 UTC → 2026-11-25 14:37:00 UTC (2m): status 503, expected 200\n- Owner: @orders\n');
		// One that is worse or failing now is listed for that; its failing periods are in its own section above.
		expect(attention).toContain('### payments api — worse, failing now\n');
		expect(attention).not.toContain('### search');
		// Another check's version change is not this one's release: a blip after it alone does not list it.
		const onlyOther = prepareReport({configFile: 'c', checks: [checks[1]!, orders], history: {results, transitions, markers: [{at: deployAt + 20_000, label: 'version 1.5.0', checkId: 'payments api', source: 'version' as const}, markers.at(-1)!]}, now, since: 'version 1.5.0'}) as ReportInput;
		expect(renderReport(onlyOther)).not.toContain('### orders — failed after');
	});

	it('lists the failing periods after the release of a check that got worse and is up now, and counts it', () => {
		// Worse says latency and error rate; that it was down for two minutes after the deploy and came back is what
		// the person reading the release note needs beside it.
		const {now, ...history} = scriptedRelease();
		const orders = httpCheck('orders', {owner: '@orders'});
		const reason = {code: 'expect:status' as const, message: 'status 503, expected 200'};
		const ordersResults = history.results.filter(result => result.id === 'search').map(result => {
			const isFailing = result.at >= deployAt + 300_000 && result.at < deployAt + 420_000;
			return {...result, id: 'orders', state: isFailing ? 'failing' as const : 'up' as const, latencyMs: result.at >= deployAt ? 200 : 20, ...(isFailing ? {reason} : {})};
		});
		const transitions = [...history.transitions,
			{at: ordersResults[0]!.at, id: 'orders', from: 'pending' as const, to: 'up' as const},
			{at: deployAt + 300_000, id: 'orders', from: 'up' as const, to: 'failing' as const, reason},
			{at: deployAt + 420_000, id: 'orders', from: 'failing' as const, to: 'up' as const},
		].sort((a, b) => a.at - b.at);
		const results = [...history.results, ...ordersResults].sort((a, b) => a.at - b.at);
		const input = prepareReport({configFile: 'c', checks: [...checks, orders], history: {...history, results, transitions}, now, since: 'helm upgrade'}) as ReportInput;
		expect(input.comparisons.get('orders')?.verdict).toBe('worse');
		const text = renderReport(input);
		expect(text).toContain('; 1 check failed after "helm upgrade payments 1.5.0" and is up now\n');
		const attention = text.split('## Needs attention')[1]!;
		expect(attention).toContain('### orders — worse, failed after the release began, up now\n\n- After: helm upgrade payments 1.5.0 at 2026-11-25 14:30:00 UTC\n- Failed: 2026-11-25 14:35:00 UTC → 2026-11-25 14:37:00 UTC (2m): status 503, expected 200\n- Why: ');
		// Failing at the end: its periods are in its section above, and it is not counted as up now.
		expect(attention).toContain('### payments api — worse, failing now\n\n- Why: ');
	});

	it('does not read "no change" beside an outage after the marker when the results are too few to tell', () => {
		// `--since` on a check uptop watched for five minutes before the deploy: 0 of 20 failing before, 3 of 20 after
		// (a 45 s outage, mended). Fisher's test cannot tell that from chance at 20 a side, and the verdict said "no
		// change" while "Needs attention" listed the outage.
		const checkout = httpCheck('checkout', {owner: '@checkout'});
		const reason = {code: 'refused' as const, message: 'connection refused'};
		const results = Array.from({length: 40}, (_, index) => {
			const at = deployAt + (index - 20) * 15_000;
			const isFailing = index >= 28 && index < 31;
			return {at, id: 'checkout', state: isFailing ? 'failing' as const : 'up' as const, latencyMs: 40 + (index % 3), ...(isFailing ? {reason} : {})};
		});
		const transitions = [
			{at: results[0]!.at, id: 'checkout', from: 'pending' as const, to: 'up' as const},
			{at: results[28]!.at, id: 'checkout', from: 'up' as const, to: 'failing' as const, reason},
			{at: results[31]!.at, id: 'checkout', from: 'failing' as const, to: 'up' as const},
		];
		const markers = [{at: deployAt - 1, label: 'deploy checkout 2.0', source: 'command' as const}];
		const input = prepareReport({configFile: 'c', checks: [checkout], history: {results, transitions, markers}, now: results.at(-1)!.at + 15_000, since: 'deploy checkout'}) as ReportInput;
		const comparison = input.comparisons.get('checkout')!;
		expect(comparison.samples).toEqual({before: 20, after: 20});
		expect(comparison.verdict).not.toBe('no change');
		expect(comparison.verdict).toBe('too few');
		const text = renderReport(input);
		expect(row(text, 'checkout')).toMatch(/\| 0\.0 % → 15\.0 % \(\+15\.0 pts\) \| too few \(error rate \+15 pts on 20 results before and 20 after: too few to tell from chance, p = 0\.23\) \|$/);
		expect(text).toContain('- Verdicts: 0 worse, 0 better, 0 no change, 0 too early, 1 too few; 1 check failed after "deploy checkout 2.0" and is up now\n');
		expect(text.split('## Needs attention')[1]).toContain('### checkout — failed after the release began, up now\n');
	});

	it('says "a marker" in the summary when the recovered checks followed different ones', () => {
		const {now, ...history} = scriptedRelease();
		const blip = (name: string, from: number) => {
			const reason = {code: 'refused' as const, message: 'connection refused'};
			const rows = history.results.filter(result => result.id === 'search').map(result => {
				const isFailing = result.at >= from && result.at < from + 60_000;
				return {...result, id: name, state: isFailing ? 'failing' as const : 'up' as const, ...(isFailing ? {reason} : {})};
			});
			const changes = [{at: from, id: name, from: 'up' as const, to: 'failing' as const, reason}, {at: from + 60_000, id: name, from: 'failing' as const, to: 'up' as const}];
			return {rows, changes};
		};
		// orders failed between its own mark and the helm upgrade, billing after the upgrade: each followed another one.
		const orders = blip('orders', deployAt - 45_000);
		const billing = blip('billing', deployAt + 300_000);
		const markers = [...history.markers, {at: deployAt - 60_000, label: 'orders 2.0', checkId: 'orders', source: 'command' as const}];
		const results = [...history.results, ...orders.rows, ...billing.rows].sort((a, b) => a.at - b.at);
		const transitions = [...history.transitions, ...orders.changes, ...billing.changes].sort((a, b) => a.at - b.at);
		const input = prepareReport({configFile: 'c', checks: [...checks, httpCheck('orders', {}), httpCheck('billing', {})], history: {results, transitions, markers}, now, since: 'orders 2.0'}) as ReportInput;
		const text = renderReport(input);
		expect(text).toContain('; 2 checks failed after a marker and are up now\n');
		expect(text).toContain('### orders — ');
		expect(text.split('## Needs attention')[1]).toContain('- After: orders 2.0 at 2026-11-25 14:29:00 UTC\n');
	});

	it('says nothing needs attention only when no check got worse and none is in trouble', () => {
		const {now, ...history} = scriptedRelease();
		const text = renderReport(prepareReport({configFile: 'c', checks: [checks[1]!], history, now}) as ReportInput);
		expect(text.split('## Needs attention')[1]).toBe('\n\n- No check got worse, and none is failing, warning or unknown at the end of the window.\n');
	});

	it('counts the checks without a marker apart from those that are too early', () => {
		const {now, results, transitions} = scriptedRelease();
		const markers = [{at: deployAt, label: 'version 1.5.0', checkId: 'payments api', source: 'version' as const}];
		const text = renderReport(prepareReport({configFile: 'c', checks, history: {results, transitions, markers}, now}) as ReportInput);
		expect(text).toContain('- Verdicts: 1 worse, 0 better, 0 no change, 0 too early, 1 without a marker\n');
		expect(row(text, 'search')).toMatch(/\| no marker \|$/);
	});
});

describe('untrusted text in the report', () => {
	const label = 'deploy *bold* _it_ <b>html</b> `code` [link](https://evil.example) ~~gone~~ $x$ &amp; a|b \\ end';
	// Escaped, and the link's scheme broken by a zero-width space: no autolink either.
	const escaped = String.raw`deploy \*bold\* \_it\_ \<b\>html\</b\> \`code\` \[link\](https`.concat('\u200B', String.raw`://evil.example) \~\~gone\~\~ \$x\$ \&amp; a\|b \\ end`);

	it('renders marker labels, messages, series labels and reasons literally, never as Markdown', () => {
		const {now, results, transitions} = scriptedRelease();
		const hostile = [...results.filter(result => result.id === 'search').map(result => ({...result, id: 'search/<i>db</i>'})),
			{at: now - 1000, id: 'search/<i>db</i>', state: 'failing' as const, latencyMs: 1, reason: {code: 'refused' as const, message: `**down** ${label}`}}];
		const markers = [{at: deployAt, label, source: 'command' as const}];
		const text = renderReport(prepareReport({configFile: 'c', checks, history: {results: [...results, ...hostile], transitions, markers}, now}) as ReportInput);
		expect(text).toContain(`- 2026-11-25 14:30:00 UTC — ${escaped} (uptop mark)\n`);
		expect(text).toContain(`- Compared before / after: ${escaped} at 2026-11-25 14:30:00 UTC\n`);
		expect(text).toContain('| search / \\<i\\>db\\</i\\> |');
		expect(text).toContain(`- Now: failing: \\*\\*down\\*\\* ${escaped}\n`);
		for (const raw of ['*bold*', '<b>', '`code`', '[link]', '<i>db']) expect(text).not.toContain(raw);
	});

	it('quotes a label inside a verdict reason literally too', () => {
		const {now, results, transitions} = scriptedRelease();
		const markers = [{at: deployAt, label, source: 'command' as const}, {at: deployAt + 20_000, label: 'v2', source: 'command' as const}];
		const text = renderReport(prepareReport({configFile: 'c', checks, history: {results, transitions, markers}, now}) as ReportInput);
		expect(row(text, 'search')).toContain(`with "${escaped}" just before it, too close to tell apart`);
	});

	it('still hides a secret whose characters escaping changed', () => {
		const token = 'tok_*a|b';
		const check = httpCheck('api', {secrets: [token]});
		const at = Date.UTC(2026, 10, 25, 12);
		const message = `refused: https://x/?t=${token} and ${encodeURIComponent(token)}`;
		const text = renderReport({
			configFile: 'c', checks: [check], since: at, until: at + 60_000, markers: [{at, label: `deploy ${token}`, source: 'command'}], anchors: new Map(), comparisons: new Map(),
			results: [{at, id: 'api', state: 'failing', latencyMs: 1, reason: {code: 'refused', message}}],
			transitions: [{at, id: 'api', from: 'up', to: 'failing', reason: {code: 'refused', message}}],
		});
		expect(text).toContain('refused: https\u200B://x/?t=•••• and ••••');
		expect(text).toContain('deploy ••••');
		for (const leak of ['tok', 'a\\|b', '%2A']) expect(text).not.toContain(leak);
	});
});


describe('the stretches an uptop ran without a check (--only other checks)', () => {
	const at = (minute: number) => Date.parse('2026-11-25T14:00:00Z') + minute * 60_000;
	const many = Array.from({length: 7}, (_, index) => httpCheck(`api ${index}`, {}));
	const named = [httpCheck('*pay* hunter2 api', {secrets: ['hunter2']}), ...many];
	const input: ReportInput = {
		configFile: 'checks.yaml', checks: named, since: at(0), until: at(60), markers: [], anchors: new Map(), results: [], transitions: [], comparisons: new Map(),
		unwatched: [
			{from: at(5), until: at(7)},
			...named.map(check => ({from: at(7), until: at(17), checkId: check.id})),
		],
	};
	const text = renderReport(input);

	it('lists the first few with the check as the report names it, and counts the rest', () => {
		expect(text).toContain([
			'- Not watched: 2026-11-25 14:05:00 UTC → 2026-11-25 14:07:00 UTC (2m, no uptop running)',
			'- Not watched: *pay* •••• api, 2026-11-25 14:07:00 UTC → 2026-11-25 14:17:00 UTC (10m, uptop running for other checks only)',
			'- Not watched: api 0, 2026-11-25 14:07:00 UTC → 2026-11-25 14:17:00 UTC (10m, uptop running for other checks only)',
		].join('\n'));
		expect(text).toContain('- Checks not watched 4 more times (uptop running for other checks only)\n');
		expect(text).toContain('- Uptime is of the watched time only: 58m of the window\'s 1h (*pay* •••• api: 48m; api 0: 48m; api 1: 48m; api 2: 48m; api 3: 48m; 3 more)\n');
		expect(text).not.toContain('hunter2');
	});
});
