import {once} from 'node:events';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {CommandCheck} from '../../source/config/types.js';
import {probe} from '../../source/probes/command.js';
import {common, deadline} from '../helpers/probe-checks.js';

const command = (run: string[], extra: Partial<CommandCheck> = {}): CommandCheck => ({
	...common('command'),
	kind: 'command',
	run,
	shell: false,
	env: {},
	...extra,
});

// A node_exporter page of ~135 KB: its last line is what a check of it expects.
const metricsLines = Array.from({length: 2500}, (_, index) => `node_network_receive_bytes_total{device="veth${index}abcdef"} ${index * 1024}`);
const lastMetric = 'uptop_test_scrape_complete 1';
const metrics = `${metricsLines.join('\n')}\n${lastMetric}\n`;
const port = 20_300;

let tmp: string;
let server: Server;
beforeAll(async () => {
	tmp = mkdtempSync(path.join(tmpdir(), 'uptop-command-output-'));
	server = createServer((_request, response) => {
		response.writeHead(200, {'content-type': 'text/plain; version=0.0.4'});
		response.end(metrics);
	});
	server.listen(port, '127.0.0.1');
	await once(server, 'listening');
});
afterAll(async () => {
	rmSync(tmp, {recursive: true, force: true});
	server.close();
	await once(server, 'close');
});

describe('command probe: output past the first 64 KB', () => {
	it('finds an expected last line of a 135 KB page curl printed', async () => {
		expect(metrics.length).toBeGreaterThan(130 * 1024);
		const run = ['curl', '-sS', `http://127.0.0.1:${port}/metrics`];
		const substring = await probe(command(run, {expectOutput: {substring: lastMetric}}), deadline(5000));
		expect(substring.reason).toBeUndefined();
		expect(substring.outcome).toBe('up');
		const regex = await probe(command(run, {expectOutput: {regex: '^uptop_test_scrape_complete 1$', flags: 'm'}}), deadline(5000));
		expect(regex.reason).toBeUndefined();
		expect(regex.outcome).toBe('up');
	});

	it('finds an expected text however far into the output it is, the skipped middle included', async () => {
		// 1 MB before it and 1 MB after: in neither the first nor the last 64 KB.
		const script = 'head -c 1000000 /dev/zero | tr "\\0" "x"; echo; echo "replication: streaming"; head -c 1000000 /dev/zero | tr "\\0" "y"; echo';
		const found = await probe(command([script], {shell: true, expectOutput: {substring: 'replication: streaming'}}), deadline(5000));
		expect(found.reason).toBeUndefined();
		expect(found.outcome).toBe('up');
	});

	it('says when a regular expression read only the first and last 64 KB', async () => {
		const script = 'echo OK; head -c 1000000 /dev/zero | tr "\\0" "x"; echo';
		const result = await probe(command([script], {shell: true, expectOutput: {regex: 'streaming', flags: ''}}), deadline(5000));
		expect(result.reason?.code).toBe('expect:output');
		expect(result.notes).toContain('stdout of 976.6 KiB: `expect` read only its first and last 64 KiB');
	});

	it('gives the error line a failed job printed after 3,000 progress lines', async () => {
		const script = path.join(tmp, 'sync.sh');
		writeFileSync(script, [
			'#!/bin/sh',
			'echo "sending incremental file list"',
			'i=0',
			'while [ $i -lt 3000 ]; do echo "data/part-$i.parquet      1,048,576 100%   12.34MB/s    0:00:00 (xfr#$i, to-chk=0/3000)"; i=$((i+1)); done',
			'echo "rsync error: some files/attrs were not transferred (see previous errors) (code 11) at main.c(1338) [sender=3.2.7]"',
			'exit 11',
			'',
		].join('\n'), {mode: 0o755});
		const result = await probe(command([script], {exitCodes: 'plain'}), deadline(10_000));
		expect(result.outcome).toBe('failing');
		expect(result.reason).toEqual({code: 'command:exit', message: 'exit 11: rsync error: some files/attrs were not transferred (see previous errors) (code 11) at main.c(1338) [sender=3.2.7]'});
		expect(result.notes).toEqual([expect.stringMatching(/^stdout of [\d.]+ KiB: its first and last 64 KiB kept$/)]);
	}, 15_000);
});

describe('command probe: the line the reason is', () => {
	const critical = {code: 'command:critical', message: 'CRITICAL - replication lag 300s'};

	it('is the first line with text, after a blank one', async () => {
		const result = await probe(command(['printf \'\\nCRITICAL - replication lag 300s\\n\'; exit 2'], {shell: true}), deadline(2000));
		expect(result.reason).toEqual(critical);
		expect(result.summary).toBe(critical.message);
	});

	it('is the first line with text, after one that holds only escape sequences', async () => {
		const result = await probe(command(['printf \'\\033[0m\\n \\033]0;title\\007\\033[2K\\r\\nCRITICAL - replication lag 300s\\n\'; exit 2'], {shell: true}), deadline(2000));
		expect(result.reason).toEqual(critical);
		expect(result.summary).toBe(critical.message);
	});

	it('is stderr\'s first line with text when stdout has none', async () => {
		const result = await probe(command(['printf \'\\033[0m\\n\'; echo "CRITICAL - replication lag 300s" >&2; exit 2'], {shell: true}), deadline(2000));
		expect(result.reason).toEqual(critical);
	});

	it('still parses the perfdata of the line it is', async () => {
		const result = await probe(command(['printf \'\\n\\nOK - lag 1s | lag=1s;10;30\\n\''], {shell: true}), deadline(2000));
		expect(result).toMatchObject({outcome: 'up', summary: 'OK - lag 1s', perfdata: [{label: 'lag', value: 1, unit: 's', warn: '10', crit: '30'}]});
	});
});
