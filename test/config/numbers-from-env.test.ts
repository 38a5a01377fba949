import {describe, expect, it} from 'vitest';
import type {HttpCheck, TlsCheck} from '../../source/config/types.js';
import {loadError, loadText} from './temp-files.js';

const checks = (...lines: string[]): string => `checks:\n${lines.map(line => `  - ${line}\n`).join('')}`;

/** The one issue a file produces. */
function issueOf(text: string, env: NodeJS.ProcessEnv = {}) {
	const error = loadError(text, env);
	expect(error.issues.map(issue => issue.message)).toHaveLength(1);
	return error.issues[0]!;
}

describe('a number or a boolean from ${NAME}', () => {
	it('is read as the number or boolean it spells, from the environment or the fallback, as a duration is', () => {
		const {config} = loadText(checks(
			'{name: e4, url: "http://127.0.0.1:47101/json", retries: "${R:-2}", insecure: "${INSECURE}", keepAlive: "${KA:-false}"}',
			'{name: e5, url: "http://127.0.0.1:47101/json", maxRedirects: "${MR}", expect: {maxBytes: "${MB:-4096}"}}',
			'{name: e6, kind: tls, host: "127.0.0.1:47102", warnDays: "${WD:-20}", failDays: "${FD}"}',
		), {MR: '3', INSECURE: 'true', FD: '7'});
		const [e4, e5, e6] = config.checks as [HttpCheck, HttpCheck, TlsCheck];
		expect(e4).toMatchObject({retries: 2, insecure: true, keepAlive: false});
		expect(e5).toMatchObject({maxRedirects: 3, expect: {maxBytes: 4096}});
		expect(e6).toMatchObject({warnDays: 20, failDays: 7});
	});

	it('is still range-checked, the message naming the variable and never quoting its value', () => {
		const issue = issueOf(checks('{name: e5, url: "http://127.0.0.1:47101/json", maxRedirects: "${MR}"}'), {MR: '35'});
		expect(issue).toMatchObject({
			line: 2,
			message: '`maxRedirects`: expected `${MR}` to give a whole number from 0 to 20, found "••••"',
			found: '"••••"',
			hint: 'set MR to a whole number in that range',
		});
		expect(JSON.stringify(issue)).not.toContain('35');
	});

	it('names the fallback when that is what was read', () => {
		expect(issueOf(checks('{name: e4, url: "http://127.0.0.1:47101/json", retries: "${R:-twice}"}'))).toMatchObject({
			message: '`retries`: expected `${R:-twice}` to give a whole number from 0 to 10, found "twice"',
			hint: 'R is not set, so the fallback is read: write a whole number in that range there, or set R',
		});
	});

	it('refuses a boolean variable that spells no boolean, without its value', () => {
		const issue = issueOf(checks('{name: e4, url: "http://127.0.0.1:47101/json", insecure: "${INSECURE}"}'), {INSECURE: 'yes'});
		expect(issue).toMatchObject({message: '`insecure`: expected `${INSECURE}` to give true or false, found "••••"', hint: 'set INSECURE to true or false'});
	});
});

describe('a number or a boolean written in quotes', () => {
	it('is still refused, with the hint to drop the quotes', () => {
		expect(issueOf(checks('{name: e7, url: "http://127.0.0.1:47101/json", retries: "2"}'))).toMatchObject({
			message: '`retries`: expected a whole number from 0 to 10, found "2"',
			hint: 'drop the quotes: retries: 2',
		});
		expect(issueOf(checks('{name: e7, url: "http://127.0.0.1:47101/json", insecure: \'true\'}'))).toMatchObject({
			message: '`insecure`: expected true or false, found "true"',
			hint: 'drop the quotes: insecure: true',
		});
	});
});
