import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {secretFromEnv} from '../../source/config/env-secret.js';
import {loadConfig} from '../../source/config/load-config.js';

const elsewhere = {names: ['NAME'], substituted: 'http://127.0.0.1/', isSecretKey: false};

describe('secretFromEnv', () => {
	it.each([
		['a number as the port of a URL is no secret', {value: '80', substituted: 'http://127.0.0.1:80/', at: 17}, undefined],
		['a number as the port of a host:port is no secret', {value: '5432', substituted: 'db:5432', at: 3}, undefined],
		['a number as the port of a URL with a password is no secret', {value: '80', substituted: 'http://u:p@[::1]:80', at: 17}, undefined],
		['a number standing alone elsewhere is hidden as a whole token', {value: '4821', substituted: 'http://127.0.0.1:80/a?k=4821', at: 24}, {wholeToken: '4821'}],
		['a number in a header is hidden as a whole token', {value: '9073', substituted: '9073', at: 0}, {wholeToken: '9073'}],
		['a number in a path after a host-like word is no port', {value: '80', substituted: 'http://127.0.0.1/a:80', at: 19}, {wholeToken: '80'}],
		['a short value written inside a longer word is hidden everywhere', {value: 'zq7', substituted: 't_zq7', at: 2}, 'zq7'],
		['a number written inside a path segment is hidden everywhere', {value: '4821', substituted: 'http://127.0.0.1:80/api-4821/x', at: 24}, '4821'],
		['a short value that is a host name\'s first label is hidden everywhere', {value: 'eu', substituted: 'https://eu.internal/', at: 8}, 'eu'],
		['a short value standing alone where it was written is hidden as a whole token', {value: 'eu', substituted: 'http://eu/', at: 7}, {wholeToken: 'eu'}],
		['a number whose place is not known is hidden as a whole token', {value: '80'}, {wholeToken: '80'}],
		['a short value outside a secret position is hidden as a whole token', {value: 'prod'}, {wholeToken: 'prod'}],
		['a value of 8 characters is hidden everywhere', {value: 'us-east1'}, 'us-east1'],
		['a short value of a secret key is hidden everywhere', {value: 'ab12', isSecretKey: true}, 'ab12'],
		['a number from a variable named like a secret is hidden everywhere', {value: '1234', names: ['DB_PASSWORD']}, '1234'],
		['a short URL password is hidden everywhere', {value: 'pw', substituted: 'http://admin:pw@db/'}, 'pw'],
		['a short token query parameter is hidden everywhere', {value: '42', substituted: 'http://db/?token=42'}, '42'],
		['a short URL password inside a command\'s argument is hidden everywhere', {value: 'pw', substituted: '--url=redis://:pw@db', at: 15}, 'pw'],
		['a short value from a variable named like a credential by convention is hidden everywhere', {value: '1234', names: ['MYSQL_PWD']}, '1234'],
		// Hidden everywhere, these would go from every text the check shows: `true`, `3`.
		['a switch from a variable named like a credential is no credential', {value: 'true', names: ['DISABLE_BASIC_AUTH']}, {wholeToken: 'true'}],
		['a count from a variable named with pass is no credential', {value: '3', names: ['MIN_PASS']}, {wholeToken: '3'}],
		['a mode from a variable named with auth is no credential', {value: 'login', names: ['SMTP_AUTH']}, {wholeToken: 'login'}],
		['a password from a variable named with pass is one', {value: 'p4ss-w0rd', names: ['DB_PASS']}, 'p4ss-w0rd'],
		['a short password from a variable named with pass is one', {value: 'admin', names: ['MYSQL_PASS']}, 'admin'],
		['a long number from a variable named with pass is a password', {value: '12345678', names: ['DB_PASS']}, '12345678'],
		['a short password from a variable named with auth is one', {value: '987654', names: ['REDISCLI_AUTH']}, '987654'],
		// The database after a URL's password is not a piece of it: the password is `hunter20`, and `0` is the path.
		['a number in a URL\'s path after its password is no credential', {value: '0', substituted: 'redis://:hunter20@db:6379/0', at: 26}, {wholeToken: '0'}],
	])('%s', (_title, input, secret) => {
		expect(secretFromEnv({...elsewhere, ...input})).toEqual(secret);
	});
});

describe('the secrets of a check read from the environment', () => {
	it('keep a port and a region out of the way, and a short key in a header hidden everywhere', () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'uptop-env-secret-'));
		const file = path.join(directory, 'checks.yaml');
		writeFileSync(file, 'checks:\n  - name: api ${REGION}\n    url: "http://127.0.0.1:${PORT}/?sig=${SIG}"\n    headers: {X-Api-Key: "${KEY}", X-Tenant: "${REGION}"}\n');
		const {checks} = loadConfig(file, {env: {PORT: '80', REGION: 'eu', KEY: 'ab12', SIG: '7'}});
		expect(checks[0]!.secrets).toEqual(['ab12', {wholeToken: 'eu'}, '7']);
	});
});
