import {describe, expect, it} from 'vitest';
import type {State} from '../../source/monitor/types.js';
import {asciiLine, formatStateLine, formatUnchangedLine} from '../../source/modes/plain-lines.js';
import {excerptLine} from '../../source/modes/result-excerpt.js';
import {splitRowId} from '../../source/modes/format.js';
import {displayWidth} from '../../source/ui/text.js';
import {failing, makeCheck, up} from '../monitor/fixtures.js';

const body = '{"error":"orders: database 127.0.0.1:5432 connection refused"}';
const unavailable = failing(2.3, {summary: '503 Service Unavailable · 63 B', status: 503, reason: {code: 'expect:status', message: 'status 503, expected 200'}, excerpt: body});

describe('excerptLine', () => {
	it.each<[State, string | undefined]>([
		['failing', body],
		['warn', body],
		// A slow check's body is its healthy answer ({"status":"UP"}): noise beside the latency that is the news.
		['slow', undefined],
		['unknown', body],
		['up', undefined],
		['pending', undefined],
	])('for a result that is %s: %s', (state, expected) => {
		expect(excerptLine(state, unavailable)).toBe(expected);
	});

	it('does not repeat a plugin\'s first line, which is its summary and its reason, nor its perfdata', () => {
		const summary = 'PGSQL CRITICAL - cannot connect to 127.0.0.1:5432';
		const plugin = failing(4, {summary, reason: {code: 'command:critical', message: summary}, excerpt: `${summary} | time=0.01s\npsql: connection refused\n`});
		expect(excerptLine('failing', plugin)).toBe('psql: connection refused');
		const alone = failing(4, {summary, reason: {code: 'command:critical', message: summary}, excerpt: `${summary}\n`});
		expect(excerptLine('failing', alone)).toBeUndefined();
	});

	it('reads CRLF line endings as line breaks: no `^M` on every line, and the summary line not repeated', () => {
		const summary = 'CRITICAL - first';
		const plugin = failing(4, {summary, reason: {code: 'command:critical', message: summary}, excerpt: 'CRITICAL - first\r\nsecond line\r\nthird\r\n'});
		expect(excerptLine('failing', plugin)).toBe('second line ⏎ third');
		const page = failing(3, {summary: '503 Service Unavailable · 52 B', status: 503, reason: {code: 'expect:status', message: 'status 503, expected 200'}, excerpt: 'Service Unavailable\r\nupstream db timed out\r\n'});
		expect(excerptLine('failing', page)).toBe('Service Unavailable ⏎ upstream db timed out');
	});

	it('leaves out a line with no letter or digit, what a message wrapped over lines leaves behind', () => {
		const summary = 'PGSQL CRITICAL - could not connect';
		const wrapped = 'connection to server at "127.0.0.1", port 5432 failed: Connection refused (is the server running\n).\n  }\nFATAL: 数据库 down\n';
		const plugin = failing(4, {summary, reason: {code: 'command:critical', message: summary}, excerpt: `${summary}\n${wrapped}`});
		expect(excerptLine('failing', plugin)).toBe('connection to server at "127.0.0.1", port 5432 failed: Connection refused (is the server running ⏎ FATAL: 数据库 down');
		// Only punctuation came back: nothing to add.
		expect(excerptLine('failing', failing(4, {summary, reason: {code: 'command:critical', message: summary}, excerpt: `${summary}\n).\n`}))).toBeUndefined();
	});

	it('is one line of at most 120 cells, its line breaks shown as ⏎ and control characters made inert', () => {
		const html = `<html>\n<head><title>503 \u001B]0;pwned\u0007 Service Unavailable</title></head>\n<body>${'x'.repeat(300)}</body>`;
		const line = excerptLine('failing', failing(3, {excerpt: html}))!;
		expect(line).not.toMatch(/[\u0000-\u001F]/u);
		expect(line).toContain('<html> ⏎ <head><title>503 ^[]0;pwned^G Service Unavailable</title></head> ⏎ <body>x');
		expect(line.endsWith('…')).toBe(true);
		expect(displayWidth(line)).toBe(120);
	});
});

describe('a plain state-change line', () => {
	const check = makeCheck('orders api', {secrets: ['tok-123']});
	const byId = new Map([[check.id, check]]);
	const at = Date.parse('2026-12-01T00:29:56.130Z');
	const turned = {type: 'state' as const, id: check.id, at, from: 'up' as const, to: 'failing' as const, reason: unavailable.reason};

	it('ends with what came back, after the reason', () => {
		expect(formatStateLine(turned, splitRowId(check.id, byId), 2.3, excerptLine('failing', unavailable))).toBe(`2026-12-01T00:29:56.130Z orders api: up → failing (2.3 ms) — status 503, expected 200 — body: ${body}`);
	});

	it('hides the check\'s secrets in it, and keeps to ASCII with --ascii', () => {
		const echoed = failing(3, {excerpt: 'you sent Bearer tok-123\nnot allowed — 日本'});
		const line = formatStateLine(turned, splitRowId(check.id, byId), 3, excerptLine('failing', echoed));
		expect(line).toContain('body: you sent Bearer •••• ⏎ not allowed — 日本');
		expect(asciiLine(line)).toMatch(/ - body: you sent Bearer \*\*\*\* \| not allowed - \?\?\?\?$/);
	});

	it('says what came back after a restart too, for a check still not up', () => {
		const event = {type: 'result' as const, id: check.id, at, state: 'failing' as const, result: unavailable, continues: true as const};
		expect(formatUnchangedLine(event, splitRowId(check.id, byId))).toMatch(/orders api: failing, as before the restart \(2\.3 ms\) — status 503, expected 200 — body: \{"error"/);
		const recovered = {...event, state: 'up' as const, result: up(2, {excerpt: '{"status":"UP"}'})};
		expect(formatUnchangedLine(recovered, splitRowId(check.id, byId))).not.toContain('body');
	});
});
