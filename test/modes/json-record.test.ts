import {describe, expect, it} from 'vitest';
import type {Check} from '../../source/config/types.js';
import {createMonitor} from '../../source/monitor/monitor.js';
import type {MonitorEvent} from '../../source/monitor/types.js';
import {eventRecord} from '../../source/modes/json-record.js';
import {runOnce} from '../../source/modes/once.js';
import {formatStateLine} from '../../source/modes/plain-lines.js';
import {splitRowId} from '../../source/modes/format.js';
import type {ProbeResult} from '../../source/probes/types.js';
import {makeCheck} from '../monitor/fixtures.js';

/** A fanned-out result: one up series and one failing series, `ghost`. */
function fanned(): ProbeResult {
	return {
		outcome: 'failing',
		latencyMs: 3,
		startedAt: 0,
		summary: '2 series: 1 failing, 1 up',
		series: [
			{label: 'ghost', outcome: 'failing', value: 0, summary: 'value 0', reason: {code: 'threshold', message: 'value 0 == 0 (fail)'}},
			{label: 'live', outcome: 'up', value: 1, summary: 'value 1'},
		],
	};
}

type Outputs = {table: string; once: Array<Record<string, unknown>>; stream: Array<Record<string, unknown>>; plain: string[]};

/** One run of the engine over `checks`, written as `--once`, `--once --json`, the `--json` stream and plain lines. */
async function outputs(checks: readonly Check[]): Promise<Outputs> {
	const byId = new Map(checks.map(check => [check.id, check] as const));
	const run = async (isJson: boolean, events: MonitorEvent[]) => {
		const monitor = createMonitor({checks, probe: async () => fanned()});
		monitor.onEvent(event => events.push(event));
		let text = '';
		await runOnce({checks, monitor, isJson, write: chunk => (text += chunk)});
		return text;
	};

	const events: MonitorEvent[] = [];
	const table = await run(false, []);
	const once = (await run(true, events)).trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
	const stream = events.map(event => eventRecord(event, byId)).filter(record => record !== undefined);
	const plain = events.flatMap(event => (event.type === 'state' ? [formatStateLine(event, splitRowId(event.id, byId))] : []));
	return {table, once, stream, plain};
}

describe('the name of a fanned-out row', () => {
	it('is the same in --once, --once --json, the --json stream and plain lines, with check and series beside it', async () => {
		const {table, once, stream, plain} = await outputs([makeCheck('prom up')]);
		expect(table).toMatch(/^failing +prom up \/ ghost +/m);
		expect(once.map(record => [record.name, record.check, record.series])).toEqual([['prom up / ghost', 'prom up', 'ghost'], ['prom up / live', 'prom up', 'live']]);
		const results = stream.filter(record => record.type === 'result');
		expect(new Set(results.map(record => record.name))).toEqual(new Set(['prom up / ghost', 'prom up / live']));
		const failed = stream.find(record => record.type === 'state' && record.to === 'failing');
		expect(failed).toMatchObject({name: 'prom up / ghost', check: 'prom up', series: 'ghost'});
		expect(plain.find(line => line.includes('→ failing'))).toMatch(/ prom up \/ ghost: pending → failing/);
	});

	it('finds the check of a series when check names hold a slash', async () => {
		const {once, stream} = await outputs([makeCheck('api'), makeCheck('api/v2')]);
		const names = (records: ReadonlyArray<Record<string, unknown>>) => [...new Set(records.map(record => `${String(record.check)}|${String(record.series)}|${String(record.name)}`))].sort();
		const expected = ['api/v2|ghost|api/v2 / ghost', 'api/v2|live|api/v2 / live', 'api|ghost|api / ghost', 'api|live|api / live'];
		expect(names(once)).toEqual(expected);
		expect(names(stream.filter(record => record.type === 'result'))).toEqual(expected);
	});

	it('carries each row\'s value as a number in --once --json and the stream\'s results, so a script need not parse the summary', async () => {
		const {once, stream} = await outputs([makeCheck('queue depth')]);
		expect(once.map(record => [record.series, record.value])).toEqual([['ghost', 0], ['live', 1]]);
		const results = stream.filter(record => record.type === 'result');
		expect(results.map(record => [record.series, record.value])).toEqual(expect.arrayContaining([['ghost', 0], ['live', 1]]));
	});

	it('leaves a check that does not fan out named as it is, with no series', () => {
		const check = makeCheck('orders api');
		const record = eventRecord({type: 'state', id: 'orders api', at: 0, from: 'pending', to: 'up'}, new Map([[check.id, check]]));
		expect(record).toMatchObject({name: 'orders api', check: 'orders api', series: null});
	});
});

