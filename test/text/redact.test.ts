import {describe, expect, it} from 'vitest';
import {patternsDueIn, redact, redactDeep} from '../../source/text/redact.js';

describe('redact', () => {
	it('hides a secret and its URL-encoded form', () => {
		expect(redact('token=s3cr3t/+ and s3cr3t%2F%2B', ['s3cr3t/+'])).toBe('token=•••• and ••••');
	});

	it.each([
		['expect a body', 'expect a body'],
		['eu', '••••'],
		['region eu, zone eu-west and europe', 'region ••••, zone eu-west and europe'],
		['http://eu/health?r=eu.', 'http://••••/health?r=••••.'],
		['eu.example.com and api.eu', 'eu.example.com and api.eu'],
	])('hides a whole-token secret only where it stands alone: %j', (text, redacted) => {
		expect(redact(text, [{wholeToken: 'eu'}])).toBe(redacted);
	});

	it.each([
		['a+b!', 'p a+b!x (a+b!)', 'p ••••x (••••)'],
		['[x]', '[x]y and y[x]', '••••y and y••••'],
		['$1', 'a$1 and $1b', 'a•••• and $1b'],
		['a.b(c', 'a.b(c) a.b(cd', '••••) a.b(cd'],
	])('hides a whole-token secret with regex-special characters %j up to its own ends, which are not token characters', (secret, text, redacted) => {
		expect(redact(text, [{wholeToken: secret}])).toBe(redacted);
	});

	it('hides whole-token secrets in a 64 KB text of near matches in well under a second', () => {
		const text = `${'zq7a zq7_ zq7-x zq7.b '.repeat(3000)}zq7`;
		const started = performance.now();
		const redacted = redact(text, [...Array.from({length: 20}, (_, index) => ({wholeToken: `zq${index}`})), {wholeToken: 'zq7'}]);
		expect(performance.now() - started).toBeLessThan(500);
		expect(redacted.endsWith(' ••••')).toBe(true);
		expect(redacted.match(/••••/g)).toHaveLength(1);
	});

	it('hides a credential inside other words even when the same text is also a whole-token secret', () => {
		expect(redact('xab12y ab12', [{wholeToken: 'ab12'}, 'ab12'])).toBe('x••••y ••••');
	});

	it('hides the longer secret whole when one secret contains another', () => {
		expect(redact('Bearer abcdef', ['abc', 'abcdef'])).toBe('Bearer ••••');
	});

	it.each([
		['lower-case hex', 'a%2fb%20c%3ad%40e%3ff'],
		['upper and lower hex mixed', 'a%2Fb%20c%3Ad%40e%3fF'],
		['form encoding, + for a space', 'a%2Fb+c%3Ad%40e%3Ff'],
		['encodeURI, / : @ ? left alone', 'a/b%20c:d@e?f'],
		['a letter percent-encoded', '%61/b c:d@e?f'],
	])('hides a credential percent-encoded another way: %s', (_form, echoed) => {
		expect(redact(`got ${echoed}.`, ['a/b c:d@e?f'])).toBe('got ••••.');
	});

	it('hides a non-ASCII credential percent-encoded in lower-case hex', () => {
		expect(redact('p=p%c3%a4ss-w%C3%b6rd1', ['päss-wörd1'])).toBe('p=••••');
	});

	it.each([
		['\\/ for /', String.raw`"tok\/3f9a7c1e"`],
		['\\u escapes in lower case', String.raw`"\u0074ok/3f9a7c1\u0065"`],
		['\\u escapes in upper case', String.raw`"tok\u002F3f9a7c1e"`],
		['both', String.raw`"\u0074ok\/3f9a\u0037c1e"`],
	])('hides a credential a JSON body escaped: %s', (_form, echoed) => {
		expect(redact(`{"detail":${echoed}}`, ['tok/3f9a7c1e'])).toBe('{"detail":"••••"}');
	});

	it('hides a credential with quotes, backslashes and a character outside the BMP as JSON escapes them', () => {
		const secret = 'a"b\\c😀d';
		expect(redact(JSON.stringify({echo: secret}), [secret])).toBe('{"echo":"••••"}');
		expect(redact(String.raw`"a\u0022b\u005cc\ud83d\uDE00d"`, [secret])).toBe('"••••"');
		expect(redact('a%22b%5cc%f0%9f%98%80d', [secret])).toBe('••••');
	});

	it('hides the whole JSON form of a value ending in a backslash, the escape of its last character included', () => {
		expect(redact(JSON.stringify('-<m|\\'), ['-<m|\\'])).toBe('"••••"');
	});

	it('hides a credential of every printable ASCII character in each form an encoder writes it', () => {
		const secret = Array.from({length: 95}, (_, index) => String.fromCharCode(32 + index)).join('');
		const forms = [
			secret,
			encodeURIComponent(secret),
			encodeURIComponent(secret).replaceAll(/%[\dA-F]{2}/g, escape => escape.toLowerCase()),
			encodeURI(secret),
			new URLSearchParams({k: secret}).toString().slice('k='.length),
			JSON.stringify(secret).slice(1, -1),
			JSON.stringify(secret).slice(1, -1).replaceAll('/', String.raw`\/`),
		];
		for (const form of forms) expect(redact(`\u0001${form}\u0002`, [secret]), form).toBe('\u0001••••\u0002');
	});

	it.each([
		['upper case', 'TOK-3F9A7C1E'],
		['lower case', 'tok-3f9a7c1e'],
		['lower case, percent-encoded', 'tok%2d3f9a7c1e'],
	])('hides a credential in another letter case: %s', (_form, echoed) => {
		expect(redact(`denied ${echoed}!`, ['Tok-3F9a7c1E'])).toBe('denied ••••!');
	});

	it('hides a header credential in another case without taking the scheme word of a body that echoes it in its own', () => {
		const secrets = ['Bearer key-0123456789', 'key-0123456789'];
		expect(redact('bearer key-0123456789', secrets)).toBe('bearer ••••');
		expect(redact('BEARER KEY-0123456789 and bearer KEY-0123456789', secrets)).toBe('•••• and ••••');
	});

	it('hides a credential whose upper-case letters a JSON body escaped by their own code', () => {
		expect(redact(String.raw`"\u0079?\u0066\u0048\u0068("`, ['y?fHh('])).toBe('"••••"');
	});

	it('hides a credential in letters that fold to ASCII ones: the long s, the Kelvin sign', () => {
		expect(redact('key ſecret-\u212Aey-1', ['secret-key-1'])).toBe('key ••••');
	});

	it('redacts with a thousand credentials, in a new array each time as config errors pass them, compiling only the patterns a text may hold (compiling every one took eight seconds)', () => {
		const secrets = Array.from({length: 1000}, (_, index) => `secret-value-${index}-abcdef`);
		for (let call = 0; call < 20; call++) {
			const text = `issue ${call}: secret-value-${call}-ABCDEF`;
			const fresh = [...secrets];
			expect(redact(text, fresh)).toBe(`issue ${call}: ••••`);
			// Of 2,000 patterns (each in its own and in any case): those whose letter pairs the text holds, the ten with a
			// one-digit number (a digit alone makes no pair) and the echoed one.
			expect(patternsDueIn(text, fresh)).toBeLessThan(50);
		}
	});

	it('hides a host name from the environment that a DNS error lowercased', () => {
		expect(redact('getaddrinfo ENOTFOUND db-primary.corp.example', ['DB-Primary.corp.example'])).toBe('getaddrinfo ENOTFOUND ••••');
	});

	it('hides a whole-token secret in its encoded forms as a whole token only, and only in its own letter case', () => {
		const secret = {wholeToken: 'a b'};
		expect(redact('x a+b, x a%20b and xa+b', [secret])).toBe('x ••••, x •••• and xa+b');
		expect(redact('region eu, EU and %65u, not europe or %65urope', [{wholeToken: 'eu'}])).toBe('region ••••, EU and ••••, not europe or %65urope');
	});

	it('hides a credential of backslashes in its JSON form without trying every way to read them', () => {
		const secret = `${'\\'.repeat(40)}z`;
		// Each `\\` in a text reads as one escaped backslash or two plain ones: a pattern that backtracks over
		// every reading of 80 of them before the `y` never ends.
		const near = `${'\\'.repeat(80)}y`;
		const started = performance.now();
		expect(redact(`${near} ${JSON.stringify(secret)}`, [secret])).toBe(`${near} "••••"`);
		expect(performance.now() - started).toBeLessThan(500);
	});

	it('hides a secret added to an array it has already redacted with (the config loader adds them as it reads)', () => {
		const secrets = ['hunter2-secret'];
		expect(redact('a hunter2-secret', secrets)).toBe('a ••••');
		secrets.push('sekrit5sec');
		expect(redact('b sekrit5sec hunter2-secret', secrets)).toBe('b •••• ••••');
	});

	it('redacts every string inside nested values', () => {
		expect(redactDeep({a: ['x hunter2'], b: {c: 'hunter2'}, n: 1}, ['hunter2'])).toEqual({a: ['x ••••'], b: {c: '••••'}, n: 1});
	});
});

