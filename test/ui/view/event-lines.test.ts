import {describe, expect, it, vi} from 'vitest';

vi.hoisted(() => {
	process.env['TZ'] = 'UTC';
});

import {createTheme} from '../../../source/ui/theme.js';
import {eventLines} from '../../../source/ui/view/event-lines.js';
import {listEvents} from '../../../source/ui/view/event-list.js';
import {toAscii} from '../../../source/ui/text.js';
import {baseAt, makeRow, makeSnapshot} from '../helpers.js';
import {releasedFleet, releaseMarker} from '../fleet.js';
import type {Marker, ReleaseView} from '../../../source/monitor/types.js';

const theme = createTheme({color: false, ascii: false});
const text = (lines: ReturnType<typeof eventLines>) => lines.map(line => line.map(segment => segment.text).join(''));

describe('eventLines', () => {
	const snapshot = makeSnapshot([
		makeRow({name: 'payments api', state: 'failing', view: {transitions: [
			{at: baseAt - 10_000, from: 'up', to: 'failing', reason: {code: 'refused', message: 'connection refused'}},
			{at: baseAt - 7_200_000, from: 'pending', to: 'up'},
		]}}),
		makeRow({name: 'search', view: {transitions: [{at: baseAt - 60_000, from: 'slow', to: 'up'}], seriesLabel: 'eu-1'}}),
	], {markers: [{at: baseAt - 60_000, label: 'deploy \u001B[2J now', source: 'command'}, {at: baseAt - 30_000, label: 'v2', checkId: 'search', checkName: 'search', source: 'version'}]});

	it('merges markers and every row\'s state changes, newest first, ages from the snapshot', () => {
		const lines = text(eventLines(snapshot, {width: 100, theme}));
		expect(lines).toHaveLength(5);
		expect(lines[0]).toBe('11:59:50 10s ago  ✗ payments api  up → failing  connection refused'.padEnd(100));
		expect(lines[1]).toMatch(/^11:59:30 30s ago {2}│ deploy {2}v2 \(version, search\)/);
		// A marker and a state change at the same instant: the marker below it, as the older (the likely cause).
		expect(lines[2]).toMatch(/^11:59:00 {2}1m ago {2}✓ search \/ eu-1 {2}slow → up/);
		expect(lines[3]).toMatch(/^11:59:00 {2}1m ago {2}│ deploy {2}deploy \^\[\[2J now \(uptop mark\)/);
		expect(lines[4]).toMatch(/^10:00:00 {2}2h ago {2}✓ payments api {2}pending → up/);
	});

	it('keeps which check and what changed when a name is long: the name gives way in its middle', () => {
		const long = makeSnapshot([
			makeRow({name: 'payments-api-eu-west-1-production-primary-health-a', view: {transitions: [{at: baseAt - 10_000, from: 'failing', to: 'up'}]}}),
			makeRow({name: 'payments-api-eu-west-1-production-primary-health-b', view: {transitions: [{at: baseAt - 10_000, from: 'up', to: 'failing'}]}}),
		], {markers: [{at: baseAt - 5000, label: 'rollback of the payments api to the previous release after errors', checkId: 'broken', checkName: 'broken', source: 'key'}]});
		const lines = text(eventLines(long, {width: 60, theme}));
		expect(lines[0]).toMatch(/│ deploy {2}rollback of the.*… \(key, broken\) *$/);
		expect(lines.find(line => line.includes('health-a'))).toMatch(/payments.*….*health-a {2}failing → up/);
		expect(lines.find(line => line.includes('health-b'))).toMatch(/payments.*….*health-b {2}up → failing/);
		for (const line of lines) expect(line).toHaveLength(60);
	});

	it('keeps the part that tells apart two names alike at both ends, in a change\'s line and a marker\'s', () => {
		const alike = makeSnapshot([
			makeRow({name: 'payments-api eu-west-1 primary health', view: {transitions: [{at: baseAt - 10_000, from: 'up', to: 'failing'}]}}),
			makeRow({name: 'payments-api us-east-1 primary health', view: {transitions: [{at: baseAt - 10_000, from: 'failing', to: 'up'}]}}),
		], {markers: [{at: baseAt - 5000, label: 'canary', checkId: 'payments-api-us-east-1-primary-health', checkName: 'payments-api us-east-1 primary health', source: 'key'}]});
		const lines = text(eventLines(alike, {width: 60, theme}));
		// Cut in the middle, the changes at 60 and the marker at 80 all read "payments-api …imary health".
		expect(lines.find(line => line.includes('up → failing'))).toMatch(/ ✗ paym[^…]*…eu-west-1…[^…]*health {2}up → failing/);
		expect(lines.find(line => line.includes('failing → up'))).toMatch(/ ✓ paym[^…]*…us-east-1…[^…]*health {2}failing → up/);
		expect(text(eventLines(alike, {width: 80, theme}))[0]).toMatch(/│ deploy {2}canary \(key, [^…]*…us-east-1…[^…]*\) *$/);
	});

	it('keeps a marker\'s source whole down to the narrowest screen: the note gives way, then the check\'s name, then the name goes', () => {
		// At 60 columns "│ deploy  rollbac… (key, paym…eu-west-1…": fit() cut the end, the scope never closed.
		const name = 'payments-api eu-west-1 primary health';
		const narrow = makeSnapshot([makeRow({name}), makeRow({name: 'payments-api us-east-1 primary health'})], {markers: [
			{at: baseAt - 5000, label: 'rollback of the payments api to the previous release after errors', checkId: name, checkName: name, source: 'key'},
		]});
		const line = (width: number) => text(eventLines(narrow, {width, theme}))[0]!;
		expect(line(58)).toMatch(/│ deploy {2}rollbac… \(key, [^()]*…eu-west-1…[^()]*\)$/);
		expect(line(50)).toMatch(/│ deploy {2}rollback of the… \(key\)$/);
		// 40 columns, the smallest screen, less the cursor's gutter.
		expect(line(38)).toMatch(/│ deploy {2}rol… \(key\)$/);
		for (const width of [38, 50, 58]) expect(line(width), `at ${width}`).toHaveLength(width);
	});

	it('names the check of a marker by the name it was made with, never by its checkId, which holds the secret', () => {
		// `name: "${SERVICE} api"`: its row is "•••• api" (the display copy), its markers' checkId the real name and
		// their checkName the shown one (the engine sets it: test/monitor/marker-check-name.test.ts).
		const row = {...makeRow({name: 'secret api'}), id: 'tok-3f9a api', check: {...makeRow({name: '•••• api'}).check, id: '•••• api'}};
		const markers = [
			{at: baseAt - 20_000, label: '•••• api 1.0 → 1.1', checkId: 'tok-3f9a api', checkName: '•••• api', source: 'version' as const},
			{at: baseAt - 10_000, label: 'canary', checkId: 'tok-3f9a api', checkName: '•••• api', source: 'key' as const},
		];
		for (const width of [60, 100]) {
			const lines = text(eventLines(makeSnapshot([row], {markers}), {width, theme}));
			expect(lines.join('\n'), `at ${width}`).not.toContain('tok-3f9a');
			expect(lines[0], `at ${width}`).toMatch(/│ deploy {2}canary \(key, •••• api\) *$/);
			expect(lines[1], `at ${width}`).toMatch(/│ deploy {2}•••• api 1\.0 → 1\.1 \(version\) *$/);
		}
	});

	it('writes a version change as 1.5.0 -> 1.5.1 on a terminal without UTF-8, not as a comparison', () => {
		// `payments api 1.5.0 > 1.5.1` reads as "greater than", the opposite of an upgrade.
		const ascii = createTheme({color: false, ascii: true});
		const deploy = makeSnapshot([makeRow({name: 'payments api'})], {markers: [{at: baseAt - 22_000, label: 'payments api 1.5.0 → 1.5.1', checkId: 'payments api', checkName: 'payments api', source: 'version'}]});
		for (const width of [60, 80]) {
			// As drawn: Line makes what is left ASCII, one cell for one cell.
			expect(toAscii(text(eventLines(deploy, {width, theme: ascii}))[0]!), `at ${width}`).toMatch(/\| deploy {2}pay\S* ?\S*api 1\.5\.0 -> 1\.5\.1 \(version\) *$/);
		}
	});

	it('says a rollout\'s settling in the marker\'s one parenthetical, at every width', () => {
		// `payments api 1.5.0 → 1.5.1 (settled) (version)` read as two notes in a row.
		const settled = makeSnapshot([makeRow({name: 'payments api'})], {markers: [{at: baseAt - 22_000, label: 'payments api 1.5.0 → 1.5.1 (settled)', checkId: 'payments api', checkName: 'payments api', source: 'version', isSettled: true}]});
		for (const width of [80, 100]) {
			const [line] = text(eventLines(settled, {width, theme}));
			expect(line, `at ${width}`).toHaveLength(width);
			expect(line, `at ${width}`).toMatch(/│ deploy {2}payments api 1\.5\.0 → 1\.5\.1 \(version, settled\) *$/);
		}

		// Narrower, the label gives way as any version change's does; the source's parenthetical stays whole.
		expect(text(eventLines(settled, {width: 60, theme}))[0]).toMatch(/│ deploy {2}pay.*… \(version, settled\)$/);
	});

	it('keeps the versions of a version change in a narrow pane, and names its check once', () => {
		// At 60 columns the events view showed "│ deploy  payment… (version, payments api)": which version went out
		// was cut, while the check's name was there twice.
		const deploy = makeSnapshot([makeRow({name: 'payments api'})], {markers: [{at: baseAt - 22_000, label: 'payments api 1.5.0 → 1.5.1', checkId: 'payments api', checkName: 'payments api', source: 'version'}]});
		for (const width of [60, 80, 100]) {
			const [line] = text(eventLines(deploy, {width, theme}));
			expect(line, `at ${width}`).toHaveLength(width);
			expect(line, `at ${width}`).toMatch(/│ deploy {2}\S.* 1\.5\.0 → 1\.5\.1 \(version\) *$/);
			expect(line!.split('payments api').length - 1, `at ${width}`).toBeLessThanOrEqual(1);
		}

		expect(text(eventLines(deploy, {width: 80, theme}))[0]).toMatch(/│ deploy {2}payments api 1\.5\.0 → 1\.5\.1 \(version\) *$/);
		expect(text(eventLines(deploy, {width: 60, theme}))[0]).toMatch(/│ deploy {2}pay.*….*api 1\.5\.0 → 1\.5\.1 \(version\)$/);
	});

	it('says where a flapping check\'s kept state changes end, rather than look quiet before them', () => {
		// A check that flapped more than its bounded list keeps showed no change before its oldest kept one, while
		// the other checks' older events went on: the events view read as if it had been up all along.
		const flapping = makeSnapshot([
			makeRow({name: 'flaky api', state: 'failing', view: {transitionsCut: true, transitions: [
				{at: baseAt - 10_000, from: 'up', to: 'failing'},
				{at: baseAt - 20_000, from: 'failing', to: 'up'},
			]}}),
			makeRow({name: 'search api', view: {transitions: [{at: baseAt - 90_000, from: 'pending', to: 'up'}]}}),
		], {markers: [{at: baseAt - 60_000, label: 'helm upgrade', source: 'command'}]});
		const lines = text(eventLines(flapping, {width: 80, theme})).map(line => line.trimEnd());
		expect(lines).toHaveLength(5);
		expect(lines[1]).toMatch(/flaky api {2}failing → up$/);
		expect(lines[2]).toBe(`${' '.repeat(18)}… flaky api: older state changes not kept`);
		expect(lines[3]).toMatch(/│ deploy {2}helm upgrade/);
		// One line per listed event: the cursor's index in listEvents is its line.
		expect(listEvents(flapping)).toHaveLength(lines.length);
		// Not cut: no such line.
		expect(text(eventLines(snapshot, {width: 80, theme})).join('\n')).not.toContain('not kept');
	});

	it('says how long the state a check left had held, as the plain lines do', () => {
		const recovered = makeSnapshot([makeRow({name: 'pg main', view: {transitions: [
			{at: baseAt - 6000, from: 'failing', to: 'up', fromSince: baseAt - 100_000},
		]}})]);
		expect(text(eventLines(recovered, {width: 80, theme}))[0]).toMatch(/pg main {2}failing → up after 1m 34s\s*$/);
	});

	it('says how much of it uptop did not watch, when a restart continued the state, as the plain lines do', () => {
		const recovered = makeSnapshot([makeRow({name: 'pg main', view: {transitions: [
			{at: baseAt - 6000, from: 'failing', to: 'up', fromSince: baseAt - 100_000, unwatchedMs: 61_000},
		]}})]);
		expect(text(eventLines(recovered, {width: 100, theme}))[0]).toMatch(/pg main {2}failing → up after 1m 34s \(1m 1s of it while uptop was stopped\)\s*$/);
	});

	it('leaves out how long the state had held where it would be cut, as the detail pane does: "afte…" says nothing', () => {
		// A 50-column pane read `✓ s…orders  failing → up afte…`.
		const recovered = makeSnapshot([makeRow({name: 'shop orders', view: {transitions: [
			{at: baseAt - 6000, from: 'failing', to: 'up', fromSince: baseAt - 100_000},
		]}})]);
		for (const width of [50, 48]) {
			const line = text(eventLines(recovered, {width, theme}))[0]!;
			expect(line, `at ${width}`).toMatch(/shop orders {2}failing → up\s*$/);
		}

		expect(text(eventLines(recovered, {width: 60, theme}))[0]).toMatch(/shop orders {2}failing → up after 1m 34s\s*$/);
	});

	it('folds a flapping check\'s changes after the first into one line that says how many, the latest how long ago, and the state now', () => {
		const transitions = [{at: baseAt - 70_000, from: 'pending' as const, to: 'up' as const}];
		for (let index = 0; index < 9; index++) {
			const at = baseAt - 60_000 + index * 5000;
			transitions.push({at, from: index % 2 === 0 ? 'up' : 'failing', to: index % 2 === 0 ? 'failing' : 'up', ...(index % 2 === 0 ? {reason: {code: 'expect:status', message: 'status 503, expected 200'}} : {})} as never);
		}

		const lines = text(eventLines(makeSnapshot([makeRow({name: 'search api', state: 'failing', view: {transitions: transitions.reverse()}})]), {width: 110, theme})).map(line => line.trimEnd());
		expect(lines).toEqual([
			'11:59:00  1m ago  ✗ search api  flapping: 9 changes, latest 20s ago, now failing  status 503, expected 200',
			'11:59:00  1m ago  ✗ search api  up → failing  status 503, expected 200',
			'11:58:50  1m ago  ✓ search api  pending → up',
		]);
	});

	it('keeps the state a flapping check is in now when its line is short: "latest" gives way first', () => {
		const transitions = [];
		for (let index = 0; index < 9; index++) {
			const at = baseAt - 60_000 + index * 5000;
			transitions.push({at, from: index % 2 === 0 ? 'up' : 'failing', to: index % 2 === 0 ? 'failing' : 'up'} as const);
		}

		const snapshot = makeSnapshot([makeRow({name: 'search api', state: 'failing', view: {transitions: transitions.reverse()}})]);
		// The events view draws them two cells narrower than the screen, after the cursor's gutter.
		const at = (width: number) => text(eventLines(snapshot, {width, theme}))[0]!.trimEnd();
		expect(at(80)).toBe('11:59:00  1m ago  ✗ search api  flapping: 9 changes, latest 20s ago, now failing');
		expect(at(68)).toBe('11:59:00  1m ago  ✗ search api  flapping: 9 changes, now failing');
		// At 60 columns.
		expect(at(58)).toBe('11:59:00  1m ago  ✗ search api  flapping, now failing');
	});

	it('says a flap that a later change ended ended in its state, not that the check is in it now', () => {
		// After a flap ending failing, the check came up minutes later (a line of its own): "now failing" under
		// "failing → up" contradicted the row, which was up.
		const transitions = [];
		for (let index = 0; index < 9; index++) {
			const at = baseAt - 600_000 + index * 5000;
			transitions.push({at, from: index % 2 === 0 ? 'up' : 'failing', to: index % 2 === 0 ? 'failing' : 'up'} as const);
		}

		transitions.push({at: baseAt - 60_000, from: 'failing', to: 'up'} as const);
		const snapshot = makeSnapshot([makeRow({name: 'search api', state: 'up', view: {transitions: transitions.reverse()}})]);
		const lines = text(eventLines(snapshot, {width: 100, theme})).map(line => line.trimEnd());
		expect(lines[0]).toBe('11:59:00  1m ago  ✓ search api  failing → up');
		expect(lines[1]).toBe('11:50:00 10m ago  ✗ search api  flapping: 9 changes, latest 9m ago, ended failing');
		expect(text(eventLines(snapshot, {width: 58, theme}))[1]!.trimEnd()).toBe('11:50:00 10m ago  ✗ search api  flapping, ended failing');
	});

	it('folds a first start\'s checks that came up into one line, and keeps each that came up otherwise', () => {
		// 888 of 960 lines were "pending → up" on a 500-check fleet's first start, burying the few that came up
		// failing or slow.
		const started = baseAt - 60_000;
		const rows = [
			...Array.from({length: 6}, (_, index) => makeRow({name: `service ${index}`, view: {transitions: [{at: started + (index * 500), from: 'pending', to: 'up'}]}})),
			makeRow({name: 'orders api', state: 'failing', view: {transitions: [
				{at: baseAt - 5000, from: 'up', to: 'failing', reason: {code: 'refused', message: 'connection refused'}},
				{at: started + 700, from: 'pending', to: 'up'},
			]}}),
			makeRow({name: 'payments api', state: 'failing', view: {transitions: [{at: started + 1200, from: 'pending', to: 'failing', reason: {code: 'refused', message: 'connection refused'}}]}}),
			makeRow({name: 'search', state: 'slow', view: {transitions: [{at: started + 900, from: 'pending', to: 'slow'}]}}),
			makeRow({name: 'ledger', state: 'unknown', view: {transitions: [{at: started + 800, from: 'pending', to: 'unknown'}]}}),
		];
		const fleet = makeSnapshot(rows);
		const lines = text(eventLines(fleet, {width: 100, theme})).map(line => line.trimEnd());
		expect(lines).toEqual([
			'11:59:55  5s ago  ✗ orders api  up → failing  connection refused',
			'11:59:02 58s ago  ✓ 7 checks  pending → up  (first at 11:59:00)',
			'11:59:01 59s ago  ✗ payments api  pending → failing  connection refused',
			// 11:59:00.9 at 12:00:00: a minute by the clocks shown, as every event of 11:59:00 is.
			'11:59:00  1m ago  ◔ search  pending → slow',
			'11:59:00  1m ago  ? ledger  pending → unknown',
		]);
		expect(listEvents(fleet)).toHaveLength(lines.length);
	});

	it('folds each round of first results on its own: an earlier run, a start, a reload that adds checks', () => {
		const cameUp = (name: string, ...ats: number[]) => makeRow({name, view: {transitions: ats.map(at => ({at, from: 'pending' as const, to: 'up' as const}))}});
		const rounds = makeSnapshot([
			cameUp('a', baseAt - 7_200_000, baseAt - 600_000),
			cameUp('b', baseAt - 7_199_000, baseAt - 599_000),
			cameUp('c', baseAt - 600_000),
			// Added by a reload five minutes after the start, with a check that came up alone a minute later.
			cameUp('d', baseAt - 300_000),
			cameUp('e', baseAt - 299_000),
			cameUp('f', baseAt - 240_000),
		]);
		const lines = text(eventLines(rounds, {width: 80, theme})).map(line => line.trimEnd());
		expect(lines).toEqual([
			'11:56:00  4m ago  ✓ f  pending → up',
			'11:55:01  4m ago  ✓ 2 checks  pending → up  (first at 11:55:00)',
			'11:50:01  9m ago  ✓ 3 checks  pending → up  (first at 11:50:00)',
			'10:00:01  1h ago  ✓ 2 checks  pending → up  (first at 10:00:00)',
		]);
	});

	it('says after a restart which checks are as before it: the ones up in the round\'s line, the others each on its own', () => {
		// The plain lines say "orders api: failing, as before the restart"; the screen listed nothing for it.
		const restartedAt = baseAt - 30_000;
		const carried = (name: string, state: 'up' | 'failing' | 'warn', at: number) => makeRow({name, state, view: {
			// As the engine gives it: the reason of the result that found the state, as in the row's history.
			continued: {at, state, ...(state === 'up' ? {} : {reason: {code: 'expect:status', message: 'status 503, expected 200'} as const})},
			history: [{at, state, latencyMs: 12, summary: '', reason: state === 'up' ? undefined : {code: 'expect:status', message: 'status 503, expected 200'}}],
			// The earlier run's change, from the history file.
			transitions: [{at: baseAt - 3_600_000, from: 'up', to: state}],
		}});
		const restart = makeSnapshot([
			carried('a', 'up', restartedAt + 100),
			carried('b', 'up', restartedAt + 200),
			carried('orders api', 'failing', restartedAt + 300),
			carried('search', 'warn', restartedAt + 400),
			makeRow({name: 'new', view: {transitions: [{at: restartedAt + 1500, from: 'pending', to: 'up'}]}}),
		]);
		const lines = text(eventLines(restart, {width: 100, theme})).map(line => line.trimEnd());
		expect(lines.slice(0, 3)).toEqual([
			'11:59:31 29s ago  ✓ 3 checks  up: 2 as before the restart, 1 pending → up  (first at 11:59:30)',
			'11:59:30 30s ago  ! search  warn, as before the restart  status 503, expected 200',
			'11:59:30 30s ago  ✗ orders api  failing, as before the restart  status 503, expected 200',
		]);
		// The earlier run's changes stay listed at their own times.
		expect(lines.slice(3).every(line => line.startsWith('11:00:00  1h ago'))).toBe(true);
		expect(lines).toHaveLength(7);

		const onlyCarried = makeSnapshot([carried('a', 'up', restartedAt + 100), carried('b', 'up', restartedAt + 200)]);
		expect(text(eventLines(onlyCarried, {width: 100, theme}))[0]!.trimEnd()).toBe('11:59:30 30s ago  ✓ 2 checks  up, as before the restart');
		const alone = makeSnapshot([carried('a', 'up', restartedAt + 100)]);
		expect(text(eventLines(alone, {width: 100, theme}))[0]!.trimEnd()).toBe('11:59:30 30s ago  ✓ a  up, as before the restart');
		// A reload put back a check removed in this run beside one last watched by an earlier run: neither phrase is
		// true of both.
		const reAdded = makeRow({name: 'c', state: 'up', view: {continued: {at: restartedAt + 300, state: 'up', isReAdded: true}, transitions: [{at: baseAt - 3_600_000, from: 'pending', to: 'up'}]}});
		const mixed = makeSnapshot([carried('a', 'up', restartedAt + 100), reAdded]);
		expect(text(eventLines(mixed, {width: 100, theme}))[0]!.trimEnd()).toBe('11:59:30 30s ago  ✓ 2 checks  up, as before');
	});

	it('keeps the reason of a check failing as before the restart once its recent results have moved on', () => {
		// The row keeps its last 20 results: two minutes later the one that found the state is no longer among them.
		const failingSince = makeRow({name: 'orders api', state: 'failing', view: {
			continued: {at: baseAt - 300_000, state: 'failing', reason: {code: 'refused', message: 'connection refused'}},
			history: Array.from({length: 20}, (_, index) => ({at: baseAt - (index * 5000), state: 'failing' as const, latencyMs: 1, summary: '', reason: {code: 'timeout:connect' as const, message: 'no answer in 5s'}})),
		}});
		expect(text(eventLines(makeSnapshot([failingSince]), {width: 100, theme}))[0]!.trimEnd())
			.toBe('11:55:00  5m ago  ✗ orders api  failing, as before the restart  connection refused');
	});

	it('fits the width and writes no escape code from a label', () => {
		for (const line of text(eventLines(snapshot, {width: 40, theme}))) {
			expect(line).toHaveLength(40);
			expect(line).not.toContain('\u001B');
		}
	});
});

describe('a deploy marker\'s verdict in the events list', () => {
	const judged = (verdict: ReleaseView['verdict'], marker: Marker): ReleaseView => ({...releasedFleet(4).find(row => row.release?.verdict === verdict)!.release!, markerLabel: marker.label, markerAt: marker.at, markerCheckId: marker.checkId});

	it('ends the line of the marker a check was judged around with its verdict, whole at every width', () => {
		const earlier: Marker = {at: baseAt - 3_600_000, label: 'payments api 1.4.9 → 1.5.0', checkId: 'payments-api', checkName: 'payments api', source: 'version'};
		const marker: Marker = {at: baseAt - 90_000, label: 'payments api 1.5.0 → 1.5.1', checkId: 'payments-api', checkName: 'payments api', source: 'version'};
		const row = {...makeRow({name: 'payments api'}), release: judged('worse', marker)};
		const snapshot = makeSnapshot([row], {markers: [earlier, marker]});
		const lines = text(eventLines(snapshot, {width: 100, theme}));
		expect(lines[0]).toMatch(/│ deploy {2}payments api 1\.5\.0 → 1\.5\.1 \(version\) +▲ worse$/);
		// The release compares around the latest marker only: the one before it has no verdict of its own.
		expect(lines[1]).toMatch(/│ deploy {2}payments api 1\.4\.9 → 1\.5\.0 \(version\) *$/);
		// It takes only cells the marker's own words leave: narrower, the line is as it was without it.
		const bare = makeSnapshot([makeRow({name: 'payments api'})], {markers: [earlier, marker]});
		for (const width of [38, 60]) expect(text(eventLines(snapshot, {width, theme}))[0], `at ${width}`).toBe(text(eventLines(bare, {width, theme}))[0]);
		for (const width of [38, 60, 72, 73, 100]) expect(text(eventLines(snapshot, {width, theme}))[0], `at ${width}`).toHaveLength(width);
		// 64 cells of the marker's own, 9 of the verdict's.
		expect(text(eventLines(snapshot, {width: 73, theme}))[0]).toMatch(/\(version\) {2}▲ worse$/);
		expect(text(eventLines(snapshot, {width: 72, theme}))[0]).toBe(text(eventLines(bare, {width: 72, theme}))[0]);
		const ascii = createTheme({color: false, ascii: true});
		expect(text(eventLines(snapshot, {width: 100, theme: ascii}))[0]).toMatch(/\(version\) +\^ worse$/);
	});

	it('counts the verdicts of a marker of every check, the worst first, and keeps the worst where the rest do not fit', () => {
		const fleet = releasedFleet(8);
		const count = (verdict: ReleaseView['verdict']) => fleet.filter(row => row.release?.verdict === verdict).length;
		expect(count('worse')).toBeGreaterThan(0);
		const snapshot = makeSnapshot(fleet, {markers: [releaseMarker]});
		const line = (width: number) => text(eventLines(snapshot, {width, theme})).find(candidate => candidate.includes('│ deploy'))!;
		// `(uptop mark)` takes 5 cells more than `(command)` did: all four counts fit from 125 columns.
		expect(line(125)).toMatch(new RegExp(`│ deploy {2}helm upgrade payments 1\\.5\\.0 \\(uptop mark\\) +▲ ${count('worse')} worse, ▼ ${count('better')} better, = ${count('no change')} no change, … ${count('too early')} too early$`));
		expect(line(80)).toMatch(new RegExp(`│ deploy {2}helm upgrade payments 1\\.5\\.0 \\(uptop mark\\) +▲ ${count('worse')} worse$`));
		expect(line(60)).not.toMatch(/worse/);
		for (const width of [38, 60, 80, 120, 125]) expect(line(width), `at ${width}`).toHaveLength(width);
	});

	it('leaves the marker\'s own words as they are without it, at every width', () => {
		// Found in review: a version marker whose label does not name its check kept its scope only without a verdict
		// (`v2 (version)   ▲ worse` at 50 columns, `v2 (version, search)` without), and a long check name in a
		// key marker's scope was cut to make room for one (at 96).
		const markers: Marker[] = [
			{at: baseAt - 90_000, label: 'v2', checkId: 'search', checkName: 'search', source: 'version'},
			{at: baseAt - 80_000, label: 'canary', checkId: 'payments-api-eu-west-1-primary-x', checkName: 'payments-api-eu-west-1-primary-x', source: 'key'},
			{at: baseAt - 70_000, label: 'payments api 1.5.0 → 1.5.1', checkId: 'payments-api', checkName: 'payments api', source: 'version'},
		];
		for (const marker of markers) {
			const judgedRow = {...makeRow({name: marker.checkName!}), release: judged('worse', marker)};
			const plainRow = makeRow({name: marker.checkName!});
			for (let width = 38; width <= 120; width++) {
				const [withVerdict] = eventLines(makeSnapshot([judgedRow], {markers: [marker]}), {width, theme});
				const [without] = eventLines(makeSnapshot([plainRow], {markers: [marker]}), {width, theme});
				expect(withVerdict![0]!.text.trimEnd(), `${marker.label} at ${width}`).toBe(without![0]!.text.trimEnd());
				expect(withVerdict!.map(segment => segment.text).join(''), `${marker.label} at ${width}`).toHaveLength(width);
			}
		}
	});

	it('keeps apart a marker of every check and one of a single check made in the same millisecond with the same note', () => {
		// `uptop mark canary` and M canary on search at once: each line counts only the rows judged around it.
		const everyCheck: Marker = {at: baseAt - 90_000, label: 'canary', source: 'command'};
		const searchOnly: Marker = {at: baseAt - 90_000, label: 'canary', checkId: 'search', checkName: 'search', source: 'key'};
		const rows = [
			{...makeRow({name: 'payments api'}), release: judged('better', everyCheck)},
			{...makeRow({name: 'search'}), release: judged('worse', searchOnly)},
		];
		const lines = text(eventLines(makeSnapshot(rows, {markers: [everyCheck, searchOnly]}), {width: 100, theme}));
		expect(lines.find(line => line.includes('search'))).toMatch(/canary.*search.* ▲ worse$/);
		expect(lines.find(line => line.includes('canary') && !line.includes('search'))).toMatch(/canary.* ▼ better$/);
	});

	it('draws the verdict in its own colour, the line in the marker\'s', () => {
		const coloured = createTheme({color: true, ascii: false});
		const marker: Marker = {at: baseAt - 90_000, label: 'canary', source: 'key'};
		const snapshot = makeSnapshot([{...makeRow({name: 'payments api'}), release: judged('better', marker)}], {markers: [marker]});
		const [line] = eventLines(snapshot, {width: 80, theme: coloured});
		expect(line!.at(-1)).toMatchObject({text: '  ▼ better', colour: coloured.verdict('better').colour});
		expect(line![0]!.colour).toBe(coloured.role('paused'));
	});
});