describe('a state change in the headless outputs', () => {
	const check = makeCheck('pg-main primary');
	const byId = new Map([[check.id, check]]);
	const at = Date.parse('2026-12-01T00:29:56.130Z');
	const recovered = {type: 'state' as const, id: check.id, at, from: 'failing' as const, to: 'up' as const, fromSince: at - 94_000};

	it('gives fromDurationMs to two decimals, as every other ms field, with no float noise', () => {
		const record = eventRecord({...recovered, fromSince: at - 14_625.172790999999}, byId);
		expect(record).toMatchObject({fromDurationMs: 14_625.17, unwatchedMs: 0});
	});

	it('says in a plain line how long the state it left had held', () => {
		expect(formatStateLine(recovered, splitRowId(check.id, byId), 2.3)).toBe('2026-12-01T00:29:56.130Z pg-main primary: failing → up after 1m 34s (2.3 ms)');
		expect(formatStateLine({type: 'state', id: check.id, at, from: 'pending', to: 'up'}, splitRowId(check.id, byId), 2.3)).toBe('2026-12-01T00:29:56.130Z pg-main primary: pending → up (2.3 ms)');
	});

	it('gives --json readers the same as fromDurationMs, null after pending', () => {
		expect(eventRecord(recovered, byId)).toMatchObject({from: 'failing', to: 'up', fromDurationMs: 94_000});
		expect(eventRecord({type: 'state', id: check.id, at, from: 'pending', to: 'up'}, byId)).toMatchObject({fromDurationMs: null});
	});

	it('says how much of an outage uptop did not watch, when a restart continued it', () => {
		const across = {...recovered, unwatchedMs: 61_000};
		expect(formatStateLine(across, splitRowId(check.id, byId), 2.3)).toBe('2026-12-01T00:29:56.130Z pg-main primary: failing → up after 1m 34s (1m 1s of it while uptop was stopped) (2.3 ms)');
		expect(eventRecord(across, byId)).toMatchObject({fromDurationMs: 94_000, unwatchedMs: 61_000});
		expect(eventRecord(recovered, byId)).toMatchObject({fromDurationMs: 94_000, unwatchedMs: 0});
		expect(eventRecord({type: 'state', id: check.id, at, from: 'pending', to: 'up'}, byId)).toMatchObject({unwatchedMs: null});
	});
});

describe('what came back, in --json', () => {
	const check = makeCheck('orders api', {secrets: ['tok-123']});
	const byId = new Map([[check.id, check]]);
	const body = '{"error":"orders: database 127.0.0.1:5432 connection refused","token":"tok-123"}';
	const unavailable: ProbeResult = {outcome: 'failing', latencyMs: 2.3, startedAt: 0, summary: '503 Service Unavailable · 80 B', status: 503, reason: {code: 'expect:status', message: 'status 503, expected 200'}, excerpt: body};

	it('is the excerpt of a stream result that did not pass, secrets hidden, and null for one that did', () => {
		expect(eventRecord({type: 'result', id: check.id, at: 0, state: 'failing', result: unavailable}, byId)).toMatchObject({excerpt: '{"error":"orders: database 127.0.0.1:5432 connection refused","token":"••••"}'});
		expect(eventRecord({type: 'result', id: check.id, at: 0, state: 'up', result: {...unavailable, outcome: 'up', reason: undefined}}, byId)).toMatchObject({excerpt: null});
	});

	it('is the excerpt of --once --json\'s record of a check that is not up, and null for one that is', async () => {
		const checks = [makeCheck('orders api'), makeCheck('stock api')];
		const monitor = createMonitor({checks, probe: async probed => (probed.id === 'orders api' ? unavailable : {outcome: 'up', latencyMs: 1, startedAt: 0, summary: '200 OK', excerpt: '{"status":"UP"}'})});
		let output = '';
		await runOnce({checks, monitor, isJson: true, write: chunk => (output += chunk)});
		const records = output.trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
		expect(records.map(record => [record.name, record.excerpt])).toEqual([['orders api', body], ['stock api', null]]);
	});
});

describe('a result\'s phases, in the --json stream', () => {
	const check = makeCheck('orders api');
	const byId = new Map([[check.id, check]]);

	it('are rounded to hundredths of a millisecond as latencyMs is, in the documented order, only those measured', () => {
		// performance.now() differences: what a reader would otherwise get is 0.877537000000018.
		const phases = {totalMs: 12.345_678, transferMs: 0.100_000_000_000_023, connectMs: 0.877_537_000_000_018, ttfbMs: 11.368_141_000_000_001};
		const record = eventRecord({type: 'result', id: check.id, at: 0, state: 'up', result: {outcome: 'up', latencyMs: 12.345_678, startedAt: 0, summary: '200 OK', phases}}, byId);
		expect(JSON.stringify(record?.phases)).toBe('{"connectMs":0.88,"ttfbMs":11.37,"transferMs":0.1,"totalMs":12.35}');
		expect(eventRecord({type: 'result', id: check.id, at: 0, state: 'up', result: {outcome: 'up', latencyMs: 1, startedAt: 0, summary: 'ok'}}, byId)).toMatchObject({phases: null});
	});
});

describe('a stream result\'s times', () => {
	const check = makeCheck('orders api');
	const byId = new Map([[check.id, check]]);

	it('are `at`, when it started, as --once --json says, and `finishedAt`, when it finished', () => {
		const startedAt = Date.parse('2026-03-02T10:00:00.000Z');
		const finished = startedAt + 4750;
		const result: ProbeResult = {outcome: 'up', latencyMs: 4750, startedAt, summary: '200 OK'};
		const record = eventRecord({type: 'result', id: check.id, at: finished, state: 'up', result}, byId);
		expect(record).toMatchObject({at: '2026-03-02T10:00:00.000Z', finishedAt: '2026-03-02T10:00:04.750Z'});
		expect(Object.keys(record!).slice(Object.keys(record!).indexOf('at'), Object.keys(record!).indexOf('at') + 2)).toEqual(['at', 'finishedAt']);
	});
});
