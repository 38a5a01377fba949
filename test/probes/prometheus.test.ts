import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {PrometheusCheck} from '../../source/config/types.js';
import {probe} from '../../source/probes/prometheus.js';
import {common, deadline, shutdownAfter} from '../helpers/probe-checks.js';
import {blackboxBinary, freePort, prometheusBinary, startPrometheusStack, type PrometheusStack} from '../helpers/prometheus.js';
import {requireComponent, titleFor} from '../helpers/require-component.js';

const hasStack = requireComponent(prometheusBinary, 'Prometheus') && requireComponent(blackboxBinary, 'prometheus-blackbox-exporter');

const prometheus = (url: string, query: string, extra: Partial<PrometheusCheck> = {}): PrometheusCheck => ({
	...common('prom'),
	kind: 'prometheus',
	url,
	query,
	headers: {},
	...extra,
});

/** An answer of `count` series with the labels a scrape gives them (instance, job, method, code, handler). */
function wideAnswer(count: number): string {
	const items = Array.from({length: count}, (_, index) => JSON.stringify({
		metric: {__name__: 'http_requests_total', instance: `node-${String(index).padStart(6, '0')}:9100`, job: 'node-exporter', method: 'GET', code: '200', handler: '/api/v1/orders'},
		value: [1_764_064_800.123, index === 7 ? '0' : '1'],
	}));
	return `{"status":"success","data":{"resultType":"vector","result":[${items.join(',')}]}}`;
}