describe('redact with many secrets, where a text is read once into the letter pairs it holds', () => {
	// Enough secrets that redact() reads a text into its pairs rather than searching it for each secret's: a check's
	// own few secrets are searched for, the history's every secret of the config is looked up.
	const decoys = Array.from({length: 60}, (_, index) => `decoy-${index}-vqwj`);
	const secret = 'Tok/3f9a 7c1E';
	const echoes = [
		['as written, no % or \\', 'Tok/3f9a 7c1E'],
		['another letter case, no % or \\', 'tOK/3F9A 7C1e'],
		['percent-encoded, lower-case hex', 'Tok%2f3f9a%207c1E'],
		['every character percent-encoded, upper-case hex', [...secret].map(character => `%${character.charCodeAt(0).toString(16).toUpperCase()}`).join('')],
		['percent-encoded in part, + for a space', '%54%6fk/3f9a+7c1%45'],
		['JSON escapes of every character', [...secret].map(character => String.raw`\u00${character.charCodeAt(0).toString(16)}`).join('')],
		['JSON escapes with an upper-case U and hex, and \\/', String.raw`\U0054ok\/3F9A \u0037C1E`],
		['a mix of the three', String.raw`%54o\u006B/3f9a%207c1e`],
	] as const;

	it.each(echoes)('hides a credential echoed %s, with few secrets and among many', (_form, echoed) => {
		for (const secrets of [[secret], [...decoys, secret], [secret, ...decoys]]) {
			expect(redact(`denied: ${echoed}.`, secrets), `${secrets.length} secrets`).toBe('denied: ••••.');
		}
	});

	it('hides a credential with no two ASCII letters or digits side by side among many secrets, in each of its forms', () => {
		const secrets = [...decoys, 'ü/ö-ä'];
		for (const echoed of ['ü/ö-ä', '%C3%BC%2F%C3%B6-%c3%a4', String.raw`\u00fc\/\u00F6-\u00e4`]) {
			expect(redact(`got ${echoed} back`, secrets)).toBe('got •••• back');
		}
	});

	it('hides a credential whose letters come back as ones a case-insensitive pattern folds to them, with few secrets and among many', () => {
		// Every character outside ASCII that a case-insensitive pattern reads as an ASCII letter or digit (the long s
		// and the Kelvin sign today): each must count as that letter, or the text is wrongly ruled out.
		const folding = /[a-z\d]/iu;
		const characters: string[] = [];
		for (let code = 0x80; code <= 0x10_ff_ff; code++) {
			if ((code < 0xd8_00 || code > 0xdf_ff) && folding.test(String.fromCodePoint(code))) characters.push(String.fromCodePoint(code));
		}

		expect(characters.length).toBeGreaterThan(0);
		for (const character of characters) {
			const letter = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('').find(ascii => new RegExp(ascii, 'iu').test(character))!;
			const value = `q${letter}${letter}z7-secret`;
			const echoed = `q${character}${character}z7-secret`;
			for (const secrets of [[value], [...decoys, value]]) {
				expect(redact(`a ${echoed} b`, secrets), `${character} as ${letter}, ${secrets.length} secrets`).toBe('a •••• b');
				expect(redact(`a ${echoed} b%41`, secrets), `${character} as ${letter}, ${secrets.length} secrets, with %`).toBe('a •••• b%41');
			}
		}
	});

	it('keeps the order among many secrets: the longer secret whole, and a body\'s own scheme word', () => {
		expect(redact('Bearer abcdef', [...decoys, 'abc', 'abcdef'])).toBe('Bearer ••••');
		const secrets = [...decoys, 'Bearer key-0123456789', 'key-0123456789'];
		expect(redact('bearer key-0123456789', secrets)).toBe('bearer ••••');
		expect(redact('BEARER KEY-0123456789 and bearer KEY-0123456789', secrets)).toBe('•••• and ••••');
		expect(redact('xab12y ab12 and %61b12', [...decoys, {wholeToken: 'ab12'}, 'ab12'])).toBe('x••••y •••• and ••••');
		expect(redact('region eu, EU and %65u, not europe', [...decoys, {wholeToken: 'eu'}])).toBe('region ••••, EU and ••••, not europe');
	});

	it('asks a secret alone in a new array, as a config error asks each whole-token value, and runs the pattern of none the text cannot hold', () => {
		const values = Array.from({length: 5000}, (_, index) => ({wholeToken: `v${index.toString(36)}`}));
		const text = 'issue: unknown key "v1z" in check api';
		const found = values.filter(value => redact(text, [value]) !== text);
		expect(found).toEqual([{wholeToken: 'v1z'}]);
		// Only values whose letter pairs are all in the text get their pattern run (timing lives in npm run bench).
		const due = values.filter(value => patternsDueIn(text, [value]) > 0);
		expect(due.length).toBeLessThanOrEqual(5);
		expect(due).toContainEqual({wholeToken: 'v1z'});
	});

	it('redacts a 4 KB JSON body (with \\/ escapes) with 2,000 secrets by running the patterns of the few its pairs allow', () => {
		const secrets = Array.from({length: 2000}, (_, index) => `token-${index.toString(36)}-Zq8vXk${index % 7}`);
		const body = JSON.stringify({items: Array.from({length: 60}, (_, index) => ({href: `/v1/items/${index}`, name: `Widget number ${index}`}))}).replaceAll('/', String.raw`\/`).slice(0, 4096);
		const echoed = `${body} "token-${(1234).toString(36)}-Zq8vXk${1234 % 7}"`;
		expect(redact(echoed, secrets)).toBe(`${body} "••••"`);
		// Asking each of the 2,000 took 66 ms a call: the pair index leaves those whose every letter pair is in the text
		// (46 here, the echoed one among them, of 4,000 patterns: each secret in its own and in any case), and the
		// anchors of their cut pieces, whose twelve characters hold fewer pairs (192 more, of some 4,000 more).
		expect(patternsDueIn(echoed, secrets)).toBeLessThan(300);
		expect(patternsDueIn(body, secrets)).toBeLessThan(patternsDueIn(echoed, secrets));
	});
});

