import {mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {CommandCheck, FreshnessCheck, PrometheusCheck} from '../../source/config/types.js';
import {createMonitor} from '../../source/monitor/monitor.js';
import {probe as probePrometheus} from '../../source/probes/prometheus.js';
import {probe as probeFreshness} from '../../source/probes/freshness.js';
import {probe as probeCommand} from '../../source/probes/command.js';
import {eventRecord} from '../../source/modes/json-record.js';
import type {MonitorEvent} from '../../source/monitor/types.js';
import {common} from '../helpers/probe-checks.js';
import {formatOnceTable, runOnce} from '../../source/modes/once.js';
import {onceSignalExit} from '../../source/modes/once-signal.js';
import {setSignalExit, signalExitFor} from '../../source/runtime/process-exit.js';
import {displayWidth} from '../../source/ui/text.js';
import type {CheckView} from '../../source/monitor/types.js';
import {makeRow, makeSnapshot} from '../ui/helpers.js';
import {failing, makeCheck, up} from '../monitor/fixtures.js';

describe('runOnce', () => {
	it('finishes when the last result is in, not at the engine\'s next publish tick', async () => {
		const checks = Array.from({length: 40}, (_, index) => makeCheck(`c${index}`, {intervalMs: 60_000}));
		// A publish tick an hour away: only results, not ticks, can end the run in time.
		const monitor = createMonitor({checks, publishIntervalMs: 3_600_000, async probe(check) {
			await new Promise(resolve => setImmediate(resolve));
			return check.id === 'c7' ? failing() : up();
		}});
		let output = '';
		const run = runOnce({checks, monitor, isJson: true, write: text => (output += text)});
		const tooLate = new Promise<'too late'>(resolve => {
			setTimeout(() => resolve('too late'), 4000).unref();
		});
		expect(await Promise.race([run, tooLate])).toBe(2);
		const records = output.trim().split('\n').map(line => JSON.parse(line) as {name: string; state: string});
		expect(records).toHaveLength(40);
		expect(records.filter(record => record.state === 'failing').map(record => record.name)).toEqual(['c7']);
	});
});

/** A Prometheus API that answers every query with `body`. */
async function withPrometheus<T>(body: unknown, use: (url: string) => Promise<T>): Promise<T> {
	const server = http.createServer((_request, response) => response.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify(body)));
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	try {
		return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
	} finally {
		server.closeAllConnections();
		await new Promise(resolve => server.close(resolve));
	}
}

describe('runOnce with a fanned-out Prometheus check', () => {
	// `sort(up)` with `each:` naming a label the series lack: values 0, 0, 1, the healthy one last.
	const sortedUp = {status: 'success', data: {resultType: 'vector', result: ['0', '0', '1'].map((value, index) => ({metric: {instance: `i${index}`, job: 'node'}, value: [1_764_064_800, value]}))}};

	it('once the result is final, a signal ends with its code, not with "stopped before every check finished"', async () => {
		const checks = [makeCheck('a'), makeCheck('b')];
		const monitor = createMonitor({checks, async probe(check) {
			return check.id === 'b' ? failing() : up();
		}});
		setSignalExit(onceSignalExit);
		expect(signalExitFor('SIGTERM').code).toBe(3);
		expect(await runOnce({checks, monitor, isJson: false, write: () => undefined})).toBe(2);
		expect(signalExitFor('SIGTERM')).toEqual({code: 2});
		expect(signalExitFor('SIGINT')).toEqual({code: 2});
	});

	it('shows series without the label as one failing row that says why, not the last series\' value', async () => {
		const records = await withPrometheus(sortedUp, async url => {
			const check: PrometheusCheck = {...common('x'), kind: 'prometheus', url, query: 'sort(up)', each: 'nolabel', fail: {op: '==', value: 0}, headers: {}};
			const monitor = createMonitor({checks: [check], probe: async (_check, signal) => probePrometheus(check, signal)});
			let output = '';
			expect(await runOnce({checks: [check], monitor, isJson: true, write: text => (output += text)})).toBe(2);
			return output.trim().split('\n').map(line => JSON.parse(line) as {series: string; state: string; reason: {message: string}});
		});
		expect(records).toHaveLength(1);
		expect(records[0]).toMatchObject({series: '(no label)', state: 'failing'});
		expect(records[0]!.reason.message).toBe('3 of 3 series have no label nolabel (their labels: instance, job); worst: value 0 == 0 (fail)');
	});
});