/** A stand-in Prometheus API: the query text selects a canned answer. */
describe('prometheus probe against a canned query API', () => {
	let server: http.Server;
	let url = '';
	const seen: string[] = [];
	const vector = (...items: Array<[Record<string, string>, string]>) => ({status: 'success', data: {resultType: 'vector', result: items.map(([metric, value]) => ({metric, value: [1_764_064_800, value]}))}});
	const answers: Record<string, [number, unknown]> = {
		one: [200, vector([{job: 'api'}, '0.25'])],
		zero: [200, vector([{job: 'api'}, '0'])],
		nan: [200, vector([{job: 'api'}, 'NaN'])],
		// histogram_quantile past the last bucket: the outage case, not "no data".
		inf: [200, vector([{job: 'api'}, '+Inf'])],
		negInf: [200, vector([{job: 'api'}, '-Inf'])],
		// Not Prometheus's number format: Number() reads '' and ' ' as 0 and '0x10' as 16, 'abc' as NaN.
		empty: [200, vector([{job: 'api'}, ''])],
		blank: [200, vector([{job: 'api'}, ' '])],
		hex: [200, vector([{job: 'api'}, '0x10'])],
		word: [200, vector([{job: 'api'}, 'down\u001B[2J'])],
		emptyScalar: [200, {status: 'success', data: {resultType: 'scalar', result: [1_764_064_800, '']}}],
		exponent: [200, vector([{job: 'api'}, '1.5e-7'])],
		age: [200, vector([{job: 'nightly'}, '44.92'])],
		slowRun: [200, vector([{job: 'nightly'}, '125.4'])],
		rss: [200, vector([{job: 'api'}, '1572864'])],
		diskUsed: [200, vector([{job: 'api'}, '12.5'])],
		edge: [200, vector([{job: 'api'}, '20.3'])],
		// Past six significant digits: 1234567 rounded reads 1234570, the same as a threshold of 1234566 rounded.
		big: [200, vector([{job: 'api'}, '1234567'])],
		nines: [200, vector([{job: 'api'}, '99.99999'])],
		justUnderSecond: [200, vector([{job: 'api'}, '0.9999'])],
		justUnderMebibyte: [200, vector([{job: 'api'}, '1048575'])],
		fleetAge: [200, vector([{instance: 'a', job: 'x'}, '30'], [{instance: 'b', job: 'x'}, '7261'])],
		mixed: [200, vector([{job: 'web'}, '0'], [{job: 'api'}, 'NaN'])],
		none: [200, vector()],
		'time() - job_last_success_timestamp_seconds{job="nightly-export", instance="10.0.0.5:9100"}': [200, vector()],
		'rate(orders_total{job=~"orders.*", env="prod"}[5m])': [200, vector()],
		'queue_depth{job="billing", token="s3cr3t"}': [200, vector()],
		scalar: [200, {status: 'success', data: {resultType: 'scalar', result: [1_764_064_800, '42']}}],
		matrix: [200, {status: 'success', data: {resultType: 'matrix', result: []}}],
		// A result type nested 100,000 deep (JSON.parse takes it; writing it out with String() overflows the stack).
		deepType: [200, `{"status":"success","data":{"resultType":${'['.repeat(100_000)}${']'.repeat(100_000)},"result":[]}}`],
		objectType: [200, {status: 'success', data: {resultType: {kind: 'vector\u001B[2J'}, result: []}}],
		// Answers a proxy or a stand-in API may give: each reason says what is wrong with it.
		nullResult: [200, {status: 'success', data: {resultType: 'vector', result: null}}],
		noData: [200, {status: 'success'}],
		listData: [200, {status: 'success', data: [[1, '2']]}],
		noType: [200, {status: 'success', data: {result: []}}],
		longType: [200, {status: 'success', data: {resultType: `matrix\u001B[2J${'x'.repeat(10_000)}`, result: []}}],
		// A proxy in front of Prometheus: nginx's page when Prometheus is down, a single sign-on login page.
		gateway: [502, '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n'],
		login: [200, '<!doctype html><title>Sign in</title><form>Please sign in (session s3cr3t expired)</form>'],
		bad: [400, {status: 'error', errorType: 'bad_data', error: 'parse error: unexpected \u001B[2J'}],
		fleet: [200, vector([{instance: 'b', job: 'x'}, '0'], [{instance: 'a', job: 'x'}, '1'], [{instance: 'c', job: 'x'}, '0.5'])],
		// `sort(up)`: the healthy series last, where a fold that keeps the last value would hide the two down.
		sorted: [200, vector([{instance: 'a', job: 'x'}, '0'], [{instance: 'b', job: 'x'}, '0'], [{instance: 'c', job: 'x'}, '1'])],
		// A query that left out a label: thousands of series, in no order, one of them far down the list failing.
		many: [200, vector(...Array.from({length: 13_000}, (_, index): [Record<string, string>, string] => {
			const number = (index * 7919) % 13_000;
			return [{instance: `node-${String(number).padStart(5, '0')}:9100`, job: 'node'}, number === 12_345 ? '0' : '1'];
		}))],
		// Two series past `fail` in one state: the worst is the one furthest past it, not the first in the answer.
		queues: [200, vector([{queue: 'emails', job: 'q'}, '120'], [{queue: 'invoices', job: 'q'}, '5000'])],
		// Past a lower bound, the worst is the smallest: free bytes on two disks.
		freeBytes: [200, vector([{mount: '/', job: 'n'}, '900'], [{mount: '/var', job: 'n'}, '10'])],
		partial: [200, vector([{instance: 'a', job: 'x'}, '1'], [{job: 'y', '\u001B]0;owned\u0007zone': 'eu'}, '0'], [{instance: 'b', job: 'x'}, '1'])],
	};
	beforeAll(async () => {
		server = http.createServer((request, response) => {
			const query = new URL(request.url!, 'http://x').searchParams.get('query') ?? '';
			seen.push(`${request.url!} ${request.headers.authorization ?? ''}`);
			if (query === 'stall') {
				return;
			}

			if (!request.url!.startsWith('/api/v1/query')) {
				// What Prometheus says for a path it does not serve (the UI's /graph pasted as the url).
				response.writeHead(404, {'content-type': 'text/plain; charset=utf-8'}).end('404 page not found\n');
				return;
			}

			if (query.startsWith('echo')) {
				response.writeHead(400).end(JSON.stringify({status: 'error', errorType: 'bad_data', error: `cannot parse ${query}`}));
				return;
			}

			if (query === 'wide' || query === 'huge') {
				// What a real Prometheus writes for a rate() without `sum by`: every label of every series, 13,000 of
				// them in ~2 MB; or 120,000, past any answer a check reads.
				response.writeHead(200, {'content-type': 'application/json'}).end(wideAnswer(query === 'wide' ? 13_000 : 120_000));
				return;
			}

			const [status, body] = answers[query] ?? [200, 'not json'];
			// A proxy in front of Prometheus that writes UTF-8 with a byte-order mark.
			const marked = query === 'marked' ? `\uFEFF${JSON.stringify(answers.one![1])}` : undefined;
			response.writeHead(status, {'content-type': 'application/json'}).end(marked ?? (typeof body === 'string' ? body : JSON.stringify(body)));
		});
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	});
	afterAll(async () => {
		server.closeAllConnections();
		await new Promise(resolve => server.close(resolve));
	});

	it('reads a single value, encodes the query and sends headers', async () => {
		const result = await probe(prometheus(url, 'one', {headers: {authorization: 'Bearer x'}}), deadline(2000));
		expect(result).toMatchObject({outcome: 'up', value: 0.25, summary: 'value 0.25'});
		expect(seen).toContain('/api/v1/query?query=one Bearer x');
	});

	it('reads an answer that starts with a byte-order mark', async () => {
		const result = await probe(prometheus(url, 'marked'), deadline(2000));
		expect(result.reason).toBeUndefined();
		expect(result.value).toBe(0.25);
	});

	it('applies fail and warn thresholds', async () => {
		const fail = await probe(prometheus(url, 'zero', {fail: {op: '==', value: 0}}), deadline(2000));
		expect(fail.outcome).toBe('failing');
		expect(fail.reason).toEqual({code: 'threshold', message: 'value 0 == 0 (fail)'});
		const warn = await probe(prometheus(url, 'one', {warn: {op: '>', value: 0.2}, fail: {op: '>', value: 0.5}}), deadline(2000));
		expect(warn.outcome).toBe('warn');
		expect(warn.reason).toEqual({code: 'threshold', message: 'value 0.25 > 0.2 (warn)'});
	});

	it('writes the value and its thresholds in the check\'s unit, and keeps value the raw number', async () => {
		const age = await probe(prometheus(url, 'age', {unit: 's', fail: {op: '>', value: 20}}), deadline(2000));
		expect(age).toMatchObject({outcome: 'failing', value: 44.92, summary: 'value 45s', reason: {code: 'threshold', message: 'value 45s > 20s (fail)'}});
		const slow = await probe(prometheus(url, 'slowRun', {unit: 's', warn: {op: '>', value: 120}}), deadline(2000));
		expect(slow).toMatchObject({outcome: 'warn', value: 125.4, summary: 'value 2m 5s', reason: {message: 'value 2m 5s > 2m (warn)'}});
		const latency = await probe(prometheus(url, 'one', {unit: 's', fail: {op: '>', value: 0.1}}), deadline(2000));
		expect(latency).toMatchObject({value: 0.25, summary: 'value 250ms', reason: {message: 'value 250ms > 100ms (fail)'}});
		const ms = await probe(prometheus(url, 'rss', {unit: 'ms'}), deadline(2000));
		expect(ms).toMatchObject({summary: 'value 26m 13s'});
		const rss = await probe(prometheus(url, 'rss', {unit: 'bytes', warn: {op: '>', value: 1_048_576}}), deadline(2000));
		expect(rss).toMatchObject({outcome: 'warn', value: 1_572_864, summary: 'value 1.5 MiB', reason: {message: 'value 1.5 MiB > 1 MiB (warn)'}});
		const disk = await probe(prometheus(url, 'diskUsed', {unit: '%', fail: {op: '>=', value: 10}}), deadline(2000));
		expect(disk).toMatchObject({value: 12.5, summary: 'value 12.5 %', reason: {message: 'value 12.5 % >= 10 % (fail)'}});
	});

	it('adds the raw value when rounding makes it read the same as the threshold it crossed', async () => {
		const edge = await probe(prometheus(url, 'edge', {unit: 's', fail: {op: '>', value: 20}}), deadline(2000));
		expect(edge.reason?.message).toBe('value 20s (20.3) > 20s (fail)');
		// Rounded to a value that reads as another unit's same amount: 999.9ms is not "1000ms < 1s".
		const second = await probe(prometheus(url, 'justUnderSecond', {unit: 's', fail: {op: '<', value: 1}}), deadline(2000));
		expect(second.reason?.message).toBe('value 1s (0.9999) < 1s (fail)');
		const mebibyte = await probe(prometheus(url, 'justUnderMebibyte', {unit: 'bytes', fail: {op: '<', value: 1_048_576}}), deadline(2000));
		expect(mebibyte.reason?.message).toBe('value 1 MiB (1048575) < 1 MiB (fail)');
	});

	it('writes a threshold its unit would round as the exact amount, as the expected line does', async () => {
		// `fail: "> 44.5"` read `value 45s (44.92) > 45s (fail)`: a threshold no one wrote.
		const age = await probe(prometheus(url, 'age', {unit: 's', fail: {op: '>', value: 44.5}}), deadline(2000));
		expect(age.reason?.message).toBe('value 45s > 44.5s (fail)');
	});

	it('writes a value without a unit, or a percentage, as the query gave it: never rounded to read like its threshold', async () => {
		const big = await probe(prometheus(url, 'big', {fail: {op: '>', value: 1_234_566}}), deadline(2000));
		expect(big).toMatchObject({summary: 'value 1234567', reason: {message: 'value 1234567 > 1234566 (fail)'}});
		const nines = await probe(prometheus(url, 'nines', {unit: '%', fail: {op: '>', value: 99.9999}}), deadline(2000));
		expect(nines).toMatchObject({summary: 'value 99.99999 %', reason: {message: 'value 99.99999 % > 99.9999 % (fail)'}});
		const small = await probe(prometheus(url, 'exponent', {warn: {op: '>', value: 1e-7}}), deadline(2000));
		expect(small.reason?.message).toBe('value 1.5e-7 > 1e-7 (warn)');
	});

	it('writes each series row in the unit', async () => {
		const result = await probe(prometheus(url, 'fleetAge', {unit: 's', each: 'instance', fail: {op: '>', value: 3600}}), deadline(2000));
		expect(result.series?.map(row => [row.label, row.summary, row.value])).toEqual([['a', 'value 30s', 30], ['b', 'value 2h 1m', 7261]]);
		expect(result.reason?.message).toBe('b: value 2h 1m > 1h (fail)');
	});

	it('reads a scalar', async () => {
		const result = await probe(prometheus(url, 'scalar', {fail: {op: '<', value: 10}}), deadline(2000));
		expect(result).toMatchObject({outcome: 'up', value: 42});
	});

	it('fails with no_data on an empty vector', async () => {
		const none = await probe(prometheus(url, 'none'), deadline(2000));
		expect(none.outcome).toBe('failing');
		expect(none.reason).toEqual({code: 'no_data', message: 'query returned no data: an empty vector, no series matched (is the target still scraped? see up)'});
	});

	it('names the up query of the job and instance the empty query selects, as a target no longer scraped leaves no series', async () => {
		const job = await probe(prometheus(url, 'time() - job_last_success_timestamp_seconds{job="nightly-export", instance="10.0.0.5:9100"}'), deadline(2000));
		expect(job.reason).toEqual({code: 'no_data', message: 'query returned no data: an empty vector, no series matched (is the target still scraped? see up{job="nightly-export",instance="10.0.0.5:9100"})'});
		// A regex matcher names no one job to ask about.
		const regex = await probe(prometheus(url, 'rate(orders_total{job=~"orders.*", env="prod"}[5m])'), deadline(2000));
		expect(regex.reason?.message).toBe('query returned no data: an empty vector, no series matched (is the target still scraped? see up)');
	});

	it('takes no label from a query that holds a secret', async () => {
		const secretQuery = 'queue_depth{job="billing", token="s3cr3t"}';
		const result = await probe(prometheus(url, secretQuery, {secrets: [secretQuery]}), deadline(2000));
		expect(result.reason).toEqual({code: 'no_data', message: 'query returned no data: an empty vector, no series matched (is the target still scraped? see up)'});
	});

	it('calls NaN unknown, whatever the thresholds: there is no number to compare', async () => {
		const reasonOfNaN = {code: 'no_data', message: 'value NaN (no data to compare; e.g. 0/0)'};
		for (const thresholds of [{}, {warn: {op: '>', value: 0.1}}, {fail: {op: '>', value: 0.5}}, {warn: {op: '!=', value: 0}, fail: {op: '!=', value: 1}}] as const) {
			const nan = await probe(prometheus(url, 'nan', thresholds), deadline(2000));
			expect(nan).toMatchObject({outcome: 'unknown', summary: 'value NaN', reason: reasonOfNaN});
		}

		const fanned = await probe(prometheus(url, 'mixed', {each: 'job', warn: {op: '>', value: 0.1}}), deadline(2000));
		expect(fanned.series?.map(item => [item.label, item.outcome])).toEqual([['api', 'unknown'], ['web', 'up']]);
		expect(fanned).toMatchObject({outcome: 'unknown', summary: '2 series: 1 unknown, 1 up', reason: {code: 'no_data', message: 'api: value NaN (no data to compare; e.g. 0/0)'}});
	});

	it('reads +Inf and -Inf as infinities, compared like any number, not as NaN', async () => {
		const inf = await probe(prometheus(url, 'inf', {fail: {op: '>', value: 1}}), deadline(2000));
		expect(inf.outcome).toBe('failing');
		// Written as Prometheus writes it, not as JavaScript's `Infinity`.
		expect(inf.reason?.message).toBe('value +Inf > 1 (fail)');
		const negInf = await probe(prometheus(url, 'negInf', {fail: {op: '<', value: 0}}), deadline(2000));
		expect(negInf.outcome).toBe('failing');
		expect(negInf.reason?.message).toBe('value -Inf < 0 (fail)');
		const quiet = await probe(prometheus(url, 'inf', {fail: {op: '<', value: 1}}), deadline(2000));
		expect(quiet.outcome).toBe('up');
	});

	it('fails a sample value that is not a number, saying what came back, instead of reading it as 0 or NaN', async () => {
		for (const [query, shown] of [['empty', '""'], ['blank', '" "'], ['hex', '"0x10"'], ['word', '"down^[[2J"'], ['emptyScalar', '""']] as const) {
			const result = await probe(prometheus(url, query, {fail: {op: '>', value: 0.05}}), deadline(2000));
			expect(result.outcome, query).toBe('failing');
			expect(result.reason, query).toEqual({code: 'protocol', message: `sample value ${shown} is not a number`});
		}

		const small = await probe(prometheus(url, 'exponent', {fail: {op: '>', value: 0.05}}), deadline(2000));
		expect(small).toMatchObject({outcome: 'up', value: 1.5e-7});
	});

	it('says what is wrong with an answer of the wrong shape, not "unsupported result type vector" or "HTTP 200"', async () => {
		const reasonOf = async (query: string) => (await probe(prometheus(url, query), deadline(2000))).reason;
		expect(await reasonOf('nullResult')).toEqual({code: 'protocol', message: 'the answer\'s vector result is nothing, not a list'});
		expect(await reasonOf('noData')).toEqual({code: 'protocol', message: 'the answer has no `data`'});
		expect(await reasonOf('listData')).toEqual({code: 'protocol', message: 'the answer\'s `data` is a list, not an object'});
		expect(await reasonOf('noType')).toEqual({code: 'protocol', message: 'the answer names no result type'});
	});

	it('reports query errors sanitized, and unsupported result types', async () => {
		const bad = await probe(prometheus(url, 'bad'), deadline(2000));
		expect(bad.reason).toEqual({code: 'protocol', message: 'query failed: bad_data: parse error: unexpected ^[[2J'});
		const matrix = await probe(prometheus(url, 'matrix'), deadline(2000));
		expect(matrix.reason?.message).toContain('unsupported result type matrix');
		const deep = await probe(prometheus(url, 'deepType'), deadline(2000));
		expect(deep.reason).toEqual({code: 'protocol', message: 'unsupported result type (an array, not a name) (use an instant vector or scalar)'});
		const object = await probe(prometheus(url, 'objectType'), deadline(2000));
		expect(object.reason).toEqual({code: 'protocol', message: 'unsupported result type (an object, not a name) (use an instant vector or scalar)'});
		const long = await probe(prometheus(url, 'longType'), deadline(2000));
		expect(long.reason).toEqual({code: 'protocol', message: `unsupported result type matrix^[[2J${'x'.repeat(28)}… (use an instant vector or scalar)`});
		const junk = await probe(prometheus(url, 'junk'), deadline(2000));
		expect(junk.reason?.code).toBe('protocol');
	});

	it('says a 404 means no query API at that url, and which base url it wants, not just "invalid JSON"', async () => {
		const result = await probe(prometheus(`${url}graph`, 'one'), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.status).toBe(404);
		expect(result.reason).toEqual({code: 'protocol', message: `HTTP 404 from ${new URL(url).host}: no Prometheus query API at /graph/api/v1/query (url is the server's base URL, such as http://prometheus:9090)`});
	});

	it('keeps the start of a body that is not JSON as the excerpt, as an http check does: a proxy\'s error page, a login page', async () => {
		const gateway = await probe(prometheus(url, 'gateway'), deadline(2000));
		expect(gateway).toMatchObject({outcome: 'failing', status: 502, reason: {code: 'protocol'}});
		expect(gateway.excerpt).toContain('502 Bad Gateway');
		const login = await probe(prometheus(url, 'login', {secrets: ['s3cr3t']}), deadline(2000));
		expect(login).toMatchObject({outcome: 'failing', status: 200, reason: {code: 'protocol'}});
		// A page's text, as an http check's excerpt is (html-text.ts), the secret still hidden.
		expect(login.excerpt).toBe('Sign in\nPlease sign in (session •••• expired)');
	});

	it('redacts a secret the server echoes back', async () => {
		const result = await probe(prometheus(url, 'echo{token="hunter2"}', {secrets: ['hunter2']}), deadline(2000));
		expect(result.reason).toEqual({code: 'protocol', message: 'query failed: bad_data: cannot parse echo{token="••••"}'});
	});

	it('splits series with each, sorted by label, worst outcome overall', async () => {
		const result = await probe(prometheus(url, 'fleet', {each: 'instance', fail: {op: '==', value: 0}, warn: {op: '<', value: 1}}), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.series).toEqual([
			{label: 'a', outcome: 'up', value: 1, summary: 'value 1'},
			{label: 'b', outcome: 'failing', value: 0, summary: 'value 0', reason: {code: 'threshold', message: 'value 0 == 0 (fail)'}},
			{label: 'c', outcome: 'warn', value: 0.5, summary: 'value 0.5', reason: {code: 'threshold', message: 'value 0.5 < 1 (warn)'}},
		]);
		expect(result.summary).toBe('3 series: 1 failing, 1 warn, 1 up');
		expect(result.reason).toEqual({code: 'threshold', message: 'b: value 0 == 0 (fail)'});
	});

	it('never lets series without the each label overwrite each other: their row is the worst of them and says why', async () => {
		const result = await probe(prometheus(url, 'sorted', {each: 'instanse', fail: {op: '==', value: 0}}), deadline(2000));
		expect(result.outcome).toBe('failing');
		expect(result.series).toEqual([{
			label: '(no label)',
			outcome: 'failing',
			value: 0,
			summary: 'value 0; 3 of 3 series have no label instanse (their labels: instance, job)',
			reason: {code: 'threshold', message: '3 of 3 series have no label instanse (their labels: instance, job); worst: value 0 == 0 (fail)'},
		}]);
		expect(result.summary).toBe('3 series: 2 failing, 1 up');
		expect(result.reason?.message).toBe('(no label): 3 of 3 series have no label instanse (their labels: instance, job); worst: value 0 == 0 (fail)');
	});

	it('keeps the labelled series as rows beside the unlabelled one, whose label names are sanitized', async () => {
		const result = await probe(prometheus(url, 'partial', {each: 'instance', fail: {op: '==', value: 0}}), deadline(2000));
		expect(result.series?.map(item => [item.label, item.outcome, item.value])).toEqual([['(no label)', 'failing', 0], ['a', 'up', 1], ['b', 'up', 1]]);
		const unlabelled = result.series?.[0];
		expect(unlabelled?.reason?.message).toBe('1 of 3 series has no label instance (their labels: ^[]0;owned^Gzone, job); worst: value 0 == 0 (fail)');
		expect(JSON.stringify(result)).not.toMatch(/[\u0000-\u001F]/);
	});

	it('folds series that share a label value into one row that takes the worst, not the last', async () => {
		const result = await probe(prometheus(url, 'fleet', {each: 'job', fail: {op: '==', value: 0}}), deadline(2000));
		expect(result.series).toEqual([{
			label: 'x',
			outcome: 'failing',
			value: 0,
			summary: 'value 0; 3 series share this job',
			reason: {code: 'threshold', message: '3 series share this job; worst: value 0 == 0 (fail)'},
		}]);
	});

	it('says on an up row that its series have no such label, so a typo in each: shows while all is well', async () => {
		const result = await probe(prometheus(url, 'sorted', {each: 'nolabel', fail: {op: '<', value: 0}}), deadline(2000));
		expect(result.series).toEqual([{label: '(no label)', outcome: 'up', value: 0, summary: 'value 0; 3 of 3 series have no label nolabel (their labels: instance, job)'}]);
	});

	it('makes at most 200 rows, the first by label, and one for the rest that takes their worst and says how many', async () => {
		const check = prometheus(url, 'many', {each: 'instance', fail: {op: '==', value: 0}});
		const result = await probe(check, deadline(5000));
		expect(result.series).toHaveLength(201);
		const labels = result.series!.map(item => item.label);
		expect(labels[0]).toBe('(more series)');
		expect(labels.slice(1)).toEqual(Array.from({length: 200}, (_, index) => `node-${String(index).padStart(5, '0')}:9100`));
		expect(result.series![0]).toEqual({
			label: '(more series)',
			outcome: 'failing',
			value: 0,
			summary: 'value 0; 12800 series past the first 200 rows (13000 came back): narrow the query, or topk(200, …)',
			reason: {code: 'threshold', message: '12800 series past the first 200 rows (13000 came back); worst: value 0 == 0 (fail)'},
		});
		expect(result.seriesCap).toEqual({returned: 13_000, shown: 200, maxRows: 200});
		expect(result.notes).toEqual(['13000 series came back, more than the 200 rows a check shows: 200 have rows (the first by instance), the other 12800 share the row (more series); narrow the query with a label matcher, or use topk(200, …)']);
		// Every series is still counted, the ones past the cap too.
		expect(result.summary).toBe('13000 series: 1 failing, 12999 up');
		// The same rows at every probe: the cap keeps the first labels, not whichever came first in the answer.
		const again = await probe(check, deadline(5000));
		expect(again.series!.map(item => item.label)).toEqual(labels);
	});

	it('reads a real-sized answer of 13,000 series (past 1 MiB) into 200 rows and (more series), as the docs promise', async () => {
		expect(wideAnswer(13_000).length).toBeGreaterThan(1024 * 1024);
		const result = await probe(prometheus(url, 'wide', {each: 'instance', fail: {op: '==', value: 0}}), deadline(5000));
		expect(result.reason).toEqual({code: 'threshold', message: 'node-000007:9100: value 0 == 0 (fail)'});
		expect(result.series).toHaveLength(201);
		expect(result.seriesCap).toEqual({returned: 13_000, shown: 200, maxRows: 200});
	});

	it('says how to narrow a query whose answer is past even the larger limit', async () => {
		const result = await probe(prometheus(url, 'huge', {each: 'instance'}), deadline(10_000));
		expect(result.outcome).toBe('failing');
		expect(result.reason?.code).toBe('too_large');
		expect(result.reason?.message).toMatch(/^response exceeded 16 MiB \(127\.0\.0\.1:\d+\): too many series for one check; narrow the query: sum by \(instance\) \(…\) for one series a label value, or a label matcher \(\{job="…"\}\)$/);
	});

	it('makes a row per series up to the cap with no rest row and no note', async () => {
		const result = await probe(prometheus(url, 'fleet', {each: 'instance'}), deadline(2000));
		expect(result.series).toHaveLength(3);
		expect(result.seriesCap).toBeUndefined();
		expect(result.notes).toBeUndefined();
	});

	it('without each, the worst of several series speaks, with a note', async () => {
		const result = await probe(prometheus(url, 'fleet', {fail: {op: '==', value: 0}}), deadline(2000));
		expect(result).toMatchObject({outcome: 'failing', value: 0});
		expect(result.notes?.[0]).toContain('3 series');
	});

	it('shows the series furthest past its threshold as the worst, not the first of that state', async () => {
		const above = await probe(prometheus(url, 'queues', {fail: {op: '>=', value: 100}}), deadline(2000));
		expect(above).toMatchObject({outcome: 'failing', value: 5000, summary: 'value 5000', reason: {message: 'value 5000 >= 100 (fail)'}});
		const below = await probe(prometheus(url, 'freeBytes', {warn: {op: '<', value: 1000}}), deadline(2000));
		expect(below).toMatchObject({outcome: 'warn', value: 10});
		// One row for several series (no label, or a label they share): the same choice.
		const folded = await probe(prometheus(url, 'queues', {each: 'job', fail: {op: '>=', value: 100}}), deadline(2000));
		expect(folded.series?.map(item => item.value)).toEqual([5000]);
		const unlabelled = await probe(prometheus(url, 'freeBytes', {each: 'disk', warn: {op: '<=', value: 1000}}), deadline(2000));
		expect(unlabelled.series?.map(item => [item.label, item.value])).toEqual([['(no label)', 10]]);
		// Up, or no threshold at all: the first still speaks, as before.
		const fine = await probe(prometheus(url, 'queues', {fail: {op: '>', value: 10_000}}), deadline(2000));
		expect(fine).toMatchObject({outcome: 'up', value: 120});
	});

	it('times out at the deadline, is cancelled on shutdown, and reports refused', async () => {
		const timedOut = await probe(prometheus(url, 'stall', {timeoutMs: 300}), deadline(300));
		expect(timedOut.reason).toEqual({code: 'timeout:total', message: 'timeout after 0.3s (Prometheus query)'});
		const cancelled = await probe(prometheus(url, 'stall'), shutdownAfter(100));
		expect(cancelled.outcome).toBe('cancelled');
		const refused = await probe(prometheus(`http://127.0.0.1:${await freePort()}`, 'one'), deadline(2000));
		expect(refused.reason?.code).toBe('refused');
	});
});

