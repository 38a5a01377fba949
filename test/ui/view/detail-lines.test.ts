import {describe, expect, it, vi} from 'vitest';
import {up} from '../../monitor/fixtures.js';
import {rowAfterRestart} from '../../monitor/after-restart.js';

vi.hoisted(() => {
	process.env['TZ'] = 'UTC';
});

import {createTheme} from '../../../source/ui/theme.js';
import {displayWidth, toAscii} from '../../../source/ui/text.js';
import {detailLines, type DetailOptions} from '../../../source/ui/view/detail-lines.js';
import {largeFleet} from '../fleet.js';
import {baseAt, makeCheck, makeRow} from '../helpers.js';
import {displayCheck} from '../../../source/monitor/display-check.js';

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

	it.each([
		['prometheus', {kind: 'prometheus', url: 'http://127.0.0.1:9090', query: 'export_job_last_exit_status', fail: {op: '!=', value: 0}, headers: {}}, 'value 1 != 0 (fail)', 'value 1'],
		['freshness', {kind: 'freshness', url: 'http://127.0.0.1:8080/status.json', field: 'lastSuccess', maxAgeMs: 20_000, headers: {}}, 'last success 44s ago (max 20s)', 'last success 44s ago'],
	] as const)('does not put the HTTP status of a %s check\'s API before what it read ("200 value 1")', (_kind, fields, message, summary) => {
		const row = makeRow({name: 'export job', state: 'failing'});
		const check = {...row.check, ...fields} as unknown as typeof row.check;
		const lines = text(detailLines({...row, check, last: {...row.last!, status: 200, summary, reason: {code: 'threshold', message}}}, options));
		expect(lines.find(line => line.startsWith('actual'))?.trimEnd()).toBe(`actual    ${summary}`);
	});

	it('writes the comparison signs of what is expected as ASCII on a terminal without UTF-8, not as question marks', () => {
		// LANG=C on a bastion: `expected  age ? 12s . warn > 6s` said nothing of the limit it was judged by.
		const ascii = {...options, theme: createTheme({color: false, ascii: true})};
		const expected = (expectSummary: string, reason = '') => {
			const row = makeRow({name: 'nightly export', state: 'failing'});
			const last = {...row.last!, reason: {code: 'threshold' as const, message: reason}};
			// As drawn: Line makes what is left ASCII, one cell for one cell.
			const lines = text(detailLines({...row, check: {...row.check, expectSummary}, last}, ascii)).map(line => toAscii(line).trimEnd());
			return lines.filter(line => line.startsWith('expected') || line.startsWith('reason')).join('\n');
		};

		expect(expected('age ≤ 12s · warn > 6s')).toContain('expected  age <= 12s . warn > 6s');
		expect(expected('certificate valid · ≥ 14d left')).toContain('expected  certificate valid . >= 14d left');
		expect(expected('value ≠ 1', 'value 1 (fail) → see the job')).toMatch(/expected  value != 1\nreason    threshold: value 1 \(fail\) -> see the job/);
	});

	it('says what the check probes after what came back, so a small pane keeps the failure', () => {
		const lines = text(detailLines(failing, {...options, width: 100})).map(line => line.trimEnd());
		const target = lines.findIndex(line => line.startsWith('target'));
		expect(lines[target]).toBe('target    GET http://127.0.0.1:8000/health');
		expect(target).toBeGreaterThan(lines.findIndex(line => line.startsWith('reason')));
		expect(lines[target + 1]).toMatch(/^latency/);
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

	it('says a certificate with one day left has 1 day left, not 1 days', () => {
		const lastDay = {...failing, last: {...failing.last!, certificate: {...failing.last!.certificate!, daysLeft: 1}}};
		expect(text(detailLines(lastDay, {...options, width: 100})).join('\n')).toContain('1 day left (CN=payments.example)');
	});

	it('says an expired certificate expired so many whole days ago, not a negative count of days left', () => {
		// daysLeft is floored: -1 is expired less than a day ago, -2 one day and some hours ago.
		const cert = (daysLeft: number) => {
			const row = {...failing, last: {...failing.last!, certificate: {...failing.last!.certificate!, daysLeft}}};
			return text(detailLines(row, {...options, width: 100})).find(line => line.startsWith('cert'))?.trimEnd();
		};

		expect(cert(-1)).toMatch(/^cert +expired today \(CN=payments\.example\)$/);
		expect(cert(-2)).toMatch(/^cert +expired 1 day ago \(CN=payments\.example\)$/);
		expect(cert(-31)).toMatch(/^cert +expired 30 days ago /);
		expect(cert(0)).toMatch(/^cert +0 days left /);
	});

	it('counts the uptime samples in words that agree with the number', () => {
		const uptime = (samples: number) => text(detailLines({...failing, samples}, options)).find(line => line.startsWith('uptime'));
		expect(uptime(1)).toContain('(1 sample)');
		expect(uptime(4)).toContain('(4 samples)');
	});

	it('lists recent results with their times and ages, and state changes', () => {
		const joined = text(detailLines(failing, options)).join('\n');
		expect(joined).toMatch(/11:59:29 31s ago {2}✗ failing +45ms {2}connection refused/);
		expect(joined).toMatch(/11:59:00 {2}up → failing {2}connection refused/);
	});

	it('gives a recent result the time it started, as --json\'s `at` does, not the time its answer came in', () => {
		// A 3 s answer that came in 30 s ago started 33 s ago.
		const history = [{at: baseAt - 30_000, state: 'slow' as const, latencyMs: 3000, summary: '200 OK'}];
		const joined = text(detailLines({...failing, history}, options)).join('\n');
		expect(joined).toMatch(/ 11:59:27 33s ago {2}\S+ slow +3\.00s {2}200 OK/);
	});

	it('says how long the state a change left had held, as the events view does, giving way before the reason where the pane is narrow', () => {
		const transitions = [
			{at: baseAt - 30_000, from: 'failing' as const, to: 'up' as const, fromSince: baseAt - 124_000},
			{at: baseAt - 124_000, from: 'up' as const, to: 'failing' as const, fromSince: baseAt - 664_000, reason: {code: 'refused' as const, message: 'connection refused'}},
			{at: baseAt - 664_000, from: 'pending' as const, to: 'up' as const},
		];
		const changes = (width: number) => {
			const lines = text(detailLines({...failing, state: 'up', transitions}, {...options, width})).map(line => line.trimEnd());
			const at = lines.indexOf('state changes');
			return lines.slice(at + 1, at + 1 + transitions.length);
		};

		for (const width of [80, 120]) {
			expect(changes(width), `at ${width}`).toEqual([
				' 11:59:30  failing → up after 1m 34s',
				' 11:57:56  up → failing after 9m  connection refused',
				' 11:48:56  pending → up',
			]);
		}

		// At 48 the second line has no room for both: the reason stays whole, the time held goes.
		expect(changes(48)).toEqual([
			' 11:59:30  failing → up after 1m 34s',
			' 11:57:56  up → failing  connection refused',
			' 11:48:56  pending → up',
		]);
	});

	it('says how much of the state a change left went unwatched, when a restart continued it', () => {
		const transitions = [{at: baseAt - 30_000, from: 'failing' as const, to: 'up' as const, fromSince: baseAt - 124_000, unwatchedMs: 61_000}];
		const lines = text(detailLines({...failing, state: 'up', transitions}, {...options, width: 100})).map(line => line.trimEnd());
		expect(lines[lines.indexOf('state changes') + 1]).toBe(' 11:59:30  failing → up after 1m 34s (1m 1s of it while uptop was stopped)');
	});

	it('says why a recent result did not pass, not the "200 OK" that came with it, as --once and the log lines do', () => {
		const history = [
			{at: baseAt - 5000, state: 'failing' as const, latencyMs: 1, summary: '200 OK · 65 B · 1 ms', reason: {code: 'expect:json' as const, message: 'json checks.db.status: expected healthy, got ok'}},
			{at: baseAt - 10_000, state: 'up' as const, latencyMs: 2, summary: '200 OK · 65 B · 2 ms'},
		];
		const joined = text(detailLines({...failing, history}, {...options, width: 100})).join('\n');
		expect(joined).toMatch(/6s ago {2}✗ failing +1ms {2}json checks\.db\.status: expected healthy, got ok/);
		expect(joined).toMatch(/11s ago {2}✓ up +2ms {2}200 OK · 65 B · 2 ms/);
	});

	it('says a pass read back from the history file came from before the restart, instead of an empty summary', async () => {
		const {row, now} = await rowAfterRestart(up(3, {summary: 'all good here'}));
		const lines = text(detailLines(row, {...options, now, width: 100}));
		const recent = lines.slice(lines.findIndex(line => line.startsWith('recent results')) + 1, lines.findIndex(line => line.startsWith('state changes')));
		expect(recent.map(line => line.trimEnd())).toEqual([
			expect.stringMatching(/✓ up +3ms {2}all good here$/),
			expect.stringMatching(/✗ failing +5ms {2}connection refused \(db:5432\)$/),
			expect.stringMatching(/✓ up +21ms {2}before the restart$/),
		]);
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

	it('says a rollout\'s settling in the deploy marker\'s one parenthetical', () => {
		const lines = text(detailLines(failing, {
			...options,
			markers: [{at: baseAt - 60_000, label: 'v1.3.0 → v1.4.0 (settled)', checkId: failing.id, source: 'version', isSettled: true}],
		}));
		const start = lines.indexOf(lines.find(line => line.startsWith('deploy markers'))!);
		expect(lines[start + 1]).toMatch(/v1\.3\.0 → v1\.4\.0 \(version, settled\) *$/);
	});

	it('shows the whole name in a side pane too narrow for it beside the state, over a second line', () => {
		const row = makeRow({name: 'payments-api eu-west-1 replica health', state: 'failing', view: {since: baseAt - 2 * 3_600_000 - 13 * 60_000}});
		const lines = text(detailLines(row, {...options, width: 50}));
		expect(lines[0]).toMatch(/^✗ failing for 2h {2}payments-api/);
		expect(lines.slice(0, 2).join(' ').replaceAll(/ +/g, ' ').trim()).toBe('✗ failing for 2h payments-api eu-west-1 replica health');
		expect(lines[2]).toMatch(/^owner/);
		for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(50);
	});

	it('shows the series label of a fanned-out row', () => {
		const row = makeRow({name: 'queue depth', view: {id: 'queue-depth/eu-west', seriesLabel: 'eu-west'}});
		const lines = text(detailLines(row, options));
		expect(lines[0]).toContain('queue depth / eu-west');
		expect(lines.join('\n')).toMatch(/series +eu-west/);
	});

	describe('the title of a flapping check', () => {
		// Eleven changes 12 s apart between up and failing, the newest 3 s ago: the state has held 3 s only.
		const flapping = makeRow({name: 'search api', state: 'failing', view: {
			since: baseAt - 3000,
			transitions: Array.from({length: 11}, (_, index) => ({at: baseAt - 3000 - (index * 12_000), from: index % 2 === 0 ? 'up' as const : 'failing' as const, to: index % 2 === 0 ? 'failing' as const : 'up' as const})),
		}});

		it('says under the title that it is flapping, how many changes it made and over how long', () => {
			const lines = text(detailLines(flapping, options)).map(line => line.trimEnd());
			expect(lines[0]).toBe('✗ failing for 3s  search api');
			expect(lines[1]).toBe('flapping  11 changes in 2m');
			expect(lines[2]).toMatch(/^owner/);
		});

		it('says the worst state of the flap when it is up now', () => {
			const upNow = {...flapping, state: 'up' as const, transitions: [{at: baseAt - 1000, from: 'failing' as const, to: 'up' as const}, ...flapping.transitions]};
			expect(text(detailLines(upNow, options))[1]!.trimEnd()).toBe('flapping  12 changes in 2m 2s, at worst failing');
		});

		it('gives the span in two units, not rounded down to its largest: 2m 54s is not 2m', () => {
			// Twelve changes 15.8 s apart, the newest 1 s ago: 174 s from the first to the newest.
			const spread = makeRow({name: 'search api', state: 'failing', view: {
				since: baseAt - 1000,
				transitions: Array.from({length: 12}, (_, index) => ({at: baseAt - 1000 - Math.round(index * 174_000 / 11), from: index % 2 === 0 ? 'up' as const : 'failing' as const, to: index % 2 === 0 ? 'failing' as const : 'up' as const})),
			}});
			expect(text(detailLines(spread, options))[1]!.trimEnd()).toBe('flapping  12 changes in 2m 54s');
		});

		it('says nothing of flapping once the check has held its state for two minutes', () => {
			expect(text(detailLines(flapping, {...options, now: baseAt + 116_999}))[1]).toMatch(/^flapping  11 changes in 2m/);
			expect(text(detailLines(flapping, {...options, now: baseAt + 117_000}))[1]).toMatch(/^owner/);
		});
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

	it('says what the check is and what its group is, after what to do and before what came back', () => {
		const row = makeRow({name: 'card api', group: 'payments', check: {description: 'charges cards for the web shop', groupDescription: 'services the payments team runs'}});
		const lines = text(detailLines(row, options)).map(line => line.trimEnd());
		const rollback = lines.findIndex(line => line.startsWith('rollback'));
		expect(lines[rollback + 1]).toBe('about     charges cards for the web shop');
		expect(lines[rollback + 2]).toBe('group     payments · services the payments team runs');
		expect(lines[rollback + 3]).toMatch(/^expected/);
		const plain = text(detailLines(makeRow({name: 'bare'}), options));
		expect(plain.some(line => line.startsWith('about') || line.startsWith('group'))).toBe(false);
	});

	it('shows each perfdata item with the warn and crit thresholds the plugin gave', () => {
		const last = {...failing.last!, perfdata: [{label: 'time', value: 0.52, unit: 's', warn: '1', crit: '2', min: 0}, {label: 'size', value: 120, unit: 'B'}]};
		const line = text(detailLines({...failing, last}, {...options, width: 100})).find(item => item.startsWith('perfdata'))!;
		expect(line.trimEnd()).toBe('perfdata  time=0.52s (warn 1, crit 2) size=120B');
	});

	describe('the schedule line', () => {
		const schedule = (view: Partial<Parameters<typeof makeRow>[0]['view']>, extra: Partial<DetailOptions> = {}, check = {}) =>
			text(detailLines(makeRow({name: 'api', check: {intervalMs: 10_000, timeoutMs: 5000, ...check}, view}), {...options, width: 100, ...extra})).find(line => line.startsWith('schedule'))?.trimEnd();

		it('says how often the check runs and when next, as a clock time', () => {
			expect(schedule({nextAt: baseAt + 7000})).toMatch(/^schedule +every 10s, timeout 5s · next 12:00:07$/);
			expect(schedule({nextAt: baseAt + 7000}, {}, {retries: 2, intervalMs: 90_000})).toMatch(/every 90s, timeout 5s, 2 retries · next 12:00:07$/);
		});

		it('says a check is probing now, or that probing is paused', () => {
			expect(schedule({isRunning: true})).toMatch(/· probing now$/);
			expect(schedule({}, {isPaused: true})).toMatch(/every 10s, timeout 5s · paused$/);
		});

		it('says a check long past its time is waiting for a free slot, and one just due is next now', () => {
			expect(schedule({nextAt: baseAt - 4000})).toMatch(/· due 11:59:56, waiting for a free slot, 4s overdue$/);
			expect(schedule({nextAt: baseAt - 200})).toMatch(/· next 12:00:00$/);
		});

		it('says a check the engine queued is waiting for a free slot at once, and a recheck since it was asked', () => {
			expect(schedule({nextAt: baseAt - 200, waitingSince: baseAt - 200})).toMatch(/· due 11:59:59, waiting for a free slot$/);
			expect(schedule({waitingSince: baseAt - 2000})).toMatch(/· due 11:59:58, waiting for a free slot, 2s overdue$/);
		});

		it('wraps where the pane is narrow', () => {
			const lines = text(detailLines(makeRow({name: 'api', view: {nextAt: baseAt - 4000}}), {...options, width: 50}));
			const at = lines.findIndex(line => line.startsWith('schedule'));
			expect(`${lines[at]!.trimEnd()} ${lines[at + 1]!.trim()}`).toMatch(/every 10s, timeout 5s · due 11:59:56, waiting for a free slot, 4s overdue$/);
		});
	});

	it('shows a plugin\'s line once: as what came back, not again as the reason and the body', () => {
		const summary = 'FILE_AGE CRITICAL: /var/run/job.heartbeat is 412 seconds old and 0 bytes';
		const row = makeRow({name: 'heartbeat', state: 'failing', view: {last: {
			outcome: 'failing', latencyMs: 12, startedAt: baseAt - 1000, summary,
			reason: {code: 'command:critical', message: summary},
			excerpt: `${summary} | age=412s;120;300 size=0B;0;0;0⏎checked by cron on host a`,
		}}});
		const lines = text(detailLines(row, {...options, width: 120}));
		expect(lines.filter(line => line.includes('412 seconds old'))).toHaveLength(1);
		expect(lines.find(line => line.startsWith('reason'))?.trimEnd()).toBe('reason    command:critical');
		expect(lines.find(line => line.startsWith('body'))?.trimEnd()).toBe('body      checked by cron on host a');
		// A reason that says more than the summary keeps its words.
		const http = makeRow({name: 'api', state: 'failing', view: {last: {outcome: 'failing', latencyMs: 3, startedAt: baseAt - 1000, summary: '200 OK · 65 B', status: 200, reason: {code: 'expect:json', message: 'json status: expected ok, got degraded'}, excerpt: '{"status":"degraded"}'}}});
		const httpLines = text(detailLines(http, {...options, width: 120}));
		expect(httpLines.find(line => line.startsWith('reason'))?.trimEnd()).toBe('reason    expect:json: json status: expected ok, got degraded');
		expect(httpLines.find(line => line.startsWith('body'))?.trimEnd()).toBe('body      {"status":"degraded"}');
	});

	describe('what the person on call must read whole', () => {
		const rollback = 'pause the invoice-sync CronJob, then replay the failed batches from the dead-letter queue';
		const runbook = 'https://runbooks.example.com/batch-jobs/invoice-sync#when-it-fails';
		const row = makeRow({name: 'invoice-sync job', state: 'failing', check: {rollback, runbook}, view: {last: {
			outcome: 'failing', latencyMs: 15, startedAt: baseAt - 1000, summary: '500 Internal Server Error', status: 500,
			reason: {code: 'expect:json', message: 'status is "FAILED", expected "OK" (last run 02:00, 3 batches left unprocessed)'},
		}}});
		const narrow = {...options, width: 50};
		const words = (line: string) => line.slice(10).trim();
		/** The value under `label`: its line and the unlabelled lines that follow it. */
		const block = (lines: string[], label: string) => {
			const at = lines.findIndex(line => line.startsWith(label));
			const end = lines.findIndex((line, index) => index > at && !line.startsWith(' '.repeat(10)));
			return lines.slice(at, end === -1 ? undefined : end).map(words);
		};

		it('wraps the rollback note and the reason over lines under their label instead of cutting them', () => {
			const lines = text(detailLines(row, narrow));
			expect(block(lines, 'rollback').length).toBeGreaterThan(1);
			expect(block(lines, 'rollback').join(' ')).toBe(rollback);
			expect(block(lines, 'reason').join(' ')).toBe('expect:json: status is "FAILED", expected "OK" (last run 02:00, 3 batches left unprocessed)');
			for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(50);
		});

		it('shows a runbook URL whole: over lines as text, or as one link whose whole target clicks', () => {
			expect(block(text(detailLines(row, narrow)), 'runbook').join('')).toBe(runbook);
			const linked = detailLines(row, {...narrow, hyperlinks: true});
			const link = linked.find(line => line[0]?.text.startsWith('runbook'))!;
			expect(link[1]!.text).toContain(`\u001B]8;;${runbook}\u001B\\`);
			expect(linked[linked.indexOf(link) + 1]![0]!.text).toMatch(/^rollback/);
		});

		it('wraps a runbook note that is not a URL as text, even where links are drawn', () => {
			const note = makeRow({name: 'db', check: {runbook: 'page the DBA on call, then follow the failover checklist in the wiki'}});
			const lines = text(detailLines(note, {...narrow, hyperlinks: true}));
			expect(block(lines, 'runbook').join(' ')).toBe('page the DBA on call, then follow the failover checklist in the wiki');
			expect(lines.join('')).not.toContain('\u001B]8;;');
		});

		it('shows a note written as a block scalar step by step, without the line break YAML keeps at its end', () => {
			const steps = makeRow({name: 'api', check: {rollback: 'helm rollback api 41\nthen flush the cache\n', runbook: '1. check the pods\n2. page the DBA\n', description: 'the public API\n'}});
			const lines = text(detailLines(steps, narrow));
			expect(block(lines, 'rollback')).toEqual(['helm rollback api 41', 'then flush the cache']);
			expect(block(lines, 'runbook')).toEqual(['1. check the pods', '2. page the DBA']);
			expect(block(lines, 'about')).toEqual(['the public API']);
			expect(lines.join('\n')).not.toContain('⏎');
		});

		it('shows every step of a note whole, and past 24 lines says how many lines and which steps it leaves out', () => {
			const rollback = Array.from({length: 10}, (_, index) => `step ${index + 1}`).join('\n');
			const lines = block(text(detailLines(makeRow({name: 'api', check: {rollback}}), narrow)), 'rollback');
			expect(lines).toEqual(Array.from({length: 10}, (_, index) => `step ${index + 1}`));
			expect(block(text(detailLines(makeRow({name: 'api', check: {runbook: rollback}}), narrow)), 'runbook')).toHaveLength(10);
			// A one-line runbook note is a step too: whole, not cut after three lines.
			const oneLine = 'page the DBA on call, then follow the failover checklist in the wiki, then '.repeat(3).trim();
			expect(block(text(detailLines(makeRow({name: 'api', check: {runbook: oneLine}}), narrow)), 'runbook').join(' ')).toBe(oneLine);
			const many = Array.from({length: 30}, (_, index) => `step ${index + 1}`).join('\n');
			const cut = block(text(detailLines(makeRow({name: 'api', check: {rollback: many}}), narrow)), 'rollback');
			expect(cut).toHaveLength(24);
			expect(cut[22]).toBe('step 23');
			expect(cut[23]).toBe('… 7 more lines not shown: steps 24-30');
			// Lines are counted after wrapping, the line that says so wrapped too, and a step cut part-way named as such.
			const long = block(text(detailLines(makeRow({name: 'api', check: {rollback: `${'scale the deployment down '.repeat(40)}\nthen page`}}), narrow)), 'rollback');
			expect(long).toHaveLength(24);
			expect(long.slice(-2).join(' ')).toMatch(/^… \d+ more lines not shown: the rest of step 1, step 2$/);
		});

		it('keeps a number and its unit on one line', () => {
			const last = {...row.last!, summary: '200 OK · 512 B · 1 ms', status: 200};
			for (const width of [26, 27, 28, 29, 30]) {
				const actual = block(text(detailLines({...row, last}, {...narrow, width})), 'actual');
				expect(actual.join(' '), `at ${width}`).toBe('200 OK · 512 B · 1 ms');
				for (const line of actual) expect(line, `at ${width}`).not.toMatch(/\d$/);
			}
		});

		it('keeps the phases whole, breaking between them', () => {
			const phases = block(text(detailLines(failing, narrow)), 'phases');
			expect(phases.length).toBe(2);
			expect(phases[0]).toMatch(/ms,$/);
			expect(phases.join(' ')).toBe('dns 1ms, connect 2ms, tls 5ms, ttfb 20ms, transfer 1ms, total 29ms');
		});
	});

	describe('by hand', () => {
		const withCheck = (check: Parameters<typeof makeCheck>[0]) => ({...failing, check: displayCheck(makeCheck(check))});
		/** The value of the `by hand` line and of the lines it wraps onto. */
		const byHand = (lines: string[]) => {
			const start = lines.findIndex(line => line.startsWith('by hand'));
			const end = lines.findIndex((line, index) => index > start && !line.startsWith(' '));
			return lines.slice(start, end).map(line => line.slice(10).trimEnd());
		};
		/**
		 * The command a shell reads from the lines pasted together: a line's closing `\` goes with its newline, and a
		 * single-quoted word cut in two (`'…'\` then `'…'`) is one word again.
		 */
		const asPasted = (lines: string[]) => lines.join('\n').replaceAll('\'\\\n\'', '').replaceAll('\\\n', '');

		it('gives the command that does what the probe does, under the target, wrapped whole', () => {
			const lines = text(detailLines(withCheck({url: 'http://127.0.0.1:8000/health', headers: {'x-tenant': 'north'}}), {...options, width: 60}));
			expect(lines.findIndex(line => line.startsWith('by hand'))).toBe(lines.findIndex(line => line.startsWith('target')) + 1);
			const shown = byHand(lines);
			expect(shown.length).toBeGreaterThan(1);
			// Every line but the last goes on in the next, for the shell: copied off the screen, they run as one command.
			for (const line of shown.slice(0, -1)) expect(line).toMatch(/ \\$/);
			expect(asPasted(shown)).toBe(String.raw`curl -sS -A uptop -o /dev/null -w '%{http_code} %{time_total}s\n' -m 5 -L -H 'x-tenant: north' http://127.0.0.1:8000/health`);
		});

		it('shows all of a long command in a side pane, its URL too, not cut after four lines', () => {
			const check = {url: 'https://payments-api.eu-west-1.internal.example/v2/health?deep=true', headers: {'x-tenant': 'north', accept: 'application/json'}};
			const lines = text(detailLines(withCheck(check), {...options, width: 58}));
			const shown = byHand(lines);
			expect(shown.length).toBeGreaterThan(4);
			// The URL is broken where the line ends, so that pasted it is one word again: every character is there.
			expect(asPasted(shown)).toBe(String.raw`curl -sS -A uptop -o /dev/null -w '%{http_code} %{time_total}s\n' -m 5 -L -H 'x-tenant: north' -H 'accept: application/json' 'https://payments-api.eu-west-1.internal.example/v2/health?deep=true'`);
			expect(shown.join('\n')).not.toContain('…');
		});

		it('shows a secret written in the config as •••• and says the command needs it filled in', () => {
			const check = {url: 'http://ops:s3cr3t-pw@127.0.0.1:8000/health', secrets: ['s3cr3t-pw'], insecure: true};
			const lines = text(detailLines(withCheck(check), {...options, width: 100}));
			const joined = lines.join('\n');
			expect(asPasted(byHand(lines).slice(0, -1))).toBe(String.raw`curl -sS -A uptop -o /dev/null -w '%{http_code} %{time_total}s\n' -m 5 -L -k 'http://ops:••••@127.0.0.1:8000/health'`);
			expect(joined).not.toContain('s3cr3t');
			expect(byHand(lines).at(-1)).toBe('•••• is a secret: fill it in to run this');
		});

		it('draws a control character in a body as text, not as a command to the terminal, and as one a shell sends', () => {
			const lines = text(detailLines(withCheck({method: 'POST', body: 'a\u001B[2Jb'}), {...options, width: 100}));
			expect(lines.join('\n')).not.toContain('\u001B');
			// `'a^[[2Jb'` was safe to draw but sent `^[` pasted: `$'…'` is both.
			expect(byHand(lines).join(' ')).toContain(String.raw`--data-raw $'a\x1b[2Jb'`);
		});
	});
});
