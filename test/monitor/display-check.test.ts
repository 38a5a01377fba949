import {describe, expect, it} from 'vitest';
import type {HttpCheck} from '../../source/config/types.js';
import {displayCheck} from '../../source/monitor/display-check.js';

const check: HttpCheck = {
	id: 'api',
	name: 'api',
	kind: 'http',
	intervalMs: 10_000,
	timeoutMs: 5000,
	slowMs: 1000,
	retries: 0,
	secrets: ['s3cret'],
	expectSummary: 'status 2xx · body contains "ok\u001B[2J"',
	url: 'http://user:s3cret@127.0.0.1:8000/health',
	method: 'GET',
	headers: {'x-note': 'tab\there'},
	expect: {status: [{min: 200, max: 299}], body: {kind: 'substring', text: 'ok\u001B[2J'}, maxBytes: 1024},
	maxRedirects: 0,
	insecure: false,
	keepAlive: false,
	rollback: 'helm rollback api\nthen check',
} as unknown as HttpCheck;

describe('displayCheck', () => {
	it('makes every control character in the copy visible, keeps line breaks, and leaves the probe\'s check alone', () => {
		const display = displayCheck(check);
		expect(display.expectSummary).toBe('status 2xx · body contains "ok^[[2J"');
		expect((display as HttpCheck).expect).toMatchObject({body: {text: 'ok^[[2J'}});
		expect((display as HttpCheck).headers['x-note']).toBe('tab here');
		expect(display.rollback).toBe('helm rollback api\nthen check');
		expect(JSON.stringify(display)).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
		expect(check.expectSummary).toContain('\u001B');
	});

	it('keeps the config\'s format characters: an emoji joined by a ZWJ in a name is the name as written', () => {
		const name = '🚀 rocket api 👩\u200D💻';
		expect(displayCheck({...check, name} as HttpCheck).name).toBe(name);
	});

	it('still hides the secrets', () => {
		const display = displayCheck(check);
		expect(JSON.stringify(display)).not.toContain('s3cret');
		expect((display as HttpCheck).url).toBe('http://user:••••@127.0.0.1:8000/health');
	});
});