describe.skipIf(!hasStack)(titleFor('prometheus probe against Prometheus + blackbox_exporter', hasStack, 'prometheus/blackbox_exporter'), () => {
	let stack: PrometheusStack;
	let target: http.Server;
	let upTarget = '';
	let downTarget = '';
	beforeAll(async () => {
		target = http.createServer((_request, response) => response.end('ok'));
		await new Promise<void>(resolve => target.listen(0, '127.0.0.1', resolve));
		upTarget = `http://127.0.0.1:${(target.address() as AddressInfo).port}/health`;
		downTarget = `http://127.0.0.1:${await freePort()}/health`;
		stack = await startPrometheusStack([upTarget, downTarget]);
	}, 30_000);
	afterAll(async () => {
		await stack?.stop();
		target?.closeAllConnections();
		await new Promise(resolve => target?.close(resolve));
	});

	it('gives one row per blackbox target with each: instance over probe_success', async () => {
		const result = await probe(prometheus(stack.url, 'probe_success{job="blackbox"}', {each: 'instance', fail: {op: '==', value: 0}}), deadline(3000));
		expect(result.outcome).toBe('failing');
		expect(result.series?.map(series => [series.label, series.outcome, series.value])).toEqual([
			[upTarget, 'up', 1],
			[downTarget, 'failing', 0],
		].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
		expect(result.reason?.message).toBe(`${downTarget}: value 0 == 0 (fail)`);
	});

	it('reads a single aggregated value with thresholds', async () => {
		const result = await probe(prometheus(stack.url, 'sum(probe_success{job="blackbox"})', {fail: {op: '<', value: 1}, warn: {op: '<', value: 2}}), deadline(3000));
		expect(result.outcome).toBe('warn');
		expect(result.value).toBe(1);
		expect(result.reason).toEqual({code: 'threshold', message: 'value 1 < 2 (warn)'});
	});

	it('reports a PromQL syntax error from the real server', async () => {
		const result = await probe(prometheus(stack.url, 'sum(probe_success'), deadline(3000));
		expect(result.outcome).toBe('failing');
		expect(result.reason?.code).toBe('protocol');
		expect(result.reason?.message).toMatch(/^query failed: bad_data: /);
	});

	it('says no data for a query that matches nothing', async () => {
		const result = await probe(prometheus(stack.url, 'probe_success{job="nope"}'), deadline(3000));
		expect(result.reason).toEqual({code: 'no_data', message: 'query returned no data: an empty vector, no series matched (is the target still scraped? see up{job="nope"})'});
	});
});
