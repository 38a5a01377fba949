import {describe, expect, it} from 'vitest';
import {sanitize} from '../../source/text/sanitize.js';

const hasRawControl = (text: string) => /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/u.test(text);

describe('sanitize', () => {
	it.each([
		['OSC 52 clipboard write', '\u001B]52;c;cHduZWQ=\u0007', '^[]52;c;cHduZWQ=^G'],
		['OSC 2 title change', '\u001B]2;pwned\u0007', '^[]2;pwned^G'],
		['clear screen', '\u001B[2J', '^[[2J'],
		['cursor up', 'a\u001B[1Ab', 'a^[[1Ab'],
		['carriage return', 'ok\rFAIL', 'ok^MFAIL'],
		['8-bit CSI', '\u009B2J', '<U+009B>2J'],
		['8-bit OSC with ST', '\u009D52;c;x\u009C', '<U+009D>52;c;x<U+009C>'],
		['DCS tmux passthrough', '\u001BPtmux;\u001B\u001B]2;x\u0007\u001B\\', '^[Ptmux;^[^[]2;x^G^[\\'],
		['bidi override', 'abc\u202Edef', 'abc<U+202E>def'],
		['bidi isolate', 'x\u2066y', 'x<U+2066>y'],
		['zero-width space', 'a\u200Bb', 'a<U+200B>b'],
		['DEL', 'a\u007Fb', 'a^?b'],
		// Letters that draw as blank: tmux gives U+3164 and U+115F two cells and U+FFA0 one, where Ink counts none, so
		// a body with one would push the rest of its line (and the pane's border) out of place, with nothing to see.
		['Hangul filler', 'v1.2\u3164', 'v1.2<U+3164>'],
		['halfwidth Hangul filler', 'ok\uFFA0ok', 'ok<U+FFA0>ok'],
		['Hangul choseong and jungseong fillers', '\u115F\u1160x', '<U+115F><U+1160>x'],
	])('shows %s as visible tokens', (_name, input, expected) => {
		const output = sanitize(input);
		expect(output).toBe(expected);
		expect(hasRawControl(output)).toBe(false);
	});

	it('turns newlines into a visible mark on one line and keeps them when multiline', () => {
		expect(sanitize('a\nb')).toBe('a⏎b');
		expect(sanitize('a\nb', {multiline: true})).toBe('a\nb');
	});

	it('reads CRLF as one line break, and shows only a carriage return on its own', () => {
		// HTTP error pages, SMTP banners and scripts written on Windows end their lines in CRLF: every line read `…^M`.
		expect(sanitize('first\r\nsecond\r\n')).toBe('first⏎second⏎');
		expect(sanitize('first\r\nsecond', {multiline: true})).toBe('first\nsecond');
		// A CR not before a LF moves the cursor back over what was written: still shown.
		expect(sanitize('ok\r\r\nFAIL\rx')).toBe('ok^M⏎FAIL^Mx');
	});

	it('leaves ordinary text, including wide characters and emoji, alone', () => {
		expect(sanitize('payments api 200 OK — 日本語 ✓ 🚀')).toBe('payments api 200 OK — 日本語 ✓ 🚀');
	});

	it('cuts long text to the limit and says so', () => {
		const output = sanitize('x'.repeat(10_000), {maxLength: 20});
		expect([...output]).toHaveLength(20);
		expect(output.endsWith('…')).toBe(true);
	});

	it('counts the limit in code points: text at the limit is kept whole, one more is cut', () => {
		for (const [unit, limit] of [['x', 20], ['🚀', 20], ['日', 7], ['x', 1]] as const) {
			expect(sanitize(unit.repeat(limit), {maxLength: limit})).toBe(unit.repeat(limit));
			const cut = sanitize(unit.repeat(limit + 1), {maxLength: limit});
			expect([...cut]).toHaveLength(limit);
			expect(cut).toBe(`${unit.repeat(limit - 1)}…`);
		}

		// Ten emoji are twenty UTF-16 units: under a limit of 12 code points they stay whole.
		expect(sanitize('🚀'.repeat(10), {maxLength: 12})).toBe('🚀'.repeat(10));
	});

	it('cuts a long text at a code point, never inside a surrogate pair, wherever the limit falls', () => {
		// A 1.2 KB excerpt whose 499th and 500th code points are a rocket and an `e` with its accent apart.
		const excerpt = `${'x'.repeat(498)}🚀e\u0301${'🚀'.repeat(350)}`;
		expect(sanitize(excerpt)).toBe(`${'x'.repeat(498)}🚀…`);
		expect(sanitize(excerpt, {maxLength: 499})).toBe(`${'x'.repeat(498)}…`);
		expect(sanitize(excerpt, {maxLength: 501})).toBe(`${'x'.repeat(498)}🚀e…`);
		expect(sanitize(excerpt, {maxLength: 502})).toBe(`${'x'.repeat(498)}🚀e\u0301…`);
		// The limit is in code points: a combining mark counts as one, as the rocket's two UTF-16 units do.
		expect(sanitize('ab🚀e\u0301🚀', {maxLength: 5})).toBe('ab🚀e…');
		expect(sanitize('ab🚀e\u0301🚀xyz', {maxLength: 6})).toBe('ab🚀e\u0301…');
	});

	it('never lets an unterminated OSC in a large body through', () => {
		const output = sanitize(`\u001B]8;;${'a'.repeat(100_000)}`, {maxLength: 200});
		expect(output.startsWith('^[]8;;')).toBe(true);
		expect(hasRawControl(output)).toBe(false);
		expect(output.length).toBeLessThanOrEqual(200);
	});

	it('replaces lone surrogates', () => {
		expect(sanitize('a\uD800b')).toBe('a\uFFFDb');
	});
});
