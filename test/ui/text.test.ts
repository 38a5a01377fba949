import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {formatAge, formatLatency, formatPercent} from '../../source/ui/format.js';
import {asciiSpelling, clean, displayWidth, fit, toAscii, truncate, truncateMiddle, truncateStart, wrapText} from '../../source/ui/text.js';

describe('text', () => {
	it('truncates long text with an ellipsis to exactly the width', () => {
		expect(truncate('payments api gateway', 10)).toBe('payments …');
		expect(displayWidth(truncate('payments api gateway', 10))).toBe(10);
		expect(truncate('short', 10)).toBe('short');
		expect(truncate('abc', 0)).toBe('');
	});

	it('counts wide characters as two cells', () => {
		expect(displayWidth('支付')).toBe(4);
		expect(displayWidth(truncate('支付服务接口', 5))).toBeLessThanOrEqual(5);
	});

	it('counts every assigned code point as Ink does (string-width), so a row is as wide as Ink lays it out', () => {
		const disagreements: string[] = [];
		for (let codePoint = 0x20; codePoint <= 0x3_FF_FF; codePoint++) {
			const character = String.fromCodePoint(codePoint);
			if ((codePoint >= 0x7F && codePoint <= 0x9F) || (codePoint >= 0xD8_00 && codePoint <= 0xDF_FF) || /\p{Cn}/u.test(character)) continue;
			if (displayWidth(character) !== stringWidth(character)) disagreements.push(codePoint.toString(16));
		}

		expect(disagreements).toEqual([]);
	});

	it('counts emoji sequences, flags, keycaps, Hangul jamo and Indic conjuncts as one grapheme each, as Ink does', () => {
		const samples = ['🚀 rocket api', '👩‍💻 dev', '👍🏽', '✌🏽', '❤️', '❤', '1️⃣', '🇩🇪', '🏳️‍🌈', '👨‍👩‍👧‍👦', '🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}', 'e\u0301', '\u1100\u1161\u11A8', 'नमस्ते', 'क्\u200Dष', 'สวัสดี', '©️ 2026', 'I ❤️ NY 🇺🇸', 'a\u200Db', 'ｆｕｌｌ'];
		for (const sample of samples) expect(displayWidth(sample), sample).toBe(stringWidth(sample));
		// A cut never leaves half a grapheme's cells: the joined emoji stays whole or goes.
		expect(truncate('🚀 rocket api 👩‍💻 dev', 17)).toBe('🚀 rocket api 👩‍💻…');
		expect(truncate('🚀 rocket api 👩‍💻 dev', 16)).toBe('🚀 rocket api …');
		expect(displayWidth(truncate('🚀 rocket api 👩‍💻 dev', 15))).toBeLessThanOrEqual(15);
	});

	it('cuts in the middle, keeping both ends, to exactly the width', () => {
		expect(truncateMiddle('payments api eu-west-1 primary', 22)).toBe('payments ap…-1 primary');
		expect(truncateMiddle('payments api eu-west-1 replica', 22)).toBe('payments ap…-1 replica');
		expect(truncateMiddle('short', 10)).toBe('short');
		expect(truncateMiddle('abcdef', 1)).toBe('…');
		expect(truncateMiddle('abcdef', 0)).toBe('');
		expect(truncateMiddle('payments api', 8, '~')).toBe('paym~api');
	});

	it('cuts in the middle without splitting a wide character or a joined emoji, never wider than asked', () => {
		// Head room 3 holds one two-cell character; the cell it leaves goes to the tail.
		expect(truncateMiddle('支付服务接口', 7)).toBe('支…接口');
		expect(truncateMiddle('👩‍💻 dev team api 🇩🇪', 10)).toBe('👩‍💻 de…i 🇩🇪');
		for (const sample of ['支付服务接口 超时 请检查', '🚀 rocket 👩‍💻 dev 🏳️‍🌈 x', 'a支b付c服d务']) {
			for (let width = 0; width <= displayWidth(sample); width++) {
				const cut = truncateMiddle(sample, width);
				expect(displayWidth(cut), `${sample} @${width}`).toBeLessThanOrEqual(width);
				expect(displayWidth(cut), `${sample} @${width}`).toBeGreaterThanOrEqual(width - 1);
				expect(displayWidth(cut)).toBe(stringWidth(cut));
			}
		}
	});

	it('cuts from the start, keeping the end, to exactly the width', () => {
		expect(truncateStart('this is a long filter', 10)).toBe('…ng filter');
		expect(truncateStart('short', 10)).toBe('short');
		expect(truncateStart('abc', 0)).toBe('');
		// Room for five cells holds two two-cell characters: the line is one short rather than half a character.
		expect(truncateStart('支付服务接口', 6)).toBe('…接口');
		expect(truncateStart('dev 👩‍💻', 4)).toBe('… 👩‍💻');
		expect(truncateStart('dev 👩‍💻', 3)).toBe('…👩‍💻');
		expect(truncateStart('dev 👩‍💻', 2)).toBe('…');
	});

	it('pads to the width on the chosen side', () => {
		expect(fit('ab', 4)).toBe('ab  ');
		expect(fit('ab', 4, '…', 'right')).toBe('  ab');
	});

	it('wraps at spaces, splits a word longer than a line, and cuts with an ellipsis after the last line', () => {
		expect(wrapText('pause the invoice-sync CronJob; replay from the dead-letter queue', 24, 4)).toEqual(['pause the invoice-sync', 'CronJob; replay from the', 'dead-letter queue']);
		expect(wrapText('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 20, 3)).toEqual(['xxxxxxxxxxxxxxxxxxxx', 'xxxxxxxxxxxxxxxxxxxx', 'xxxxxxxxxx']);
		expect(wrapText('one two three four five six', 9, 2)).toEqual(['one two', 'three fo…']);
		expect(wrapText('short', 20, 3)).toEqual(['short']);
		expect(wrapText('', 20, 3)).toEqual([]);
		expect(wrapText('anything', 0, 3)).toEqual([]);
	});

	it('breaks a URL longer than a line where its parts meet, so a line does not end halfway through a word', () => {
		// After a slash, before the dot, hyphen or query punctuation that starts the next part, as printed URLs are
		// broken: "batch-job" / "s" reads as two words, and a cut inside "https://" reads as nothing.
		expect(wrapText('https://runbooks.example.com/batch-jobs/invoice-sync', 20, 3)).toEqual(['https://runbooks', '.example.com/batch', '-jobs/invoice-sync']);
		expect(wrapText('https://runbooks.example.com/batch-jobs', 38, 3)).toEqual(['https://runbooks.example.com/batch', '-jobs']);
		expect(wrapText('GET http://127.0.0.1:47800/jobs/invoice-sync', 38, 3)).toEqual(['GET http://127.0.0.1:47800/jobs/', 'invoice-sync']);
		expect(wrapText('https://grafana.example.com/d/abc?orgId=1&var-env=prod', 30, 3)).toEqual(['https://grafana.example.com/d/', 'abc?orgId=1&var-env=prod']);
		// Never a line less than half full for it, and never between the two slashes of "//".
		expect(wrapText('https://aaaaaaaaaaaaaaaaaaaaaaaaa', 20, 3)).toEqual(['https://aaaaaaaaaaaa', 'aaaaaaaaaaaaa']);
		expect(wrapText('ab//cdefghijklmnopqrstuvwxyz', 10, 3)).toEqual(['ab//cdefgh', 'ijklmnopqr', 'stuvwxyz']);
		// Where the line would end between them, both go to the next line, whether or not a part break was found.
		expect(wrapText('abcdefgh//ijklmnopqrstu', 9, 3)).toEqual(['abcdefgh', '//ijklmno', 'pqrstu']);
		expect(wrapText('abcdefghijk://lmnopqrstuvwxyz', 13, 3)).toEqual(['abcdefghijk:', '//lmnopqrstuv', 'wxyz']);
		// Nor before an accent, which would start the next line on its own and draw over what is left of it.
		expect(wrapText('https://example.com/a/\u0301bcdefghijklmnopqrstu', 24, 3)).toEqual(['https://example.com/', 'a/\u0301bcdefghijklmnopqrstu']);
	});

	it('does not break between a number and its unit', () => {
		expect(wrapText('200 OK · 512 B · 48 ms', 19, 3)).toEqual(['200 OK · 512 B ·', '48 ms']);
		expect(wrapText('timeout after 1 ms', 15, 3)).toEqual(['timeout after', '1 ms']);
		expect(wrapText('took 1500 ms, 3 retries', 10, 3)).toEqual(['took', '1500 ms,', '3 retries']);
	});

	it('breaks between a number and the word after it rather than inside a word, when that is all there is', () => {
		expect(wrapText('ab 5 minutes', 8, 3)).toEqual(['ab 5', 'minutes']);
		expect(wrapText('got 503 Service Unavailable', 12, 3)).toEqual(['got 503', 'Service', 'Unavailable']);
	});

	it('keeps the items of a list whole when told what separates them', () => {
		expect(wrapText('dns 1ms, connect 2ms, tls 5ms, ttfb 20ms, transfer 1ms', 28, 3, '…', ', ')).toEqual(['dns 1ms, connect 2ms,', 'tls 5ms, ttfb 20ms,', 'transfer 1ms']);
	});

	it('never makes a line wider than asked, with wide characters too, and always moves on', () => {
		const samples = ['支付服务接口 超时 请检查数据库连接', 'a 支 b 付 c', '支付服务接口超时请检查数据库连接', 'x'.repeat(50)];
		for (const sample of samples) {
			for (const width of [1, 2, 3, 5, 8, 13]) {
				const lines = wrapText(sample, width, 100);
				for (const line of lines) expect(displayWidth(line), `${sample} @${width}: ${line}`).toBeLessThanOrEqual(Math.max(width, 2));
				expect(lines.join('').replaceAll(' ', ''), `${sample} @${width}`).toBe(sample.replaceAll(' ', ''));
			}
		}
	});

	it('gives common symbols an ASCII stand-in of the same width, and anything else a question mark', () => {
		expect(toAscii('200 OK · 512 B · 48 ms')).toBe('200 OK . 512 B . 48 ms');
		expect(toAscii('up → failing — “retry” in 5 µs…')).toBe('up > failing - "retry" in 5 us~');
		// A wide character is a `?` for each of its two cells: the column after it stays where it was.
		expect(toAscii('café 支付')).toBe('cafe ????');
		// The mark sanitize gives a target's line break: a separator in ASCII, not a question mark.
		expect(toAscii('line one ⏎ line two')).toBe('line one | line two');
		for (const sample of ['a · b', 'x — y', 'p → q']) expect(toAscii(sample).length).toBe(sample.length);
	});

	it('writes a minus sign as a hyphen, not a question mark: a better verdict reads "p50 -49 %", not "p50 ?49 %"', () => {
		expect(toAscii('p50 −49 %, error rate −12 pts')).toBe('p50 -49 %, error rate -12 pts');
	});

	it('keeps an accented Latin letter as its letter, in the one cell it took', () => {
		expect(toAscii('Prüfung für Zoë, @équipe-paiement, Ærø')).toBe('Prufung fur Zoe, @equipe-paiement, ?r?');
		// A decomposed accent (e + U+0301) takes no cell of its own: it goes with the accent.
		expect(toAscii('cafe\u0301')).toBe('cafe');
		expect(displayWidth(toAscii('cafe\u0301 zoë'))).toBe(displayWidth('cafe\u0301 zoë'));
		// Text is often cut to its column before it is made ASCII: every cell must stay a cell.
		for (const sample of ['支付 api', '👨\u200D👩\u200D👧 team', '❤\uFE0F ok', '🇩🇪 de', '1\uFE0F\u20E3 one', '한국어', 'नमस्ते', 'a\u200Bb']) {
			expect(displayWidth(toAscii(sample)), sample).toBe(displayWidth(sample));
			expect(toAscii(sample)).toMatch(/^[\u0020-\u007E]*$/);
		}
	});

	it('spells names as ASCII mode shows them, for finding them by what a LANG=C screen shows, keeping what it can only show as ?', () => {
		for (const sample of ['Prüfung für Zoë', '@équipe-paiement', 'cafe\u0301 service', 'orders — eu · west']) {
			expect(asciiSpelling(sample), sample).toBe(toAscii(sample));
		}

		expect(asciiSpelling('支付 api')).toBe('支付 api');
		expect(asciiSpelling('Ærø café')).toBe('Ærø cafe');
	});

	it('turns control characters from config text into visible tokens', () => {
		expect(clean('evil\u001B[2Jname\u0007')).toBe('evil^[[2Jname^G');
	});
});

describe('format', () => {
	it.each([
		[0.37, '0.4ms'],
		[0.04, '<0.1ms'],
		[0, '<0.1ms'],
		[0.96, '1ms'],
		[87, '87ms'],
		[999.6, '1000ms'],
		[1234, '1.23s'],
		[12_345, '12.3s'],
		[185_000, '3m05s'],
		[undefined, '-'],
	])('latency %s → %s', (value, expected) => {
		expect(formatLatency(value)).toBe(expected);
	});

	it('never rounds a failure away from 100%', () => {
		expect(formatPercent(0.9999)).toBe('99.9%');
		expect(formatPercent(1)).toBe('100%');
		expect(formatPercent(undefined)).toBe('-');
	});

	it('measures ages from the given time', () => {
		expect(formatAge(1000, 6000)).toBe('5s');
		expect(formatAge(0, 180_000)).toBe('3m');
		expect(formatAge(0, 7_200_000)).toBe('2h');
	});

	it('counts an age in the clock\'s whole seconds, so two events of the same second are as old as each other', () => {
		// The events view read `06:10:09 26s ago` above `06:10:09 27s ago`: ages were rounded, the clock cut.
		expect(formatAge(9100, 35_600)).toBe('26s');
		expect(formatAge(9900, 35_600)).toBe('26s');
		expect(formatAge(9900, 35_999)).toBe('26s');
		expect(formatAge(9900, 36_000)).toBe('27s');
	});
});