describe('runOnce with a Prometheus value of NaN', () => {
	it('is unknown (exit 3), not failing, when only warn: is set', async () => {
		const noTraffic = {status: 'success', data: {resultType: 'vector', result: [{metric: {}, value: [1_764_064_800, 'NaN']}]}};
		const output = await withPrometheus(noTraffic, async url => {
			const check: PrometheusCheck = {...common('error ratio'), kind: 'prometheus', url, query: 'errors / requests', warn: {op: '>', value: 0.01}, headers: {}};
			const monitor = createMonitor({checks: [check], probe: async (_check, signal) => probePrometheus(check, signal)});
			let text = '';
			expect(await runOnce({checks: [check], monitor, isJson: false, write: chunk => (text += chunk)})).toBe(3);
			return text;
		});
		expect(output).toMatch(/^unknown +error ratio +.* value NaN \(no data to compare; e\.g\. 0\/0\)$/m);
	});
});

describe('runOnce --json with a Prometheus value', () => {
	const value = (text: string) => ({status: 'success', data: {resultType: 'vector', result: [{metric: {queue: 'emails'}, value: [1_764_064_800, text]}]}});
	const run = async (text: string) => withPrometheus(value(text), async url => {
		const check: PrometheusCheck = {...common('queue depth'), kind: 'prometheus', url, query: 'jobs_queue_depth', warn: {op: '>', value: 50}, fail: {op: '>', value: 200}, headers: {}};
		const monitor = createMonitor({checks: [check], probe: async (_check, signal) => probePrometheus(check, signal)});
		let output = '';
		await runOnce({checks: [check], monitor, isJson: true, write: chunk => (output += chunk)});
		return JSON.parse(output) as {state: string; value: unknown};
	});

	it('gives the number read, not only the summary text', async () => {
		expect(await run('500')).toMatchObject({state: 'failing', value: 500});
		expect(await run('0.25')).toMatchObject({state: 'up', value: 0.25});
	});

	it('gives null for NaN and infinities, which JSON cannot hold (the summary says which)', async () => {
		expect(await run('NaN')).toMatchObject({state: 'unknown', value: null});
		expect(await run('+Inf')).toMatchObject({state: 'failing', value: null});
	});
});

describe('runOnce --json with a freshness check', () => {
	it('gives the age of the last success in ms, in --once --json and in the stream\'s results, and null when there is none', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'uptop-age-'));
		try {
			const file = path.join(dir, 'heartbeat');
			writeFileSync(file, '');
			const late = (Date.now() - 40 * 60_000) / 1000;
			utimesSync(file, late, late);
			const job: FreshnessCheck = {...common('job'), kind: 'freshness', file, maxAgeMs: 3_600_000, warnAgeMs: 1_800_000, headers: {}};
			const missing: FreshnessCheck = {...job, ...common('missing'), file: path.join(dir, 'never-written')};
			const checks = [job, missing];
			const monitor = createMonitor({checks, probe: async (check, signal) => probeFreshness(check as FreshnessCheck, signal)});
			const events: MonitorEvent[] = [];
			monitor.onEvent(event => events.push(event));
			let output = '';
			await runOnce({checks, monitor, isJson: true, write: chunk => (output += chunk)});
			const [jobRecord, missingRecord] = output.trim().split('\n').map(line => JSON.parse(line) as {name: string; state: string; ageMs: unknown});
			expect(jobRecord).toMatchObject({name: 'job', state: 'warn'});
			expect(jobRecord!.ageMs).toBeGreaterThanOrEqual(40 * 60_000);
			expect(jobRecord!.ageMs).toBeLessThan(41 * 60_000);
			expect(missingRecord).toMatchObject({name: 'missing', state: 'failing', ageMs: null});
			const byId = new Map(checks.map(check => [check.id, check] as const));
			const streamed = events.map(event => eventRecord(event, byId)).find(record => record?.type === 'result' && record.name === 'job');
			expect(streamed?.ageMs).toBe(jobRecord!.ageMs);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});

