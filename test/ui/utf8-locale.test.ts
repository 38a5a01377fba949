import {describe, expect, it} from 'vitest';
import {isAsciiTerminal, isUtf8Locale} from '../../source/ui/terminal.js';

describe('isUtf8Locale', () => {
	it.each([
		[{LANG: 'en_US.UTF-8'}, true],
		[{LANG: 'C.utf8'}, true],
		[{LANG: 'C'}, false],
		[{LANG: 'POSIX'}, false],
		[{LANG: 'en_US.ISO-8859-1'}, false],
		[{LC_ALL: 'C', LANG: 'en_US.UTF-8'}, false],
		[{LC_CTYPE: 'C', LANG: 'en_US.UTF-8'}, false],
		[{LC_CTYPE: 'de_DE.UTF-8', LANG: 'C'}, true],
		// No locale at all (an SSH session that sends none): the terminal at the other end is almost always UTF-8.
		[{}, true],
		[{LANG: ''}, true],
	])('%o is UTF-8: %s', (env, isUtf8) => {
		expect(isUtf8Locale(env)).toBe(isUtf8);
	});
});

describe('isAsciiTerminal', () => {
	it('is a terminal whose locale is not UTF-8; a file or pipe keeps UTF-8 whatever the locale', () => {
		expect(isAsciiTerminal({isTTY: true}, {LANG: 'C'})).toBe(true);
		expect(isAsciiTerminal({isTTY: true}, {LANG: 'en_US.UTF-8'})).toBe(false);
		expect(isAsciiTerminal({isTTY: false}, {LANG: 'C'})).toBe(false);
		expect(isAsciiTerminal({}, {LANG: 'C'})).toBe(false);
	});
});