describe('redact and a piece of a long secret a target cut before echoing it', () => {
	// 162 characters, as a REDIS_PASSWORD made by a password manager; redis quotes the first 128 of an argument it rejects.
	const secret = 'u8jzPde0IgxLd6GncfBAepfJBd0Kh8oOOL8dKLzdocJ2isAjIhKtJ0RlgLKOmxgJTeKdNnFRIBXuDL7DxtpYlSXpfKtHF4vUCsMehGAkWvj7FAc9QeWJKY40uvSwMFLZk2Vt0Q3sRn1aPbYx9Lc4mTgE7hJdU6oWq5zN';
	const decoys = Array.from({length: 60}, (_, index) => `decoy-${index}-vqwj`);

	it.each([
		['its start, quoted by redis', `ERR unknown command 'AUTHX', with args beginning with: '${secret.slice(0, 128)}' `, 'ERR unknown command \'AUTHX\', with args beginning with: \'••••\' '],
		['its start at the end of the text', `auth failed for ${secret.slice(0, 64)}`, 'auth failed for ••••'],
		['its start before an ellipsis', `key ${secret.slice(0, 100)}... rejected`, 'key ••••... rejected'],
		['its end, after an ellipsis', `key …${secret.slice(-40)} rejected`, 'key …•••• rejected'],
		['its end, after three dots', `key ...${secret.slice(-14)} revoked`, 'key ...•••• revoked'],
		['its start before Go\'s ": "', `validate token ${secret.slice(0, 16)}: signature is invalid`, 'validate token ••••: signature is invalid'],
		['its start percent-encoded', `GET /?k=${encodeURIComponent(secret.slice(0, 30))}&x=1`, 'GET /?k=••••&x=1'],
		['its start before "(truncated)"', `invalid token ${secret.slice(0, 30)} (truncated)`, 'invalid token •••• (truncated)'],
		['its start before a comma', `token: ${secret.slice(0, 30)}, retry`, 'token: ••••, retry'],
		['its start upper-cased', `KEY ${secret.slice(0, 20).toUpperCase()}'`, 'KEY ••••\''],
		['twelve characters of its start', `k=${secret.slice(0, 12)} end`, 'k=•••• end'],
		['its start in a JSON string', `{"args": "${secret.slice(0, 50)}\\"…"}`, '{"args": "••••\\"…"}'],
	])('hides %s, with few secrets and among many', (_title, text, redacted) => {
		for (const secrets of [[secret], [...decoys, secret]]) expect(redact(text, secrets), `${secrets.length} secrets`).toBe(redacted);
	});

	it('leaves a piece shorter than twelve characters, and text that only shares the start of a secret and goes on', () => {
		const short = `k="${secret.slice(0, 11)}" end`;
		expect(redact(short, [secret])).toBe(short);
		// Nor a piece where a host name or a URL goes on: a host from the environment is a secret, and other hosts
		// share its end; another port or path of a URL its start.
		for (const [text, host] of [
			['GET https://prod.example.com/health', 'orders.prod.example.com'],
			['https://s3.amazonaws.com/x', 'my-bucket.s3.amazonaws.com'],
			['GET https://orders.example.com:8443/metrics', 'https://orders.example.com/api'],
		]) expect(redact(text!, [host!])).toBe(text);
		// A URL from the environment is a secret; another URL on the same host is not a piece of it.
		const url = 'https://api.example.com/v1/health';
		for (const text of ['GET https://api.example.com/v2/health', 'see https://api.example.com/v1/status']) expect(redact(text, [url])).toBe(text);
		expect(redact('GET https://api.example.com/v1/heal', [url])).toBe('GET ••••');
	});

	it('hides a piece of each secret that shares its start with a thousand others', () => {
		const secrets = Array.from({length: 1000}, (_, index) => `secret-value-${index}-abcdef-0123456789`);
		expect(redact('got secret-value-123-abcdef-01', secrets)).toBe('got ••••');
		expect(redact('got secret-value-123-abcdef-0123456789', secrets)).toBe('got ••••');
		expect(redact('got secret-value-123-abcdef-01x', secrets)).toBe('got secret-value-123-abcdef-01x');
	});
});