describe('runOnce with a plugin whose message runs over several lines (check_pgsql)', () => {
	// What check_pgsql prints when PostgreSQL refuses the connection: libpq's message, with its line breaks.
	const pgsqlOutput = 'CRITICAL - no connection to \'template1\' (connection to server at "127.0.0.1", port 47912 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n).\n';
	const run = async (columns: number | undefined, extra: Partial<CommandCheck> = {}) => {
		const check: CommandCheck = {...common('orders db'), kind: 'command', run: ['/bin/sh', '-c', 'printf "%s" "$0"; exit 2', pgsqlOutput], shell: false, env: {}, ...extra};
		const monitor = createMonitor({checks: [check], probe: async (_check, signal) => probeCommand(check, signal)});
		let output = '';
		await runOnce({checks: [check], monitor, isJson: false, write: chunk => (output += chunk), ...(columns === undefined ? {} : {columns})});
		return output;
	};

	it('cuts the DETAIL column to an 80-column terminal and says the whole reason after the table, with the body\'s worded lines only', async () => {
		const output = await run(80, {owner: '@db-oncall'});
		const [, header, row] = output.split('\n');
		expect(displayWidth(header!)).toBeLessThanOrEqual(80);
		expect(displayWidth(row!)).toBe(80);
		expect(row).toMatch(/^failing +orders db +\S+ ms +CRITICAL - no connection to .*…$/);
		const followUpLines = output.slice(output.indexOf('\n\n')).split('\n');
		expect(followUpLines.slice(0, 7)).toEqual([
			'',
			'',
			'failing  orders db',
			'  owner     @db-oncall',
			'  reason    CRITICAL - no connection to \'template1\' (connection to server at',
			'            "127.0.0.1", port 47912 failed: Connection refused',
			'  body      Is the server running on that host and accepting TCP/IP connections?',
		]);
		// The `).` that closes libpq's message is not a body line of its own.
		expect(followUpLines[7]).toMatch(/^ {2}target {4}\/bin\/sh -c /);
		expect(followUpLines.slice(8)).toEqual(['']);
	});

	it('cuts a row to 120 cells when not given a terminal\'s width (a log keeps most reasons whole)', async () => {
		const row = (await run(undefined)).split('\n')[2]!;
		expect(displayWidth(row)).toBe(120);
		expect(row).toMatch(/…$/);
	});

	it('gives a check with no owner, runbook or rollback the whole reason too, once its row was cut', async () => {
		const output = await run(80);
		expect(output).toContain(['', 'failing  orders db', '  reason    CRITICAL - no connection to \'template1\' (connection to server at', '            "127.0.0.1", port 47912 failed: Connection refused', '  body      '].join('\n'));
	});

	it('keeps to ASCII with --ascii where it cuts a row, its reason and a long name alike', async () => {
		// The cut row ended in a UTF-8 "…" on a LANG=C terminal that --ascii is for.
		const check: CommandCheck = {...common('orders database primary in eu-west-1 (read/write)'), kind: 'command', run: ['/bin/sh', '-c', 'printf "%s" "$0"; exit 2', pgsqlOutput], shell: false, env: {}};
		const monitor = createMonitor({checks: [check], probe: async (_check, signal) => probeCommand(check, signal)});
		let output = '';
		await runOnce({checks: [check], monitor, isJson: false, ascii: true, write: chunk => (output += chunk), columns: 80});
		const row = output.split('\n')[2]!;
		expect(row).toMatch(/^failing +orders database primary in \S*~ .*~$/);
		expect(output).toMatch(/^[\x20-\x7e\n]*$/);
	});

	it('writes the signs in what came back as ASCII with --ascii, not as question marks', async () => {
		// `?` for `≥` left "load ? 90" on a LANG=C terminal; `>` for `→` read as a comparison.
		const check: CommandCheck = {...common('load'), kind: 'command', run: ['/bin/sh', '-c', 'printf "%s" "$0"; exit 1', 'LOAD WARNING - load ≥ 90 → drain it'], shell: false, env: {}};
		const monitor = createMonitor({checks: [check], probe: async (_check, signal) => probeCommand(check, signal)});
		let output = '';
		await runOnce({checks: [check], monitor, isJson: false, ascii: true, write: chunk => (output += chunk), columns: 80});
		expect(output.split('\n')[2]).toMatch(/^warn +load .*LOAD WARNING - load >= 90 -> drain it$/);
	});

	it.each([80, 60, 40])('keeps every line of the table within a %i-column terminal, the name giving way first', async columns => {
		// A 32-cell name and 24 cells of detail made a row of 82 cells at 80 columns, 93 with a 16-cell group.
		for (const group of [undefined, 'payments-platform-eu']) {
			// eslint-disable-next-line no-await-in-loop
			const output = await run(columns, {name: 'orders database primary eu-west-1 read-write', ...(group === undefined ? {} : {group})});
			const [, header, row] = output.split('\n');
			expect(displayWidth(header!)).toBeLessThanOrEqual(columns);
			expect(displayWidth(row!)).toBe(columns);
			expect(row).toMatch(/^failing +ord[^…]*… /);
			// The detail keeps its 24 cells as long as the name has more than 4 to give.
			const detail = row!.slice(row!.indexOf('CRITICAL'));
			expect(displayWidth(detail)).toBeGreaterThanOrEqual(columns === 40 ? 10 : 24);
		}
	});

	it('wraps the whole reason within a 40-column terminal, not to 40 cells after its label', async () => {
		const lines = (await run(40)).split('\n');
		const reason = lines.slice(lines.findIndex(line => line.startsWith('  reason    ')));
		const wrapped = reason.slice(0, reason.findIndex(line => line.startsWith('  body ')));
		expect(wrapped.length).toBeGreaterThan(2);
		for (const line of wrapped) expect(displayWidth(line)).toBeLessThanOrEqual(40);
	});

	it('fits a wider terminal, and cuts nothing that fits', async () => {
		const output = await run(200, {owner: '@db-oncall'});
		expect(output.split('\n')[2]).toMatch(/failed: Connection refused$/);
		expect(output).not.toContain('  reason    ');
	});
});

