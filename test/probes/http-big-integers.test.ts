import http from 'node:http';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {HttpCheck} from '../../source/config/types.js';
import {closeHttpAgents, probe} from '../../source/probes/http.js';
import {deadline} from '../helpers/probe-checks.js';
import {loadText} from '../config/temp-files.js';

/**
 * JSON numbers are read into doubles, which hold every integer only up to 2^53: 9007199254740993 reads as
 * 9007199254740992. An `expect.json` on an id, a snowflake or a counter that large is compared as written.
 */
const origin = 'http://127.0.0.1:20801';
let server: http.Server;

beforeAll(async () => {
	// Answers the text of `?body=` as it is written: JSON.stringify would have rounded the numbers already.
	server = http.createServer((request, response) => {
		response.writeHead(200, {'content-type': 'application/json'}).end(new URL(request.url!, origin).searchParams.get('body'));
	});
	await new Promise<void>(resolve => server.listen(20_801, '127.0.0.1', resolve));
});

afterAll(async () => {
	await closeHttpAgents();
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
});

/** The check as the config loader makes it from `json: {…}` written in YAML, against `body` sent as it is written. */
async function probeWith(body: string, expectation: string) {
	const url = `${origin}/json?body=${encodeURIComponent(body)}`;
	const {config} = loadText(`checks:\n  - name: api\n    url: "${url}"\n    expect:\n      json: ${expectation}\n`);
	const check = config.checks[0] as HttpCheck;
	return probe(check, deadline(check.timeoutMs));
}

describe('expect.json with integers past 2^53', () => {
	it('fails a body one away from the expectation, either way round', async () => {
		const above = await probeWith('{"n": 9007199254740993}', '{n: 9007199254740992}');
		expect(above.outcome).toBe('failing');
		expect(above.reason).toEqual({code: 'expect:json', message: 'json n: expected 9007199254740992, got 9007199254740993'});
		const below = await probeWith('{"n": 9007199254740992}', '{n: 9007199254740993}');
		expect(below.reason).toEqual({code: 'expect:json', message: 'json n: expected 9007199254740993, got 9007199254740992'});
		const quoted = await probeWith('{"n": 9007199254740992}', '{n: "9007199254740993"}');
		expect(quoted.outcome).toBe('failing');
		const nested = await probeWith('{"ids": [1, {"big": -123456789012345678901}], "x": "]"}', '{"ids.1.big": -123456789012345678900}');
		expect(nested.reason).toEqual({code: 'expect:json', message: 'json ids.1.big: expected -123456789012345678900, got -123456789012345678901'});
	});

	it('passes the same integer, written as a number or as a string, and one written with an exponent by its value', async () => {
		expect((await probeWith('{"n": 9007199254740993}', '{n: 9007199254740993}')).reason).toBeUndefined();
		expect((await probeWith('{"n": 9007199254740993}', '{n: "9007199254740993"}')).reason).toBeUndefined();
		expect((await probeWith('{"id": {"n": 123456789012345678901}}', '{id: {n: 123456789012345678901}}')).reason).toBeUndefined();
		// A later key of the same name is the one JSON.parse keeps, and the one compared.
		expect((await probeWith('{"n": 1, "n": 9007199254740993}', '{n: 9007199254740993}')).reason).toBeUndefined();
		expect((await probeWith('{"n": 1e16}', '{n: 10000000000000000}')).reason).toBeUndefined();
		expect((await probeWith('{"n": 42}', '{n: 42}')).reason).toBeUndefined();
	});
});
