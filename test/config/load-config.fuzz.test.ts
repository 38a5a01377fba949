import {existsSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {ConfigError} from '../../source/config/config-error.js';
import {formatConfigError} from '../../source/config/format-config-error.js';
import {loadConfig} from '../../source/config/load-config.js';
import {writeFiles} from './temp-files.js';

const valid = `# yaml-language-server: $schema=./schema/checks.schema.json
defaults:
  interval: 10s
  timeout: 2s
  headers: {User-Agent: uptop}
groups:
  payments:
    owner: "@payments"
    headers:
      Authorization: "Bearer \${TOKEN}"
checks:
  - name: payments api
    url: http://127.0.0.1:8000/health
    group: payments
    expect: {status: [200, 204], json: {status: UP}, body: "/ok/i"}
    interval: 5s
  - name: db
    kind: tcp
    host: "db:5432"
    expect: PONG
  - name: api.example
    kind: dns
    expect: [10.0.0.1]
  - name: cert
    kind: tls
    host: api.example:443
    warnDays: 20
  - name: job
    kind: command
    run: [echo, 'hi']
    env: {MODE: "\${MODE:-check}"}
  - name: fresh
    kind: freshness
    url: http://127.0.0.1:8000/status
    field: last.at
    maxAge: 15m
  - name: queue
    kind: prometheus
    url: http://127.0.0.1:9090
    query: sum(up)
    fail: "> 0.5"
`;

const keys = ['name', 'kind', 'url', 'host', 'interval', 'timeout', 'slow', 'retries', 'expect', 'status', 'headers', 'group', 'groups', 'checks', 'defaults', 'include', 'run', 'shell', 'timout', 'ownr', 'maxAge', 'fail', 'warn', 'query', 'secret', '<<', '?', ''];
const noise = [...':-# \t"\'{}[],&*!|>%@$\\\n', 'a', '1', '0', '\u001B', '\u00A0', '${', '$${', '${X:-', '*a', '&a ', '!!binary ', '- ', ': ', '\n  ', '\n    '];

type Mutation = (text: string) => string;

const position = fc.nat();
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	position.map(at => (text: string) => text.slice(0, at % (text.length + 1)) + text.slice((at % (text.length + 1)) + 1)),
	fc.tuple(position, fc.constantFrom(...noise)).map(([at, insert]) => (text: string) => text.slice(0, at % (text.length + 1)) + insert + text.slice(at % (text.length + 1))),
	fc.tuple(position, fc.nat({max: 40})).map(([at, length]) => (text: string) => {
		const start = at % (text.length + 1);
		return text.slice(0, start + length) + text.slice(start, start + length) + text.slice(start + length);
	}),
	fc.tuple(position, position).map(([a, b]) => (text: string) => {
		const lines = text.split('\n');
		const i = a % lines.length;
		const j = b % lines.length;
		[lines[i], lines[j]] = [lines[j]!, lines[i]!];
		return lines.join('\n');
	}),
	fc.tuple(position, fc.oneof(fc.constantFrom(...keys), fc.string({maxLength: 8}))).map(([at, key]) => (text: string) => {
		const lines = text.split('\n');
		const i = at % lines.length;
		lines[i] = lines[i]!.replace(/^(\s*-?\s*)[^:\s]+:/, `$1${key}:`);
		return lines.join('\n');
	}),
	fc.tuple(position, fc.oneof(fc.string({maxLength: 12}), fc.constantFrom('fast', '5 s', '-1s', '10', 'null', '~', '[]', '{}', '[1, [2]]', '"\\x"', '0x1F', '.inf', 'yes', '2xx', '> 1', '${NOPE}', 'htp://x', '*nope'))).map(([at, value]) => (text: string) => {
		const lines = text.split('\n');
		const i = at % lines.length;
		lines[i] = lines[i]!.replace(/:\s.*$/, `: ${value}`);
		return lines.join('\n');
	}),
	position.map(at => (text: string) => {
		const lines = text.split('\n');
		const i = at % lines.length;
		lines.splice(i, 0, lines[i]!);
		return lines.join('\n');
	}),
);

describe('loadConfig on mutated files', () => {
	it('either loads or throws a ConfigError whose issues all have a position, never anything else', () => {
		// Thousands of real writes: on a busy disk each costs milliseconds, on tmpfs microseconds.
		const directory = writeFiles({}, existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
		const file = path.join(directory, 'checks.yaml');
		let runs = 0;
		let failures = 0;
		fc.assert(
			fc.property(fc.array(mutation, {minLength: 1, maxLength: 4}), mutations => {
				runs++;
				const text = mutations.reduce((current, mutate) => mutate(current), valid);
				writeFileSync(file, text);
				try {
					const config = loadConfig(file, {env: {TOKEN: 't0k3n'}});
					expect(config.checks.length).toBeGreaterThan(0);
				} catch (error) {
					if (!(error instanceof ConfigError)) {
						throw new Error(`not a ConfigError for:\n${text}\n${String((error as Error).stack)}`);
					}

					failures++;
					expect(error.issues.length).toBeGreaterThan(0);
					for (const issue of error.issues) {
						expect(issue.line, `${issue.message}\n${text}`).toBeGreaterThanOrEqual(1);
						expect(issue.column).toBeGreaterThanOrEqual(1);
						expect(issue.message.length).toBeGreaterThan(0);
					}

					expect(formatConfigError(error).length).toBeGreaterThan(0);
				}
			}),
			// 3000 cases take about 3 s on an idle 2-core machine; the time limit keeps the suite bounded when
			// the machine is busy (then fewer cases run, at least a hundred). FUZZ_RUNS raises the count for a soak.
			{numRuns: Number(process.env.FUZZ_RUNS ?? 3000), interruptAfterTimeLimit: process.env.FUZZ_RUNS ? undefined : 5000, markInterruptAsFailure: false, seed: Number(process.env.FUZZ_SEED ?? 20_261_125)},
		);
		expect(runs).toBeGreaterThanOrEqual(100);
		// The mutations must actually break files, or this test proves nothing.
		expect(failures / runs).toBeGreaterThan(0.4);
	}, process.env.FUZZ_RUNS ? 3_600_000 : 30_000);

	it('loads the unmutated file', () => {
		const directory = writeFiles({'checks.yaml': valid});
		expect(loadConfig(path.join(directory, 'checks.yaml'), {env: {TOKEN: 'x'}}).checks).toHaveLength(7);
	});
});