describe('runOnce with a plugin whose output runs past the width', () => {
	// A Java service's stack trace line, as a plugin passes it on: 200 cells on one line.
	const trace = `Caused by: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available ${'x'.repeat(120)} end`;
	const run = async (columns: number | undefined) => {
		const check: CommandCheck = {...common('orders api'), kind: 'command', run: ['/bin/sh', '-c', 'printf "CRITICAL - pool exhausted\n%s\n" "$0"; exit 2', trace], shell: false, env: {}, owner: '@orders'};
		const monitor = createMonitor({checks: [check], probe: async (_check, signal) => probeCommand(check, signal)});
		let output = '';
		await runOnce({checks: [check], monitor, isJson: false, write: chunk => (output += chunk), ...(columns === undefined ? {} : {columns})});
		return output.split('\n');
	};

	it.each([80, 60, 40])('cuts a body line to a %i-column terminal, as the rows above it are', async columns => {
		const body = (await run(columns)).find(line => line.startsWith('  body      '))!;
		expect(displayWidth(body)).toBe(columns);
		expect(body).toMatch(/^ {2}body {6}Caused by: java\.sql\.\S*.*…$/);
	});

	it('cuts a body line to 120 cells in a file or pipe, the width of its rows there', async () => {
		const body = (await run(undefined)).find(line => line.startsWith('  body      '))!;
		expect(displayWidth(body)).toBe(120);
		expect(body).toMatch(/…$/);
	});

	it('keeps the --json excerpt as it was: one line of up to 120 cells, whatever the width', async () => {
		const check: CommandCheck = {...common('orders api'), kind: 'command', run: ['/bin/sh', '-c', 'printf "CRITICAL - pool exhausted\n%s\n" "$0"; exit 2', trace], shell: false, env: {}};
		const monitor = createMonitor({checks: [check], probe: async (_check, signal) => probeCommand(check, signal)});
		let output = '';
		await runOnce({checks: [check], monitor, isJson: true, columns: 40, write: chunk => (output += chunk)});
		const record = JSON.parse(output) as {excerpt: string};
		expect(record.excerpt.startsWith(trace.slice(0, 100))).toBe(true);
		expect(displayWidth(record.excerpt)).toBe(120);
	});
});

describe('formatOnceTable', () => {
	it.each([80, 120, 200])('keeps sibling groups apart where their cells are cut at %i columns', columns => {
		// Cut from the end at 16 cells, both read `payments-prod-u…`.
		const groups = ['payments-prod-us-east-1', 'payments-prod-us-east-2', 'search'];
		const text = formatOnceTable(makeSnapshot(groups.map((group, index) => ({name: `api ${index}`, state: 'up' as const, group}))), {columns});
		const lines = text.split('\n');
		const start = lines[1]!.indexOf('GROUP');
		const end = lines[1]!.indexOf('LATENCY');
		const cells = lines.slice(2, 5).map(line => line.slice(start, end).trim());
		expect(new Set(cells).size, JSON.stringify(cells)).toBe(groups.length);
	});

	it('lines up names with emoji in every terminal: a style selector or a skin tone no terminal draws alike is left out', () => {
		const text = formatOnceTable(makeSnapshot([
			{name: '⚠️ legacy api', state: 'up'},
			{name: '👍🏽 thumbs api', state: 'up'},
			{name: '1️⃣ first', state: 'up'},
			{name: 'plain', state: 'up'},
		]));
		// Cells as a terminal that draws one code point at a time takes them (tmux 3.3a): `⚠️` one, `👍🏽` four.
		const cellsTo = (line: string, end: number) => [...line.slice(0, end)].reduce((cells, character) => cells + displayWidth(character), 0);
		const rows = text.split('\n').slice(2, 6);
		expect(rows.map(row => row.slice(9, row.indexOf(' 40 ms')).trimEnd())).toEqual(['⚠ legacy api', '👍 thumbs api', '1 first', 'plain']);
		expect(new Set(rows.map(row => cellsTo(row, row.indexOf('40 ms')))).size).toBe(1);
	});

	it('follows the table with the owner, runbook, rollback and target of each check that is not up, worst first', () => {
		const text = formatOnceTable(makeSnapshot([
			{name: 'search', state: 'slow', owner: '@search', check: {runbook: 'https://wiki/search', url: 'http://search.internal:9200/_cluster/health'}},
			{name: 'payments', state: 'up', owner: '@payments', check: {rollback: 'never shown'}},
			{name: 'ledger', state: 'failing', owner: '@ledger', check: {rollback: 'helm rollback ledger\n\nthen replay the queue\n', method: 'HEAD', url: 'https://ledger.internal/health'}},
			{name: 'orphan', state: 'failing'},
		]));
		const table = text.split('\n\n')[0]!;
		expect(table.split('\n')).toHaveLength(6);
		expect(text.slice(table.length)).toBe([
			'',
			'',
			'failing  ledger',
			'  owner     @ledger',
			'  rollback  helm rollback ledger',
			'            then replay the queue',
			'  target    HEAD https://ledger.internal/health',
			'',
			'slow     search',
			'  owner     @search',
			'  runbook   https://wiki/search',
			'  target    GET http://search.internal:9200/_cluster/health',
			'',
		].join('\n'));
	});

	it('shows an invisible character in a rollback or runbook note as the screen does, not raw where a paste carries it', () => {
		const text = formatOnceTable(makeSnapshot([
			{name: 'orders', state: 'failing', owner: '@orders', check: {rollback: 'helm roll\u200Bback orders 41\nthen page\n', runbook: 'see the \u202Ewiki page'}},
		]));
		expect(text).toContain('  runbook   see the <U+202E>wiki page\n');
		expect(text).toContain('  rollback  helm roll<U+200B>back orders 41\n            then page\n');
		expect(text).not.toMatch(/[\u200B\u202E]/u);
	});

	it('shows what a failing check\'s body said, which the table\'s "status 503, expected 200" does not', () => {
		const body = '{"status":"DOWN","error":"payments: database 127.0.0.1:56432 connection refused"}';
		const payments = makeRow({name: 'payments api', state: 'failing', owner: '@payments-oncall'});
		const withBody = {...payments, last: {...payments.last!, excerpt: body}};
		const plugin = makeRow({name: 'pg-main check_tcp', state: 'failing', owner: '@dba-oncall'});
		const summary = 'connect to address 127.0.0.1 and port 56432: Connection refused';
		const withOutput = {...plugin, last: {...plugin.last!, summary, excerpt: `${summary}\nretried 3 times\n`}};
		const text = formatOnceTable(makeSnapshot([withBody, withOutput]));
		expect(text).toContain(['failing  payments api', '  owner     @payments-oncall', `  body      ${body}`, '  target    GET '].join('\n'));
		// A plugin's first line is its summary, in the table already: only what follows it.
		expect(text).toContain(['  owner     @dba-oncall', '  body      retried 3 times', '  target    '].join('\n'));
	});

	it('says an owner, runbook and rollback shared by several checks once, each check keeping its own body and target', () => {
		const shared = {runbook: 'https://wiki/db-down', rollback: 'helm rollback db\nthen replay the queue\n'};
		const orders = makeRow({name: 'orders api', state: 'failing', owner: '@db-oncall', check: {...shared, url: 'http://orders.internal/health'}});
		const body = '{"error":"orders: database 127.0.0.1:5432 connection refused"}';
		const text = formatOnceTable(makeSnapshot([
			{name: 'search', state: 'slow', owner: '@db-oncall', check: {...shared, url: 'http://search.internal/health'}},
			{...orders, last: {...orders.last!, excerpt: body}},
			{name: 'ledger', state: 'failing', owner: '@ledger', check: {url: 'http://ledger.internal/health'}},
			{name: 'stock api', state: 'failing', owner: '@db-oncall', check: {...shared, url: 'http://stock.internal/health'}},
			{name: 'cart', state: 'up', owner: '@db-oncall', check: shared},
		]));
		expect(text.slice(text.indexOf('\n\n'))).toBe([
			'',
			'',
			'3 checks share this owner, runbook and rollback:',
			'  owner     @db-oncall',
			'  runbook   https://wiki/db-down',
			'  rollback  helm rollback db',
			'            then replay the queue',
			'  failing  orders api',
			`    body      ${body}`,
			'    target    GET http://orders.internal/health',
			'  failing  stock api',
			'    target    GET http://stock.internal/health',
			'  slow     search',
			'    target    GET http://search.internal/health',
			'',
			'failing  ledger',
			'  owner     @ledger',
			'  target    GET http://ledger.internal/health',
			'',
		].join('\n'));
	});

	it('names only the facts the shared block has, and a check with another rollback keeps a block of its own', () => {
		const text = formatOnceTable(makeSnapshot([
			{name: 'a', state: 'failing', owner: '@db'},
			{name: 'b', state: 'warn', owner: '@db'},
			{name: 'c', state: 'failing', owner: '@db', check: {rollback: 'helm rollback c'}},
		]));
		expect(text).toContain(['', '2 checks share this owner:', '  owner     @db', '  failing  a', '    target    '].join('\n'));
		expect(text).toContain(['', 'failing  c', '  owner     @db', '  rollback  helm rollback c', '  target    '].join('\n'));
		expect(text.match(/^ {2}owner {5}@db$/gm)).toHaveLength(2);
		// The block of a's failure comes first; within it, b (warn) after a.
		expect(text.indexOf('2 checks share')).toBeLessThan(text.indexOf('\nfailing  c\n'));
		expect(text.indexOf('  failing  a')).toBeLessThan(text.indexOf('  warn     b'));
	});

	it('is described in the README as it is written: a follow-up only for checks with an owner, runbook or rollback', () => {
		const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
		// The paragraph on --once's output, after the usage block, as one line.
		const paragraph = readme.split('\n\n').find(block => block.includes('--once') && block.includes('worst first'))?.replaceAll(/\s+/g, ' ') ?? '';
		expect(paragraph).toContain('each check not up that has an owner, runbook or rollback');
		expect(paragraph).toContain('Other checks are in the table only');
		// What the note says: a failing check with none of the three gets no block after the table.
		const text = formatOnceTable(makeSnapshot([{name: 'orphan', state: 'failing'}]));
		expect(text.trimEnd().split('\n')).toHaveLength(3);
	});

	it('writes a target on one line: a shell script\'s line breaks show as ⏎', () => {
		const script = makeRow({name: 'db ready', state: 'failing', owner: '@dba'});
		const command = {...script, check: {...script.check, kind: 'command', run: ['set -e\npg_isready -h db'], shell: true}} as unknown as CheckView;
		const text = formatOnceTable(makeSnapshot([command]));
		expect(text.split('\n').slice(-3)).toEqual(['  owner     @dba', '  target    sh -c \'set -e⏎pg_isready -h db\'', '']);
	});

	it('keeps its columns lined up in terminal cells with CJK and emoji names and groups', () => {
		const text = formatOnceTable(makeSnapshot([
			{name: '支払いAPI サービス', group: '決済', state: 'failing'},
			{name: '🚀 rocket api', group: 'emoji ✨', state: 'up'},
			{name: 'plain', state: 'up'},
		]));
		const rows = text.split('\n').slice(1, 5);
		const detailColumn = (line: string) => displayWidth(line.slice(0, line.search(/(DETAIL|200 OK|connection refused|status)/)));
		expect(new Set(rows.map(line => detailColumn(line))).size).toBe(1);
		expect(rows[1]).toMatch(/^failing {2}支払いAPI サービス 決済 {4}/);
	});

	it.each([
		[60, ['pay…eu…lth', 'pay…us…lth', 'orde…3…pth', 'orde…4…pth']],
		[40, ['…eu…', '…us…', 'o…3…', 'o…4…']],
	])('tells apart at %i columns names that differ only in their middle, where cutting their end made them one', (columns, expected) => {
		const names = ['payments-api eu-west-1 primary health', 'payments-api us-east-1 primary health', 'orders worker 3 queue depth', 'orders worker 4 queue depth'];
		const lines = formatOnceTable(makeSnapshot(names.map(name => ({name, group: 'g'}))), {columns}).split('\n');
		// Cut at their end, they read "payments-…" and "orders wo…" (60 columns), "pay…" and "ord…" (40).
		expect(lines.slice(2, 6).map(line => line.slice(9, line.indexOf(' g  ')).trimEnd())).toEqual(expected);
		for (const line of lines.slice(2, 6)) expect(displayWidth(line)).toBeLessThanOrEqual(columns);
	});

	it.each([
		[60, ['pay…eu-west-1…th', 'pay…us-east-1…th', 'orders worker 3…', 'orders worker 4…']],
		[40, ['pay…eu…lth', 'pay…us…lth', 'orde…3…pth', 'orde…4…pth']],
	])('has no GROUP column at %i columns when no check has a group, and gives its cells to the name', (columns, expected) => {
		// A column of `-` only took six cells from the name, down to four at 40 columns (the live screen has none).
		const names = ['payments-api eu-west-1 primary health', 'payments-api us-east-1 primary health', 'orders worker 3 queue depth', 'orders worker 4 queue depth'];
		const lines = formatOnceTable(makeSnapshot(names.map(name => ({name}))), {columns}).split('\n');
		expect(lines[1]).toMatch(/^STATE +NAME +LATENCY +DETAIL$/);
		expect(lines.slice(2, 6).map(line => line.slice(9, line.indexOf(' 40 ms')).trimEnd())).toEqual(expected);
		for (const line of lines.slice(2, 6)) expect(displayWidth(line)).toBeLessThanOrEqual(columns);
	});

	it('adds nothing when every check is up', () => {
		const text = formatOnceTable(makeSnapshot([{name: 'payments', state: 'up', owner: '@payments'}]));
		expect(text.split('\n')).toEqual([expect.stringMatching(/^UPTOP OK/), expect.stringMatching(/^STATE/), expect.stringMatching(/^up +payments/), '']);
	});
});
